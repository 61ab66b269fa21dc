/**
 * Labelled states: observations with the network's Q-values for them, the input of influence and
 * fidelity. Row-major like `LinearModelUTree.learn`: row r has features `obs[r·d ..]` and Q-values
 * `q[r·A ..]`. Checked up front so a bad row is reported by its index, not as a NaN metric.
 */
import { DataError } from '../core/errors.ts';

export interface LabelledStates {
  /** n × d observations, row-major. */
  obs: ArrayLike<number>;
  /** n × A network Q-values, row-major. */
  q: ArrayLike<number>;
  n: number;
}

export function checkLabelled(data: LabelledStates, d: number, A: number, what: string, minRows = 1): void {
  const { obs, q, n } = data;
  if (!Number.isInteger(n) || n < minRows) throw new DataError(`${what}: n must be an integer >= ${minRows}, got ${n}`);
  if (obs.length !== n * d) throw new DataError(`${what}: obs has ${obs.length} values; expected n × obsDim = ${n} × ${d} = ${n * d}`);
  if (q.length !== n * A) throw new DataError(`${what}: q has ${q.length} values; expected n × nActions = ${n} × ${A} = ${n * A}`);
  for (let i = 0; i < obs.length; i++) {
    if (!Number.isFinite(obs[i])) throw new DataError(`${what}: obs row ${Math.floor(i / d)}, feature ${i % d} is ${obs[i]}`);
  }
  for (let i = 0; i < q.length; i++) {
    if (!Number.isFinite(q[i])) throw new DataError(`${what}: q row ${Math.floor(i / A)}, action ${i % A} is ${q[i]}`);
  }
}

/** Population variance (ddof 0, as numpy's `var`) of column `col` of `q` over `rows`, two-pass in float64. */
export function columnVariance(q: ArrayLike<number>, A: number, col: number, rows: ArrayLike<number>): number {
  const n = rows.length;
  if (n === 0) return 0;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += q[rows[k]! * A + col]!;
  const mean = sum / n;
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (q[rows[k]! * A + col]! - mean) ** 2;
  return ss / n;
}
