/**
 * An online tree with fading (the trainer's mimic, fadingFactor 0.95) must not turn a feature that
 * stopped varying into a steep slope: its faded variance decays towards 0, and a leaf model
 * standardised by it predicted Q ≈ 4e11 for a state a little off the feature's recent value (the
 * FlappyBird online fidelity curve reached an RMSE of 4e9). Without fading nothing changes.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { LinearModelUTree } from '../../../src/lmut/index.ts';

/** y = x0 + small noise; x1 varies for 1,000 samples, then stays at 0.3 for 2,000. */
function grown(fadingFactor: number, leafModel: 'rls' | 'sgd' | 'adam' = 'rls'): LinearModelUTree {
  const rng = new Rng(1);
  const tree = new LinearModelUTree(2, 1, { fadingFactor, maxLeaves: 1, leafModel, ridge: 1, standardize: true });
  const obs = new Float64Array(2);
  const q = new Float64Array(1);
  for (let t = 0; t < 3000; t++) {
    obs[0] = rng.next() * 2 - 1;
    obs[1] = t < 1000 ? rng.next() * 2 - 1 : 0.3;
    q[0] = obs[0] + 0.01 * (rng.next() - 0.5);
    tree.learn(obs, q, 1);
  }
  return tree;
}

const q = (tree: LinearModelUTree, x0: number, x1: number) => tree.qBatch64(new Float64Array([x0, x1]), 1)[0]!;

describe('a leaf model under fading', () => {
  for (const leafModel of ['rls', 'sgd', 'adam'] as const) {
    it(`keeps a feature that stopped varying from dominating its predictions (${leafModel})`, () => {
      const tree = grown(0.95, leafModel);
      // Off the feature's recent value by half its old range: Q stays near x0's share (0 here).
      expect(Math.abs(q(tree, 0, 0.8))).toBeLessThan(0.5);
      expect(Math.abs(q(tree, 0, -0.9))).toBeLessThan(0.5);
      // And it still follows the feature that does vary.
      expect(q(tree, 0.5, 0.3) - q(tree, -0.5, 0.3)).toBeGreaterThan(0.5);
    });
  }

  it('round-trips the long-run spread, so a resumed tree predicts as the saved one', () => {
    const tree = grown(0.95);
    const again = LinearModelUTree.fromJSON(JSON.stringify(tree.toJSON()));
    expect(q(again, 0, 0.8)).toBe(q(tree, 0, 0.8));
    expect(JSON.stringify(again.toJSON())).toBe(JSON.stringify(tree.toJSON()));
  });
});
