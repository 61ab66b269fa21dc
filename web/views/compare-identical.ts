/**
 * Runs whose training logged the very same episodes: two runs of one seed and one set of settings
 * (training is deterministic), or a copied run folder. Their curves are drawn on top of each other,
 * so the one drawn last hides the other and the chart seems to have lost a run: the Compare view
 * says so.
 */
import type { ComparedRun } from './compare-data.ts';

/** Groups (2 or more, in the runs' order) of runs with identical episode returns, each at the same step. */
export function identicalRuns(runs: readonly ComparedRun[]): ComparedRun[][] {
  // Called on every poll while a run trains: a run whose count and last point no other run shares
  // is never written out whole.
  const groupBy = (rs: readonly ComparedRun[], key: (x: { x: number[]; y: number[] }) => string) => {
    const groups = new Map<string, ComparedRun[]>();
    for (const r of rs) {
      const returns = r.series?.all.returns;
      if (!returns || returns.x.length === 0) continue;
      const k = key(returns);
      groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    return [...groups.values()].filter((g) => g.length > 1);
  };
  return groupBy(runs, (r) => `${r.x.length} ${r.x.at(-1)} ${r.y.at(-1)}`).flatMap((g) => groupBy(g, (r) => JSON.stringify([r.x, r.y])));
}
