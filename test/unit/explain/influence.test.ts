import { describe, expect, it } from 'vitest';
import { featureInfluence } from '../../../src/explain/index.ts';
import { LinearModelUTree } from '../../../src/lmut/index.ts';
import { ACTIONS, cartpoleStream, FEATURES, grownTree, handTree, randomStates, SMALL } from './fixtures.ts';

/**
 * Four held-out rows through the hand tree (see fixtures.ts):
 *   r0 (0, 0,   0.1, 0) → #6   q = (1, 3)
 *   r1 (0, 0.5, 0,   0) → #5   q = (3, 1)
 *   r2 (0, 0,  -0.3, 0) → #3   q = (5, 5)
 *   r3 (0, 0,  -0.1, 0) → #4   q = (7, 9)
 */
const heldOut = {
  obs: [0, 0, 0.1, 0, 0, 0.5, 0, 0, 0, 0, -0.3, 0, 0, 0, -0.1, 0],
  q: [1, 3, 3, 1, 5, 5, 7, 9],
  n: 4,
};

describe('featureInfluence (the paper’s measure)', () => {
  it('matches the value worked out by hand on the hand tree', () => {
    // Root #0 (pole_angle): left labels 1,3,5,7 → var 5; right 3,1,5,9 → var 8.75; sum 13.75.
    //   Children: #6 {r0} var 0; #1 {r1,r2,r3}: left 3,5,7 → 8/3, right 1,5,9 → 32/3.
    //   VR = 13.75 − ¾·(40/3) = 3.75 (left 5 − 2 = 3, right 8.75 − 8 = 0.75).
    //   Amplifier: |−4|+|4| over Σ|w| = 10 → 1 + 0.8 = 1.8. Inf = 6.75 (left 5.4, right 1.35).
    // #1 (cart_velocity): var 40/3; children #5 {r1} 0, #2 {r2,r3}: left 5,7 → 1, right 5,9 → 4.
    //   VR = 40/3 − ⅔·5 = 10 (left 8/3 − ⅔ = 2, right 32/3 − 8/3 = 8). Amplifier 1 + 4/4 = 2. Inf = 20 (4, 16).
    // #2 (pole_angle): var 1 + 4 = 5, children single rows → VR = 5 (1, 4). Amplifier 1 + 6/8 = 1.75. Inf = 8.75 (1.75, 7).
    // pole_angle: 6.75 + 8.75 = 15.5 over 2 nodes; cart_velocity: 20 over 1 node; total 35.5.
    const report = featureInfluence(handTree(), heldOut);
    expect(report.samples).toBe(4);
    expect(report.features.map((f) => f.featureName)).toEqual(['cart_velocity', 'pole_angle', 'cart_position', 'pole_angular_velocity']);
    const [velocity, angle, position] = report.features;
    expect(velocity!.influence).toBeCloseTo(20, 12);
    expect(velocity!.nodes).toBe(1);
    expect(velocity!.influencePerAction[0]).toBeCloseTo(4, 12);
    expect(velocity!.influencePerAction[1]).toBeCloseTo(16, 12);
    expect(angle!.influence).toBeCloseTo(15.5, 12);
    expect(angle!.nodes).toBe(2);
    expect(angle!.influencePerAction[0]).toBeCloseTo(5.4 + 1.75, 12);
    expect(angle!.influencePerAction[1]).toBeCloseTo(1.35 + 7, 12);
    expect(position).toMatchObject({ influence: 0, nodes: 0, share: 0 });
    expect(report.total).toBeCloseTo(35.5, 12);
    expect(velocity!.share).toBeCloseTo(20 / 35.5, 12);
    expect(angle!.share).toBeCloseTo(15.5 / 35.5, 12);
    expect(report.nodes.map((n) => n.nodeId)).toEqual([0, 1, 2]);
    const root = report.nodes[0]!;
    expect(root.samples).toBe(4);
    expect(root.amplifier).toBeCloseTo(1.8, 12);
    expect(root.varianceReduction).toBeCloseTo(3.75, 12);
    expect(root.varianceReductionPerAction[0]).toBeCloseTo(3, 12);
    expect(root.varianceReductionPerAction[1]).toBeCloseTo(0.75, 12);
    expect(root.influence).toBeCloseTo(6.75, 12);
    expect(report.nodes[2]!.amplifier).toBeCloseTo(1.75, 12);
  });

  it('on a grown tree: non-negative, shares sum to 1, node counts add up to the internal nodes', () => {
    const tree = grownTree();
    const report = featureInfluence(tree, cartpoleStream(3000, 77));
    const s = tree.summary;
    expect(report.nodes).toHaveLength(s.nodes - s.leaves);
    expect(report.features.reduce((acc, f) => acc + f.nodes, 0)).toBe(s.nodes - s.leaves);
    expect(report.features.reduce((acc, f) => acc + f.share, 0)).toBeCloseTo(1, 12);
    for (const f of report.features) {
      expect(f.influence).toBeGreaterThanOrEqual(0);
      expect(f.sharePerAction.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
    for (const n of report.nodes) {
      expect(n.amplifier).toBeGreaterThanOrEqual(1);
      expect(n.amplifier).toBeLessThanOrEqual(2);
    }
    // Ranked, most influential first.
    for (let k = 1; k < report.features.length; k++) expect(report.features[k - 1]!.influence).toBeGreaterThanOrEqual(report.features[k]!.influence);
  });

  it('puts the influence on the features the Q labels depend on', () => {
    // Q steps with pole_angle and cart_position (steps, because the measure counts the drop in the
    // labels' variance: splitting a V at its kink leaves each side's variance unchanged); the
    // velocities are noise.
    const make = (n: number, seed: number) => {
      const obs = randomStates(n, seed);
      const q = new Float32Array(n * 2);
      for (let r = 0; r < n; r++) {
        const x = obs[r * 4]!;
        const th = obs[r * 4 + 2]!;
        q[r * 2] = (th > 0 ? 5 : 0) + (x > 0.5 ? 3 : 0);
        q[r * 2 + 1] = (th > 0 ? -5 : 0) + x;
      }
      return { obs, q, n };
    };
    const tree = new LinearModelUTree(4, 2, SMALL, { featureNames: FEATURES, actionNames: ACTIONS });
    const train = make(6000, 5);
    tree.learn(train.obs, train.q, train.n);
    const report = featureInfluence(tree, make(2000, 6));
    const share = Object.fromEntries(report.features.map((f) => [f.featureName, f.share]));
    expect(share.pole_angle! + share.cart_position!).toBeGreaterThan(0.95);
    expect(share.pole_angle).toBeGreaterThan(0.3);
    expect(share.cart_position).toBeGreaterThan(0.05);
  });

  it('handles an action-split tree (each subtree sees its own action’s labels) and nodes no held-out row reaches', () => {
    const tree = grownTree({ ...SMALL, actionSplit: true });
    const report = featureInfluence(tree, cartpoleStream(1500, 78));
    expect(report.features.reduce((acc, f) => acc + f.share, 0)).toBeCloseTo(1, 12);
    for (const n of report.nodes) expect(n.varianceReductionPerAction.filter((v) => v > 0).length).toBeLessThanOrEqual(1);
    const one = featureInfluence(handTree(), { obs: [0, 0, 0.1, 0], q: [1, 2], n: 1 });
    expect(one.total).toBe(0);
    expect(one.nodes.map((n) => n.samples)).toEqual([1, 0, 0]);
  });

  it('rejects held-out data of the wrong shape or with NaN, naming the row', () => {
    expect(() => featureInfluence(handTree(), { obs: [0, 0, 0], q: [1, 2], n: 1 })).toThrow('obs has 3 values; expected n × obsDim = 1 × 4 = 4');
    expect(() => featureInfluence(handTree(), { obs: [0, 0, 0, 0, 1, 1, 1, 1], q: [1, 2, 3, NaN], n: 2 })).toThrow('q row 1, action 1 is NaN');
  });
});
