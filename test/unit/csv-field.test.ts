import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvField, splitCsvLine } from '../../src/core/csv-field.ts';
import { readStatesCsv, writeCsv } from '../../src/mimic/csv.ts';

const tmp = mkdtempSync(join(tmpdir(), 'qlens-csv-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('CSV fields', () => {
  it('splits what csvField joins, quotes and all', () => {
    const fields = ['plain', 'a,b', 'say "hi"', '', ' spaced ', '"'];
    expect(splitCsvLine(fields.map(csvField).join(','))).toEqual(fields);
    expect(splitCsvLine('1,2,,3')).toEqual(['1', '2', '', '3']);
    expect(splitCsvLine('"x",y')).toEqual(['x', 'y']);
    expect(splitCsvLine('')).toEqual(['']);
  });

  it('lets the mimic data sets carry feature names with commas and quotes both ways', () => {
    const names = ['x, metres', 'say "v"'];
    const path = join(tmp, 'train.csv');
    writeCsv(path, 2, [{ names, values: [1, 2, 3.5, -4] }, { names: ['q_a'], values: [0.25, 0.5] }]);
    expect(readFileSync(path, 'utf8')).toBe('"x, metres","say ""v""",q_a\n1,2,0.25\n3.5,-4,0.5\n');
    const back = readStatesCsv(path, names);
    expect(Array.from(back.obs)).toEqual([1, 2, 3.5, -4]);
    expect(back.n).toBe(2);
  });
});
