/**
 * CART regression trees grown best-first to a leaf budget — scikit-learn's
 * `DecisionTreeRegressor(max_leaf_nodes=…)` — on every training row.
 *
 * Why not ml-cart, the stack's CART: its split search is quadratic in a node's rows (it re-splits
 * the rows for every candidate threshold), about 1.5 s for 3,000 rows per action, so the baseline
 * could only be fitted on a few percent of the states the LMUT learned from. A CART fitted on a
 * subsample is a weaker baseline than a user would get from scikit-learn, and the fidelity report
 * would flatter the LMUT. This is the same algorithm with presorted features: each feature's row
 * order is sorted once; a node owns one contiguous segment of every order, the split search is a
 * single scan per feature, and a split partitions the segments stably. Growing costs
 * O(depth · rows · features). test/unit/explain/cart.test.ts checks it against ml-cart.
 *
 * A split sends `x[feature] < threshold` left (ml-cart's rule); the threshold is the midpoint of
 * two consecutive distinct values. Best-first: the frontier leaf whose split removes the most
 * squared error is opened next, ties going to the leaf created first.
 */

/** A node: a split (`x[feature] < threshold` goes left) or a leaf value. */
export type CartNode = { feature: number; threshold: number; left: CartNode; right: CartNode } | { value: number };

export interface CartTree {
  root: CartNode;
  leaves: number;
}

interface Candidate {
  start: number;
  end: number;
  mean: number;
  /** Squared error removed by the best split; 0 when the node cannot be split. */
  gain: number;
  feature: number;
  threshold: number;
  /** Creation order, for deterministic ties. */
  order: number;
  /** Filled in when the node is opened. */
  split: { left: Candidate; right: Candidate } | null;
}

/**
 * Each feature's row order of `n` rows of `x` (row-major, `d` features). It depends on the states
 * only, so trees fitted to several targets on the same states (one per action) share one sort.
 */
export function sortFeatureOrders(x: ArrayLike<number>, d: number, n: number): Int32Array[] {
  return Array.from({ length: d }, (_, f) => {
    const order = Int32Array.from({ length: n }, (_, r) => r);
    // Ties by row index, so the order (and the tree) never depends on the sort's stability.
    return order.sort((a, b) => x[a * d + f]! - x[b * d + f]! || a - b);
  });
}

/**
 * Grows a regression tree on `n` rows of `x` (row-major, `d` features) with targets `y` until it
 * has `maxLeaves` leaves or no leaf can be split. Nodes with fewer than `minSamplesSplit` rows stay
 * leaves (scikit-learn's `min_samples_split`; ml-cart's `minNumSamples` is one less). `presorted`:
 * `sortFeatureOrders` of the same rows, left unchanged (growing partitions a copy).
 */
export function fitCartBestFirst(
  x: ArrayLike<number>,
  d: number,
  y: ArrayLike<number>,
  n: number,
  maxLeaves: number,
  minSamplesSplit = 2,
  presorted?: readonly Int32Array[],
): CartTree {
  const value = (row: number, f: number) => x[row * d + f]!;
  const orders = presorted ? presorted.map((o) => o.slice()) : sortFeatureOrders(x, d, n);
  const goesLeft = new Uint8Array(n);
  const scratch = new Int32Array(n);
  let created = 0;

  const candidate = (start: number, end: number): Candidate => {
    const rows = orders[0]!;
    let sum = 0;
    for (let i = start; i < end; i++) sum += y[rows[i]!]!;
    const count = end - start;
    const mean = sum / count;
    const node: Candidate = { start, end, mean, gain: 0, feature: -1, threshold: 0, order: created++, split: null };
    if (count < minSamplesSplit) return node;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = start; i < end; i++) {
      const t = y[rows[i]!]!;
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
    if (lo === hi) return node; // constant targets: rounding in the centring must not split them
    // Targets centred on the node's mean: the removed error of a split with left sum s (of
    // count l) is s²/l + (S − s)²/(count − l) − S²/count, S ≈ 0, without cancellation.
    let total = 0;
    for (let i = start; i < end; i++) total += y[rows[i]!]! - mean;
    for (let f = 0; f < d; f++) {
      const order = orders[f]!;
      let left = 0;
      for (let i = start; i < end - 1; i++) {
        const row = order[i]!;
        left += y[row]! - mean;
        const here = value(row, f);
        const next = value(order[i + 1]!, f);
        if (!(here < next)) continue;
        const l = i + 1 - start;
        const gain = (left * left) / l + ((total - left) * (total - left)) / (count - l) - (total * total) / count;
        if (gain > node.gain) {
          node.gain = gain;
          node.feature = f;
          const mid = (here + next) / 2;
          node.threshold = mid > here ? mid : next;
        }
      }
    }
    return node;
  };

  /** Partitions every feature's segment of `node` stably into its left rows, then its right rows. */
  const open = (node: Candidate): void => {
    const { start, end, feature, threshold } = node;
    for (let i = start; i < end; i++) {
      const row = orders[0]![i]!;
      goesLeft[row] = value(row, feature) < threshold ? 1 : 0;
    }
    let middle = start;
    for (const order of orders) {
      let l = start;
      let r = 0;
      for (let i = start; i < end; i++) {
        const row = order[i]!;
        if (goesLeft[row]) order[l++] = row;
        else scratch[r++] = row;
      }
      order.set(scratch.subarray(0, r), l);
      middle = l;
    }
    node.split = { left: candidate(start, middle), right: candidate(middle, end) };
  };

  const root = candidate(0, n);
  const frontier: Candidate[] = [root];
  let leaves = 1;
  while (leaves < maxLeaves) {
    let best = -1;
    for (let i = 0; i < frontier.length; i++) {
      const c = frontier[i]!;
      if (c.gain > 0 && (best < 0 || c.gain > frontier[best]!.gain || (c.gain === frontier[best]!.gain && c.order < frontier[best]!.order))) best = i;
    }
    if (best < 0) break;
    const node = frontier[best]!;
    open(node);
    frontier.splice(best, 1, node.split!.left, node.split!.right);
    leaves++;
  }
  const build = (c: Candidate): CartNode => (c.split ? { feature: c.feature, threshold: c.threshold, left: build(c.split.left), right: build(c.split.right) } : { value: c.mean });
  return { root: build(root), leaves };
}

export function predictCart(node: CartNode, x: ArrayLike<number>, xo: number): number {
  let n = node;
  while ('feature' in n) n = x[xo + n.feature]! < n.threshold ? n.left : n.right;
  return n.value;
}
