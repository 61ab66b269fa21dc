import { describe, expect, it } from 'vitest';
import type { RunListItem } from '../../../src/server/dto.ts';
import { sortRuns } from '../../../web/views/runs-sort.ts';

const run = (name: string, bestReturn: number | null) => ({ name, bestReturn }) as RunListItem;

describe('sortRuns', () => {
  const runs = [run('a', 10), run('b', null), run('c', 500), run('d', 10), run('e', -3)];
  const names = (rs: RunListItem[]) => rs.map((r) => r.name).join('');

  it('orders numbers either way, runs without a value last, ties in the given order', () => {
    expect(names(sortRuns(runs, (r) => r.bestReturn, 'desc'))).toBe('cadeb');
    expect(names(sortRuns(runs, (r) => r.bestReturn, 'asc'))).toBe('eadcb');
  });

  it('orders text alphabetically', () => {
    expect(names(sortRuns([run('Beta', 0), run('alpha', 0), run('gamma', 0)], (r) => r.name.toLowerCase(), 'asc'))).toBe('alphaBetagamma');
  });
});
