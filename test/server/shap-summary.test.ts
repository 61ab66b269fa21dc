/**
 * `GET /api/runs/:id/shap-summary`: the network's Shapley values over states of its own greedy
 * play equal the library's on the same states and background, add up to each state's Q, are
 * computed once per network, and bad queries get a 400 naming the parameter.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../../envs/index.ts';
import { NetworkExplainer } from '../../src/explain/network/index.ts';
import { OWN_PLAY } from '../../src/explain/play-range.ts';
import { shapSummary } from '../../src/explain/network/shap-summary.ts';
import { heldOutSet } from '../../src/mimic/offline.ts';
import { loadRunNetwork } from '../../src/runs/load-network.ts';
import { createApp } from '../../src/server/app.ts';
import type { ShapSummaryResponse } from '../../src/server/dto.ts';
import { BACKGROUND_EPISODES, BACKGROUND_SEED } from '../../src/server/explainer-cache.ts';
import { type Fixture, makeFixture } from './fixture.ts';

let fx: Fixture;
let app: ReturnType<typeof createApp>;
const logged: string[] = [];

beforeAll(async () => {
  fx = await makeFixture({ tree: true });
  app = createApp({ runsDirs: [fx.runsDir], agentsDir: fx.agentsDir, fileRecheckMs: 0, log: (m) => logged.push(m) });
}, 60_000);
afterAll(() => fx?.cleanup());

const get = (id: string, query = '') => request(app).get(`/api/runs/${id}/shap-summary${query}`);

describe('GET /api/runs/:id/shap-summary', () => {
  it('gives the library’s exact values on the agent’s own play, each state’s adding up to its Q', async () => {
    const r = (await get(fx.treeRunId, '?states=40').expect(200).expect('Cache-Control', 'no-store')).body as ShapSummaryResponse;
    expect(r.method).toBe('exact');
    expect(r.values).toHaveLength(40);
    expect(r.featureNames).toEqual(['cart_position', 'cart_velocity', 'pole_angle', 'pole_angular_velocity']);
    expect(r).toMatchObject({ episodes: OWN_PLAY.episodes, seed: OWN_PLAY.seed, background: { episodes: BACKGROUND_EPISODES, seed: BACKGROUND_SEED } });

    const { network, config } = await loadRunNetwork(fx.treeRunDir);
    const env = make(config.envSpec.id);
    const explainer = new NetworkExplainer({ network, states: heldOutSet(network, env, BACKGROUND_EPISODES, BACKGROUND_SEED), space: env.observationSpace, seed: BACKGROUND_SEED });
    const { background, backgroundSize } = explainer.distribution;
    const expected = await shapSummary(network, heldOutSet(network, env, OWN_PLAY.episodes, OWN_PLAY.seed), { rows: background, n: backgroundSize }, { featureNames: config.envSpec.featureNames, actionNames: config.envSpec.actionNames, maxStates: 40 });
    expect(r.values).toEqual(expected.values);
    expect(r.states).toEqual(expected.states);
    expect(r.greedy).toEqual(expected.greedy);
    expect(r.drawnFrom).toBe(expected.drawnFrom);
    r.states.forEach((state, k) => {
      const q = network.qValues(Float32Array.from(state));
      r.values[k]!.forEach((row, a) => expect(Math.abs(r.base[a]! + row.reduce((s, v) => s + v, 0) - q[a]!)).toBeLessThan(1e-4));
    });
    await explainer.dispose();
    network.dispose();
  });

  it('computes once per network and sample size', async () => {
    const first = (await get(fx.treeRunId, '?states=20').expect(200)).body as ShapSummaryResponse;
    const second = (await get(fx.treeRunId, '?states=20').expect(200)).body as ShapSummaryResponse;
    expect(second.milliseconds).toBe(first.milliseconds);
    expect(second.values).toEqual(first.values);
  });

  it('explains a run without a tree (it needs only the network)', async () => {
    const r = (await get(fx.runId, '?states=10').expect(200)).body as ShapSummaryResponse;
    expect(r.values).toHaveLength(10);
  });

  it.each([
    ['?states=5', 'query.states: expected an integer in [10, 500]'],
    ['?states=501', 'query.states: expected an integer in [10, 500]'],
    ['?states=many', 'query.states: expected an integer in [10, 500]'],
    ['?state=20', 'query: unknown parameter "state" (allowed: states, token)'],
  ])('rejects %s with a 400 naming the parameter', async (query, detail) => {
    const res = await get(fx.treeRunId, query).expect(400);
    expect(res.body).toEqual({ error: 'invalid request', detail });
  });

  it('answers an unknown run with a 404', async () => {
    expect((await get('no-such-run').expect(404)).body.detail).toBe('no run with id "no-such-run" (GET /api/runs lists them)');
    expect(logged).toEqual([]);
  });
});
