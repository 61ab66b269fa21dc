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

/**
 * Squared error of the model `p` over the samples summarised by `stats` (constant fit for
 * `variance`), weighted as the split search weighs it (split.ts): SSE of the actions' mean residual
 * plus `advantageWeight` × SSE of their deviations from it. Candidates and existing splits must be
 * valued alike: scored in plain SSE, existing splits looked up to ~advantageWeight× cheaper than
 * candidates, and the splits that separate the actions were the ones recycled.
 */
export function sseFromStats(stats: LeafStats, p: LinearParams, criterion: Criterion, advantageWeight = 1): number {
  const { d, k } = stats;
  // Σ_rows r_c r_c2 of the residuals (y_c − ȳ_c) − w_c·(x − μ) (the model's baseline is ȳ):
  // Cyy[c,c2] − w_c·Cxy[:,c2] − w_c2·Cxy[:,c] + w_cᵀ Cxx w_c2.
  const residualComoment = (c: number, c2: number) => {
    let s = stats.labelComoment(c, c2);
    if (criterion === 'residual') {
      for (let i = 0; i < d; i++) {
        const wi = p.weights[c * d + i]!;
        const w2i = p.weights[c2 * d + i]!;
        s -= wi * stats.cxy[i * k + c2]! + w2i * stats.cxy[i * k + c]!;
        for (let j = 0; j < d; j++) s += wi * p.weights[c2 * d + j]! * stats.comoment(i, j);
      }
    }
    return s;
  };
  let own = 0;
  for (let c = 0; c < k; c++) own += residualComoment(c, c);
  if (advantageWeight === 1 || k === 1) return Math.max(0, own);
  // Per row, k·r̄² + α Σ_c (r_c − r̄)² = α Σ_c r_c² + (1 − α)/k · (Σ_c r_c)².
  let all = own;
  for (let c = 0; c < k; c++) for (let c2 = c + 1; c2 < k; c2++) all += 2 * residualComoment(c, c2);
  return Math.max(0, advantageWeight * own + ((1 - advantageWeight) / k) * all);
}

/** Share of the stream that reached `node` since it was created. */
export function trafficShare(node: LmutNode, seen: number): number {
  const age = seen - node.born;
  return age > 0 ? Math.min(1, (node.samples - node.inherited) / age) : 0;
}

/** Squared error removed per sample in its region by the split of `node` (children: learning leaves). */
export function splitGain(node: LmutNode, f: NodeFactorySettings, criterion: Criterion, advantageWeight: number): number {
  const [l, r] = node.children as [LmutNode, LmutNode];
  const ls = l.state!.stats;
  const rs = r.state!.stats;
  const merged = new LeafStats(ls.d, ls.k, true);
  merged.merge(ls);
  merged.merge(rs);
  if (merged.n <= 0) return 0;
  const asLeaf = createLearner(f.learner, node.frozen!.weights, merged).params(merged);
  const sse = (s: LeafStats, p: LinearParams) => sseFromStats(s, p, criterion, advantageWeight);
  const gain = sse(merged, asLeaf) - sse(ls, l.params()) - sse(rs, r.params());
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
    private readonly advantageWeight: number,
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
          entry = { gain: splitGain(n, this.f, this.criterion, this.advantageWeight), lv, rv, l: l! };
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
