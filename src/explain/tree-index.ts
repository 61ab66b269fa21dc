/**
 * A read-only index over a tree's nodes for the explainers and exporters: views by id, the path
 * condition of every edge, how many training samples reached each node, and the greedy action at
 * a leaf's mean. Everything is read through the LMUT's public views (`nodes()`, `toJSON`), never
 * its internals, in the pre-order the tree reports (left before right), so outputs are deterministic.
 */
import { argmax } from '../core/q-function.ts';
import type { LinearModelUTree, NodeView } from '../lmut/index.ts';

export interface TreeIndex {
  /** Every node, root first, pre-order. */
  nodes: NodeView[];
  root: NodeView;
  byId: Map<number, NodeView>;
  /**
   * Training samples that reached each node's region. A node's own `samples` stops counting when it
   * splits, so an internal node's total is its own count plus what its children saw after they were
   * created (their count minus the rows they inherited from its memory, which it had counted).
   * A leaf's total is its own count.
   */
  reached: Map<number, number>;
}

export function indexTree(tree: LinearModelUTree): TreeIndex {
  const nodes = tree.nodes();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const inherited = new Map(tree.toJSON({ form: 'model' }).nodes.map((n) => [n.id, n.inherited]));
  const reached = new Map<number, number>();
  const count = (n: NodeView): number => {
    const kids = n.children.map((id) => count(byId.get(id)!));
    // Below an action split every row goes down every child: the split node saw each row once.
    const total = n.split?.kind === 'action' ? n.samples : n.samples + n.children.reduce((s, id, c) => s + kids[c]! - inherited.get(id)!, 0);
    reached.set(n.id, total);
    return total;
  };
  count(nodes[0]!);
  return { nodes, root: nodes[0]!, byId, reached };
}

export function leavesOf(index: TreeIndex): NodeView[] {
  return index.nodes.filter((n) => n.isLeaf);
}

/** Q of each action the node models at its mean state (the baseline Q̄, by construction). */
export function qAtMean(node: NodeView): number[] {
  return node.model.actions.map((m) => m.baseline);
}

/**
 * The greedy action at a leaf's mean state. A leaf that models every action answers itself
 * (argmax of its baselines, ties to the lowest index as numpy). A leaf below an action split
 * models one action, so the whole tree is asked at that leaf's mean instead.
 */
export function greedyAtMean(tree: LinearModelUTree, leaf: NodeView): number {
  if (leaf.model.actions.length === tree.nActions) {
    const q = new Float64Array(tree.nActions);
    for (const m of leaf.model.actions) q[m.action] = m.baseline;
    return argmax(q);
  }
  return tree.act(leaf.model.mean);
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
