/**
 * Output weights `c` that turn the network's Q-values into the quantity a gradient method explains,
 * c·Q(s, ·): one action's Q, or its advantage. Kept apart from gradient-model.ts, which loads tfjs,
 * so the methods that only name their target do not load it.
 */

/** One-hot output weights for Q(·, a). */
export function actionWeights(nActions: number, a: number): Float64Array {
  const c = new Float64Array(nActions);
  c[a] = 1;
  return c;
}

/** Output weights for the advantage A(·, a) = Q(·, a) − mean_b Q(·, b). */
export function advantageWeights(nActions: number, a: number): Float64Array {
  const c = new Float64Array(nActions).fill(-1 / nActions);
  c[a]! += 1;
  return c;
}
