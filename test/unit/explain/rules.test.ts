import { describe, expect, it } from 'vitest';
import { collapseConditions, intervalText, treeRules } from '../../../src/explain/index.ts';
import { cartpoleStream, FEATURES, grownTree, handTree, SMALL } from './fixtures.ts';

describe('treeRules', () => {
  it('gives one rule per leaf, in tree order, with repeated tests collapsed to the tightest interval', () => {
    const rules = treeRules(handTree());
    expect(rules.map((r) => r.leafId)).toEqual([3, 4, 5, 6]);
    const text = (k: number) => rules[k]!.conditions.map((iv) => intervalText(iv)).join(' AND ');
    expect(text(0)).toBe('cart_velocity <= 0.3 AND pole_angle <= -0.2');
    expect(text(1)).toBe('cart_velocity <= 0.3 AND -0.2 < pole_angle <= 0.05');
    expect(text(2)).toBe('cart_velocity > 0.3 AND pole_angle <= 0.05');
    expect(text(3)).toBe('pole_angle > 0.05');
    expect(rules[1]!.conditions[1]).toEqual({ feature: 2, featureName: 'pole_angle', lower: -0.2, upper: 0.05 });
  });

  it('states each action’s linear form and the greedy action at the leaf mean', () => {
    const [r3, r4] = treeRules(handTree());
    // Leaf #3: mean (0.1, 0, -0.3, 0.2), Q̄ = (13, 9), w_left = (0.5, -1, 2, 0.25):
    // intercept = 13 − (0.05 + 0 − 0.6 + 0.05) = 13.5.
    expect(r3!.models[0]).toMatchObject({ action: 0, actionName: 'left', weights: [0.5, -1, 2, 0.25], qAtMean: 13 });
    expect(r3!.models[0]!.intercept).toBeCloseTo(13.5, 12);
    expect(r3!.greedyAction).toBe(0);
    expect(r4!.greedyActionName).toBe('right');
    // Samples: the leaf's region, not its own 150 (tree-index.test.ts works out 90 new + 143 of #2's before its split).
    expect(r3).toMatchObject({ depth: 3, samples: 233, action: null, actionName: null, mean: [0.1, 0, -0.3, 0.2] });
  });

  it('on a grown tree, a state that satisfies a rule’s conditions gets the rule’s Q from the tree', () => {
    const tree = grownTree();
    const rules = treeRules(tree);
    expect(rules).toHaveLength(tree.summary.leaves);
    expect(rules.reduce((s, r) => s + r.samples, 0)).toBe(tree.summary.samplesSeen); // the rules partition the samples too
    const probe = cartpoleStream(400, 9);
    for (let r = 0; r < probe.n; r++) {
      const s = Array.from(probe.obs.subarray(r * 4, r * 4 + 4));
      const matching = rules.filter((rule) => rule.conditions.every((iv) => (iv.lower === null || s[iv.feature]! > iv.lower) && (iv.upper === null || s[iv.feature]! <= iv.upper)));
      expect(matching).toHaveLength(1); // the rules partition the state space
      const q = tree.qValues64(s);
      for (const m of matching[0]!.models) {
        const linear = m.intercept + m.weights.reduce((acc, w, i) => acc + w * s[i]!, 0);
        expect(Math.abs(linear - q[m.action]!)).toBeLessThan(1e-9 * Math.max(1, Math.abs(q[m.action]!)));
      }
    }
  });

  it('sorts by samples or by Q at the leaf mean, and filters by greedy action', () => {
    const tree = handTree();
    expect(treeRules(tree, { sortBy: 'samples' }).map((r) => r.leafId)).toEqual([6, 4, 5, 3]);
    // Max Q at the mean: #3 13, #4 11.5, #5 9.25, #6 7.5.
    expect(treeRules(tree, { sortBy: 'q' }).map((r) => r.leafId)).toEqual([3, 4, 5, 6]);
    // Q(right) at the mean: #4 11.5, #5 9.25, #3 9, #6 6.
    expect(treeRules(tree, { sortBy: 'q', sortAction: 1 }).map((r) => r.leafId)).toEqual([4, 5, 3, 6]);
    expect(treeRules(tree, { greedyAction: 1 }).map((r) => r.leafId)).toEqual([4, 5]);
    expect(treeRules(tree, { greedyAction: 0, sortBy: 'samples' }).map((r) => r.leafId)).toEqual([6, 3]);
    expect(() => treeRules(tree, { greedyAction: 2 })).toThrow('Invalid greedyAction: 2 (allowed: an action index in [0, 2))');
  });

  it('marks the action of each rule below an action split, and answers for a lone root', () => {
    const tree = grownTree({ ...SMALL, actionSplit: true });
    const rules = treeRules(tree);
    expect(rules.length).toBe(tree.summary.leaves);
    for (const r of rules) {
      expect(r.models).toHaveLength(1);
      expect(r.action).toBe(r.models[0]!.action);
    }
    const lone = treeRules(grownTree({ ...SMALL, maxLeaves: 1 }, 300));
    expect(lone).toHaveLength(1);
    expect(lone[0]!.conditions).toEqual([]);
  });

  it('collapseConditions keeps the tightest bound per feature in feature order', () => {
    const tests = [
      { kind: 'threshold' as const, feature: 2, op: '<=' as const, threshold: 0.3 },
      { kind: 'threshold' as const, feature: 0, op: '>' as const, threshold: -1 },
      { kind: 'threshold' as const, feature: 2, op: '>' as const, threshold: -0.2 },
      { kind: 'threshold' as const, feature: 2, op: '<=' as const, threshold: 0.05 },
      { kind: 'threshold' as const, feature: 2, op: '>' as const, threshold: -0.5 },
      { kind: 'threshold' as const, feature: 0, op: '>' as const, threshold: 0.5 },
    ];
    expect(collapseConditions(tests, FEATURES).map((iv) => intervalText(iv))).toEqual(['cart_position > 0.5', '-0.2 < pole_angle <= 0.05']);
  });
});
