/**
 * Input checks shared by learning and prediction. A batch is checked completely before anything
 * is learned, so a rejected batch leaves the tree exactly as it was; the message names the first
 * bad row and column (with its feature or action name) in plain English.
 */
import { DataError } from '../core/errors.ts';

function isArrayLike(v: unknown): v is ArrayLike<number> {
  return ArrayBuffer.isView(v) || Array.isArray(v);
}

function describe(v: number): string {
  return Number.isNaN(v) ? 'NaN' : typeof v === 'number' ? String(v) : JSON.stringify(v);
}

/** Rows of `obs` (n × d) and, if given, `q` (n × nActions): lengths and finiteness. */
export function checkBatch(
  obs: ArrayLike<number>,
  q: ArrayLike<number> | null,
  n: number,
  d: number,
  nActions: number,
  featureNames: readonly string[],
  actionNames: readonly string[],
  what = 'learn',
): void {
  if (!Number.isInteger(n) || n < 0) throw new DataError(`${what}: n must be a non-negative integer, got ${n}`);
  if (!isArrayLike(obs)) throw new DataError(`${what}: obs must be a Float32Array (or array) of numbers`);
  if (obs.length !== n * d) throw new DataError(`${what}: obs has ${obs.length} values but n × obsDim = ${n} × ${d} = ${n * d}`);
  if (q !== null) {
    if (!isArrayLike(q)) throw new DataError(`${what}: q must be a Float32Array (or array) of numbers`);
    if (q.length !== n * nActions) throw new DataError(`${what}: q has ${q.length} values but n × nActions = ${n} × ${nActions} = ${n * nActions}`);
  }
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < d; i++) {
      const v = obs[r * d + i]!;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new DataError(`${what}: obs row ${r}, column ${i} (${featureNames[i]}) is ${describe(v)}; the batch was rejected and the tree is unchanged`);
      }
    }
    if (q === null) continue;
    for (let a = 0; a < nActions; a++) {
      const v = q[r * nActions + a]!;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new DataError(`${what}: q row ${r}, column ${a} (${actionNames[a]}) is ${describe(v)}; the batch was rejected and the tree is unchanged`);
      }
    }
  }
}

/** One observation of length d with finite values. */
export function checkState(obs: ArrayLike<number>, d: number, featureNames: readonly string[], what: string): void {
  if (!isArrayLike(obs)) throw new DataError(`${what}: obs must be a Float32Array (or array) of numbers`);
  if (obs.length !== d) throw new DataError(`${what}: obs has ${obs.length} values; expected obsDim = ${d}`);
  for (let i = 0; i < d; i++) {
    const v = obs[i]!;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new DataError(`${what}: obs column ${i} (${featureNames[i]}) is ${describe(v)}`);
  }
}
