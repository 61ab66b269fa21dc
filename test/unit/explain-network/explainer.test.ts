import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import type { QNetwork } from '../../../src/dqn/network-types.ts';
import { createQNetwork } from '../../../src/dqn/network.ts';
import { boundsAround, describeStates } from '../../../src/explain/network/distribution.ts';
import { defaultKernelBudget, kernelCoalitions } from '../../../src/explain/network/kernel-coalitions.ts';
import { explainWithMethods, NETWORK_METHODS, NetworkExplainer, parseMethods, resolveMethodOptions } from '../../../src/explain/network/index.ts';
import type { IntegratedGradients } from '../../../src/explain/network/integrated-gradients.ts';
import { linearModel } from './known-functions.ts';

let net: QNetwork;
let explainer: NetworkExplainer;
const rng = new Rng(1);
const states = { obs: Float32Array.from({ length: 500 * 4 }, () => rng.normal(0, 0.5)), n: 500, obsDim: 4 };
const space = { low: [-2, -Infinity, -1, -Infinity], high: [2, Infinity, 1, Infinity] };
const state = [0.1, -0.2, 0.05, 0.3];

beforeAll(async () => {
  net = await createQNetwork({ obsDim: 4, nActions: 2, hidden: [16, 16], dueling: false }, { rng: new Rng(4) });
  explainer = new NetworkExplainer({ network: net, states, space, featureNames: ['p', 'v', 'a', 'w'], actionNames: ['L', 'R'], backgroundSize: 40 });
});
afterAll(async () => {
  await explainer.dispose();
  net.dispose();
});

describe('NetworkExplainer', () => {
  it('answers every method with finite, JSON-ready numbers', async () => {
    const cheap = { shap: { permutations: 80 }, lime: { samples: 200 }, pdp: { gridPoints: 5 }, counterfactual: { randomDirections: 20, refineIterations: 5 }, prototype: { iterations: 20, restarts: 2 } };
    for (const method of NETWORK_METHODS) {
      const r = await explainer.explain(method, state, cheap[method as keyof typeof cheap] ?? {});
      expect(r.method).toBe(method);
      // NaN and ±Infinity would come back as null and break the equality.
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    }
  });

  it('summarises the state distribution: a seeded background, bounds from the space or the data', () => {
    const d = explainer.distribution;
    expect(d.backgroundSize).toBe(40);
    expect(d.bounds.low[0]).toBe(-2);
    expect(d.bounds.low[1]).toBe(d.min[1]);
    expect(d.bounds.lowFromData).toEqual([false, true, false, true]);
    const again = describeStates(states, { space, maxBackground: 40 });
    expect(again.background).toEqual(d.background);
    expect(describeStates(states, { space, maxBackground: 40, seed: 1 }).background).not.toEqual(d.background);
    // Data-derived sides widen to a state beyond them; real bounds refuse it.
    expect(boundsAround(d.bounds, [0, 99, 0, 0]).high[1]).toBe(99);
    expect(() => boundsAround(d.bounds, [3, 0, 0, 0], ['p', 'v', 'a', 'w'])).toThrow("the state's p = 3 is above the observation bound 2");
  });

  it('validates inputs with plain-English messages', async () => {
    await expect(explainer.explain('shap', [1, 2, 3])).rejects.toThrow('the state must have 4 values, got 3');
    await expect(explainer.explain('shap', [1, 2, NaN, 0])).rejects.toThrow('the state has a non-finite value at feature 2');
    await expect(explainer.explain('shap', state, { perms: 5 })).rejects.toThrow('Unknown SHAP option "perms" (allowed: permutations, seed)');
    await expect(explainer.explain('ig', state, { steps: 0 })).rejects.toThrow('Invalid steps: 0 (allowed: an integer in [1, 65536])');
    await expect(explainer.explain('ig', state, { baseline: [1] })).rejects.toThrow('the baseline must have 4 values, got 1');
    await expect(explainer.explain('counterfactual', state, { norm: 'l3' })).rejects.toThrow('Invalid norm: "l3" (allowed: one of l1, l2)');
    await expect(explainer.explain('counterfactual', state, { target: 2 })).rejects.toThrow('Invalid target: 2 (allowed: an action index in [0, 1])');
    await expect(explainer.explain('nope' as 'shap', state)).rejects.toThrow(`Unknown method "nope" (allowed: ${NETWORK_METHODS.join(', ')})`);
    await expect(explainer.explain('counterfactual', [5, 0, 0, 0])).rejects.toThrow("the state's p = 5 is above the observation bound 2");
    const noWeights = new NetworkExplainer({ network: linearModel([[1, 0, 0, 0]], [0]), states });
    await expect(noWeights.explain('saliency', state)).rejects.toThrow("saliency needs the network's weights (a QNetwork), not just its Q-values");
    expect(resolveMethodOptions('ig', {})).toEqual({ baseline: 'mean', steps: 32, refineDepth: 12, maxSteps: 512, tolerance: 0.001 });
  });

  it('says where IG’s baseline came from, as its option said', async () => {
    const from = async (options: Record<string, unknown>) => {
      const r = (await explainer.explain('ig', state, { steps: 4, maxSteps: 4, ...options })) as IntegratedGradients;
      return [r.baselineFrom, r.baseline];
    };
    expect(await from({})).toEqual(['mean', Array.from(Float32Array.from(explainer.distribution.mean))]);
    expect(await from({ baseline: 'zero' })).toEqual(['zero', [0, 0, 0, 0]]);
    expect(await from({ baseline: [0, 0, 0, 0] })).toEqual(['given', [0, 0, 0, 0]]);
  });

  it('runs a list of methods with their agreement with a tree explanation', async () => {
    expect(parseMethods('all', 4)).toEqual(NETWORK_METHODS);
    expect(parseMethods('all', 9)).not.toContain('exact');
    expect(parseMethods('shap, ig,shap', 4)).toEqual(['shap', 'ig']);
    expect(() => parseMethods('shap,grad', 4)).toThrow(`Invalid --method: "grad" (allowed: ${NETWORK_METHODS.join(', ')}, all, comma-separated)`);
    const tree = { contributions: [[0.5, -0.1, 0.2, 0], [0.1, 0.3, -0.2, 0.05]].map((r) => r.map((contribution) => ({ contribution }))) };
    const r = await explainWithMethods(explainer, state, ['exact', 'pdp'], { pdp: { gridPoints: 3 } }, tree);
    expect(Object.keys(r.results)).toEqual(['exact', 'pdp']);
    expect(Object.keys(r.agreement)).toEqual(['exact']);
    expect(r.agreement.exact!.perAction).toHaveLength(2);
    await expect(explainWithMethods(explainer, state, ['exact'], { shapp: {} } as never)).rejects.toThrow(`Unknown method "shapp" in the options (allowed: ${NETWORK_METHODS.join(', ')})`);
  });
});

describe.each([1, 2, 6])('every method on a %i-feature network (MountainCar has 2, Acrobot 6)', (d) => {
  it('answers, and the Shapley estimators agree with exact', async () => {
    const network = await createQNetwork({ obsDim: d, nActions: 3, hidden: [8], dueling: d === 2 }, { rng: new Rng(d) });
    const r = new Rng(10 + d);
    const set = { obs: Float32Array.from({ length: 200 * d }, () => r.normal()), n: 200, obsDim: d };
    const ex = new NetworkExplainer({ network, states: set, backgroundSize: 20 });
    const x = Array.from({ length: d }, () => r.normal(0, 0.5));
    const fast = { pdp: { gridPoints: 3 }, counterfactual: { randomDirections: 10, refineIterations: 3 }, prototype: { iterations: 10, restarts: 2 }, lime: { samples: 100 } };
    for (const method of NETWORK_METHODS) {
      const result = await ex.explain(method, x, fast[method as keyof typeof fast] ?? {});
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    }
    const exact = await ex.explain('exact', x);
    const kernel = await ex.explain('kernelshap', x);
    const sampled = await ex.explain('shap', x, { permutations: 400 });
    exact.values.forEach((row, a) => row.forEach((v, i) => {
      expect(kernel.values[a]![i]).toBeCloseTo(v, 6); // d ≤ 11: the default budget enumerates every coalition
      expect(Math.abs(sampled.values[a]![i]! - v)).toBeLessThan(0.05);
    }));
    await ex.dispose();
    network.dispose();
  });
});

describe('KernelSHAP coalition design', () => {
  it('uses shap’s default budget and enumerates everything it can', () => {
    expect(defaultKernelBudget(4)).toBe(14);
    expect(defaultKernelBudget(12)).toBe(2 * 12 + 2048);
    const full = kernelCoalitions(4, 14, new Rng(1));
    expect(full.complete).toBe(true);
    expect(full.m).toBe(14);
    // Per-subset Shapley kernel (d−1)/(C(d,s)·s·(d−s)), normalised to total 1.
    const kernel = (s: number) => 3 / ([1, 4, 6, 4][s]! * s * (4 - s));
    const total = kernel(1) * 4 + kernel(2) * 6 + kernel(3) * 4;
    for (let c = 0; c < full.m; c++) {
      const size = Array.from(full.masks.subarray(c * 4, c * 4 + 4)).reduce((s, v) => s + v, 0);
      expect(full.weights[c]).toBeCloseTo(kernel(size) / total, 12);
    }
  });

  it('samples the rest with paired complements, weights summing to 1', () => {
    const design = kernelCoalitions(10, 100, new Rng(2));
    expect(design.complete).toBe(false);
    expect(design.m).toBeLessThanOrEqual(100);
    expect(design.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    // Sizes 1 and 9 (20 coalitions) fit the budget and are enumerated first.
    const sizes = Array.from({ length: design.m }, (_, c) => design.masks.subarray(c * 10, c * 10 + 10).reduce((s, v) => s + v, 0));
    expect(sizes.slice(0, 20).sort()).toEqual([...new Array(10).fill(1), ...new Array(10).fill(9)]);
  });
});
