/**
 * The interventional value function the Shapley methods share (Janzing, Minorics & Blöbaum 2020;
 * SHAP's "independent" masker): for a coalition S of features,
 *
 *   v(S) = E_b[ Q(x_S, b_S̄) ]  — the state's values on S, a background state's elsewhere,
 *
 * averaged over the background sample. One call evaluates many coalitions in one batched pass.
 */
import { evaluateRows, groupMeans } from './evaluate.ts';
import type { QEvaluator } from './types.ts';

export interface Background {
  rows: Float32Array;
  n: number;
}

/**
 * v(S) for each coalition in `masks` (row-major `m × d`, 1 = the feature takes the state's value);
 * returns `m × nActions`, row-major. Costs `m × background.n` evaluations.
 */
export function coalitionValues(model: QEvaluator, state: Float32Array, background: Background, masks: Uint8Array, m: number): Float64Array {
  const d = model.obsDim;
  const nb = background.n;
  const rows = new Float32Array(m * nb * d);
  for (let c = 0; c < m; c++) {
    for (let b = 0; b < nb; b++) {
      const at = (c * nb + b) * d;
      rows.set(background.rows.subarray(b * d, (b + 1) * d), at);
      for (let i = 0; i < d; i++) if (masks[c * d + i]) rows[at + i] = state[i]!;
    }
  }
  return groupMeans(evaluateRows(model, rows, m * nb), model.nActions, nb);
}

/** The mask of coalition `bits` (bit i set = feature i in the coalition), written at row `c`. */
export function writeMask(masks: Uint8Array, c: number, d: number, bits: number): void {
  for (let i = 0; i < d; i++) masks[c * d + i] = (bits >>> i) & 1;
}

/** n choose k as a float (exact for the small n the Shapley methods enumerate). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let j = 1; j <= Math.min(k, n - k); j++) r = (r * (n - Math.min(k, n - k) + j)) / j;
  return r;
}
