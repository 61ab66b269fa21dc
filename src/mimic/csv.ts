/**
 * Plain numeric CSV for the mimic's data sets (`--save-data`, `--from`): a header of column names,
 * then one row per state. Features are named as the environment names them, Q columns `q_<action>`,
 * predictions `pred_<action>` (the LMUT's; `cart_pred_`/`linear_pred_` the baselines', see
 * save-data.ts), so any other tool can be compared on exactly the same data. A name holding a
 * comma or a quote is quoted (RFC 4180), and read back so.
 */
import { csvField, splitCsvLine } from '../core/csv-field.ts';
import { DataError, FileFormatError } from '../core/errors.ts';
import { readFileNamed } from '../core/read-file.ts';
import { writeFileAtomic } from '../runs/atomic.ts';
import type { StateSet } from './collect.ts';

/** Writes `columns` (each n × width row-major, with its names) side by side. */
export function writeCsv(path: string, n: number, columns: { names: readonly string[]; values: ArrayLike<number> }[]): void {
  const lines = [columns.flatMap((c) => c.names).map(csvField).join(',')];
  for (let r = 0; r < n; r++) {
    const cells: string[] = [];
    for (const c of columns) {
      const w = c.names.length;
      for (let j = 0; j < w; j++) cells.push(String(c.values[r * w + j]));
    }
    lines.push(cells.join(','));
  }
  writeFileAtomic(path, `${lines.join('\n')}\n`);
}

/**
 * Reads states from a CSV whose header names every feature (other columns are ignored, any order).
 * Errors name the file, the line and the column.
 */
export function readStatesCsv(path: string, featureNames: readonly string[]): StateSet {
  const text = readFileNamed(path, 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new FileFormatError(path, 'needs a header line and at least one row');
  const header = splitCsvLine(lines[0]!).map((h) => h.trim());
  const index = featureNames.map((name) => header.indexOf(name));
  const missing = featureNames.filter((_, i) => index[i]! < 0);
  if (missing.length) throw new FileFormatError(path, `header lacks the feature column(s) ${missing.join(', ')} (expected: ${featureNames.join(', ')})${separatorHint(lines[0]!)}`);
  const d = featureNames.length;
  const n = lines.length - 1;
  const obs = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    const cells = splitCsvLine(lines[r + 1]!);
    for (let j = 0; j < d; j++) {
      const raw = cells[index[j]!];
      const v = raw === undefined ? NaN : Number(raw);
      if (!Number.isFinite(v)) throw new DataError(`${path}: line ${r + 2}, column ${featureNames[j]}: ${JSON.stringify(raw ?? '')} is not a finite number${separatorHint(lines[r + 1]!)}`);
      obs[r * d + j] = v;
    }
  }
  return { obs, n, obsDim: d };
}

/**
 * Spreadsheets in many locales save "CSV" separated by semicolons (with decimal commas), and
 * pandas' `to_csv(sep='\t')` by tabs: such a line reads as one column here, and the bare error
 * (a missing column, a cell that is not a number) would not say why.
 */
function separatorHint(line: string): string {
  const other = [';', '\t'].find((sep) => line.includes(sep));
  if (other === undefined) return '';
  return `; the line holds ${other === ';' ? 'semicolons' : 'tabs'}: qlens reads comma-separated values with "." as the decimal point (pandas: to_csv(path, index=False))`;
}
