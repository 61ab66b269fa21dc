/**
 * The SHAP summary over many states: every state's values are the per-state method's (exact up to
 * 8 features, permutations beyond), states are spread evenly over the sample, and the targets
 * derived by linearity (advantage, the chosen action) equal the Shapley values of those functions
 * computed directly.
 */
import { describe, expect, it } from 'vitest';
import { exactShapley } from '../../../src/explain/network/shapley-exact.ts';
import { byImportance, meanAbsolute, shapSummary, targetLabel, targetValues } from '../../../src/explain/network/shap-summary.ts';
import { evenlySpaced } from '../../../src/explain/play-range.ts';
import { columnMean, functionModel, gridRows, linearModel } from './known-functions.ts';

const names = (d: number) => Array.from({ length: d }, (_, i) => `f${i}`);

describe('shapSummary', () => {
  const d = 4;
  const background = { rows: gridRows(6, d, 1), n: 6 };
  const states = { obs: gridRows(40, d, 3), n: 40, obsDim: d };

  it('gives each sampled state the exact Shapley values, its greedy action and the common base', async () => {
    const model = functionModel(d, [(x) => x[0]! * x[1]! + x[2]!, (x) => 2 * x[3]! - x[0]!]);
    let yields = 0;
    const s = await shapSummary(model, states, background, { featureNames: names(d), actionNames: ['a', 'b'], maxStates: 10, between: async () => void yields++ });
    expect(s.method).toBe('exact');
    expect(s.values).toHaveLength(10);
    expect(yields).toBe(10);
    expect(s.drawnFrom).toBe(40);
    evenlySpaced(40, 10).forEach((row, k) => {
      const state = states.obs.slice(row * d, (row + 1) * d);
      const one = exactShapley(model, state, background);
      expect(s.states[k]).toEqual(Array.from(state));
      expect(s.values[k]).toEqual(one.values);
      expect(s.greedy[k]).toBe(one.output[1]! > one.output[0]! ? 1 : 0);
      one.base.forEach((b, a) => expect(s.base[a]).toBeCloseTo(b, 12));
    });
  });

  it('estimates by permutations beyond 8 features (exact for an additive function)', async () => {
    const w = [Array.from({ length: 10 }, (_, i) => i - 4.5)];
    const model = linearModel(w, [1]);
    const bg = { rows: gridRows(4, 10, 2), n: 4 }; // 128 antithetic pairs use each background row equally
    const many = { obs: gridRows(3, 10, 7), n: 3, obsDim: 10 };
    const s = await shapSummary(model, many, bg, { featureNames: names(10), actionNames: ['only'] });
    expect(s.method).toBe('shap');
    s.values.forEach((perAction, k) => w[0]!.forEach((wi, i) => expect(perAction[0]![i]).toBeCloseTo(wi * (s.states[k]![i]! - columnMean(bg.rows, 4, 10, i)), 4)));
  });

  it('names a width mismatch', async () => {
    await expect(shapSummary(linearModel([[1, 1]], [0]), states, background, { featureNames: names(2), actionNames: ['a'] })).rejects.toThrow('the states have 4 features, the network 2');
  });
});

describe('targets', () => {
  const d = 3;
  const background = { rows: gridRows(5, d, 1), n: 5 };
  const fns = [(x: Float32Array) => x[0]! * x[1]!, (x: Float32Array) => x[2]! - x[0]!, (x: Float32Array) => Math.max(x[1]!, x[2]!)];
  const model = functionModel(d, fns);
  const states = { obs: gridRows(8, d, 5), n: 8, obsDim: d };

  it('advantage and chosen-action values equal the Shapley values of those functions', async () => {
    const s = await shapSummary(model, states, background, { featureNames: names(d), actionNames: ['x', 'y', 'z'] });
    const advantage = (a: number) => functionModel(d, [(x) => fns[a]!(x) - fns.reduce((sum, f) => sum + f(x), 0) / 3]);
    for (const a of [0, 2]) {
      const derived = targetValues(s, { kind: 'advantage', action: a });
      s.states.forEach((state, k) => {
        const direct = exactShapley(advantage(a), Float32Array.from(state), background).values[0]!;
        direct.forEach((v, i) => expect(derived[k]![i]).toBeCloseTo(v, 9));
      });
    }
    const chosen = targetValues(s, { kind: 'chosen' });
    s.states.forEach((state, k) => {
      const direct = exactShapley(advantage(s.greedy[k]!), Float32Array.from(state), background).values[0]!;
      direct.forEach((v, i) => expect(chosen[k]![i]).toBeCloseTo(v, 9));
    });
    expect(targetValues(s, { kind: 'q', action: 1 })).toEqual(s.values.map((v) => v[1]));
  });

  it('ranks features by mean absolute value, ties in feature order', () => {
    const values = [[1, -3, 0, 2], [-1, 1, 0, -2]];
    expect(meanAbsolute(values, 4)).toEqual([1, 2, 0, 2]);
    expect(byImportance([1, 2, 0, 2])).toEqual([1, 3, 0, 2]);
  });

  it('spreads the sample evenly, all rows when there are few', () => {
    expect(evenlySpaced(10, 4)).toEqual([0, 2, 5, 7]);
    expect(evenlySpaced(3, 200)).toEqual([0, 1, 2]);
    expect(evenlySpaced(5, 0)).toEqual([]);
  });

  it('labels targets in words', () => {
    expect(targetLabel({ kind: 'chosen' }, ['l', 'r'])).toBe('the chosen action’s advantage');
    expect(targetLabel({ kind: 'q', action: 1 }, ['l', 'r'])).toBe('Q(r)');
    expect(targetLabel({ kind: 'advantage', action: 0 }, ['l', 'r'])).toBe('advantage of l');
  });
});
