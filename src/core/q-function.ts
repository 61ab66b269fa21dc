/**
 * Anything that maps a state to one Q-value per action: the DQN's network and the LMUT tree both
 * implement it, so fidelity, evaluation and the dashboard treat them alike.
 */
export interface QFunction {
  readonly obsDim: number;
  readonly nActions: number;
  /** Q(s, ·) for one observation of length `obsDim`; returns `nActions` values. */
  qValues(obs: Float32Array): Float32Array;
  /** Q for `n` observations stored row-major in `obs` (n × obsDim); returns n × nActions, row-major. */
  qBatch(obs: Float32Array, n: number): Float32Array;
}

/** Index of the largest value; ties go to the lowest index, like numpy's argmax. */
export function argmax(values: ArrayLike<number>, offset = 0, length = values.length - offset): number {
  let best = 0;
  let bestValue = values[offset]!;
  for (let i = 1; i < length; i++) {
    const v = values[offset + i]!;
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  return best;
}
