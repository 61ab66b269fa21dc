/**
 * The replay's tree policy acts as the tree does (float64 Q), not on the float32 Q it shows: where
 * the two actions' Q differ below float32's resolution, the shown values tie and argmax of them
 * would pick action 0 while the tree, its exported code and fidelity pick action 1.
 */
import { describe, expect, it } from 'vitest';
import { make } from '../../../envs/index.ts';
import type { QFunction } from '../../../src/core/q-function.ts';
import { LinearModelUTree } from '../../../src/lmut/index.ts';
import { playEpisode } from '../../../src/server/rollout.ts';

/** A tree with one leaf whose Q is 58.0000005 for action 0 and 58.0000015 for action 1 everywhere. */
function nearTieTree(): LinearModelUTree {
  const tree = new LinearModelUTree(4, 2, { maxLeaves: 1 });
  const n = 50;
  const obs = new Float32Array(4 * n).map((_, i) => ((i * 7919) % 101) / 1000 - 0.05);
  const q = new Float64Array(2 * n).map((_, i) => (i % 2 === 0 ? 58.0000005 : 58.0000015));
  tree.learn(obs, q, n);
  return tree;
}

/** A network that prefers action 1 by a float32-visible margin. */
const network: QFunction = {
  obsDim: 4,
  nActions: 2,
  qValues: () => Float32Array.from([58, 58.000008]),
  qBatch: (_o, n) => new Float32Array(2 * n).map((_, i) => (i % 2 === 0 ? 58 : 58.000008)),
};

describe('replay with the tree', () => {
  it('acts on the tree’s float64 Q, so the shown float32 tie does not flip its action', () => {
    const tree = nearTieTree();
    const probe = [0.01, 0, 0, 0];
    expect(tree.qValues(probe)[0]).toBe(tree.qValues(probe)[1]); // the shown values tie
    expect(tree.act(probe)).toBe(1);
    const env = make('CartPole-v1');
    const episode = playEpisode({ network, tree: { q: tree, leaves: 1, depth: 0 } }, env, { id: 'CartPole-v1', featureNames: ['x', 'x_dot', 'theta', 'theta_dot'], actionNames: ['left', 'right'] }, { seed: 3, maxSteps: 40, weights: 'test', policy: 'tree' });
    expect(episode.steps.length).toBeGreaterThan(3);
    expect(episode.steps.every((s) => s.action === 1)).toBe(true);
    expect(episode.tree!.disagreements).toBe(0);
  });
});
