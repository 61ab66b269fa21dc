/**
 * Tree nodes. A leaf learns: it owns sufficient statistics, a bounded sample memory and a
 * learner (one linear model per modelled action). When it splits it becomes an internal node
 * that keeps only what explanations need — its split, its sample count, its label variances and
 * the model it had as a leaf (for the paper's feature-influence amplifier) — and its children
 * start from its model (river deep-copies the parent's leaf model; we use it as the ridge prior
 * or the SGD starting point) and are refitted on their share of its memory.
 */
import type { Rng } from '../core/rng.ts';
import type { LmutConfig } from './config.ts';
import { createLearner, type LeafLearner, type LearnerSettings } from './linear-model.ts';
import { type MemoryPolicy, SampleMemory } from './memory.ts';
import { LeafStats } from './stats.ts';
import type { LinearParams } from './types.ts';

export type NodeSplit = { kind: 'threshold'; feature: number; threshold: number } | { kind: 'action' };

/** What a leaf needs to keep learning. Absent in trees loaded from a model-only file. */
export interface LeafState {
  stats: LeafStats;
  memory: SampleMemory;
  learner: LeafLearner;
  /** Samples seen since the last split attempt (the grace-period counter). */
  sinceAttempt: number;
}

export interface NodeFactorySettings {
  d: number;
  memorySize: number;
  memoryPolicy: MemoryPolicy;
  fullStats: boolean;
  learner: LearnerSettings;
  fadingFactor: number;
}

export class LmutNode {
  split: NodeSplit | null = null;
  children: LmutNode[] = [];
  /** Samples seen while a leaf, including the `inherited` rows it received from its parent's memory. */
  samples = 0;
  /** Rows handed down from the parent's memory when this node was created. */
  inherited = 0;
  /** The tree's sample count when this node was created (for its share of the traffic). */
  born = 0;
  /** Frozen model of an internal node (or of any node of a model-only tree). */
  frozen: LinearParams | null = null;
  /** Frozen label variances (internal nodes, model-only trees). */
  frozenVar: Float64Array | null = null;
  state: LeafState | null = null;

  constructor(
    readonly id: number,
    public parent: LmutNode | null,
    readonly depth: number,
    /** The actions this node models: all of them, or one below an action split. */
    readonly actions: Int32Array,
  ) {}

  get isLeaf(): boolean {
    return this.split === null;
  }

  /** The node's model: live for a learning leaf, frozen otherwise. */
  params(): LinearParams {
    if (this.state) return this.state.learner.params(this.state.stats);
    return this.frozen!;
  }

  labelVariance(): Float64Array {
    if (this.state) {
      const s = this.state.stats;
      return Float64Array.from(this.actions, (_, c) => s.varY(c));
    }
    return this.frozenVar!;
  }

  /** Learns one sample (labels already picked for this node's actions). */
  learn(x: ArrayLike<number>, xo: number, y: ArrayLike<number>, rng: Rng, fading: number): void {
    const st = this.state!;
    st.stats.add(x, xo, y, 0, fading);
    st.learner.learn(st.stats, x, xo, y, 0);
    st.memory.add(x, xo, y, 0, rng);
    st.sinceAttempt++;
    this.samples++;
  }

  /** Turns this learning leaf into an internal node: keeps the model and variances, drops memory. */
  freeze(split: NodeSplit): void {
    const p = this.params();
    this.frozen = { mean: p.mean.slice(), baseline: p.baseline.slice(), weights: p.weights.slice() };
    this.frozenVar = this.labelVariance();
    this.split = split;
    this.state = null;
  }

  get bytes(): number {
    let b = 8 * this.actions.length; // Int32 actions, counted generously
    if (this.frozen) b += 8 * (this.frozen.mean.length + this.frozen.baseline.length + this.frozen.weights.length);
    if (this.frozenVar) b += 8 * this.frozenVar.length;
    if (this.state) b += this.state.stats.bytes + this.state.memory.bytes + this.state.learner.bytes;
    return b;
  }
}

/** A fresh learning leaf whose model starts from `prior` (raw weights k×d, zeros at the root). */
export function newLeaf(id: number, parent: LmutNode | null, depth: number, actions: Int32Array, prior: Float64Array, s: NodeFactorySettings, born = 0): LmutNode {
  const node = new LmutNode(id, parent, depth, actions);
  node.born = born;
  const k = actions.length;
  const stats = new LeafStats(s.d, k, s.fullStats);
  node.state = {
    stats,
    memory: new SampleMemory(s.d, k, s.memorySize, s.memoryPolicy),
    learner: createLearner(s.learner, prior, stats),
    sinceAttempt: 0,
  };
  return node;
}

/**
 * Splits a learning leaf on `x[feature] <= threshold`. The children receive the parent's memory
 * rows (in memory order), rebuild their statistics from them and start from the parent's model;
 * SGD/Adam children then take one pass over their rows.
 */
export function splitLeaf(leaf: LmutNode, feature: number, threshold: number, nextId: () => number, s: NodeFactorySettings, born: number): [LmutNode, LmutNode] {
  const st = leaf.state!;
  const prior = st.learner.params(st.stats).weights;
  const make = () => {
    const child = new LmutNode(nextId(), leaf, leaf.depth + 1, leaf.actions);
    child.born = born;
    const k = leaf.actions.length;
    child.state = {
      stats: new LeafStats(s.d, k, s.fullStats),
      memory: new SampleMemory(s.d, k, s.memorySize, s.memoryPolicy),
      learner: null as unknown as LeafLearner,
      sinceAttempt: 0,
    };
    return child;
  };
  const left = make();
  const right = make();
  const mem = st.memory;
  const w = mem.width;
  let leftRows = 0;
  for (let r = 0; r < mem.count; r++) if (mem.data[r * w + feature]! <= threshold) leftRows++;
  left.state!.memory.reserve(leftRows);
  right.state!.memory.reserve(mem.count - leftRows);
  // Each inherited row counts as one sample seen, in the child's memory (reservoir odds) and in its
  // statistics alike, though a full parent's row stood for several of its samples: the child is a
  // young leaf whose later arrivals weigh as much as its inheritance, the same in both places.
  for (let r = 0; r < mem.count; r++) {
    const o = r * w;
    const child = mem.data[o + feature]! <= threshold ? left : right;
    child.state!.memory.push(mem.data, o);
    child.state!.stats.add(mem.data, o, mem.data, o + s.d, s.fadingFactor);
    child.samples++;
    child.inherited++;
  }
  for (const child of [left, right]) {
    const cs = child.state!;
    cs.learner = createLearner(s.learner, prior, cs.stats);
    if (cs.learner.kind !== 'rls') {
      const cm = cs.memory;
      for (let r = 0; r < cm.count; r++) cs.learner.learn(cs.stats, cm.data, r * w, cm.data, r * w + s.d);
    }
  }
  leaf.freeze({ kind: 'threshold', feature, threshold });
  leaf.children = [left, right];
  return [left, right];
}

/**
 * The most bytes a tree under `config` can hold: `maxLeaves` leaves with full memories, statistics
 * and learners, the internal nodes above them with their frozen models, plus `searchBytes` (the
 * split search's scratch buffers).
 */
export function memoryBoundBytes(config: LmutConfig, d: number, nActions: number, searchBytes: number): number {
  const k = config.actionSplit ? 1 : nActions;
  const model = 8 * (d + k + k * d);
  const learner = config.leafModel === 'adam' ? 24 * k * d : 8 * k * d;
  const stats = LeafStats.maxBytes(d, k, config.leafModel === 'rls', config.fadingFactor < 1);
  const leaf = 8 * k + stats + SampleMemory.maxBytes(d, k, config.memorySize) + learner + model;
  // An internal node keeps its actions, frozen model and label variances (the action root has all actions).
  const internal = 8 * nActions + 8 * (d + nActions + nActions * d) + 8 * nActions;
  const internals = config.maxLeaves - 1 + (config.actionSplit ? 1 : 0);
  return config.maxLeaves * leaf + internals * internal + searchBytes;
}
