/**
 * The numbers of the online fidelity curve (`mimic` events): tree vs network Q error and greedy
 * agreement, from the explanation layer's metrics.
 */
import { actionAgreement, errorMetrics, labelRange } from '../explain/metrics.ts';

export interface QComparison {
  rmse: number;
  mae: number;
  agreement: number;
  /** max − min of the network's Q labels: the scale RMSE should be read against. */
  qRange: number;
}

export function compareQ(reference: ArrayLike<number>, predicted: ArrayLike<number>, n: number, nActions: number): QComparison {
  const e = errorMetrics(predicted, reference, n, nActions);
  return { rmse: e.rmse, mae: e.mae, agreement: actionAgreement(predicted, reference, n, nActions), qRange: labelRange(reference, n, nActions) };
}
