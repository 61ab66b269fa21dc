/**
 * The test oracle for src/explain/cart.ts (it was the product's CART until ml-cart's quadratic split
 * search proved too slow for whole training sets). A CART regression tree (ml-cart) cut down to a leaf budget, so the CART baseline gets exactly as
 * many leaves as the LMUT it is compared with. ml-cart has no `maxLeaves` knob, so:
 *
 *  1. grow the tree deep with ml-cart (`minNumSamples` rows per leaf, no depth limit);
 *  2. route the training rows through it (its rule: `x[col] < value` goes left) to get every
 *     node's mean and squared error (SSE) — ml-cart keeps predictions at leaves only;
 *  3. regrow best-first from the root: repeatedly open the frontier node whose split removes the
 *     most SSE, until the budget is reached.
 *
 * Step 3 yields what scikit-learn's `max_leaf_nodes` does (best-first growth), not an
 * approximation of it: a CART node's split depends only on the rows reaching it, never on growth
 * order, so the deep tree contains every best-first tree as its top. Weakest-link pruning would
 * remove whole subtrees at a time and overshoot the budget; a depth or min-samples search would
 * rarely land on it. The tree has fewer leaves only when the deep tree has fewer (ml-cart stops
 * at constant targets, and — a quirk — at splits that leave both children perfectly pure).
 */
import { type CartNodeJSON, DecisionTreeRegression } from 'ml-cart';

/** A node of the budgeted tree: a split (`x[feature] < threshold` goes left, as ml-cart) or a leaf value. */
export type BudgetNode = { feature: number; threshold: number; left: BudgetNode; right: BudgetNode } | { value: number };

export interface BudgetTree {
  root: BudgetNode;
  leaves: number;
  /** Leaves of the deep tree it was cut from. */
  grownLeaves: number;
}

interface Grown {
  json: CartNodeJSON;
  rows: number[];
  mean: number;
  sse: number;
  children: [Grown, Grown] | null;
  /** Breadth-first position, to break gain ties deterministically. */
  order: number;
}

/** Fits ml-cart on (X, y) and keeps the best-first top `maxLeaves` leaves. */
export function cartWithLeafBudget(X: number[][], y: number[], maxLeaves: number, minNumSamples = 3): BudgetTree {
  const cart = new DecisionTreeRegression({ minNumSamples });
  cart.train(X, y);
  let grownLeaves = 0;
  let order = 0;
  const build = (json: CartNodeJSON, rows: number[]): Grown => {
    const { mean, sse } = meanAndSse(y, rows);
    const node: Grown = { json, rows, mean, sse, children: null, order: order++ };
    if (json.left && json.right) {
      const col = json.splitColumn!;
      const value = json.splitValue!;
      node.children = [build(json.left, rows.filter((r) => X[r]![col]! < value)), build(json.right, rows.filter((r) => !(X[r]![col]! < value)))];
    } else grownLeaves++;
    return node;
  };
  const root = build(cart.toJSON().root, X.map((_, r) => r));
  const opened = new Set<Grown>();
  const frontier = [root];
  let leaves = 1;
  while (leaves < maxLeaves) {
    let best: Grown | null = null;
    let bestGain = -Infinity;
    for (const node of frontier) {
      if (!node.children) continue;
      const gain = node.sse - node.children[0].sse - node.children[1].sse;
      if (gain > bestGain || (gain === bestGain && best !== null && node.order < best.order)) [best, bestGain] = [node, gain];
    }
    if (!best) break;
    opened.add(best);
    frontier.splice(frontier.indexOf(best), 1, ...best.children!);
    leaves++;
  }
  const cut = (node: Grown): BudgetNode =>
    opened.has(node) ? { feature: node.json.splitColumn!, threshold: node.json.splitValue!, left: cut(node.children![0]), right: cut(node.children![1]) } : { value: node.mean };
  return { root: cut(root), leaves, grownLeaves };
}

/** Mean and squared error of `y` over `rows` (two-pass, float64). */
function meanAndSse(y: number[], rows: number[]): { mean: number; sse: number } {
  let s = 0;
  for (const r of rows) s += y[r]!;
  const mean = rows.length > 0 ? s / rows.length : 0;
  let sse = 0;
  for (const r of rows) sse += (y[r]! - mean) ** 2;
  return { mean, sse };
}

export function predictBudgetTree(node: BudgetNode, x: ArrayLike<number>, xo: number): number {
  let n = node;
  while ('feature' in n) n = x[xo + n.feature]! < n.threshold ? n.left : n.right;
  return n.value;
}
