/**
 * Runs whose training logged the very same episodes: two runs of one seed and one set of settings
 * (training is deterministic), or a copied run folder. Their curves are drawn on top of each other,
 * so the one drawn last hides the other and the chart seems to have lost a run: the Compare view
 * says so.
 */
import type { ComparedRun } from './compare-data.ts';

/** Groups (2 or more, in the runs' order) of runs with identical episode returns, each at the same step. */
export function identicalRuns(runs: readonly ComparedRun[]): ComparedRun[][] {
  const byLog = new Map<string, ComparedRun[]>();
  for (const r of runs) {
    const returns = r.series?.all.returns;
    if (!returns || returns.x.length === 0) continue;
    const key = JSON.stringify([returns.x, returns.y]);
    byLog.set(key, [...(byLog.get(key) ?? []), r]);
  }
  return [...byLog.values()].filter((group) => group.length > 1);
}

