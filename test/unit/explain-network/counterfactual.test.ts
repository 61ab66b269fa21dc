import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { counterfactual, type CounterfactualSettings } from '../../../src/explain/network/counterfactual.ts';
import { describeStates } from '../../../src/explain/network/distribution.ts';
import { formatNetworkExplanation } from '../../../src/explain/network/format.ts';
import type { Bounds, QEvaluator } from '../../../src/explain/network/types.ts';
import { functionModel, linearModel } from './known-functions.ts';

const names = { featureNames: ['a', 'b', 'c'], actionNames: ['left', 'right'] };
const rng = new Rng(1);
const rows = Float32Array.from({ length: 200 * 3 }, (_, k) => rng.normal(0, [1, 2, 0.5][k % 3]!));
const dist = describeStates({ obs: rows, n: 200, obsDim: 3 }, { space: { low: [-10, -20, -5], high: [10, 20, 5] } });
const settings: CounterfactualSettings = { norm: 'l2', randomDirections: 200, refineIterations: 30 };

/** Q(left) = 0, Q(right) = w·x + b. */
const margin = (w: number[], b: number) => linearModel([[0, 0, 0], w], [0, b]);

function randomSearch(model: QEvaluator, state: Float32Array, bounds: Bounds, scale: number[], norm: 'l1' | 'l2', action: number, seed: number): number {
  const r = new Rng(seed);
  const n = 10_000;
  const xs = new Float32Array(n * 3);
  for (let k = 0; k < n * 3; k++) xs[k] = r.uniform(bounds.low[k % 3]!, bounds.high[k % 3]!);
  const q = model.qBatch(xs, n);
  let best = Infinity;
  for (let k = 0; k < n; k++) {
    if ((q[2 * k + 1]! > q[2 * k]! ? 1 : 0) === action) continue;
    const u = [0, 1, 2].map((i) => (xs[3 * k + i]! - state[i]!) / scale[i]!);
    best = Math.min(best, norm === 'l1' ? u.reduce((s, v) => s + Math.abs(v), 0) : Math.hypot(...u));
  }
  return best;
}

describe('counterfactual', () => {
  const w = [1, -0.5, 2];
  const model = margin(w, -3);
  const state = Float32Array.from([0.5, 0.5, 0.25]); // w·x − 3 = −2.25: left
  const m = 2.25;
  const sw = w.map((wi, i) => wi * dist.scale[i]!);

  it('L2: matches the closed form m / ‖σ∘w‖₂ for a linear boundary, and flips', () => {
    const cf = counterfactual(model, state, dist, dist.bounds, names, settings, new Rng(2));
    expect(cf.found).toBe(true);
    expect(cf.action).toBe(0);
    expect(cf.newAction).toBe(1);
    expect(cf.qAfter![1]! > cf.qAfter![0]!).toBe(true);
    const exact = m / Math.hypot(...sw);
    expect(cf.distance!).toBeGreaterThanOrEqual(exact * (1 - 1e-6));
    expect(cf.distance!).toBeLessThan(exact * 1.001);
    // The optimal change is along σ∘(σ∘w): check the direction too.
    cf.changes.forEach((c) => expect(Math.sign(c.delta)).toBe(Math.sign(w[c.feature]!)));
  });

  it('L1: changes only the feature with the largest σ-scaled weight, by m / max|σ_i w_i|', () => {
    const cf = counterfactual(model, state, dist, dist.bounds, names, { ...settings, norm: 'l1' }, new Rng(3));
    const best = sw.map(Math.abs).indexOf(Math.max(...sw.map(Math.abs)));
    expect(cf.distance!).toBeLessThan((m / Math.abs(sw[best]!)) * 1.001);
    expect(cf.changes[0]!.feature).toBe(best);
    expect(Math.abs(cf.changes[1]?.scaledDelta ?? 0)).toBeLessThan(1e-3 * Math.abs(cf.changes[0]!.scaledDelta));
    const single = cf.singleFeature[best]!;
    expect(single.higher!.delta).toBeCloseTo(m / w[best]!, 3);
    expect(single.lower).toBeNull(); // lowering it only moves away from the boundary
    expect(cf.sentence).toBe(`left would become right if ${names.featureNames[best]} were ${Number((m / w[best]!).toPrecision(3))} higher.`);
  });

  it('stays inside tight bounds, and a 10,000-sample random search does not beat it by 5 %', () => {
    // A curved boundary (right when x0² + x1·x2 > 1.5) in a box that cuts off the easy direction.
    const curved = functionModel(3, [() => 0, (x) => x[0]! ** 2 + x[1]! * x[2]! - 1.5]);
    const bounds: Bounds = { low: [-1.2, -1, -0.6], high: [0.8, 2, 0.6], lowFromData: [false, false, false], highFromData: [false, false, false] };
    for (const norm of ['l1', 'l2'] as const) {
      for (let s = 0; s < 4; s++) {
        const x = Float32Array.from([0.1 * s - 0.2, 0.3, -0.1 * s]);
        const cf = counterfactual(curved, x, dist, bounds, names, { ...settings, norm }, new Rng(10 + s));
        expect(cf.found).toBe(true);
        cf.counterfactual!.forEach((v, i) => {
          expect(v).toBeGreaterThanOrEqual(bounds.low[i]!);
          expect(v).toBeLessThanOrEqual(bounds.high[i]!);
        });
        const q = curved.qBatch(Float32Array.from(cf.counterfactual!), 1);
        expect(q[1]! > q[0]!).toBe(true);
        const random = randomSearch(curved, x, bounds, dist.scale, norm, 0, 100 + s);
        expect(cf.distance!).toBeLessThanOrEqual(random * 1.05);
      }
    }
  });

  it('says so when nothing in the bounds flips, and honours a target action', () => {
    const never = functionModel(3, [() => 1, () => 0, (x) => x[0]! - 5]);
    const threeNames = { featureNames: names.featureNames, actionNames: ['left', 'right', 'far'] };
    const none = counterfactual(never, new Float32Array(3), dist, { ...dist.bounds, high: [4, 20, 5] }, threeNames, { ...settings, target: 1 }, new Rng(4));
    expect(none.found).toBe(false);
    expect(none.counterfactual).toBeNull();
    expect(none.sentence).toBe('No change inside the bounds makes the network choose right instead of left.');
    const far = counterfactual(never, new Float32Array(3), dist, dist.bounds, threeNames, { ...settings, target: 2 }, new Rng(5));
    expect(far.newAction).toBe(2);
    expect(far.changes[0]!.feature).toBe(0);
    expect(far.counterfactual![0]).toBeGreaterThan(6);
    const already = counterfactual(never, new Float32Array(3), dist, dist.bounds, threeNames, { ...settings, target: 0 }, new Rng(6));
    expect(already).toMatchObject({ found: true, distance: 0, newAction: 0, changes: [], sentence: 'The network already chooses left in this state.' });
    // The CLI text gives the sentence alone: no empty table of changes under it.
    const text = formatNetworkExplanation({ results: { counterfactual: already }, featureNames: ['a', 'b', 'c'], actionNames: threeNames.actionNames, action: 0 });
    expect(text).toBe("Counterfactual (L2 in units of the agent's spread): The network already chooses left in this state.");
  });

  it('leads rather than ties: right (index 1) turns into left only once left is ahead, not where argmax breaks an exact tie by index', () => {
    // Q(left) = 0, Q(right) = −x₀ + 1: at x₀ = 1 they tie exactly and argmax would say "left".
    const tie = margin([-1, 0, 0], 1);
    const cf = counterfactual(tie, Float32Array.from([0.5, 0, 0]), dist, dist.bounds, names, settings, new Rng(4));
    expect(cf).toMatchObject({ found: true, action: 1, newAction: 0 });
    expect(cf.qAfter![0]! - cf.qAfter![1]!).toBeGreaterThan(0);
    expect(cf.counterfactual![0]!).toBeGreaterThan(1);
  });
});
