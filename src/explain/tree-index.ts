/**
 * A read-only index over a tree's nodes for the explainers and exporters: views by id, the path
 * condition of every edge, how many training samples fell in each node's region, and the greedy
 * action at a node's mean. Everything is read through the LMUT's public views (`nodes()`, `toJSON`),
 * never its internals, in the pre-order the tree reports (left before right), so outputs are deterministic.
 */
import { argmax } from '../core/q-function.ts';
import type { LinearModelUTree, NodeView } from '../lmut/index.ts';

export interface TreeIndex {
  /** Every node, root first, pre-order. */
  nodes: NodeView[];
  root: NodeView;
  byId: Map<number, NodeView>;
  /**
   * Training samples that fell in each node's region over the whole training: the "samples" every
   * export and the dashboard show (see `regionSamples`). Children add up to their parent and leaves
   * to the root, which is every sample the tree learned (`summary.samplesSeen`). A node's own
   * `samples` (NodeView) is something else: what it counted while a leaf, the inherited rows included.
   */
  regionSamples: Map<number, number>;
}

export function indexTree(tree: LinearModelUTree): TreeIndex {
  const nodes = tree.nodes();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const inherited = new Map(tree.toJSON({ form: 'model' }).nodes.map((n) => [n.id, n.inherited]));
  return { nodes, root: nodes[0]!, byId, regionSamples: regionSamples(nodes[0]!, byId, inherited) };
}

/**
 * The training samples in each node's region, for a tree grown online. A node counts its samples
 * (`samples`) only while it is a leaf; when it splits, each child receives a copy of the rows of its
 * bounded memory (`inherited`, counted in the child's `samples` too) and then counts what comes
 * after. So a split node's region saw `reached(n)` = its own count plus its children's new samples
 * (`reached(c) − inherited(c)`), and the `preSplit(n)` samples it saw before its split are not
 * split between the children by any counter. The memory is a uniform reservoir sample of the node's
 * stream, so the rows each child inherited are the best estimate of how those samples divide:
 *
 *   region(root) = reached(root)                       (= samplesSeen)
 *   preSplit(n)  = region(n) − Σ_c (reached(c) − inherited(c))
 *   region(c)    = (reached(c) − inherited(c)) + preSplit(n) · inherited(c) / Σ inherited
 *
 * rounded per split by largest remainders, so the children add up exactly to their parent (and the
 * leaves to the root). Children that inherited no rows at all (nothing in memory) share `preSplit`
 * in proportion to their new samples, the next best sign of how the region divides, or evenly if
 * they have none either. Below an action split every row goes down every child: each child's
 * region is its parent's (an action-split tree's leaves add up to the root once per action).
 * With a `window` memory the inherited rows are the most recent ones: the apportioning then
 * follows the region's latest traffic.
 */
function regionSamples(root: NodeView, byId: Map<number, NodeView>, inherited: Map<number, number>): Map<number, number> {
  const reached = new Map<number, number>();
  const count = (n: NodeView): number => {
    const kids = n.children.map((id) => count(byId.get(id)!));
    // Below an action split every row goes down every child: the split node saw each row once.
    const total = n.split?.kind === 'action' ? n.samples : n.samples + n.children.reduce((s, id, c) => s + kids[c]! - inherited.get(id)!, 0);
    reached.set(n.id, total);
    return total;
  };
  count(root);
  const region = new Map<number, number>();
  const visit = (n: NodeView, total: number) => {
    region.set(n.id, total);
    if (n.isLeaf) return;
    if (n.split?.kind === 'action') {
      for (const id of n.children) visit(byId.get(id)!, total);
      return;
    }
    const fresh = n.children.map((id) => Math.round(reached.get(id)! - inherited.get(id)!));
    const rows = n.children.map((id) => inherited.get(id)!);
    const preSplit = total - fresh.reduce((s, v) => s + v, 0);
    const weights = rows.some((r) => r > 0) ? rows : fresh.some((v) => v > 0) ? fresh : fresh.map(() => 1);
    const shares = apportion(preSplit, weights);
    n.children.forEach((id, c) => visit(byId.get(id)!, fresh[c]! + shares[c]!));
  };
  visit(root, Math.round(reached.get(root.id)!));
  return region;
}

/**
 * `total` (an integer) split in proportion to `weights` (non-negative integers, not all zero) into
 * integers that add up to it exactly: each gets the floor of its share, and what is left goes one
 * by one to the largest remainders (ties to the earlier weight). Integer arithmetic throughout.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const out = weights.map((w) => Math.floor((total * w) / sum));
  const remainder = weights.map((w, k) => total * w - out[k]! * sum);
  let left = total - out.reduce((s, v) => s + v, 0);
  const order = weights.map((_, k) => k).sort((a, b) => remainder[b]! - remainder[a]! || a - b);
  for (let i = 0; left > 0; i++, left--) out[order[i]!]!++;
  return out;
}

export function leavesOf(index: TreeIndex): NodeView[] {
  return index.nodes.filter((n) => n.isLeaf);
}

/** Q of each action the node models at its mean state (the baseline Q̄, by construction). */
export function qAtMean(node: NodeView): number[] {
  return node.model.actions.map((m) => m.baseline);
}

/**
 * The greedy action at a node's mean state. A node that models every action answers itself
 * (argmax of its baselines, ties to the lowest index as numpy; an internal node's model is the one
 * it had when it split, as the dashboard's Tree view reads it). A node below an action split models
 * one action, so the whole tree is asked at that node's mean instead.
 */
export function greedyAtMean(tree: LinearModelUTree, node: NodeView): number {
  if (node.model.actions.length === tree.nActions) {
    const q = new Float64Array(tree.nActions);
    for (const m of node.model.actions) q[m.action] = m.baseline;
    return argmax(q);
  }
  return tree.act(node.model.mean);
}

/** A threshold edge as `feature op threshold`, or the action an action-split edge stands for. */
export type EdgeTest =
  | { kind: 'threshold'; feature: number; op: '<=' | '>'; threshold: number }
  | { kind: 'action'; action: number };

/** The test that sends a state from `parent` to its `position`-th child. */
export function edgeTest(parent: NodeView, position: number): EdgeTest {
  const s = parent.split!;
  if (s.kind === 'action') return { kind: 'action', action: parent.model.actions[position]!.action };
  return { kind: 'threshold', feature: s.feature, op: position === 0 ? '<=' : '>', threshold: s.threshold };
}

/** Tests from the root to `node` (excluded: the node's own split). */
export function pathTests(index: TreeIndex, node: NodeView): EdgeTest[] {
  const tests: EdgeTest[] = [];
  let child = node;
  while (child.parent !== null) {
    const parent = index.byId.get(child.parent)!;
    tests.push(edgeTest(parent, parent.children.indexOf(child.id)));
    child = parent;
  }
  return tests.reverse();
}

/** Height of the subtree under `node` (a leaf has 0): sklearn's "truncated branch of depth N". */
export function subtreeDepth(index: TreeIndex, node: NodeView): number {
  return node.children.reduce((h, id) => Math.max(h, 1 + subtreeDepth(index, index.byId.get(id)!)), 0);
}
