/**
 * Fidelity metrics between a model's Q-values and the network's (lmut-paper.md §4.3): RMSE and MAE,
 * the same relative to the network's Q range so runs with different reward scales compare
 * (§7.3 item 11), Pearson r as the authors' code reports it, and action agreement — the share of
 * states where both pick the same greedy action, ties to the lowest index as numpy's argmax.
 * Inputs are row-major n × A arrays; everything is accumulated in float64.
 */
import { argmax } from '../core/q-function.ts';

export interface ErrorMetrics {
  rmse: number;
  mae: number;
  /** rmse / (max − min of the labels); NaN when the labels are constant. */
  relRmse: number;
  /** mae / (max − min of the labels); NaN when the labels are constant. */
  relMae: number;
  /** Pearson correlation of predictions and labels; NaN when either is constant. */
  pearson: number;
}

/** Metrics over one action's column, or over every value when `action` is undefined. */
export function errorMetrics(pred: ArrayLike<number>, labels: ArrayLike<number>, n: number, A: number, action?: number): ErrorMetrics {
  const idx = (k: number) => (action === undefined ? k : k * A + action);
  const m = action === undefined ? n * A : n;
  let se = 0;
  let ae = 0;
  let sp = 0;
  let sl = 0;
  for (let k = 0; k < m; k++) {
    const e = pred[idx(k)]! - labels[idx(k)]!;
    se += e * e;
    ae += Math.abs(e);
    sp += pred[idx(k)]!;
    sl += labels[idx(k)]!;
  }
  const mp = sp / m;
  const ml = sl / m;
  let cov = 0;
  let vp = 0;
  let vl = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < m; k++) {
    const dp = pred[idx(k)]! - mp;
    const dl = labels[idx(k)]! - ml;
    cov += dp * dl;
    vp += dp * dp;
    vl += dl * dl;
    lo = Math.min(lo, labels[idx(k)]!);
    hi = Math.max(hi, labels[idx(k)]!);
  }
  const rmse = Math.sqrt(se / m);
  const mae = ae / m;
  const range = hi - lo;
  return {
    rmse,
    mae,
    relRmse: range > 0 ? rmse / range : NaN,
    relMae: range > 0 ? mae / range : NaN,
    pearson: vp > 0 && vl > 0 ? cov / Math.sqrt(vp * vl) : NaN,
  };
}

/** max − min of the labels (one action's, or all of them). */
export function labelRange(labels: ArrayLike<number>, n: number, A: number, action?: number): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < n; r++) {
    for (let a = 0; a < A; a++) {
      if (action !== undefined && a !== action) continue;
      lo = Math.min(lo, labels[r * A + a]!);
      hi = Math.max(hi, labels[r * A + a]!);
    }
  }
  return hi - lo;
}

/** Share of rows whose argmax (ties to the lowest index, as numpy) matches the labels'. */
export function actionAgreement(pred: ArrayLike<number>, labels: ArrayLike<number>, n: number, A: number): number {
  let same = 0;
  for (let r = 0; r < n; r++) if (argmax(pred, r * A, A) === argmax(labels, r * A, A)) same++;
  return same / n;
}
