import { describe, expect, it } from 'vitest';
import { DataError, QlensError } from '../../../src/core/errors.ts';
import { LinearModelUTree } from '../../../src/lmut/tree.ts';
import type { LmutOptions } from '../../../src/lmut/config.ts';
import { ACTIONS, cartpoleStream, FEATURES, learnAll, onlyRows, rmse } from './fixtures.ts';

const names = { featureNames: FEATURES, actionNames: ACTIONS };
const small: LmutOptions = { gracePeriod: 100, memorySize: 400, minSamplesSplit: 20, maxLeaves: 24 };

function grown(options: LmutOptions = small, n = 6000, seed = 1): LinearModelUTree {
  const tree = new LinearModelUTree(4, 2, options, names);
  learnAll(tree, cartpoleStream(n, seed));
  return tree;
}

const probe = cartpoleStream(300, 99);

describe('LinearModelUTree: river-style conformance', () => {
  it('explains, walks and predicts before any learning', () => {
    const tree = new LinearModelUTree(4, 2, {}, names);
    const s = probe.obs.subarray(0, 4);
    expect(Array.from(tree.qValues(s))).toEqual([0, 0]);
    expect(tree.walk(s)).toHaveLength(1);
    expect(tree.leafFor(s).isLeaf).toBe(true);
    expect(tree.debugOne(s)).toContain('Q(left) = 0');
    expect(tree.summary).toMatchObject({ nodes: 1, leaves: 1, depth: 0, samplesSeen: 0, learnable: true });
  });

  it('does not mutate its inputs', () => {
    const b = cartpoleStream(2000, 3);
    const obs = b.obs.slice();
    const q = b.q.slice();
    const tree = new LinearModelUTree(4, 2, small, names);
    learnAll(tree, b);
    tree.qBatch(b.obs, b.n);
    expect(b.obs).toEqual(obs);
    expect(b.q).toEqual(q);
  });

  it('grows: splits after the grace period and respects maxLeaves and maxDepth', () => {
    const tree = grown();
    const s = tree.summary;
    expect(s.leaves).toBeGreaterThan(1);
    expect(s.leaves).toBeLessThanOrEqual(24);
    expect(s.nodes).toBe(2 * s.leaves - 1);
    expect(s.samplesSeen).toBe(6000);
    const shallow = grown({ ...small, maxDepth: 2 });
    expect(shallow.summary.depth).toBeLessThanOrEqual(2);
    const none = grown({ ...small, maxDepth: 0 });
    expect(none.summary.leaves).toBe(1);
  });

  it('same seed and data give an identical tree; the reservoir uses the seed', () => {
    const a = JSON.stringify(grown());
    expect(JSON.stringify(grown())).toBe(a);
    expect(JSON.stringify(grown({ ...small, seed: 5 }))).not.toBe(a);
  });

  it('qBatch matches qValues row by row and qValues is the float32 of qValues64', () => {
    const tree = grown();
    const batch = tree.qBatch(probe.obs, probe.n);
    for (let r = 0; r < probe.n; r += 17) {
      const s = probe.obs.subarray(r * 4, r * 4 + 4);
      expect(Array.from(tree.qValues(s))).toEqual(Array.from(batch.subarray(r * 2, r * 2 + 2)));
      expect(Array.from(tree.qValues(s))).toEqual(Array.from(Float32Array.from(tree.qValues64(s))));
    }
  });

  it('walk ends in the leaf leafFor names, and each step follows the split', () => {
    const tree = grown();
    for (let r = 0; r < 50; r++) {
      const s = probe.obs.subarray(r * 4, r * 4 + 4);
      const path = tree.walk(s);
      expect(path[0]!.parent).toBeNull();
      expect(path[path.length - 1]!.id).toBe(tree.leafFor(s).id);
      for (let i = 0; i + 1 < path.length; i++) {
        const split = path[i]!.split!;
        expect(split.kind).toBe('threshold');
        if (split.kind !== 'threshold') continue;
        const left = s[split.feature]! <= split.threshold;
        expect(path[i + 1]!.id).toBe(path[i]!.children[left ? 0 : 1]);
      }
    }
  });

  it('nodes() is a consistent pre-order view with raw-unit models and intercepts', () => {
    const tree = grown();
    const nodes = tree.nodes();
    const byId = new Map(nodes.map((n) => [n.id, n]));
    expect(nodes.filter((n) => n.isLeaf)).toHaveLength(tree.summary.leaves);
    for (const n of nodes) {
      for (const c of n.children) expect(byId.get(c)!.parent).toBe(n.id);
      expect(n.model.actions.map((m) => m.actionName)).toEqual(ACTIONS);
      for (const m of n.model.actions) {
        const atMean = m.intercept + m.weights.reduce((s, w, i) => s + w * n.model.mean[i]!, 0);
        expect(atMean).toBeCloseTo(m.baseline, 9);
      }
      if (!n.isLeaf) expect(n.samples).toBeGreaterThan(0);
    }
  });

  it('views are detached copies', () => {
    const tree = grown();
    const view = tree.nodes()[0]!;
    view.model.mean[0] = 1e9;
    view.children.length = 0;
    expect(tree.nodes()[0]!.model.mean[0]).not.toBe(1e9);
  });

  it('debugOne lists the path conditions and every action', () => {
    const tree = grown();
    const s = probe.obs.subarray(0, 4);
    const text = tree.debugOne(s);
    const path = tree.walk(s);
    expect(text.split('\n').filter((l) => l.startsWith('  ') && !l.includes('Q('))).toHaveLength(path.length - 1);
    expect(text).toContain(`Leaf #${path[path.length - 1]!.id}`);
    expect(text).toMatch(/Q\(left\) = .*baseline/);
    expect(text).toMatch(/Q\(right\) = .*baseline/);
  });

  it('a tree with one action and one feature works', () => {
    const tree = new LinearModelUTree(1, 1, { gracePeriod: 50, memorySize: 200 });
    const obs = Float32Array.from({ length: 2000 }, (_, i) => ((i * 7919) % 2000) / 1000 - 1);
    const q = Float32Array.from(obs, (x) => (x <= 0 ? -x : 3 * x));
    tree.learn(obs, q, 2000);
    expect(tree.summary.leaves).toBeGreaterThan(1);
    expect(tree.qValues64(Float32Array.of(0.5))[0]).toBeCloseTo(1.5, 2);
    expect(tree.qValues64(Float32Array.of(-0.5))[0]).toBeCloseTo(0.5, 2);
  });
});

describe('LinearModelUTree: per-state decomposition', () => {
  it.each([
    ['rls', {}],
    ['sgd', { leafModel: 'sgd' }],
    ['adam', { leafModel: 'adam' }],
    ['actionSplit', { actionSplit: true }],
    ['raw units', { standardize: false }],
    ['hoeffding', { significance: 'hoeffding' }],
    ['variance', { splitCriterion: 'variance' }],
  ] as [string, LmutOptions][])('baseline + contributions = Q within 1e-9 (%s)', (_, extra) => {
    const tree = grown({ ...small, ...extra });
    for (let r = 0; r < probe.n; r++) {
      const s = probe.obs.subarray(r * 4, r * 4 + 4);
      const q = tree.qValues64(s);
      const parts = tree.decompose(s);
      for (const p of parts) {
        const sum = p.contributions.reduce((acc, c) => acc + c, p.baseline);
        expect(Math.abs(sum - q[p.action]!)).toBeLessThan(1e-9);
        expect(p.q).toBe(q[p.action]);
        // The same decomposition from the public view of the leaf.
        const leaf = tree.leafFor(s, p.action);
        expect(leaf.id).toBe(p.leafId);
        const m = leaf.model.actions.find((x) => x.action === p.action)!;
        const fromView = m.weights.reduce((acc, w, i) => acc + w * (s[i]! - leaf.model.mean[i]!), m.baseline);
        expect(Math.abs(fromView - q[p.action]!)).toBeLessThan(1e-9);
      }
    }
  });
});

describe('LinearModelUTree: bad data', () => {
  const good = cartpoleStream(10, 4);
  const cases: [string, () => [ArrayLike<number>, ArrayLike<number>, number], string][] = [
    ['NaN feature', () => [withValue(good.obs, 2 * 4 + 1, NaN), good.q, 10], 'learn: obs row 2, column 1 (cart_velocity) is NaN; the batch was rejected and the tree is unchanged'],
    ['Infinity feature', () => [withValue(good.obs, 9 * 4 + 3, Infinity), good.q, 10], 'learn: obs row 9, column 3 (pole_angular_velocity) is Infinity; the batch was rejected and the tree is unchanged'],
    ['NaN label', () => [good.obs, withValue(good.q, 5 * 2 + 1, NaN), 10], 'learn: q row 5, column 1 (right) is NaN; the batch was rejected and the tree is unchanged'],
    ['-Infinity label', () => [good.obs, withValue(good.q, 0, -Infinity), 10], 'learn: q row 0, column 0 (left) is -Infinity; the batch was rejected and the tree is unchanged'],
    ['short obs', () => [good.obs.subarray(0, 39), good.q, 10], 'learn: obs has 39 values but n × obsDim = 10 × 4 = 40'],
    ['wide q', () => [good.obs, new Float32Array(30), 10], 'learn: q has 30 values but n × nActions = 10 × 2 = 20'],
    ['bad n', () => [good.obs, good.q, 2.5], 'learn: n must be a non-negative integer, got 2.5'],
  ];

  it.each(cases)('rejects a batch with a %s and leaves the tree unchanged', (_, make, message) => {
    const tree = grown();
    const before = JSON.stringify(tree);
    const [obs, q, n] = make();
    expect(() => tree.learn(obs as Float32Array, q as Float32Array, n)).toThrow(DataError);
    expect(() => tree.learn(obs as Float32Array, q as Float32Array, n)).toThrow(message);
    expect(JSON.stringify(tree)).toBe(before);
  });

  it('rejects bad states in prediction and inspection', () => {
    const tree = grown();
    expect(() => tree.qValues(new Float32Array(3))).toThrow('qValues: obs has 3 values; expected obsDim = 4');
    expect(() => tree.qValues(Float32Array.of(0, NaN, 0, 0))).toThrow('qValues: obs column 1 (cart_velocity) is NaN');
    expect(() => tree.walk(Float32Array.of(0, 0, Infinity, 0))).toThrow('walk: obs column 2 (pole_angle) is Infinity');
    expect(() => tree.qBatch(new Float32Array(7), 2)).toThrow('qBatch: obs has 7 values but n × obsDim = 2 × 4 = 8');
    expect(() => tree.leafFor(new Float32Array(4), 2)).toThrow('leafFor: action 2 is not an integer in [0, 2)');
  });
});

describe('LinearModelUTree: memory bound', () => {
  it.each([1, 0.99])('never exceeds the bound the config implies, across a long stream (fading %s)', (fadingFactor) => {
    // Fading makes every leaf keep its unfaded feature spread as well (stats.ts): the bound counts it.
    const options: LmutOptions = { gracePeriod: 100, memorySize: 300, minSamplesSplit: 15, maxLeaves: 40, fadingFactor };
    const tree = new LinearModelUTree(4, 2, options, names);
    const b = cartpoleStream(60_000, 8);
    let peak = 0;
    for (let s = 0; s < b.n; s += 1000) {
      tree.learn(b.obs.subarray(s * 4, (s + 1000) * 4), b.q.subarray(s * 2, (s + 1000) * 2), 1000);
      const sm = tree.summary;
      expect(sm.memoryBytes).toBeLessThanOrEqual(sm.memoryBoundBytes);
      expect(sm.leaves).toBeLessThanOrEqual(40);
      peak = Math.max(peak, sm.memoryBytes);
    }
    // The bound is not vacuous: a grown tree uses a good share of it.
    expect(peak).toBeGreaterThan(0.3 * tree.summary.memoryBoundBytes);
    // Without leaf memories the tree is far smaller.
    expect(JSON.stringify(tree.toJSON({ form: 'model' })).length).toBeLessThan(JSON.stringify(tree).length / 5);
  });
});

describe('LinearModelUTree: leaf budget and drift', () => {
  // The stream starts in one corner of the state space (as a first episode does), then covers it all.
  const early = onlyRows(cartpoleStream(40_000, 1), (o, r) => o[r * 4]! < -0.5);
  const later = cartpoleStream(60_000, 2);
  const test = cartpoleStream(10_000, 3);

  it('recycles splits made on unrepresentative early data once the budget is used up', () => {
    const fit = (recycleLeaves: boolean) => {
      const tree = new LinearModelUTree(4, 2, { maxLeaves: 8, recycleLeaves });
      learnAll(tree, early);
      learnAll(tree, later);
      expect(tree.summary.leaves).toBeLessThanOrEqual(8);
      return { tree, error: rmse(tree.qBatch64(test.obs, test.n), test.q) };
    };
    const recycled = fit(true);
    const fixed = fit(false);
    expect(recycled.tree.summary.recycledSplits).toBeGreaterThan(0);
    expect(fixed.tree.summary.recycledSplits).toBe(0);
    expect(recycled.error).toBeLessThan(0.85 * fixed.error);
    expect(recycled.tree.summary.memoryBytes).toBeLessThanOrEqual(recycled.tree.summary.memoryBoundBytes);
  });

  it('a tree saved and reloaded mid-stream makes the same recycling decisions', () => {
    const a = new LinearModelUTree(4, 2, { maxLeaves: 8 });
    learnAll(a, early);
    const b = LinearModelUTree.fromJSON(JSON.stringify(a));
    learnAll(a, later);
    learnAll(b, later);
    expect(a.summary.recycledSplits).toBeGreaterThan(0);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('a fading factor lets the leaf models follow a target that moved', () => {
    const shift = (b: typeof test) => {
      const q = b.q.slice();
      for (let r = 0; r < b.n; r++) for (let a = 0; a < 2; a++) q[r * 2 + a] = q[r * 2 + a]! + 10 + 5 * b.obs[r * 4]!;
      return { ...b, q };
    };
    const after = shift(cartpoleStream(6000, 4));
    const probeShifted = shift(cartpoleStream(5000, 5));
    const errorWith = (fadingFactor: number) => {
      const tree = new LinearModelUTree(4, 2, { maxLeaves: 32, fadingFactor });
      learnAll(tree, cartpoleStream(20_000, 6));
      learnAll(tree, after);
      return rmse(tree.qBatch64(probeShifted.obs, probeShifted.n), probeShifted.q);
    };
    expect(errorWith(0.995)).toBeLessThan(0.7 * errorWith(1));
  });
});

describe('LinearModelUTree: actionSplit (the authors\' layout)', () => {
  it('splits on the action at the root; each leaf models one action', () => {
    const tree = grown({ ...small, actionSplit: true });
    const nodes = tree.nodes();
    expect(nodes[0]!.split).toEqual({ kind: 'action' });
    expect(nodes[0]!.children).toHaveLength(2);
    const [left, right] = nodes[0]!.children.map((id) => nodes.find((n) => n.id === id)!);
    expect(left!.model.actions.map((m) => m.action)).toEqual([0]);
    expect(right!.model.actions.map((m) => m.action)).toEqual([1]);
    for (const n of nodes.slice(1)) expect(n.model.actions).toHaveLength(1);
    expect(tree.summary.leaves).toBeGreaterThan(2);
    const s = probe.obs.subarray(0, 4);
    expect(tree.walk(s, 1)[1]!.id).toBe(right!.id);
    expect(tree.walk(s, 0)[1]!.id).toBe(left!.id);
    // Without an action, walk follows the tree's greedy action.
    expect(tree.walk(s)[1]!.id).toBe(nodes[0]!.children[tree.act(s)]);
  });

  it('a fresh actionSplit tree has one leaf per action', () => {
    const tree = new LinearModelUTree(4, 3, { actionSplit: true });
    expect(tree.summary).toMatchObject({ nodes: 4, leaves: 3, depth: 1 });
  });
});

describe('LinearModelUTree: JSON', () => {
  it.each([
    ['before learning', 0],
    ['after learning', 6000],
  ])('round-trips exactly %s (full form), and learning resumes identically', (_, n) => {
    const a = new LinearModelUTree(4, 2, small, names);
    if (n) learnAll(a, cartpoleStream(n, 1));
    const text = JSON.stringify(a);
    const b = LinearModelUTree.fromJSON(JSON.parse(text));
    expect(JSON.stringify(b)).toBe(text);
    expect(Array.from(b.qBatch64(probe.obs, probe.n))).toEqual(Array.from(a.qBatch64(probe.obs, probe.n)));
    expect(b.featureNames).toEqual(FEATURES);
    const more = cartpoleStream(4000, 2);
    learnAll(a, more);
    learnAll(b, more);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it.each([['rls'], ['sgd'], ['adam']] as const)('resumes exactly with %s leaves and both memory policies', (leafModel) => {
    for (const memoryPolicy of ['reservoir', 'window'] as const) {
      const a = grown({ ...small, leafModel, memoryPolicy }, 3000);
      const b = LinearModelUTree.fromJSON(JSON.stringify(a));
      const more = cartpoleStream(3000, 2);
      learnAll(a, more);
      learnAll(b, more);
      expect(Array.from(b.qBatch64(probe.obs, probe.n))).toEqual(Array.from(a.qBatch64(probe.obs, probe.n)));
    }
  });

  it('the model-only form predicts identically, is compact, and refuses to learn', () => {
    const a = grown();
    const json = a.toJSON({ form: 'model' });
    expect(json.form).toBe('model');
    expect(json.nodes.every((n) => n.learning === undefined)).toBe(true);
    const b = LinearModelUTree.fromJSON(JSON.parse(JSON.stringify(json)));
    expect(Array.from(b.qBatch64(probe.obs, probe.n))).toEqual(Array.from(a.qBatch64(probe.obs, probe.n)));
    expect(b.nodes()).toEqual(a.nodes());
    expect(b.summary.learnable).toBe(false);
    expect(() => b.learn(probe.obs, probe.q, probe.n)).toThrow(QlensError);
    expect(() => b.learn(probe.obs, probe.q, probe.n)).toThrow('cannot learn');
    // Saving a model-only tree again gives the same file.
    expect(JSON.stringify(b)).toBe(JSON.stringify(json));
  });
});

function withValue<T extends Float32Array>(a: T, i: number, v: number): T {
  const c = a.slice() as T;
  c[i] = v;
  return c;
}
