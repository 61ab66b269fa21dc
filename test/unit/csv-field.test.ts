import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it('says when a file is separated by semicolons or tabs, which read as one column', () => {
    const names = ['x', 'v'];
    const semicolons = join(tmp, 'semicolons.csv');
    writeFileSync(semicolons, 'x;v\n1;2\n');
    expect(() => readStatesCsv(semicolons, names)).toThrow(/header lacks the feature column\(s\) x, v \(expected: x, v\); the line holds semicolons: qlens reads comma-separated values with "\." as the decimal point/);
    const tabs = join(tmp, 'tabs.csv');
    writeFileSync(tabs, 'x\tv\n1\t2\n');
    expect(() => readStatesCsv(tabs, names)).toThrow('the line holds tabs');
    const decimalCommas = join(tmp, 'decimal-commas.csv');
    writeFileSync(decimalCommas, 'x,v\n1,5;2,5\n');
    expect(() => readStatesCsv(decimalCommas, names)).toThrow('line 2, column v: "5;2" is not a finite number; the line holds semicolons');
    const plain = join(tmp, 'plain.csv');
    writeFileSync(plain, 'x,w\n1,2\n');
    expect(() => readStatesCsv(plain, names)).toThrow(/lacks the feature column\(s\) v \(expected: x, v\)$/);
  });
});
