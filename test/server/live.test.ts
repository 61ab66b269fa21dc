/**
 * A run training in this process, as `qlens start` runs it: the dashboard lists it as live with
 * counters from its events, streams every event while it trains, plays rollouts with the network
 * being trained, and falls back to the saved model once it ends.
 */
import type { Server } from 'node:http';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEnvs } from '../../envs/index.ts';
import { resolveDqnConfig } from '../../src/dqn/config.ts';
import { readMetrics } from '../../src/runs/metrics.ts';
import { readSummary } from '../../src/runs/run-files.ts';
import { TrainingRun } from '../../src/runs/training-run.ts';
import { createApp } from '../../src/server/app.ts';
import type { RolloutResponse, RunListResponse } from '../../src/server/dto.ts';
import { closeServer, listen } from '../../src/server/listen.ts';
import { LiveRuns } from '../../src/server/live-runs.ts';
import { FIXTURE_OPTIONS, type Fixture, makeFixture } from './fixture.ts';
import { SseClient } from './sse-client.ts';

let fx: Fixture;
let server: Server | undefined;
beforeAll(async () => {
  fx = await makeFixture({ tree: true });
});
afterAll(async () => {
  if (server) await closeServer(server);
  fx?.cleanup();
});

describe('a live in-process run', () => {
  it('with the online mimic, is told its tree comes with its first checkpoint, not to run qlens mimic', async () => {
    const dir = join(fx.runsDir, 'live-with-mimic');
    mkdirSync(dir);
    copyFileSync(join(fx.treeRunDir, 'config.json'), join(dir, 'config.json')); // a config with a mimic section; no tree.json yet
    const liveRuns = new LiveRuns();
    liveRuns.begin(dir);
    const app = createApp({ runsDirs: [fx.runsDir], agentsDir: null, liveRuns });
    const detail = (await request(app).get('/api/runs/live-with-mimic/tree').expect(404)).body.detail;
    expect(detail).toBe('this run has no tree yet: it is training, and its online tree is saved with its first checkpoint (with the online mimic on)');
    liveRuns.end(dir, 'completed');
    expect((await request(app).get('/api/runs/live-with-mimic/tree').expect(404)).body.detail).toMatch(/^this run has no tree: /);
  });

  it('is listed as live, streamed while training, and plays with its current network', async () => {
    const config = resolveDqnConfig({ ...FIXTURE_OPTIONS, totalTimesteps: 4000, seed: 11 }, listEnvs());
    const run = await TrainingRun.start(config, { runsDir: fx.runsDir, preset: 'live-test' });
    const id = run.dir.split('/').pop()!;
    const liveRuns = new LiveRuns();
    liveRuns.begin(run.dir, { network: run.network, evalEpisodes: config.evalEpisodes });
    const app = createApp({ runsDirs: [fx.runsDir], agentsDir: null, liveRuns });
    const listening = await listen(app, { host: '127.0.0.1', port: 0 });
    server = listening.server;

    const before = (await request(app).get('/api/runs').expect(200)).body as RunListResponse;
    expect(before.runs[0]).toMatchObject({ id, source: 'live', status: 'running', steps: 0 });
    // No checkpoint or model on disk yet, but the live network can already play.
    const early = (await request(app).post(`/api/runs/${id}/rollout`).send({ seed: 1, maxSteps: 5 }).expect(200)).body as RolloutResponse;
    expect(early.weights).toBe('live (step 0)');
    // Trained without the mimic: no tree will come, so the 404 says how to grow one.
    expect((await request(app).get(`/api/runs/${id}/tree`).expect(404)).body.detail).toMatch(/^this run has no tree: train with the online mimic or run `qlens mimic --run /);

    const client = await SseClient.open(`${listening.url}api/runs/${id}/events`);
    const result = await run.run({ onEvent: (e) => liveRuns.publish(run.dir, e) });
    // Until the run is ended, the list's counters come from the live events.
    const episodes = readMetrics(join(run.dir, 'metrics.jsonl'), (e) => e.type === 'episode');
    const live = (await request(app).get('/api/runs').expect(200)).body as RunListResponse;
    expect(live.runs[0]).toMatchObject({ id, source: 'live', status: 'running', steps: 4000, episodes: episodes.length, lastReturn: episodes.at(-1)!.return });
    liveRuns.end(run.dir, result.reason);
    await client.until(() => client.ended, 10_000, 'end of the live stream');
    const streamed = client.events.filter((m) => m.event === 'metric').map((m) => m.data);
    expect(streamed).toEqual(readMetrics(join(run.dir, 'metrics.jsonl')));
    expect(streamed.length).toBeGreaterThan(20);
    expect(client.events.at(-1)!.data).toEqual({ status: 'completed' });

    const after = (await request(app).get('/api/runs').expect(200)).body as RunListResponse;
    expect(after.runs.find((r) => r.id === id)).toMatchObject({ source: 'run', status: 'completed', steps: 4000 });
    const late = (await request(app).post(`/api/runs/${id}/rollout`).send({ seed: 1, maxSteps: 5 }).expect(200)).body as RolloutResponse;
    expect(late.weights).toBe(readSummary(run.dir)!.model ?? 'final');
  });
});
