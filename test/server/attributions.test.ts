/**
 * `POST /api/runs/:id/attributions` on a run trained with the online mimic (fixture.ts): every
 * network method answers, each attribution with its agreement with the tree's contributions (and
 * the numbers equal the library's own), prototypes are computed once per network, a run without a
 * tree gets attributions without agreement, and every bad request is a 4xx with an exact message,
 * never a 5xx.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../../envs/index.ts';
import { explainState, loadTreeFile } from '../../src/explain/index.ts';
import { agreementWithTree, NETWORK_METHODS, NetworkExplainer } from '../../src/explain/network/index.ts';
import { heldOutSet } from '../../src/mimic/offline.ts';
import { loadRunNetwork } from '../../src/runs/load-network.ts';
import { createApp } from '../../src/server/app.ts';
import { ATTRIBUTION_BUDGET_CAPS, DEFAULT_ATTRIBUTION_METHODS } from '../../src/server/attributions.ts';
import type { AttributionsResponse } from '../../src/server/dto.ts';
import { BACKGROUND_EPISODES, BACKGROUND_SEED } from '../../src/server/explainer-cache.ts';
import { type Fixture, makeFixture } from './fixture.ts';

let fx: Fixture;
let app: ReturnType<typeof createApp>;
const logged: string[] = [];
const STATE = [0.02, -0.1, 0.03, 0.2];
const ATTRIBUTIONS = ['saliency', 'ig', 'shap', 'kernelshap', 'exact', 'lime'] as const;

beforeAll(async () => {
  fx = await makeFixture({ tree: true });
  app = createApp({ runsDirs: [fx.runsDir], agentsDir: fx.agentsDir, fileRecheckMs: 0, log: (m) => logged.push(m) });
}, 60_000);
afterAll(() => fx?.cleanup());

const post = (id: string, body: unknown) => request(app).post(`/api/runs/${id}/attributions`).send(body as object);

describe('POST /api/runs/:id/attributions', () => {
  it('answers every method, each attribution with its agreement with the tree', async () => {
    const res = await post(fx.treeRunId, { observation: STATE, methods: NETWORK_METHODS }).expect(200).expect('Cache-Control', 'no-store');
    const r = res.body as AttributionsResponse;
    expect(r.methods).toEqual(NETWORK_METHODS);
    expect(Object.keys(r.results).sort()).toEqual([...NETWORK_METHODS].sort());
    expect(r.featureNames).toEqual(['cart_position', 'cart_velocity', 'pole_angle', 'pole_angular_velocity']);
    expect(r.background).toMatchObject({ episodes: BACKGROUND_EPISODES, seed: BACKGROUND_SEED });
    expect(r.tree!.contributions).toHaveLength(2);
    for (const m of ATTRIBUTIONS) {
      const result = r.results[m]!;
      expect(result.method).toBe(m);
      expect(result.values).toHaveLength(2);
      for (const row of result.values) expect(row).toHaveLength(4);
      const a = r.agreement[m]!;
      expect(a.k).toBe(2);
      expect(a.perAction).toHaveLength(2);
      expect(a.topK).toBeGreaterThanOrEqual(0);
    }
    expect(Object.keys(r.agreement).sort()).toEqual([...ATTRIBUTIONS].sort());
    expect(r.results.pdp!.features).toHaveLength(4);
    expect(r.results.counterfactual!.sentence).toMatch(/would become|No change|already/);
    expect(r.results.prototype!.prototypes.map((p) => p.actionName)).toEqual(['push_left', 'push_right']);
    expect(r.qNetwork).toHaveLength(2);
    expect(r.networkAction).toBe(r.qNetwork[1]! > r.qNetwork[0]! ? 1 : 0);
  });

  it('gives the library’s numbers: same tree terms, same SHAP, same agreement', async () => {
    const r = (await post(fx.treeRunId, { observation: STATE, methods: ['shap'] }).expect(200)).body as AttributionsResponse;
    const { network, config } = await loadRunNetwork(fx.treeRunDir);
    const env = make(config.envSpec.id);
    const explainer = new NetworkExplainer({ network, states: heldOutSet(network, env, BACKGROUND_EPISODES, BACKGROUND_SEED), space: env.observationSpace, seed: BACKGROUND_SEED });
    const shap = await explainer.explain('shap', STATE);
    const tree = explainState(loadTreeFile(readFileSync(join(fx.treeRunDir, 'tree.json'), 'utf8'), 'tree.json'), STATE);
    expect(r.results.shap!.values).toEqual(shap.values);
    expect(r.tree!.contributions).toEqual(tree.contributions.map((t) => t.map((c) => c.contribution)));
    expect(r.agreement.shap).toEqual(agreementWithTree(tree, shap));
    await explainer.dispose();
    network.dispose();
  });

  it('defaults to the fast methods and passes options through', async () => {
    const r = (await post(fx.treeRunId, { observation: STATE }).expect(200)).body as AttributionsResponse;
    expect(r.methods).toEqual(DEFAULT_ATTRIBUTION_METHODS);
    const opts = (await post(fx.treeRunId, { observation: STATE, methods: ['shap', 'pdp'], options: { shap: { permutations: 400 }, pdp: { features: [2], gridPoints: 5, iceCurves: 3 } } }).expect(200)).body as AttributionsResponse;
    expect(opts.results.shap!.permutations).toBe(400);
    expect(opts.results.pdp!.features.map((f) => [f.feature, f.grid.length, f.ice.length])).toEqual([[2, 5, 3]]);
    // Listed twice: computed once.
    expect(((await post(fx.treeRunId, { observation: STATE, methods: ['lime', 'lime'] }).expect(200)).body as AttributionsResponse).methods).toEqual(['lime']);
  });

  it('computes prototypes once per network', async () => {
    const body = { observation: STATE, methods: ['prototype'], options: { prototype: { restarts: 2, iterations: 20 } } };
    const first = (await post(fx.treeRunId, body).expect(200)).body as AttributionsResponse;
    const second = (await post(fx.treeRunId, { ...body, observation: [0, 0, 0, 0] }).expect(200)).body as AttributionsResponse;
    expect(first.cached).toEqual([]);
    expect(second.cached).toEqual(['prototype']);
    expect(second.results.prototype).toEqual(first.results.prototype);
  });

  it('explains a run without a tree, with no agreement to report', async () => {
    const r = (await post(fx.runId, { observation: STATE, methods: ['saliency', 'exact'] }).expect(200)).body as AttributionsResponse;
    expect(r.tree).toBeNull();
    expect(r.agreement).toEqual({});
    expect(r.results.exact!.values).toHaveLength(2);
  });
});

describe('bad requests', () => {
  const cases: [string, unknown, string][] = [
    ['an unknown method', { observation: STATE, methods: ['shapley'] }, 'body.methods.0: not a method (allowed: saliency, ig, shap, kernelshap, exact, lime, pdp, counterfactual, prototype)'],
    ['no methods', { observation: STATE, methods: [] }, 'body.methods: list at least one method'],
    ['methods not a list', { observation: STATE, methods: 'shap' }, 'body.methods: Invalid input: expected array, received string'],
    ['an unknown field', { observation: STATE, method: 'shap' }, 'body: unknown field "method" (allowed: observation, methods, options)'],
    ['no observation', { methods: ['shap'] }, 'body.observation: required (expected array)'],
    ['a string feature', { observation: [0, '1', 0, 0] }, 'body.observation.1: Invalid input: expected number, received string'],
    ['a huge feature', { observation: [0, 1e10, 0, 0] }, 'body.observation.1: 10000000000 is too large (allowed: finite numbers with |x| ≤ 1e9)'],
    ['the wrong width', { observation: [0, 0, 0] }, "body.observation: has 3 values, this run's observations have 4 (cart_position, cart_velocity, pole_angle, pole_angular_velocity)"],
    ['options for an unknown method', { observation: STATE, options: { shapley: {} } }, 'body.options: unknown method "shapley" (allowed: saliency, ig, shap, kernelshap, exact, lime, pdp, counterfactual, prototype)'],
    ['options not an object', { observation: STATE, options: { shap: 3 } }, 'body.options.shap: expected an object of this method’s options'],
    ['an unknown option', { observation: STATE, options: { ig: { step: 8 } } }, 'body.options.ig: Unknown integrated gradients option "step" (did you mean steps? allowed: baseline, maxSteps, refineDepth, steps, tolerance)'],
    ['a bad option value', { observation: STATE, options: { lime: { samples: 5 } } }, 'body.options.lime: Invalid samples: 5 (allowed: an integer in [10, 1000000])'],
    ['a budget over the cap', { observation: STATE, options: { shap: { permutations: 1e6 } } }, `body.options.shap.permutations: 1000000 is more than the dashboard server runs (at most ${ATTRIBUTION_BUDGET_CAPS.shap!.permutations}; \`qlens explain\` takes up to 1000000)`],
    // The CLI's limit is the option's own range, which differs per option: the message says each one's.
    ['an IG budget over the cap', { observation: STATE, options: { ig: { steps: 4096 } } }, `body.options.ig.steps: 4096 is more than the dashboard server runs (at most ${ATTRIBUTION_BUDGET_CAPS.ig!.steps}; \`qlens explain\` takes up to 65536)`],
    ['a target that is no action', { observation: STATE, methods: ['counterfactual'], options: { counterfactual: { target: 2 } } }, 'counterfactual: Invalid target: 2 (allowed: an action index in [0, 1])'],
    ['a PDP feature that does not exist', { observation: STATE, methods: ['pdp'], options: { pdp: { features: [4] } } }, 'pdp: PDP feature 4 does not exist (allowed: 0 to 3)'],
    ['a state outside the observation space', { observation: [9, 0, 0, 0], methods: ['lime'] }, 'lime: the state\'s cart_position = 9 is above the observation bound 4.8'],
    ['an IG baseline of the wrong width', { observation: STATE, methods: ['ig'], options: { ig: { baseline: [0, 0] } } }, 'ig: the baseline must have 4 values, got 2'],
  ];

  it.each(cases)('rejects %s with an exact 400', async (_name, body, detail) => {
    const res = await post(fx.treeRunId, body).expect(400).expect('Content-Type', /json/);
    expect(res.body).toEqual({ error: 'invalid request', detail });
  });

  it('answers an unknown run, a non-JSON body and a bad run id without a 5xx', async () => {
    expect((await post('no-such-run', { observation: STATE }).expect(404)).body.detail).toBe('no run with id "no-such-run" (GET /api/runs lists them)');
    expect((await request(app).post(`/api/runs/${fx.treeRunId}/attributions`).type('text').send('x').expect(415)).body.error).toBe('unsupported media type');
    expect((await post('.hidden', { observation: STATE }).expect(400)).body.detail).toBe('params.id: not a run id (see GET /api/runs)');
    await request(app).post(`/api/runs/${fx.treeRunId}/attributions`).set('Content-Type', 'application/json').send('{"observation": [').expect(400);
  });

  it('never answers junk with a 5xx', async () => {
    const junk: unknown[] = [[], [1, 2], { observation: null }, { observation: [NaN] }, { observation: [[0]] }, { observation: STATE, methods: [null] }, { observation: STATE, options: null },
      { observation: STATE, options: { ig: { baseline: 'median' } } }, { observation: STATE, options: { pdp: { features: [-1] } } }, { observation: STATE, options: { kernelshap: { samples: 1.5 } } },
      { observation: STATE, options: { prototype: { iterations: 1e9 } } }, { observation: Array(5000).fill(0) }, { observation: STATE, methods: Array(40).fill('shap') }];
    for (const body of junk) {
      const res = await post(fx.treeRunId, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBeLessThan(500);
      expect(Object.keys(res.body).sort()).toEqual(['detail', 'error']);
    }
    expect(logged).toEqual([]);
  });
});
