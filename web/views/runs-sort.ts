/** The runs list's order when a column title was clicked (web/views/runs.ts). */
import type { RunListItem } from '../../src/server/dto.ts';

/** Runs in `order` of `key`; runs without a value last either way, ties in the server's order. */
export function sortRuns(runs: readonly RunListItem[], key: (r: RunListItem) => number | string | null, order: 'asc' | 'desc'): RunListItem[] {
  const sign = order === 'asc' ? 1 : -1;
  return runs
    .map((run, i) => ({ run, i, v: key(run) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v));
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((x) => x.run);
}
