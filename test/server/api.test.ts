import { join } from 'node:path';
/** Happy paths of every API route, against a run that really trained (see fixture.ts). */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMetrics } from '../../src/runs/metrics.ts';
import { readSummary } from '../../src/runs/run-files.ts';
import { createApp } from '../../src/server/app.ts';
import type { EnvListResponse, MetricsPage, QResponse, RolloutResponse, RunDetailResponse, RunListResponse } from '../../src/server/dto.ts';
import { type Fixture, makeFixture } from './fixture.ts';

let fx: Fixture;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  fx = await makeFixture();
  app = createApp({ runsDirs: [fx.runsDir], agentsDir: fx.agentsDir });
});
afterAll(() => fx?.cleanup());

describe('GET /api/runs', () => {
  it('names folders inside the working directory relative to it, as a user would type them there', async () => {
    const local = createApp({ runsDirs: [join(process.cwd(), 'runs-that-are-not-there')], agentsDir: join(process.cwd(), 'agents', 'pretrained') });
    const body = (await request(local).get('/api/runs').expect(200)).body as RunListResponse;
    expect(body.runsDirs).toEqual(['runs-that-are-not-there']);
    expect(body.agentsDir).toBe(join('agents', 'pretrained'));
  });

  it('lists the run and the pretrained agent with their headline numbers', async () => {
    const res = await request(app).get('/api/runs').expect(200).expect('Content-Type', /json/);
    const body = res.body as RunListResponse;
    expect(body.runsDirs).toEqual([fx.runsDir]);
    expect(body.agentsDir).toBe(fx.agentsDir);
    expect(body.runs.map((r) => r.id).sort()).toEqual([fx.agentId, fx.runId].sort());
    const run = body.runs.find((r) => r.id === fx.runId)!;
    expect(run).toMatchObject({ name: fx.runId, env: 'CartPole-v1', source: 'run', status: 'completed', preset: 'test', steps: 600, totalTimesteps: 600, hasTree: false, fidelity: null });
    expect(run.episodes).toBeGreaterThan(5);
    const episodes = readMetrics(`${fx.runDir}/metrics.jsonl`, (e) => e.type === 'episode');
    expect(run.lastReturn).toBe(episodes.at(-1)!.return);
    const agent = body.runs.find((r) => r.id === fx.agentId)!;
    expect(agent).toMatchObject({ source: 'pretrained', status: 'completed', bestReturn: 500, solved: true, fidelity: 0.97, lastReturn: null });
  });
});

describe('GET /api/runs/:id', () => {
  it('returns config, summary and env spec', async () => {
    const body = (await request(app).get(`/api/runs/${fx.runId}`).expect(200)).body as RunDetailResponse;
    expect(body.run.id).toBe(fx.runId);
    expect(body.config).toMatchObject({ preset: 'test', engine: 'fused' });
    expect(body.config.dqn).toMatchObject({ totalTimesteps: 600, learningStarts: 100, seed: 3 });
    expect(body.summary).toMatchObject({ format: 'qlens-summary', status: 'completed', step: 600 });
    expect(body.env).toEqual({ id: 'CartPole-v1', featureNames: ['cart_position', 'cart_velocity', 'pole_angle', 'pole_angular_velocity'], actionNames: ['push_left', 'push_right'], rewardThreshold: 475, maxEpisodeSteps: 500 });
  });

  it('works for a pretrained agent without a summary', async () => {
    const body = (await request(app).get(`/api/runs/${encodeURIComponent(fx.agentId)}`).expect(200)).body as RunDetailResponse;
    expect(body.summary).toBeNull();
    expect(body.run.source).toBe('pretrained');
  });
});

describe('GET /api/runs/:id/metrics', () => {
  it('returns every event, then pages with a byte cursor and filters by type', async () => {
    const all = readMetrics(`${fx.runDir}/metrics.jsonl`);
    const full = (await request(app).get(`/api/runs/${fx.runId}/metrics`).expect(200)).body as MetricsPage;
    expect(full.events).toEqual(all);
    expect(full).toMatchObject({ done: true, reset: false });

    const collected: unknown[] = [];
    let since = 0;
    for (let pages = 0; ; pages++) {
      const page = (await request(app).get(`/api/runs/${fx.runId}/metrics`).query({ since, limit: 7 }).expect(200)).body as MetricsPage;
      collected.push(...page.events);
      expect(page.events.length).toBeLessThanOrEqual(7);
      since = page.next;
      if (page.done) break;
      expect(pages).toBeLessThan(100);
    }
    expect(collected).toEqual(all);
    expect(since).toBe(full.next);

    const again = (await request(app).get(`/api/runs/${fx.runId}/metrics`).query({ since }).expect(200)).body as MetricsPage;
    expect(again).toEqual({ events: [], next: since, done: true, reset: false });

    const typed = (await request(app).get(`/api/runs/${fx.runId}/metrics`).query({ type: 'train,eval' }).expect(200)).body as MetricsPage;
    expect(typed.events).toEqual(all.filter((e) => e.type === 'train' || e.type === 'eval'));
    expect(typed.events.some((e) => e.type === 'eval')).toBe(true);
  });

  it('says reset when the cursor is past the end (a resumed run rewound its log)', async () => {
    const page = (await request(app).get(`/api/runs/${fx.runId}/metrics`).query({ since: 10_000_000 }).expect(200)).body as MetricsPage;
    expect(page).toEqual({ events: [], next: 0, done: false, reset: true });
  });

  it('names an unknown event type and the ones a run logs', async () => {
    const bad = await request(app).get(`/api/runs/${fx.runId}/metrics`).query({ type: 'episode,foo' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('unknown event type \\"foo\\" (allowed: episode, train, eval, mimic)');
  });

  it('is empty for an agent without metrics', async () => {
    const page = (await request(app).get(`/api/runs/${encodeURIComponent(fx.agentId)}/metrics`).expect(200)).body as MetricsPage;
    expect(page).toEqual({ events: [], next: 0, done: true, reset: false });
  });
});

describe('POST /api/runs/:id/rollout', () => {
  it('plays a seeded greedy episode with frames, states and Q-values; same seed, same episode', async () => {
    const res = await request(app).post(`/api/runs/${fx.runId}/rollout`).send({ seed: 7, policy: 'network' }).expect(200);
    const body = res.body as RolloutResponse;
    expect(body).toMatchObject({ seed: 7, policy: 'network', stateNames: ['x', 'x_dot', 'theta', 'theta_dot'] });
    expect(body.weights).toBe(readSummary(fx.runDir)!.model ?? 'final');
    expect(body.steps.length).toBeGreaterThan(0);
    expect(body.steps.length).toBeLessThanOrEqual(500);
    const last = body.steps.at(-1)!;
    expect(last.terminated || last.truncated).toBe(true);
    expect(body.capped).toBe(false);
    expect(body.totalReward).toBe(body.steps.length); // CartPole: +1 per step
    for (const step of body.steps) {
      expect(step.observation).toHaveLength(4);
      expect(step.state).toHaveLength(4);
      expect(step.q).toHaveLength(2);
      expect(step.action).toBe(step.q[1]! > step.q[0]! ? 1 : 0); // greedy, ties to the lowest index
      expect(step.frame.width).toBe(600);
      expect(step.frame.shapes.length).toBeGreaterThan(0);
    }
    expect(body.steps.slice(0, -1).every((s) => !s.terminated && !s.truncated)).toBe(true);
    const again = (await request(app).post(`/api/runs/${fx.runId}/rollout`).send({ seed: 7, policy: 'network' }).expect(200)).body as RolloutResponse;
    expect(again).toEqual(body);
  });

  it('caps the episode at maxSteps and defaults policy to the network', async () => {
    const body = (await request(app).post(`/api/runs/${fx.runId}/rollout`).send({ seed: 1, maxSteps: 3 }).expect(200)).body as RolloutResponse;
    expect(body.steps).toHaveLength(body.capped ? 3 : body.steps.length);
    expect(body.steps.length).toBeLessThanOrEqual(3);
    expect(body.final.frame.shapes.length).toBeGreaterThan(0);
  });

  it('plays a pretrained agent', async () => {
    const body = (await request(app).post(`/api/runs/${encodeURIComponent(fx.agentId)}/rollout`).send({ seed: 7 }).expect(200)).body as RolloutResponse;
    const fromRun = (await request(app).post(`/api/runs/${fx.runId}/rollout`).send({ seed: 7 }).expect(200)).body as RolloutResponse;
    expect(body.steps.map((s) => s.action)).toEqual(fromRun.steps.map((s) => s.action)); // same weights
  });
});

describe('POST /api/runs/:id/q', () => {
  it('returns the network Q-values and greedy action, matching the rollout', async () => {
    const rollout = (await request(app).post(`/api/runs/${fx.runId}/rollout`).send({ seed: 2, maxSteps: 1 }).expect(200)).body as RolloutResponse;
    const step = rollout.steps[0]!;
    const body = (await request(app).post(`/api/runs/${fx.runId}/q`).send({ observation: step.observation }).expect(200)).body as QResponse;
    expect(body.q).toEqual(step.q);
    expect(body.action).toBe(step.action);
    expect(body.actionNames).toEqual(['push_left', 'push_right']);
  });
});

describe('GET /api/envs', () => {
  it('lists every registered env with names and bounds', async () => {
    const body = (await request(app).get('/api/envs').expect(200)).body as EnvListResponse;
    expect(body.envs.map((e) => e.id)).toEqual(expect.arrayContaining(['CartPole-v1', 'MountainCar-v0', 'Acrobot-v1']));
    const cp = body.envs.find((e) => e.id === 'CartPole-v1')!;
    expect(cp.stateNames).toEqual(['x', 'x_dot', 'theta', 'theta_dot']);
    expect(cp.observationHigh[1]).toBeNull(); // unbounded velocity: JSON has no Infinity
    expect(cp.observationHigh[0]).toBeCloseTo(4.8, 5);
  });
});
