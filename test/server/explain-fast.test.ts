/**
 * The explain route's flat evaluator and JSON writer against the definition, `explainState`: field
 * for field on many states (inside and far outside the training range), for a tree with one model
 * per action in every leaf and for the authors' layout that splits on the action at the root.
 */
import { describe, expect, it } from 'vitest';
import type { QFunction } from '../../src/core/q-function.ts';
import { Rng } from '../../src/core/rng.ts';
import { explainState } from '../../src/explain/index.ts';
import { LinearModelUTree } from '../../src/lmut/index.ts';
import { FastExplainer } from '../../src/server/explain-fast.ts';
import { ExplanationWriter } from '../../src/server/explain-json.ts';
import { TreeModel } from '../../src/server/tree-model.ts';

const names = { featureNames: ['x', 'y "quoted"', 'z\\slash'], actionNames: ['left', 'stay', 'right'] };

/** A rugged target so the tree splits, on 3 features and 3 actions. */
function grow(actionSplit: boolean): LinearModelUTree {
  const tree = new LinearModelUTree(3, 3, { maxLeaves: 60, gracePeriod: 40, minSamplesSplit: 8, actionSplit, seed: 2 }, names);
  const rng = new Rng(5);
  const n = 256;
  for (let batch = 0; batch < 80; batch++) {
    const obs = new Float32Array(n * 3);
    const q = new Float32Array(n * 3);
    for (let r = 0; r < n; r++) {
      const x = [rng.next() * 2 - 1, rng.next() * 2 - 1, rng.next() * 2 - 1];
      obs.set(x, r * 3);
      q.set([Math.sin(4 * x[0]!) + x[1]!, Math.abs(x[1]! * 3) - x[2]!, Math.cos(3 * x[2]!) * x[0]!], r * 3);
    }
    tree.learn(obs, q, n);
  }
  return tree;
}

/** A stand-in network: any fixed Q-function will do for comparing the two explainers. */
const network: QFunction = {
  obsDim: 3,
  nActions: 3,
  qValues: (o) => Float32Array.of(o[0]! - o[1]!, 0.5, o[2]! * 2),
  qBatch: () => new Float32Array(0),
};

describe.each([false, true])('FastExplainer (actionSplit %s)', (actionSplit) => {
  const tree = grow(actionSplit);
  const model = new TreeModel(tree);
  const fx = new FastExplainer(model);
  const writer = new ExplanationWriter(fx, 'test tree');

  it('grew a tree worth testing', () => {
    expect(tree.summary.leaves).toBeGreaterThan(10);
  });

  it('node details name the action a path fixes below an action split, in the field and the text', () => {
    const leaf = tree.nodes().find((n) => n.isLeaf && n.depth >= 2)!;
    const d = model.detail(leaf.id);
    if (!actionSplit) {
      expect(d.actionName).toBeNull();
      expect(d.conditionsText.some((c) => c.startsWith('action'))).toBe(false);
    } else {
      expect(names.actionNames).toContain(d.actionName);
      expect(d.conditionsText[0]).toBe(`action = ${d.actionName}`);
    }
  });

  it('equals explainState and the JSON writer equals JSON.stringify, on 400 states', () => {
    const rng = new Rng(9);
    for (let k = 0; k < 400; k++) {
      const scale = k % 4 === 0 ? 50 : 1.2; // some far outside the training range
      const obs = [0, 0, 0].map(() => (rng.next() * 2 - 1) * scale);
      const s = fx.evaluate(obs, network);
      const object = fx.toObject(s, 'test weights', 'test tree');
      const { pathNodeIds, weights, treeVersion, ...rest } = object;
      expect(rest).toEqual(explainState(tree, obs, { network }));
      expect(weights).toBe('test weights');
      expect(treeVersion).toBe('test tree');
      expect(pathNodeIds).toEqual(model.pathIds(obs, object.action));
      expect(JSON.parse(writer.write(s, 'test weights'))).toEqual(JSON.parse(JSON.stringify(object)));
    }
  });
});
