/**
 * Bottom-up post-pruning against held-out fidelity (Green & Sheppard, ICMLA 2024, report that
 * post-pruning brings LMUT's Q closer to the agent's; their exact rule is not available, so this is
 * reduced-error pruning in the sense of Quinlan): visit internal nodes children-first, and collapse
 * a node into a leaf when the leaf's squared Q error on the held-out rows reaching it is no larger
 * than that of its (already pruned) subtree. Each decision can only lower or keep the held-out
 * error, so the tree's held-out RMSE never increases.
 *
 * The collapsed leaf keeps learning (collapse.ts); for SGD/Adam trees its starting weights are
 * whichever of the node's pre-split model and its leaves' average does better on the held-out
 * rows. An action split at the root is never collapsed.
 */
import { collapse, collapsedStates } from './collapse.ts';
import type { LeafState, LmutNode } from './node.ts';
import type { LinearModelUTree } from './tree.ts';
import type { LinearParams } from './types.ts';
import { checkBatch } from './validate.ts';

export interface PruneOptions {
  /**
   * Also collapse subtrees that no held-out row reaches (their error is 0 either way).
   * @default true
   */
  collapseUnreached?: boolean;
}

export interface PruneReport {
  leavesBefore: number;
  leavesAfter: number;
  nodesBefore: number;
  nodesAfter: number;
  /** RMSE over all held-out rows and actions. */
  rmseBefore: number;
  rmseAfter: number;
  /** Internal nodes turned into leaves. */
  collapsed: number;
}

export function pruneTree(tree: LinearModelUTree, heldOutObs: ArrayLike<number>, heldOutQ: ArrayLike<number>, n: number, options: PruneOptions = {}): PruneReport {
  const { obsDim: d, nActions: A } = tree;
  checkBatch(heldOutObs, heldOutQ, n, d, A, tree.featureNames, tree.actionNames, 'pruneTree');
  const collapseUnreached = options.collapseUnreached ?? true;
  const before = tree.summary;
  const rmseBefore = rmse(tree.qBatch64(heldOutObs, n), heldOutQ);
  const { root, factory, changed } = tree._internals();
  let collapsed = 0;

  /** Squared error of `params` (for `node.actions`) on `rows`. */
  const sseOf = (node: LmutNode, p: LinearParams, rows: Int32Array): number => {
    let sse = 0;
    for (const r of rows) {
      for (let c = 0; c < node.actions.length; c++) {
        let v = p.baseline[c]!;
        for (let i = 0; i < d; i++) v += p.weights[c * d + i]! * (heldOutObs[r * d + i]! - p.mean[i]!);
        sse += (v - heldOutQ[r * A + node.actions[c]!]!) ** 2;
      }
    }
    return sse;
  };

  const visit = (node: LmutNode, rows: Int32Array): number => {
    const s = node.split;
    if (!s) return sseOf(node, node.params(), rows);
    if (s.kind === 'action') return node.children.reduce((sum, child) => sum + visit(child, rows), 0);
    const goesLeft = rows.filter((r) => heldOutObs[r * d + s.feature]! <= s.threshold);
    const goesRight = rows.filter((r) => !(heldOutObs[r * d + s.feature]! <= s.threshold));
    const subtree = visit(node.children[0]!, goesLeft) + visit(node.children[1]!, goesRight);
    if (rows.length === 0 && !collapseUnreached) return subtree;
    let candidate: LeafState | null = null;
    let asLeaf = Infinity;
    for (const option of collapsedStates(node, factory, true)) {
      const sse = sseOf(node, option ? option.learner.params(option.stats) : node.frozen!, rows);
      if (sse < asLeaf) {
        asLeaf = sse;
        candidate = option;
      }
    }
    if (asLeaf > subtree) return subtree;
    collapse(node, candidate, factory);
    collapsed++;
    return asLeaf;
  };
  visit(root, Int32Array.from({ length: n }, (_, r) => r));
  changed();
  const after = tree.summary;
  return {
    leavesBefore: before.leaves,
    leavesAfter: after.leaves,
    nodesBefore: before.nodes,
    nodesAfter: after.nodes,
    rmseBefore,
    rmseAfter: rmse(tree.qBatch64(heldOutObs, n), heldOutQ),
    collapsed,
  };
}

function rmse(pred: Float64Array, q: ArrayLike<number>): number {
  if (pred.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += (pred[i]! - q[i]!) ** 2;
  return Math.sqrt(s / pred.length);
}
