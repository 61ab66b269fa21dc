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
