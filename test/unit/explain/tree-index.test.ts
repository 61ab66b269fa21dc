import { describe, expect, it } from 'vitest';
import { greedyAtMean, indexTree, pathTests, subtreeDepth } from '../../../src/explain/tree-index.ts';
import { grownTree, handTree, SMALL } from './fixtures.ts';

describe('tree index', () => {
  it('counts the samples that reached each node: the root saw every sample, a child never more than its parent', () => {
    for (const tree of [grownTree(SMALL, 20000), grownTree({ ...SMALL, maxLeaves: 6 }, 20000), grownTree({ ...SMALL, actionSplit: true }, 20000)]) {
      const index = indexTree(tree);
      expect(index.reached.get(index.root.id)).toBe(tree.summary.samplesSeen);
      for (const n of index.nodes) {
        expect(index.reached.get(n.id)).toBeGreaterThanOrEqual(n.samples);
        for (const c of n.children) expect(index.reached.get(c)).toBeLessThanOrEqual(index.reached.get(n.id)!);
      }
    }
    const hand = indexTree(handTree());
    expect([0, 1, 2, 3].map((id) => hand.reached.get(id))).toEqual([1220, 820, 520, 150]);
  });

  it('gives paths, subtree depths and the greedy action at a leaf mean', () => {
    const tree = handTree();
    const index = indexTree(tree);
    expect(pathTests(index, index.byId.get(4)!)).toEqual([
      { kind: 'threshold', feature: 2, op: '<=', threshold: 0.05 },
      { kind: 'threshold', feature: 1, op: '<=', threshold: 0.3 },
      { kind: 'threshold', feature: 2, op: '>', threshold: -0.2 },
    ]);
    expect(subtreeDepth(index, index.root)).toBe(3);
    expect(subtreeDepth(index, index.byId.get(6)!)).toBe(0);
    expect([3, 4, 5, 6].map((id) => greedyAtMean(tree, index.byId.get(id)!))).toEqual([0, 1, 1, 0]);
    // Below an action split a leaf models one action: the whole tree is asked at its mean.
    const split = grownTree({ ...SMALL, actionSplit: true });
    const leaves = indexTree(split).nodes.filter((n) => n.isLeaf);
    for (const leaf of leaves) expect(greedyAtMean(split, leaf)).toBe(split.act(leaf.model.mean));
    expect(pathTests(indexTree(split), leaves[0]!)[0]).toEqual({ kind: 'action', action: 0 });
  });
});
