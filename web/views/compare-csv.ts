/**
 * The compared runs' scalars as one long-format CSV, `run,step,series,value`: each run's rows are
 * the Training view's download (training-csv.ts) with the run's name in front, so the file loads
 * into pandas or a spreadsheet as TensorBoard's multi-run export does.
 */
import { csvField } from '../../src/core/csv-field.ts';
import type { ComparedRun } from './compare-data.ts';
import { CSV_HEADER, scalarsCsv } from './training-csv.ts';

export function compareCsv(runs: readonly ComparedRun[]): string {
  const lines = [`run,${CSV_HEADER}`];
  for (const run of runs) {
    if (!run.series) continue;
    const name = csvField(run.detail.run.name);
    for (const row of scalarsCsv(run.series).trimEnd().split('\n').slice(1)) lines.push(`${name},${row}`);
  }
  return `${lines.join('\n')}\n`;
}
