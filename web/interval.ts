/**
 * A feature's bounds in words, as every view shows them: "−0.05 < pole angle ≤ 0.02". The server's
 * `conditionsText` is code-like (`pole_angle <= 0.02`) for exports; people read this form.
 */
import { fmtThreshold, humanize } from './format.ts';

export interface Bounds {
  featureName: string;
  lower: number | null;
  upper: number | null;
}

export function intervalLabel(iv: Bounds): string {
  const name = humanize(iv.featureName);
  const f = fmtThreshold; // bounds are split thresholds: printed as the tree's boxes print them
  if (iv.lower !== null && iv.upper !== null) return `${f(iv.lower)} < ${name} ≤ ${f(iv.upper)}`;
  if (iv.upper !== null) return `${name} ≤ ${f(iv.upper)}`;
  return `${name} > ${f(iv.lower!)}`;
}

/** A region's conditions in words: its intervals, then `action = …` below an action split. */
export function conditionLabels(region: { conditions: readonly Bounds[]; actionName: string | null }): string[] {
  const labels = region.conditions.map((iv) => intervalLabel(iv));
  if (region.actionName !== null) labels.push(`action = ${humanize(region.actionName)}`);
  return labels;
}
