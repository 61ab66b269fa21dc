/**
 * The run's scalars as one long-format CSV, `step,series,value`, built in the page from the series
 * it already holds (nothing is fetched again): the raw values of every training chart, grouped by
 * series in the charts' order, steps ascending. Smoothed lines are a view setting and are not
 * exported, as in TensorBoard's "download data". There is no wall-time column: the events carry
 * no time.
 */
import { downloadBlob, downloadName } from '../download.ts';
import type { SeriesName, TrainingSeries } from './training-series.ts';

/** Each exported series: its name in the file and where its values come from. */
const EXPORTED: { name: string; series: SeriesName; value?: 'min' | 'max' }[] = [
  { name: 'episode_return', series: 'returns' },
  { name: 'episode_return_mean_last_100', series: 'rolling' },
  { name: 'greedy_eval_mean_return', series: 'evals' },
  { name: 'greedy_eval_min_return', series: 'evals', value: 'min' },
  { name: 'greedy_eval_max_return', series: 'evals', value: 'max' },
  { name: 'greedy_eval_stopped_early_mean_return', series: 'evalsEarly' },
  { name: 'greedy_eval_stopped_early_min_return', series: 'evalsEarly', value: 'min' },
  { name: 'greedy_eval_stopped_early_max_return', series: 'evalsEarly', value: 'max' },
  { name: 'td_loss', series: 'loss' },
  { name: 'mean_q', series: 'meanQ' },
  { name: 'epsilon', series: 'epsilon' },
  { name: 'tree_leaves', series: 'leaves' },
  { name: 'tree_depth', series: 'depth' },
  { name: 'tree_action_agreement_percent', series: 'agreement' },
  { name: 'tree_q_rmse', series: 'rmse' },
  { name: 'final_tree_leaves', series: 'leavesFinal' },
  { name: 'final_tree_action_agreement_percent', series: 'agreementFinal' },
  { name: 'final_tree_q_rmse', series: 'rmseFinal' },
];

export const CSV_HEADER = 'step,series,value';

const csvNumber = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? String(Number(v.toPrecision(15))) : String(v ?? ''));

/**
 * `step,series,value` rows of every series with points; values to 15 significant digits, where the
 * float noise of sums (a FlappyBird return of 0.1s: -9.299999999999999) rounds away and every digit a
 * logged value means stays.
 */
export function scalarsCsv(series: TrainingSeries): string {
  const lines = [CSV_HEADER];
  for (const { name, series: key, value } of EXPORTED) {
    const col = series.all[key];
    const ys = value === undefined ? col.y : series.evalRanges[key as 'evals' | 'evalsEarly'][value];
    col.x.forEach((x, i) => lines.push(`${x},${name},${csvNumber(ys[i])}`));
  }
  return `${lines.join('\n')}\n`;
}

/** `qlens-<run id>-<what>.csv`, with characters that file systems refuse replaced by `_`. */
export function csvFilename(runId: string, what = 'scalars'): string {
  return downloadName(runId, what, 'csv');
}

/** Saves `text` as a file named `filename` (the browser's download). */
export function downloadCsv(filename: string, text: string): void {
  downloadBlob(filename, new Blob([text], { type: 'text/csv;charset=utf-8' }));
}
