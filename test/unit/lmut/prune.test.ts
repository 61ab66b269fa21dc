import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { pruneTree } from '../../../src/lmut/prune.ts';
import { LinearModelUTree } from '../../../src/lmut/tree.ts';
import type { LmutOptions } from '../../../src/lmut/config.ts';
import { cartpoleStream, learnAll, rmse } from './fixtures.ts';

/**
 * Deliberately over-grown: the variance criterion keeps splitting a linear target (every split of
 * a ramp reduces its variance), so with linear leaf models every split here is useless.
 */
const overgrown: LmutOptions = { splitCriterion: 'variance', gracePeriod: 50, memorySize: 200, minSamplesSplit: 10, maxLeaves: 200 };

function noisy(n: number, seed: number) {
  const b = cartpoleStream(n, seed);
  const rng = new Rng(seed);
  for (let r = 0; r < n; r++) {
    const [x, v, th, w] = b.obs.subarray(r * 4, r * 4 + 4);
    b.q[r * 2] = 3 * x! - 2 * v! + 10 * th! + rng.normal(0, 2);
    b.q[r * 2 + 1] = 3 * x! - 2 * v! + 10 * th! + w! + rng.normal(0, 2);
  }
  return b;
}

describe('pruneTree', () => {
  it.each([
    ['rls', {}],
    ['sgd', { leafModel: 'sgd' }],
    ['adam', { leafModel: 'adam' }],
    ['actionSplit', { actionSplit: true }],
  ] as [string, LmutOptions][])('never increases held-out RMSE and removes leaves from an over-grown tree (%s)', (_, extra) => {
    const tree = new LinearModelUTree(4, 2, { ...overgrown, ...extra });
    learnAll(tree, noisy(20_000, 1));
    const held = noisy(3000, 2);
    const before = rmse(tree.qBatch64(held.obs, held.n), held.q);
    const report = pruneTree(tree, held.obs, held.q, held.n);
    expect(report.rmseBefore).toBeCloseTo(before, 12);
    expect(report.rmseAfter).toBeLessThanOrEqual(report.rmseBefore + 1e-12);
    expect(report.rmseAfter).toBeCloseTo(rmse(tree.qBatch64(held.obs, held.n), held.q), 12);
    expect(report.leavesBefore).toBeGreaterThan(50);
    expect(report.leavesAfter).toBeLessThan(report.leavesBefore * 0.6);
    expect(report.leavesAfter).toBe(tree.summary.leaves);
    expect(report.nodesAfter).toBe(tree.summary.nodes);
    expect(report.collapsed).toBeGreaterThan(0);
  });

  it('leaves a tree that keeps learning, stays consistent and round-trips', () => {
    const tree = new LinearModelUTree(4, 2, overgrown);
    learnAll(tree, noisy(10_000, 3));
    const held = noisy(2000, 4);
    pruneTree(tree, held.obs, held.q, held.n);
    const nodes = tree.nodes();
    const ids = new Set(nodes.map((n) => n.id));
    for (const n of nodes) for (const c of n.children) expect(ids.has(c)).toBe(true);
    learnAll(tree, noisy(5000, 5));
    expect(tree.summary.memoryBytes).toBeLessThanOrEqual(tree.summary.memoryBoundBytes);
    const copy = LinearModelUTree.fromJSON(JSON.stringify(tree));
    expect(Array.from(copy.qBatch64(held.obs, held.n))).toEqual(Array.from(tree.qBatch64(held.obs, held.n)));
  });

  it('prunes a model-only tree with the models its nodes had before splitting', () => {
    const grown = new LinearModelUTree(4, 2, overgrown);
    learnAll(grown, noisy(10_000, 6));
    const tree = LinearModelUTree.fromJSON(grown.toJSON({ form: 'model' }));
    const held = noisy(2000, 7);
    const report = pruneTree(tree, held.obs, held.q, held.n);
    expect(report.rmseAfter).toBeLessThanOrEqual(report.rmseBefore + 1e-12);
    expect(report.leavesAfter).toBeLessThan(report.leavesBefore);
  });

  it('keeps unreached subtrees when asked, and a clean tree is left alone', () => {
    const tree = new LinearModelUTree(4, 2, overgrown);
    learnAll(tree, noisy(10_000, 8));
    const leaves = tree.summary.leaves;
    // One held-out row reaches one leaf: everything else is unreached.
    const one = noisy(1, 9);
    const kept = LinearModelUTree.fromJSON(JSON.stringify(tree));
    pruneTree(kept, one.obs, one.q, 1, { collapseUnreached: false });
    expect(kept.summary.leaves).toBeGreaterThan(leaves / 2);
    pruneTree(tree, one.obs, one.q, 1);
    expect(tree.summary.leaves).toBeLessThan(kept.summary.leaves);
  });

  it('rejects bad held-out data like learn does', () => {
    const tree = new LinearModelUTree(4, 2);
    expect(() => pruneTree(tree, new Float32Array(3), new Float32Array(2), 1)).toThrow('pruneTree: obs has 3 values but n × obsDim = 1 × 4 = 4');
    expect(() => pruneTree(tree, new Float32Array(4), Float32Array.of(0, NaN), 1)).toThrow('pruneTree: q row 0, column 1 (action_1) is NaN');
  });
});
