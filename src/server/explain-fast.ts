/**
 * The explain route's arithmetic, without node views or per-request objects. `explainState`
 * (src/explain/local.ts) is the definition; it walks the tree three times and copies each node's
 * models on the way, ~40 µs per state on a 2,000-leaf tree, and under 50 concurrent what-if
 * clients that garbage shows up as GC pauses in the p99. Here every leaf's models are copied once
 * into flat float64 arrays when the tree loads, and a request walks the flat tree and evaluates
 * into reusable scratch arrays: no allocation but the output. The numbers are the tree's own (the
 * same float64 values, added in the same order as lmut/routing.ts `decomposeAt`), so the result
 * equals `explainState`'s exactly; a server test checks that field for field on many states.
 */
import { argmax, type QFunction } from '../core/q-function.ts';
import { DataError } from '../core/errors.ts';
import type { Condition, Contribution, LeafRef } from '../explain/index.ts';
import type { ExplainResponse } from './dto.ts';
import type { TreeModel } from './tree-model.ts';

/** One evaluation, overwritten by the next (requests are handled one at a time on the event loop). */
export interface Scratch {
  observation: number[];
  /** Per action: leaf index (dense), baseline, Q, and d contributions at `a * d`. */
  leaf: Int32Array;
  baseline: Float64Array;
  q: Float64Array;
  terms: Float64Array;
  qNetwork: Float32Array;
  action: number;
  networkAction: number;
  /** Dense indices of the greedy action's path, `pathLength` of them. */
  path: Int32Array;
  pathLength: number;
}

export class FastExplainer {
  readonly d: number;
  readonly A: number;
  private readonly scratch: Scratch;
  /** Per dense node: offsets of its model in `mean` (d), `base` (k) and `weights` (k × d); k = modelled actions. */
  private readonly meanAt: Int32Array;
  private readonly baseAt: Int32Array;
  private readonly single: Uint8Array;
  private readonly mean: Float64Array;
  private readonly base: Float64Array;
  private readonly weights: Float64Array;

  constructor(readonly model: TreeModel) {
    const { tree, index } = model;
    this.d = tree.obsDim;
    this.A = tree.nActions;
    const nodes = index.nodes;
    this.meanAt = new Int32Array(nodes.length);
    this.baseAt = new Int32Array(nodes.length);
    this.single = new Uint8Array(nodes.length);
    let means = 0;
    let bases = 0;
    for (const n of nodes) if (n.isLeaf) (means += this.d), (bases += n.model.actions.length);
    this.mean = new Float64Array(means);
    this.base = new Float64Array(bases);
    this.weights = new Float64Array(bases * this.d);
    let m = 0;
    let b = 0;
    nodes.forEach((n, i) => {
      if (!n.isLeaf) return;
      this.meanAt[i] = m;
      this.baseAt[i] = b;
      this.single[i] = n.model.actions.length === 1 ? 1 : 0;
      this.mean.set(n.model.mean, m);
      n.model.actions.forEach((am, c) => {
        this.base[b + c] = am.baseline;
        this.weights.set(am.weights, (b + c) * this.d);
      });
      m += this.d;
      b += n.model.actions.length;
    });
    const { d, A } = this;
    this.scratch = {
      observation: [],
      leaf: new Int32Array(A),
      baseline: new Float64Array(A),
      q: new Float64Array(A),
      terms: new Float64Array(A * d),
      qNetwork: new Float32Array(A),
      action: 0,
      networkAction: 0,
      path: new Int32Array(tree.summary.depth + 2),
      pathLength: 0,
    };
  }

  /** Evaluates `obs` (the caller checked its width and bounds) into the shared scratch. */
  evaluate(obs: number[], network: QFunction): Scratch {
    const { d, A, model } = this;
    const s = this.scratch;
    for (let i = 0; i < d; i++) if (!Number.isFinite(obs[i])) throw new DataError(`explain: feature ${i} is ${obs[i]}`);
    s.observation = obs;
    for (let a = 0; a < A; a++) {
      const L = model.leafIndex(obs, a);
      // Below an action split a leaf models one action (output 0); otherwise output a.
      const c = this.single[L] ? 0 : a;
      const mo = this.meanAt[L]!;
      const wo = (this.baseAt[L]! + c) * d;
      let q = this.base[this.baseAt[L]! + c]!;
      s.baseline[a] = q;
      for (let i = 0; i < d; i++) {
        const t = this.weights[wo + i]! * (obs[i]! - this.mean[mo + i]!);
        s.terms[a * d + i] = t;
        q += t;
      }
      s.q[a] = q;
      s.leaf[a] = L;
    }
    s.action = argmax(s.q);
    s.pathLength = model.pathInto(obs, s.action, s.path);
    s.qNetwork.set(network.qValues(Float32Array.from(obs)));
    s.networkAction = argmax(s.qNetwork);
    return s;
  }

  /** The scratch as the route's response object (for tests and the JSON writer's reference). */
  toObject(s: Scratch, weights: string, treeVersion: string): ExplainResponse {
    const { d, A, model } = this;
    const names = model.tree.featureNames as string[];
    const obs = s.observation;
    const leafRef = (i: number): LeafRef => {
      const n = model.dtoAt(i);
      return { id: n.id, depth: n.depth, samples: n.samples };
    };
    const path: Condition[] = [];
    for (let j = 0; j + 1 < s.pathLength; j++) {
      const n = model.dtoAt(s.path[j]!);
      if (n.split?.kind !== 'threshold') continue; // an action split is not a condition on the state
      const f = n.split.feature;
      path.push({ feature: f, featureName: names[f]!, op: n.children[0] === model.idAt(s.path[j + 1]!) ? '<=' : '>', threshold: n.split.threshold, value: obs[f]! });
    }
    const leaves = Array.from(s.leaf, leafRef);
    return {
      observation: obs,
      featureNames: names,
      actionNames: model.tree.actionNames as string[],
      action: s.action,
      path,
      leaf: leaves[s.action]!,
      leaves,
      contributions: Array.from({ length: A }, (_, a) => Array.from({ length: d }, (_, i): Contribution => ({ feature: i, featureName: names[i]!, value: obs[i]!, contribution: s.terms[a * d + i]! }))),
      bias: Array.from(s.baseline),
      qTree: Array.from(s.q),
      qNetwork: Array.from(s.qNetwork),
      networkAction: s.networkAction,
      agrees: s.networkAction === s.action,
      pathNodeIds: Array.from(s.path.subarray(0, s.pathLength), (i) => model.idAt(i)),
      weights,
      treeVersion,
    };
  }
}
