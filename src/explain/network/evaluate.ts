/**
 * Batched Q evaluation for the model-agnostic methods. They build thousands of synthetic states
 * (coalitions, perturbations, grid points) and need Q for all of them: one `qBatch` call per chunk
 * amortises the per-call cost (the fused engine runs ~1 µs per state in batches, far more per
 * single call). Results come back as float64 so the methods' sums do not add float32 rounding.
 */
import { DataError } from '../../core/errors.ts';
import type { QEvaluator } from './types.ts';

/** Rows per `qBatch` call: large enough to amortise the call, small enough to bound memory. */
export const EVAL_CHUNK = 8192;

/** Q for `n` states stored row-major in `rows`; returns `n × nActions` float64, row-major. */
export function evaluateRows(model: QEvaluator, rows: Float32Array, n: number): Float64Array {
  const { obsDim: d, nActions: A } = model;
  const out = new Float64Array(n * A);
  for (let start = 0; start < n; start += EVAL_CHUNK) {
    const m = Math.min(EVAL_CHUNK, n - start);
    const q = model.qBatch(rows.subarray(start * d, (start + m) * d), m);
    if (q.length < m * A) throw new DataError(`qBatch returned ${q.length} values for ${m} states × ${A} actions`);
    for (let k = 0; k < m * A; k++) out[start * A + k] = q[k]!;
  }
  return out;
}

/** Q(state, ·) as float64. */
export function evaluateOne(model: QEvaluator, state: Float32Array): number[] {
  return Array.from(evaluateRows(model, state, 1));
}

/** Per action, the mean over consecutive groups of `groupSize` rows of a `n × A` result. */
export function groupMeans(q: Float64Array, nActions: number, groupSize: number): Float64Array {
  const groups = q.length / nActions / groupSize;
  const out = new Float64Array(groups * nActions);
  for (let g = 0; g < groups; g++) {
    for (let r = 0; r < groupSize; r++) {
      const row = (g * groupSize + r) * nActions;
      for (let a = 0; a < nActions; a++) out[g * nActions + a]! += q[row + a]! / groupSize;
    }
  }
  return out;
}

/** Index of the largest of `q[row·A .. row·A + A)` (ties to the lowest index, like `argmax`). */
export function rowArgmax(q: ArrayLike<number>, row: number, nActions: number): number {
  let best = 0;
  for (let a = 1; a < nActions; a++) if (q[row * nActions + a]! > q[row * nActions + best]!) best = a;
  return best;
}

/** Milliseconds since `t0` (a `performance.now()` reading), rounded to µs. */
export function elapsedMs(t0: number): number {
  return Math.round((performance.now() - t0) * 1000) / 1000;
}
