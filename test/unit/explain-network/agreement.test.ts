import { describe, expect, it } from 'vitest';
import { agreementWithTree, compareAttributions, distribution, ranks, spearman, summariseAgreement, topKOverlap } from '../../../src/explain/network/agreement.ts';

describe('agreement metrics on hand cases', () => {
  it('ranks share ties; Spearman is 1, −1, or the tie-corrected value', () => {
    expect(ranks([10, 30, 20, 30])).toEqual([1, 3.5, 2, 3.5]);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    // ranks (1.5, 1.5, 3) against (1, 2, 3): 1.5 / √(1.5 · 2).
    expect(spearman([1, 1, 2], [1, 2, 3])).toBeCloseTo(1.5 / Math.sqrt(3), 12);
    expect(spearman([5, 5, 5], [1, 2, 3])).toBeNull();
  });

  it('top-k overlap counts shared members of the k largest', () => {
    expect(topKOverlap([5, 1, 4, 3], [1, 5, 4, 3], 2)).toBe(0.5);
    expect(topKOverlap([5, 1, 4, 3], [4, 0, 5, 1], 2)).toBe(1);
    expect(topKOverlap([5, 1, 4, 3], [0, 5, 1, 4], 1)).toBe(0);
  });

  it('compares magnitudes per action, k = ⌈d/2⌉ by default', () => {
    const tree = [[-5, 1, 4, 3], [1, 2, 3, 4]];
    const net = [[5, -1, -4, 3], [4, 3, 2, 1]];
    const r = compareAttributions(tree, net);
    expect(r.k).toBe(2);
    expect(r.perAction).toEqual([{ action: 0, spearman: 1, topK: 1 }, { action: 1, spearman: -1, topK: 0 }]);
    expect(r.spearman).toBe(0);
    expect(r.topK).toBe(0.5);
    const fromTree = agreementWithTree({ contributions: tree.map((row) => row.map((contribution) => ({ contribution }))) }, { values: net }, 1);
    expect(fromTree.k).toBe(1);
    expect(fromTree.perAction[0]!.topK).toBe(1);
  });

  it('lets features under 5 % of the largest tie, so noise among them does not swing ρ', () => {
    // The user's case: both put the first feature far ahead; the rest is noise of ±0.07 beside 2.03.
    const tree = [[-2.03, 0.01, -0.03, 0.02]];
    const shapLike = [[-2.033, 0.05, 0.01, -0.06]];
    expect(spearman(tree[0]!.map(Math.abs), shapLike[0]!.map(Math.abs))).toBeCloseTo(0.4, 12); // raw ranks: the noise decides
    expect(compareAttributions(tree, shapLike).spearman).toBe(1);
    // A feature that matters on one side only still costs agreement: here it halves ρ.
    expect(compareAttributions([[-2, 1, 0.01, 0.02]], [[-2, 0.01, 1, 0.02]]).spearman!).toBeCloseTo(0.5, 12);
  });

  it('summarises a state set with mean and quartiles, leaving undefined Spearman values out', () => {
    expect(distribution([4, 0, 2, 1, 3])).toEqual({ n: 5, mean: 2, min: 0, q1: 1, median: 2, q3: 3, max: 4 });
    expect(distribution([])).toEqual({ n: 0, mean: null, min: null, q1: null, median: null, q3: null, max: null });
    const s = summariseAgreement([
      { k: 2, perAction: [], spearman: 1, topK: 1 },
      { k: 2, perAction: [], spearman: null, topK: 0.5 },
      { k: 2, perAction: [], spearman: 0, topK: 0 },
    ]);
    expect(s.states).toBe(3);
    expect(s.spearman).toMatchObject({ n: 2, mean: 0.5, median: 0.5 });
    expect(s.topK).toMatchObject({ n: 3, mean: 0.5, q1: 0.25, q3: 0.75 });
  });
});
