/**
 * Trees for the explanation tests: a small hand-built tree whose numbers are worked out by hand in
 * the tests (and pinned by the golden exports), and real trees grown by LinearModelUTree on the
 * LMUT tests' seeded CartPole-like stream.
 */
import { LinearModelUTree } from '../../../src/lmut/index.ts';
import type { LmutOptions } from '../../../src/lmut/index.ts';
import type { LmutJSON } from '../../../src/lmut/index.ts';
import { ACTIONS, cartpoleStream, FEATURES, learnAll } from '../lmut/fixtures.ts';

export { ACTIONS, cartpoleStream, FEATURES };

type NodeSpec = {
  id: number;
  parent: number | null;
  depth: number;
  samples: number;
  inherited: number;
  split: { kind: 'threshold'; feature: number; threshold: number } | null;
  children: number[];
  mean: number[];
  baseline: number[];
  weights: number[][];
  labelVariance: number[];
};

/**
 * The hand tree (features cart_position 0, cart_velocity 1, pole_angle 2, pole_angular_velocity 3):
 *
 *   #0 pole_angle <= 0.05
 *   ├─ #1 cart_velocity <= 0.3
 *   │  ├─ #2 pole_angle <= -0.2
 *   │  │  ├─ #3 leaf (greedy left at its mean)
 *   │  │  └─ #4 leaf (greedy right)
 *   │  └─ #5 leaf (greedy right)
 *   └─ #6 leaf (greedy left)
 *
 * Samples reaching the nodes (own + children's non-inherited): #2 520, #1 820, #0 1220.
 */
const HAND_NODES: NodeSpec[] = [
  { id: 0, parent: null, depth: 0, samples: 200, inherited: 0, split: { kind: 'threshold', feature: 2, threshold: 0.05 }, children: [1, 6], mean: [0, 0, 0, 0], baseline: [10, 11], weights: [[1, 0, -4, 0], [-1, 0, 4, 0]], labelVariance: [4, 5] },
  { id: 1, parent: 0, depth: 1, samples: 300, inherited: 100, split: { kind: 'threshold', feature: 1, threshold: 0.3 }, children: [2, 5], mean: [0, 0, -0.1, 0], baseline: [12, 10], weights: [[0, 2, 0, 0], [0, -2, 0, 0]], labelVariance: [3, 3] },
  { id: 2, parent: 1, depth: 2, samples: 250, inherited: 120, split: { kind: 'threshold', feature: 2, threshold: -0.2 }, children: [3, 4], mean: [0, 0, -0.15, 0], baseline: [11, 10], weights: [[0, 0, 3, 1], [0, 0, -3, -1]], labelVariance: [2, 2] },
  { id: 3, parent: 2, depth: 3, samples: 150, inherited: 60, split: null, children: [], mean: [0.1, 0, -0.3, 0.2], baseline: [13, 9], weights: [[0.5, -1, 2, 0.25], [-0.5, 1, -2, -0.25]], labelVariance: [1, 1.5] },
  { id: 4, parent: 2, depth: 3, samples: 250, inherited: 70, split: null, children: [], mean: [0, 0.1, -0.05, 0], baseline: [11, 11.5], weights: [[1, 1, 1, 1], [0, 0, 0, 0]], labelVariance: [0.5, 0.25] },
  { id: 5, parent: 1, depth: 2, samples: 200, inherited: 80, split: null, children: [], mean: [-0.2, 0.6, 0, -0.1], baseline: [8, 9.25], weights: [[0, -1.5, 0, 0], [0.125, 1.5, 0, 0]], labelVariance: [0.75, 1] },
  { id: 6, parent: 0, depth: 1, samples: 400, inherited: 100, split: null, children: [], mean: [0.3, -0.2, 0.15, 0.4], baseline: [7.5, 6], weights: [[0, 0, -10, -2], [0, 0, 10, 2]], labelVariance: [2, 2] },
];

export function handTreeJSON(): LmutJSON {
  return {
    format: 'qlens-lmut',
    version: 1,
    form: 'model',
    obsDim: 4,
    nActions: 2,
    config: {},
    featureNames: [...FEATURES],
    actionNames: [...ACTIONS],
    samplesSeen: 1220,
    recycled: 0,
    nextId: 7,
    nodes: HAND_NODES.map((n) => ({
      id: n.id,
      parent: n.parent,
      depth: n.depth,
      actions: [0, 1],
      samples: n.samples,
      inherited: n.inherited,
      born: 0,
      labelVariance: n.labelVariance,
      split: n.split,
      children: n.children,
      model: { mean: n.mean, baseline: n.baseline, weights: n.weights },
    })),
  };
}

export function handTree(): LinearModelUTree {
  return LinearModelUTree.fromJSON(handTreeJSON(), 'hand-tree.json');
}

export const SMALL: LmutOptions = { gracePeriod: 100, memorySize: 400, minSamplesSplit: 20, maxLeaves: 16 };

/** A real tree learned from `n` rows of the seeded stream. */
export function grownTree(options: LmutOptions = SMALL, n = 6000, seed = 1): LinearModelUTree {
  const tree = new LinearModelUTree(4, 2, options, { featureNames: FEATURES, actionNames: ACTIONS });
  learnAll(tree, cartpoleStream(n, seed));
  return tree;
}

/** `n` states drawn uniformly from a box around the training data (with a seed-driven LCG, no library). */
export function randomStates(n: number, seed: number, scales = [2.4, 2, 0.25, 2.5]): Float64Array {
  let s = seed >>> 0 || 1;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const out = new Float64Array(n * 4);
  for (let k = 0; k < out.length; k++) out[k] = (2 * next() - 1) * scales[k % 4]!;
  return out;
}
