/**
 * How far the tree's explanation can be trusted: per state and action, does the tree rank the
 * features like a network attribution does? Compared on magnitudes (|contribution| against
 * |attribution|), since the two are measured from different references (the leaf's mean state,
 * the background expectation, a baseline) and signs near 0 are noise.
 *
 * - Spearman's ρ: Pearson correlation of the ranks (ties share their average rank); undefined
 *   (null) when either side is constant. Features under NEGLIGIBLE_SHARE of a side's largest
 *   magnitude tie at zero on that side: noise among them (±0.07 beside a −2.03) would otherwise
 *   reorder them and swing ρ by 0.2 on a 4-feature state, between methods that agree on what matters.
 * - Top-k overlap: |top_k(tree) ∩ top_k(network)| / k.
 */
import type { Attribution } from './types.ts';

export interface ActionAgreement {
  action: number;
  spearman: number | null;
  topK: number;
}

export interface StateAgreement {
  k: number;
  perAction: ActionAgreement[];
  /** Means over actions (spearman over the defined ones; null if none). */
  spearman: number | null;
  topK: number;
}

export interface Distribution {
  n: number;
  mean: number | null;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
}

export interface AgreementSummary {
  states: number;
  k: number;
  spearman: Distribution;
  topK: Distribution;
}

/** Ranks 1..n, ties sharing their average rank. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => i).sort((a, b) => values[a]! - values[b]!);
  const out = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    for (let k = start; k <= end; k++) out[order[k]!] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return out;
}

export function spearman(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length) throw new RangeError(`spearman needs equal lengths, got ${a.length} and ${b.length}`);
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (ra.length + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < ra.length; i++) {
    sab += (ra[i]! - mean) * (rb[i]! - mean);
    saa += (ra[i]! - mean) ** 2;
    sbb += (rb[i]! - mean) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : null;
}

/** Indices of the k largest values (ties to the lower index). */
export function topIndices(values: readonly number[], k: number): number[] {
  return values.map((v, i) => i).sort((x, y) => values[y]! - values[x]! || x - y).slice(0, k);
}

export function topKOverlap(a: readonly number[], b: readonly number[], k: number): number {
  const kk = Math.min(k, a.length);
  if (kk <= 0) return 1;
  const top = new Set(topIndices(a, kk));
  return topIndices(b, kk).filter((i) => top.has(i)).length / kk;
}

/** Below this share of the largest |value| a feature counts as negligible for ρ (see above). */
export const NEGLIGIBLE_SHARE = 0.05;

/** Magnitudes with the negligible ones set to 0, so they tie. */
function significant(magnitudes: readonly number[]): number[] {
  const largest = Math.max(...magnitudes);
  return magnitudes.map((m) => (m < NEGLIGIBLE_SHARE * largest ? 0 : m));
}

/** Tree contributions against an attribution, both [action][feature]. `k` defaults to ⌈d/2⌉. */
export function compareAttributions(tree: readonly (readonly number[])[], network: readonly (readonly number[])[], k?: number): StateAgreement {
  const d = tree[0]?.length ?? 0;
  const kk = k ?? Math.max(1, Math.ceil(d / 2));
  const perAction = tree.map((t, a): ActionAgreement => {
    const ta = t.map(Math.abs);
    const na = network[a]!.map(Math.abs);
    return { action: a, spearman: spearman(significant(ta), significant(na)), topK: topKOverlap(ta, na, kk) };
  });
  const defined = perAction.map((p) => p.spearman).filter((s): s is number => s !== null);
  return {
    k: kk,
    perAction,
    spearman: defined.length ? defined.reduce((s, v) => s + v, 0) / defined.length : null,
    topK: perAction.reduce((s, p) => s + p.topK, 0) / perAction.length,
  };
}

/** Agreement of a tree explanation (`explainState`'s per-action `contributions`) with a network attribution. */
export function agreementWithTree(
  tree: { contributions: readonly (readonly { contribution: number }[])[] }, attribution: Pick<Attribution, 'values'>, k?: number,
): StateAgreement {
  return compareAttributions(tree.contributions.map((terms) => terms.map((t) => t.contribution)), attribution.values, k);
}

/** Mean and quartiles of per-state agreements (undefined Spearman values are left out and counted). */
export function summariseAgreement(states: readonly StateAgreement[]): AgreementSummary {
  return {
    states: states.length,
    k: states[0]?.k ?? 0,
    spearman: distribution(states.map((s) => s.spearman).filter((v): v is number => v !== null)),
    topK: distribution(states.map((s) => s.topK)),
  };
}

export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { n: 0, mean: null, min: null, q1: null, median: null, q3: null, max: null };
  const s = [...values].sort((a, b) => a - b);
  // Linear interpolation between order statistics (numpy's default quantile).
  const q = (p: number) => {
    const pos = p * (s.length - 1);
    const lo = Math.floor(pos);
    return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
  };
  return { n: s.length, mean: s.reduce((a, b) => a + b, 0) / s.length, min: s[0]!, q1: q(0.25), median: q(0.5), q3: q(0.75), max: s.at(-1)! };
}
