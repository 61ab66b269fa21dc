/**
 * The two numbers the online fidelity curve needs, computed straight from typed arrays: Q RMSE
 * between tree and network, and how often their greedy actions agree.
 */
import { argmax } from '../core/q-function.ts';

export interface QComparison {
  rmse: number;
  mae: number;
  agreement: number;
  /** max − min of the network's Q labels: the scale RMSE should be read against. */
  qRange: number;
}

export function compareQ(reference: ArrayLike<number>, predicted: ArrayLike<number>, n: number, nActions: number): QComparison {
  let se = 0;
  let ae = 0;
  let agree = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const off = i * nActions;
    for (let a = 0; a < nActions; a++) {
      const y = reference[off + a]!;
      const d = predicted[off + a]! - y;
      se += d * d;
      ae += Math.abs(d);
      if (y < lo) lo = y;
      if (y > hi) hi = y;
    }
    if (argmax(reference, off, nActions) === argmax(predicted, off, nActions)) agree++;
  }
  const m = Math.max(n * nActions, 1);
  return { rmse: Math.sqrt(se / m), mae: ae / m, agreement: n ? agree / n : 0, qRange: n ? hi - lo : 0 };
}
