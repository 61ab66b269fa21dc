/**
 * LMUT recovers a known piecewise-linear target: three features on [−1, 1], splits at x0 = 0.3,
 * then x1 = −0.4 (right of it) and x2 = 0.5 (left of it), a different linear function per region
 * and action, Gaussian noise σ = 0.1. Every true threshold must be found within 1 % of the
 * feature's range and the held-out RMSE must sit at the noise floor.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.ts';
import type { LmutOptions } from '../../src/lmut/config.ts';
import { LinearModelUTree } from '../../src/lmut/tree.ts';
import { learnAll, rmse } from '../unit/lmut/fixtures.ts';

const SIGMA = 0.1;
const TRUE_SPLITS = [
  { feature: 0, threshold: 0.3 },
  { feature: 1, threshold: -0.4 },
  { feature: 2, threshold: 0.5 },
];

function target(x0: number, x1: number, x2: number, a: number): number {
  if (x0 <= 0.3) {
    if (x2 <= 0.5) return a === 0 ? 2 + 1.5 * x0 - x1 + 0.5 * x2 : 1 - x0 + 0.5 * x1;
    return a === 0 ? 3 - x0 + 2 * x2 : 2 + x1 - x2;
  }
  if (x1 <= -0.4) return a === 0 ? 4 - 2 * x0 + 3 * x1 : 2 + 2 * x0 - x2;
  return a === 0 ? 3 + x0 + 2 * x1 - x2 : 1.5 + x1 + x2;
}

function sample(n: number, seed: number) {
  const rng = new Rng(seed);
  const obs = new Float32Array(n * 3);
  const q = new Float32Array(n * 2);
  const clean = new Float32Array(n * 2);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < 3; i++) obs[r * 3 + i] = rng.uniform(-1, 1);
    for (let a = 0; a < 2; a++) {
      clean[r * 2 + a] = target(obs[r * 3]!, obs[r * 3 + 1]!, obs[r * 3 + 2]!, a);
      q[r * 2 + a] = clean[r * 2 + a]! + rng.normal(0, SIGMA);
    }
  }
  return { obs, q, clean, n };
}

describe('LMUT on a known piecewise-linear target', () => {
  it.each([
    ['defaults', {}],
    ['actionSplit', { actionSplit: true }],
    ['window memory', { memoryPolicy: 'window' }],
  ] as [string, LmutOptions][])('finds every true threshold within 1 percent of its range and reaches the noise floor (%s)', (_, options) => {
    const tree = new LinearModelUTree(3, 2, options);
    learnAll(tree, sample(60_000, 1), 500);
    const splits = tree.nodes().flatMap((n) => (n.split?.kind === 'threshold' ? [n.split] : []));
    for (const t of TRUE_SPLITS) {
      const error = Math.min(...splits.filter((s) => s.feature === t.feature).map((s) => Math.abs(s.threshold - t.threshold)));
      expect(error, `feature ${t.feature} threshold ${t.threshold}`).toBeLessThanOrEqual(0.01 * 2);
    }
    const test = sample(20_000, 2);
    const pred = tree.qBatch64(test.obs, test.n);
    expect(rmse(pred, test.q)).toBeLessThanOrEqual(1.2 * SIGMA);
    expect(rmse(pred, test.clean)).toBeLessThanOrEqual(0.7 * SIGMA);
    // The structure stays small: no splitting on noise once the regions are linear.
    expect(tree.summary.leaves).toBeLessThanOrEqual(options.actionSplit ? 30 : 15);
  });

  it('the variance criterion (the paper\'s) needs many more leaves for the same target', () => {
    const residual = new LinearModelUTree(3, 2, { maxLeaves: 16 });
    const variance = new LinearModelUTree(3, 2, { maxLeaves: 16, splitCriterion: 'variance' });
    const train = sample(30_000, 3);
    learnAll(residual, train, 500);
    learnAll(variance, train, 500);
    const test = sample(10_000, 4);
    expect(rmse(residual.qBatch64(test.obs, test.n), test.clean)).toBeLessThan(0.5 * rmse(variance.qBatch64(test.obs, test.n), test.clean));
  });
});
