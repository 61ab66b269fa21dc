/**
 * What a SHAP summary's values explain, derived from the per-action values by linearity (see
 * shap-summary.ts), and SHAP's global importance. Imports nothing: the dashboard's bundle takes
 * it as is.
 */
import type { ShapSummary } from './shap-summary.ts';

/** What the values explain: one action's Q, one action's advantage, or each state's chosen action's advantage. */
export type ShapTarget = { kind: 'q'; action: number } | { kind: 'advantage'; action: number } | { kind: 'chosen' };

/** Per state, one value per feature for `target`, [state][feature]. */
export function targetValues(summary: Pick<ShapSummary, 'values' | 'greedy'>, target: ShapTarget): number[][] {
  return summary.values.map((perAction, s) => {
    if (target.kind === 'q') return [...perAction[target.action]!];
    const a = target.kind === 'chosen' ? summary.greedy[s]! : target.action;
    const A = perAction.length;
    return perAction[a]!.map((v, i) => v - perAction.reduce((sum, row) => sum + row[i]!, 0) / A);
  });
}

/** Mean absolute value per feature: SHAP's global importance. */
export function meanAbsolute(values: readonly (readonly number[])[], d: number): number[] {
  const out = new Array<number>(d).fill(0);
  for (const row of values) for (let i = 0; i < d; i++) out[i]! += Math.abs(row[i]!) / values.length;
  return out;
}

/** Feature indices, largest importance first (ties in feature order). */
export function byImportance(importance: readonly number[]): number[] {
  return importance.map((_, i) => i).sort((a, b) => importance[b]! - importance[a]! || a - b);
}

/** A readable name for a target, in the CLI's and the dashboard's wording. */
export function targetLabel(target: ShapTarget, actionNames: readonly string[]): string {
  if (target.kind === 'chosen') return 'the chosen action’s advantage';
  const name = actionNames[target.action] ?? `action ${target.action}`;
  return target.kind === 'q' ? `Q(${name})` : `advantage of ${name}`;
}

/** Mean |SHAP| of every action's Q, averaged over the actions: the quantity the tree's influence measures (its Q-values' variance). */
export function qImportance(summary: Pick<ShapSummary, 'values' | 'greedy' | 'actionNames' | 'featureNames'>): number[] {
  const d = summary.featureNames.length;
  const perAction = summary.actionNames.map((_, a) => meanAbsolute(targetValues(summary, { kind: 'q', action: a }), d));
  return Array.from({ length: d }, (_, i) => perAction.reduce((sum, m) => sum + m[i]!, 0) / perAction.length);
}

/** Each feature's share of the tree's influence, in feature order (the influence report lists features by influence). */
export function influenceShares(features: readonly { feature: number; share: number }[], d: number): number[] {
  return Array.from({ length: d }, (_, i) => features.find((f) => f.feature === i)?.share ?? 0);
}

/**
 * How two rankings of `d` features compare, as the end of a sentence whose subject names both:
 * "rank the features alike: Spearman ρ 0.95" (ρ ≥ 0.8; "partly alike" ≥ 0.4, else "differently");
 * with two features, whether they are in the same order (ρ is ±1 there and says no more).
 */
export function rankingVerdict(rho: number, d: number): string {
  if (d === 2) return `put the two features in ${rho > 0 ? 'the same order' : 'opposite orders'}`;
  const verdict = rho >= 0.8 ? 'alike' : rho >= 0.4 ? 'partly alike' : 'differently';
  return `rank the features ${verdict}: Spearman ρ ${rho < 0 ? '−' : ''}${Math.abs(rho).toFixed(2)} over ${d} features`;
}
