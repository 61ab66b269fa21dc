/**
 * Turning an internal node back into a leaf, shared by post-pruning (prune.ts) and leaf-budget
 * recycling (tree.ts). The new leaf keeps learning: its statistics are the exact merge of its
 * former leaves' (Chan et al.), its memory their rows (evenly thinned to `memorySize`), and its
 * model a fit of those statistics started from — for `rls`, shrunk towards — the model the node
 * had before it split. In a tree loaded from a model-only file it simply gets that old model back.
 */
import { createLearner } from './linear-model.ts';
import { SampleMemory } from './memory.ts';
import type { LeafState, LmutNode, NodeFactorySettings } from './node.ts';
import { LeafStats } from './stats.ts';

export function leavesUnder(node: LmutNode, out: LmutNode[] = []): LmutNode[] {
  if (node.isLeaf) out.push(node);
  else for (const c of node.children) leavesUnder(c, out);
  return out;
}

/**
 * The learning states the node could have as a leaf (memory is filled in by `collapse`), or
 * `[null]` in a model-only tree (the node keeps its frozen model). Statistics are the merge of
 * the former leaves'. Starting weights: the node's own pre-split model, or the sample-weighted
 * mean of its leaves' models; for `rls` both are only the ridge prior of a refit on the merged
 * statistics, for SGD/Adam they are the model itself.
 */
export function collapsedStates(node: LmutNode, f: NodeFactorySettings, both: boolean): (LeafState | null)[] {
  const leaves = leavesUnder(node);
  if (leaves.some((l) => !l.state)) return [null];
  const k = node.actions.length;
  const stats = new LeafStats(f.d, k, f.fullStats);
  for (const l of leaves) stats.merge(l.state!.stats);
  const averaged = new Float64Array(k * f.d);
  const total = leaves.reduce((s, l) => s + l.state!.stats.n, 0);
  for (const l of leaves) {
    const w = l.params().weights;
    const share = total > 0 ? l.state!.stats.n / total : 1 / leaves.length;
    for (let i = 0; i < w.length; i++) averaged[i] = averaged[i]! + share * w[i]!;
  }
  const priors = f.learner.kind === 'rls' || !both ? [node.frozen!.weights] : [node.frozen!.weights, averaged];
  return priors.map((prior) => ({
    stats,
    memory: new SampleMemory(f.d, k, f.memorySize, f.memoryPolicy),
    learner: createLearner(f.learner, prior, stats),
    sinceAttempt: 0,
  }));
}

/** Makes `node` a leaf with learning state `state` (null: keep its frozen model), dropping its subtree. */
export function collapse(node: LmutNode, state: LeafState | null, f: NodeFactorySettings): void {
  const leaves = leavesUnder(node);
  let distinct = node.samples;
  const countNew = (n: LmutNode) => {
    for (const c of n.children) {
      distinct += c.samples - c.inherited;
      countNew(c);
    }
  };
  countNew(node);
  if (state) {
    // Pool the former leaves' rows, thinned evenly if they exceed the memory size.
    const total = leaves.reduce((s, l) => s + l.state!.memory.count, 0);
    const keep = Math.min(total, f.memorySize);
    let index = 0;
    let next = 0;
    for (const l of leaves) {
      const m = l.state!.memory;
      for (let r = 0; r < m.count; r++, index++) {
        if (next < keep && index === Math.floor((next * total) / keep)) {
          state.memory.push(m.data, r * m.width);
          next++;
        }
      }
    }
    state.memory.seen = leaves.reduce((s, l) => s + l.state!.memory.seen, 0);
  }
  node.split = null;
  node.children = [];
  node.samples = distinct;
  node.state = state;
  if (state) {
    node.frozen = null;
    node.frozenVar = null;
  }
}
