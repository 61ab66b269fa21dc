/**
 * Leaf-budget recycling. An online tree spends its `maxLeaves` on whichever leaves qualify first,
 * and the first splits are decided on a few hundred correlated samples (one CartPole episode), so
 * with a small budget it can end up far from what a best-first batch tree would build with the
 * same number of leaves. When the budget is used up and a leaf finds a split worth clearly more
 * (RECYCLE_MARGIN ×) than the weakest existing split whose children are both leaves, that split
 * is undone (its two leaves merged back, collapse.ts) and the new one made. Over a long stream the
 * leaves drift towards where they reduce the most error, as best-first growth would place them.
 *
 * A split's value is the error it removes per stream sample: its squared-error reduction per
 * sample in its region, times the share of the stream reaching that region. For existing splits
 * it comes from the children's sufficient statistics (so only `rls` trees recycle, whose
 * statistics hold the full feature covariance); for a candidate, from the leaf's memory.
 */
import type { LmutNode, NodeFactorySettings } from './node.ts';
import { createLearner } from './linear-model.ts';
import { LeafStats } from './stats.ts';
import type { LinearParams } from './types.ts';

/** How much more a candidate must be worth than the split it replaces (hysteresis against churn). */
export const RECYCLE_MARGIN = 2;

type Criterion = 'variance' | 'residual';

/** Squared error of the model `p` over the samples summarised by `stats` (constant fit for `variance`). */
export function sseFromStats(stats: LeafStats, p: LinearParams, criterion: Criterion): number {
  const { d, k } = stats;
  let sse = 0;
  for (let c = 0; c < k; c++) {
    // Residual (y − ȳ) − w·(x − μ): Σ r² = Cyy − 2 w·Cxy + wᵀ Cxx w (the model's baseline is ȳ).
    let s = stats.cyy[c]!;
    if (criterion === 'residual') {
      for (let i = 0; i < d; i++) {
        const wi = p.weights[c * d + i]!;
        s -= 2 * wi * stats.cxy[i * k + c]!;
        for (let j = 0; j < d; j++) s += wi * p.weights[c * d + j]! * stats.comoment(i, j);
      }
    }
    sse += s;
  }
  return Math.max(0, sse);
}

/** Share of the stream that reached `node` since it was created. */
export function trafficShare(node: LmutNode, seen: number): number {
  const age = seen - node.born;
  return age > 0 ? Math.min(1, (node.samples - node.inherited) / age) : 0;
}

/** Squared error removed per sample in its region by the split of `node` (children: learning leaves). */
export function splitGain(node: LmutNode, f: NodeFactorySettings, criterion: Criterion): number {
  const [l, r] = node.children as [LmutNode, LmutNode];
  const ls = l.state!.stats;
  const rs = r.state!.stats;
  const merged = new LeafStats(ls.d, ls.k, true);
  merged.merge(ls);
  merged.merge(rs);
  if (merged.n <= 0) return 0;
  const asLeaf = createLearner(f.learner, node.frozen!.weights, merged).params(merged);
  const gain = sseFromStats(merged, asLeaf, criterion) - sseFromStats(ls, l.params(), criterion) - sseFromStats(rs, r.params(), criterion);
  return Math.max(0, gain) / merged.n;
}

/** Share of the stream that reached the split `node` since its children were created. */
function splitShare(node: LmutNode, seen: number): number {
  const [l, r] = node.children as [LmutNode, LmutNode];
  const age = seen - l.born;
  return age > 0 ? Math.min(1, (l.samples - l.inherited + r.samples - r.inherited) / age) : 0;
}

/**
 * Finds the threshold split with the lowest value among those whose children are both learning
 * leaves, other than `exclude` (the parent of the leaf that wants to split). The per-sample gain
 * is cached until either child's statistics change, so the result depends only on the tree's
 * state (a saved and reloaded tree makes the same decisions).
 */
export class SplitLedger {
  private readonly cache = new WeakMap<LmutNode, { gain: number; lv: number; rv: number; l: LmutNode }>();

  constructor(
    private readonly f: NodeFactorySettings,
    private readonly criterion: Criterion,
  ) {}

  weakest(root: LmutNode, seen: number, exclude: LmutNode | null): { node: LmutNode; value: number } | null {
    let best: { node: LmutNode; value: number } | null = null;
    const visit = (n: LmutNode) => {
      if (n.isLeaf) return;
      const [l, r] = n.children;
      if (n.split!.kind === 'threshold' && n !== exclude && l!.state && r!.state) {
        const lv = l!.state.stats.version;
        const rv = r!.state.stats.version;
        let entry = this.cache.get(n);
        if (!entry || entry.lv !== lv || entry.rv !== rv || entry.l !== l) {
          entry = { gain: splitGain(n, this.f, this.criterion), lv, rv, l: l! };
          this.cache.set(n, entry);
        }
        const value = entry.gain * splitShare(n, seen);
        if (!best || value < best.value) best = { node: n, value };
      }
      for (const c of n.children) visit(c);
    };
    visit(root);
    return best;
  }
}
