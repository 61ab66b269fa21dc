import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.ts';
import type { QFunction } from '../../../src/core/q-function.ts';
import { decisionTerms, explainState, type Explanation, formatExplanation } from '../../../src/explain/index.ts';
import { cartpoleStream, grownTree, handTree, SMALL } from './fixtures.ts';

/** A stand-in network with fixed Q-values. */
function fixedNetwork(q: number[]): QFunction {
  return { obsDim: 4, nActions: q.length, qValues: () => Float32Array.from(q), qBatch: () => Float32Array.from(q) };
}

describe('explainState', () => {
  it('contributions plus baseline equal the tree Q within 1e-9 on a grown tree (and on an action-split tree)', () => {
    const probe = cartpoleStream(500, 42);
    for (const tree of [grownTree(), grownTree({ ...SMALL, actionSplit: true })]) {
      expect(tree.summary.leaves).toBeGreaterThan(4);
      for (let r = 0; r < probe.n; r++) {
        const s = probe.obs.subarray(r * 4, r * 4 + 4);
        const e = explainState(tree, s);
        const q = tree.qValues64(s);
        for (let a = 0; a < 2; a++) {
          const sum = e.bias[a]! + e.contributions[a]!.reduce((acc, c) => acc + c.contribution, 0);
          expect(Math.abs(sum - q[a]!)).toBeLessThanOrEqual(1e-9);
          expect(e.qTree[a]).toBe(q[a]);
        }
        expect(e.action).toBe(tree.act(s));
        expect(e.leaf.id).toBe(tree.leafFor(s, e.action).id);
      }
    }
  });

  it('reports the path, the leaf and the terms worked out by hand on the hand tree', () => {
    const e = explainState(handTree(), [0.1, 0.2, -0.1, 0.3]);
    expect(e.path).toEqual([
      { feature: 2, featureName: 'pole_angle', op: '<=', threshold: 0.05, value: -0.1 },
      { feature: 1, featureName: 'cart_velocity', op: '<=', threshold: 0.3, value: 0.2 },
      { feature: 2, featureName: 'pole_angle', op: '>', threshold: -0.2, value: -0.1 },
    ]);
    expect(e.leaf).toEqual({ id: 4, depth: 3, samples: 250 });
    expect(e.leaves).toEqual([e.leaf, e.leaf]);
    expect(e.bias).toEqual([11, 11.5]);
    // Leaf #4: Q(left) = 11 + 1·(0.1−0) + 1·(0.2−0.1) + 1·(−0.1+0.05) + 1·(0.3−0) = 11.45; Q(right) = 11.5.
    expect(e.contributions[0]!.map((c) => c.contribution)).toEqual([0.1, 0.2 - 0.1, -0.1 - -0.05, 0.3]);
    expect(e.contributions[0]![3]).toEqual({ feature: 3, featureName: 'pole_angular_velocity', value: 0.3, contribution: 0.3 });
    expect(e.qTree[0]).toBeCloseTo(11.45, 12);
    expect(e.qTree[1]).toBe(11.5);
    expect(e.action).toBe(1);
    expect(e.qNetwork).toBeUndefined();
    expect(e.agrees).toBeUndefined();
  });

  it('compares with the network when one is given', () => {
    const tree = handTree();
    const same = explainState(tree, [0.1, 0.2, -0.1, 0.3], { network: fixedNetwork([1, 2]) });
    expect(same).toMatchObject({ qNetwork: [1, 2], networkAction: 1, agrees: true });
    const other = explainState(tree, [0.1, 0.2, -0.1, 0.3], { network: fixedNetwork([3, 2]) });
    expect(other).toMatchObject({ networkAction: 0, agrees: false });
    // Ties go to the lowest index, as numpy's argmax.
    expect(explainState(tree, [0.1, 0.2, -0.1, 0.3], { network: fixedNetwork([2, 2]) }).networkAction).toBe(0);
    expect(() => explainState(tree, [0, 0, 0, 0], { network: fixedNetwork([1, 2, 3]) })).toThrow('does not match the tree');
  });

  it('uses given names, and rejects a list of the wrong length naming both counts', () => {
    const e = explainState(handTree(), [0, 0, 0.2, 0], { featureNames: ['x', 'v', 'th', 'w'], actionNames: ['L', 'R'] });
    expect(e.path[0]!.featureName).toBe('th');
    expect(e.actionNames).toEqual(['L', 'R']);
    expect(() => explainState(handTree(), [0, 0, 0, 0], { featureNames: ['x', 'v', 'th'] })).toThrow(ConfigError);
    expect(() => explainState(handTree(), [0, 0, 0, 0], { featureNames: ['x', 'v', 'th'] })).toThrow('featureNames has 3 names but the tree has 4 features');
  });

  it('rejects a state of the wrong width or with NaN (through the tree)', () => {
    expect(() => explainState(handTree(), [0, 0, 0])).toThrow();
    expect(() => explainState(handTree(), [0, NaN, 0, 0])).toThrow();
  });

  it('formats as text: state, path, each Q as baseline plus terms, why the pick, and the network verdict', () => {
    const text = formatExplanation(explainState(handTree(), [0.1, 0.2, -0.1, 0.3], { network: fixedNetwork([3, 2]) }));
    expect(text).toBe(
      [
        'State: cart_position=0.1, cart_velocity=0.2, pole_angle=-0.1, pole_angular_velocity=0.3',
        'Path to leaf #4 (depth 3, 250 samples):',
        '  pole_angle = -0.1 <= 0.05',
        '  cart_velocity = 0.2 <= 0.3',
        '  pole_angle = -0.1 > -0.2',
        'Q(left ) = 11.45 = 11.00 (baseline) + 0.30 (pole_angular_velocity) + 0.10 (cart_position) + 0.10 (cart_velocity) - 0.05 (pole_angle)',
        'Q(right) = 11.50 = 11.50 (baseline) + 0.00 (cart_position) + 0.00 (cart_velocity) + 0.00 (pole_angle) + 0.00 (pole_angular_velocity)  <- greedy by 0.05',
        // Worked by hand: 11.50 − 11.45 = (11.50 − 11.00) + (0 − 0.30) + (0 − 0.10) + (0 − 0.10) + (0 − (−0.05)).
        'Why right, not left: 0.05 = 0.50 (baseline) - 0.30 (pole_angular_velocity) - 0.10 (cart_position) - 0.10 (cart_velocity) + 0.05 (pole_angle)',
        'Network: Q(left) = 3, Q(right) = 2 -> left by 1 (the tree picks right)',
      ].join('\n'),
    );
    expect(formatExplanation(explainState(grownTree({ ...SMALL, maxLeaves: 1 }, 500), [0, 0, 0, 0]))).toContain('Path: the root is leaf #0');
  });
});

describe('why the pick, not the runner-up', () => {
  it('says a tie is a tie: the first action listed is taken, nothing preferred it', () => {
    const leaf = { id: 3, depth: 1, samples: 10 };
    const terms = (a: number, b: number) => [
      { feature: 0, featureName: 'x', value: 1, contribution: a },
      { feature: 1, featureName: 'y', value: 2, contribution: b },
    ];
    const tie: Explanation = { observation: [1, 2], featureNames: ['x', 'y'], actionNames: ['left', 'right'], action: 0, path: [], leaf, leaves: [leaf, leaf], contributions: [terms(0.5, -0.25), terms(0.25, -0.25)], bias: [2, 2.25], qTree: [2.25, 2.25] };
    expect(decisionTerms(tie)).toEqual({ action: 0, versus: 1, margin: 0, baseline: -0.25, terms: [0.25, 0] });
    expect(formatExplanation(tie).split('\n').at(-1)).toBe('Why left, not right: 0.00 = -0.25 (baseline) + 0.25 (x) + 0.00 (y)  (a tie: the first action listed is taken)');
    // One action: nothing to decide, no line.
    const single: Explanation = { ...tie, actionNames: ['only'], leaves: [leaf], contributions: [terms(0.5, -0.25)], bias: [2], qTree: [2.25] };
    expect(decisionTerms(single)).toBeNull();
    expect(formatExplanation(single)).not.toContain('Why ');
  });
});
