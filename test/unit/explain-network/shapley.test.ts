import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { createQNetwork } from '../../../src/dqn/network.ts';
import { exactShapley } from '../../../src/explain/network/shapley-exact.ts';
import { kernelShap } from '../../../src/explain/network/kernel-shap.ts';
import { samplingShapley } from '../../../src/explain/network/shapley-sampling.ts';
import { columnMean, functionModel, gridRows, linearModel } from './known-functions.ts';

const maxAbsDiff = (a: number[][], b: number[][]) => Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i]![j]!))));

describe('exact Shapley on functions with known answers', () => {
  const d = 5;
  const background = { rows: gridRows(7, d, 1), n: 7 };
  const state = Float32Array.from([1.5, -0.25, 2, 0.125, -1.75]);

  it('linear: φ_i = w_i (x_i − E b_i), base = E Q(b), output = Q(x)', () => {
    const w = [[0.5, -2, 3, 0.25, 1], [-1, 0, 1.5, 2, -0.5]];
    const model = linearModel(w, [10, -3]);
    const shap = exactShapley(model, state, background);
    w.forEach((wa, a) => wa.forEach((wi, i) => expect(shap.values[a]![i]).toBeCloseTo(wi * (state[i]! - columnMean(background.rows, 7, d, i)), 9)));
    for (let a = 0; a < 2; a++) {
      expect(Math.abs(shap.values[a]!.reduce((s, v) => s + v, 0) - (shap.output[a]! - shap.base[a]!))).toBeLessThan(1e-9);
    }
    expect(shap.evaluations).toBe(32 * 7);
  });

  it('pairwise interaction x0·x1 + 2·x2: the interaction is split evenly between its two features', () => {
    const model = functionModel(d, [(x) => x[0]! * x[1]! + 2 * x[2]!]);
    const shap = exactShapley(model, state, background);
    const rows = background.rows;
    const E = (f: (r: number) => number) => Array.from({ length: 7 }, (_, r) => f(r)).reduce((s, v) => s + v, 0) / 7;
    const b = (r: number, i: number) => rows[r * d + i]!;
    const [x0, x1, x2] = [state[0]!, state[1]!, state[2]!];
    const eb0 = E((r) => b(r, 0));
    const eb1 = E((r) => b(r, 1));
    const eb01 = E((r) => b(r, 0) * b(r, 1));
    // v(∅) = E[b0 b1], v({0}) = x0 E b1, v({1}) = x1 E b0, v({0,1}) = x0 x1.
    const phi0 = 0.5 * (x0 * eb1 - eb01) + 0.5 * (x0 * x1 - x1 * eb0);
    const phi1 = 0.5 * (x1 * eb0 - eb01) + 0.5 * (x0 * x1 - x0 * eb1);
    const expected = [phi0, phi1, 2 * (x2 - E((r) => b(r, 2))), 0, 0];
    expect(maxAbsDiff(shap.values, [expected])).toBeLessThan(1e-9);
  });

  it('refuses more than 8 features', () => {
    const model = linearModel([new Array(9).fill(1)], [0]);
    expect(() => exactShapley(model, new Float32Array(9), { rows: new Float32Array(9), n: 1 })).toThrow(
      'Exact Shapley enumerates 2^d coalitions and allows at most 8 features; this network has 9 (use shap or kernelshap)',
    );
  });
});

describe('Shapley estimators against exact', () => {
  it('KernelSHAP that enumerates every coalition equals exact Shapley (interaction model)', () => {
    const d = 4;
    const model = functionModel(d, [(x) => x[0]! * x[1]! - x[2]! * x[3]! + x[1]!, (x) => Math.max(x[0]!, x[2]!) * 3]);
    const background = { rows: gridRows(9, d, 2), n: 9 };
    const state = Float32Array.from([0.5, -1.25, 1.75, 0.375]);
    const kernel = kernelShap(model, state, background, 14, new Rng(1));
    expect(kernel.complete).toBe(true);
    expect(maxAbsDiff(kernel.values, exactShapley(model, state, background).values)).toBeLessThan(1e-9);
  });

  it('both estimators are exact on an additive model even when sampling (d = 8)', () => {
    const d = 8;
    const w = [[1, -2, 0.5, 3, -1, 0.25, 2, -0.75]];
    const model = functionModel(d, [(x) => w[0]!.reduce((s, wi, i) => s + wi * x[i]!, 0) + Math.sin(x[0]!)]);
    const background = { rows: gridRows(5, d, 3), n: 5 };
    const state = Float32Array.from([0.5, -1, 1.5, 0.25, -0.5, 2, -2, 1]);
    const exact = exactShapley(model, state, background);
    const kernel = kernelShap(model, state, background, 60, new Rng(2));
    expect(kernel.complete).toBe(false);
    expect(maxAbsDiff(kernel.values, exact.values)).toBeLessThan(1e-9);
    const sampled = samplingShapley(model, state, background, 20, new Rng(3)); // 2 × background: each row weighs the same
    expect(maxAbsDiff(sampled.values, exact.values)).toBeLessThan(1e-9);
  });

  it('permutation sampling draws antithetic pairs without replacement: a budget covering them all is exact', () => {
    const d = 3; // 3! / 2 = 3 antithetic pairs
    const model = functionModel(d, [(x) => Math.max(0, x[0]! * x[1]! - x[2]!) + x[0]! * x[2]!]);
    const background = { rows: gridRows(6, d, 8), n: 6 };
    const state = Float32Array.from([1.25, -0.5, 0.75]);
    const sampled = samplingShapley(model, state, background, 2 * 3 * 6, new Rng(9));
    expect(maxAbsDiff(sampled.values, exactShapley(model, state, background).values)).toBeLessThan(1e-9);
    expect(sampled.standardError.flat().every((se) => se === 0)).toBe(true); // nothing left unsampled
    expect(sampled.evaluations).toBeLessThanOrEqual(8 * 6); // each (background state, coalition) once
  });

  it('on a random 8-input MLP both estimators land within a few standard errors of exact', async () => {
    const spec = { obsDim: 8, nActions: 3, hidden: [16, 16], dueling: false };
    const net = await createQNetwork(spec, { rng: new Rng(7) });
    const rng = new Rng(4);
    const rows = Float32Array.from({ length: 40 * 8 }, () => rng.normal());
    const background = { rows, n: 40 };
    const state = Float32Array.from({ length: 8 }, () => rng.normal());
    const exact = exactShapley(net, state, background);
    const sampled = samplingShapley(net, state, background, 4000, new Rng(5));
    const err = maxAbsDiff(sampled.values, exact.values);
    const se = Math.max(...sampled.standardError.flat());
    expect(err).toBeLessThan(5 * se);
    expect(err).toBeLessThan(0.02);
    const kernel = kernelShap(net, state, background, 200, new Rng(6));
    expect(maxAbsDiff(kernel.values, exact.values)).toBeLessThan(0.02);
    for (let a = 0; a < 3; a++) {
      // Efficiency holds by construction in both.
      expect(kernel.values[a]!.reduce((s, v) => s + v, 0)).toBeCloseTo(kernel.output[a]! - kernel.base[a]!, 6);
      expect(sampled.values[a]!.reduce((s, v) => s + v, 0)).toBeCloseTo(sampled.output[a]! - sampled.base[a]!, 4);
    }
    net.dispose();
  });
});
