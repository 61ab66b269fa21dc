/**
 * The Compare view's address, `#/compare?runs=<id>,<id>,…`: built by the runs list, read back (from
 * a click or a hand-typed link) and checked before anything is fetched. A link that cannot be
 * compared as it stands gets a problem naming what is wrong and, where one exists, the nearest
 * comparable set of runs (the first 8, each run once) to offer instead.
 */

/** Runs one Compare view overlays: beyond eight, one colour per run is no longer told apart. */
export const MAX_COMPARE = 8;

/** `#/compare?runs=a,b`: each id URL-encoded, so an id's own characters never split the list. */
export function compareHref(ids: readonly string[]): string {
  return `#/compare?runs=${ids.map(encodeURIComponent).join(',')}`;
}

/**
 * The ids in a raw query string (`runs=a,b&x=1`), split on literal commas before decoding (an
 * encoded `%2C` stays inside its id); blanks from stray commas are dropped. Null when there is no
 * `runs` parameter at all.
 */
export function idsFromQuery(rawQuery: string): string[] | null {
  const param = rawQuery.split('&').find((p) => p === 'runs' || p.startsWith('runs='));
  if (param === undefined) return null;
  return param
    .slice('runs='.length)
    .split(',')
    .map((raw) => {
      try {
        return decodeURIComponent(raw).trim();
      } catch {
        return raw.trim(); // a stray % is part of what was typed
      }
    })
    .filter((id) => id !== '');
}

export interface CompareProblem {
  title: string;
  detail: string;
  /** Runs that can be compared instead (2–8, each once), or null: back to the runs list. */
  instead: string[] | null;
  /** The one run a single-id link names: the notice offers to open it. */
  single?: string;
}

/** What is wrong with `ids` as a comparison (none given, a repeat, more than 8, only one), or null when they can be compared. */
export function checkCompareIds(ids: readonly string[] | null): CompareProblem | null {
  if (ids === null || ids.length === 0) {
    return { title: 'This link names no runs to compare.', detail: 'A comparison link lists run ids: #/compare?runs=<id>,<id>. Tick the runs to compare in the runs list.', instead: null };
  }
  const unique = [...new Set(ids)];
  const firstFew = (list: string[]) => (list.length >= 2 ? list.slice(0, MAX_COMPARE) : null);
  if (unique.length < ids.length) {
    const repeated = unique.filter((id) => ids.indexOf(id) !== ids.lastIndexOf(id));
    const names = repeated.map((id) => `“${id}”`).join(', ');
    return {
      title: `This link names ${repeated.length === 1 ? 'a run' : 'runs'} more than once: ${names}.`,
      detail: 'A run is compared with other runs, not with itself.',
      instead: firstFew(unique),
      ...(unique.length === 1 ? { single: unique[0]! } : {}),
    };
  }
  if (ids.length > MAX_COMPARE) {
    return {
      title: `This link names ${ids.length} runs; at most ${MAX_COMPARE} can be compared at once.`,
      detail: `Beyond ${MAX_COMPARE}, the runs’ colours can no longer be told apart. Compare them in groups.`,
      instead: firstFew(unique),
    };
  }
  if (ids.length === 1) {
    return { title: `This link names only one run, “${ids[0]}”.`, detail: 'Comparing needs at least two runs of one environment: tick them in the runs list.', instead: null, single: ids[0]! };
  }
  return null;
}

/** The run ids of the page's own Compare link (`#/compare?runs=…`), as `idsFromQuery` reads them. */
export function idsOfLocation(): string[] | null {
  return idsFromQuery(location.hash.split('?', 2)[1] ?? '');
}

/** The tab's title: with the count only while the link names runs to compare (main.ts), without once they turn out not comparable (compare.ts). */
export const compareTitle = (count?: number) => (count === undefined ? 'Compare runs · qlens' : `Compare ${count} runs · qlens`);
