import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTreeFile } from '../../../src/explain/export/json.ts';
import { apportion, greedyAtMean, indexTree, leavesOf, pathTests, subtreeDepth } from '../../../src/explain/tree-index.ts';
import { LinearModelUTree, type NodeView } from '../../../src/lmut/index.ts';
import { grownTree, handTree, handTreeJSON, SMALL } from './fixtures.ts';

const pretrained = (env: string) => loadTreeFile(readFileSync(join(import.meta.dirname, '../../../agents/pretrained', env, 'tree.json'), 'utf8'), 'tree.json');

/** A node's children's counts: their region's, and what a bare count (own + children's new samples) gives. */
function sums(tree: LinearModelUTree) {
  const index = indexTree(tree);
  const region = index.regionSamples;
  return { index, region, childSum: (n: NodeView) => n.children.reduce((s, id) => s + region.get(id)!, 0) };
}

describe('tree index', () => {
  it('counts the samples in each region: the root has every sample, children add up to their parent, leaves to the root', () => {
    // A small memory fills before most splits: the inherited rows then stand for more samples than they are.
    const grown = [grownTree(SMALL, 20000), grownTree({ ...SMALL, maxLeaves: 6 }, 20000), grownTree({ ...SMALL, memorySize: 60, minSamplesSplit: 5 }, 20000)];
    for (const tree of [...grown, pretrained('CartPole-v1'), pretrained('Acrobot-v1')]) {
      const { index, region, childSum } = sums(tree);
      expect(region.get(index.root.id)).toBe(tree.summary.samplesSeen);
      expect(leavesOf(index).reduce((s, n) => s + region.get(n.id)!, 0)).toBe(tree.summary.samplesSeen);
      for (const n of index.nodes) {
        expect(Number.isInteger(region.get(n.id))).toBe(true);
        // Never fewer than the node counted itself (its inherited rows included): those are its region's.
        expect(region.get(n.id)).toBeGreaterThanOrEqual(n.samples);
        if (!n.isLeaf) expect(childSum(n), `node #${n.id}`).toBe(region.get(n.id));
      }
    }
  });

  it('apportions what a node saw before its split from the rows its children inherited', () => {
    // By hand (fixtures.ts): #0 saw 200 before its split, its children inherited 100 and 100;
    // #1's region is 720 new + 100 = 820, of which 820 - (400 + 120) = 300 before its split, inherited
    // 120 : 80 -> #2 gets 400 + 180 = 580, #5 120 + 120 = 240; #2's 580 - (90 + 180) = 310 go 60 : 70,
    // 143.08 : 166.92, the leftover one to the larger remainder -> #3 90 + 143 = 233, #4 180 + 167 = 347.
    const hand = indexTree(handTree());
    expect([0, 1, 2, 3, 4, 5, 6].map((id) => hand.regionSamples.get(id))).toEqual([1220, 820, 580, 233, 347, 240, 400]);
    // Children that inherited no rows share it by their new samples: #2's 710 - 400 = 310 split 150 : 250.
    const json = handTreeJSON();
    for (const n of json.nodes) if (n.id === 3 || n.id === 4) n.inherited = 0;
    const none = indexTree(LinearModelUTree.fromJSON(json, 'hand-tree.json'));
    expect([0, 1, 2, 3, 4, 5, 6].map((id) => none.regionSamples.get(id))).toEqual([1350, 950, 710, 266, 444, 240, 400]);
    // ... and evenly when they have none either (no division by zero).
    for (const n of json.nodes) if (n.id === 3 || n.id === 4) n.samples = 0;
    const empty = indexTree(LinearModelUTree.fromJSON(json, 'hand-tree.json'));
    expect([2, 3, 4].map((id) => empty.regionSamples.get(id))).toEqual([310, 155, 155]);
  });

  it('gives every child of an action split its parent’s samples: every row goes down every child', () => {
    const tree = grownTree({ ...SMALL, actionSplit: true }, 20000);
    const { index, region, childSum } = sums(tree);
    expect(region.get(index.root.id)).toBe(tree.summary.samplesSeen);
    for (const id of index.root.children) expect(region.get(id)).toBe(tree.summary.samplesSeen);
    for (const n of index.nodes) if (!n.isLeaf && n.split!.kind === 'threshold') expect(childSum(n)).toBe(region.get(n.id));
    expect(leavesOf(index).reduce((s, n) => s + region.get(n.id)!, 0)).toBe(tree.nActions * tree.summary.samplesSeen);
  });

  it('apportions by largest remainders, exactly', () => {
    expect(apportion(310, [60, 70])).toEqual([143, 167]);
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0, 5])).toEqual([0, 7]);
    expect(apportion(0, [3, 4])).toEqual([0, 0]);
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
