/**
 * Shapley values by permutation sampling (Štrumbelj & Kononenko 2014, "Explaining prediction
 * models and individual predictions with feature contributions", ApproShapley), with antithetic
 * permutations (each permutation is followed by its reverse: Mitchell, Cooper, Frank & Holmes
 * 2022 show this cuts the variance for models dominated by low-order effects).
 *
 * One sample: a permutation π and a background state b. Starting from b, the features are switched
 * to the state's values in π's order; each switch's change in Q is that feature's marginal
 * contribution. The marginals of one sample sum to Q(x) − Q(b) exactly (efficiency holds per
 * sample). Background rows are used in turn, not drawn, so with `permutations` a multiple of
 * 2 × background size every row weighs the same and Σ φ = Q(x) − E_b Q(b) exactly.
 */
import type { Rng } from '../../core/rng.ts';
import type { Background } from './coalitions.ts';
import { elapsedMs, evaluateRows } from './evaluate.ts';
import type { Attribution, QEvaluator } from './types.ts';

export interface SamplingShapley extends Attribution {
  method: 'shap';
  /** Standard error of each value, [action][feature], from the spread over antithetic pairs. */
  standardError: number[][];
  permutations: number;
}

export function samplingShapley(model: QEvaluator, state: Float32Array, background: Background, permutations: number, rng: Rng): SamplingShapley {
  const t0 = performance.now();
  const d = model.obsDim;
  const A = model.nActions;
  const pairs = Math.max(1, Math.ceil(permutations / 2));
  const P = 2 * pairs;
  // Row k of sample p: the background state with the first k features of π_p switched to x.
  const rows = new Float32Array(P * (d + 1) * d);
  const orders = new Int32Array(P * d);
  const order = Int32Array.from({ length: d }, (_, i) => i);
  for (let p = 0; p < P; p++) {
    if (p % 2 === 0) rng.shuffle(order);
    for (let k = 0; k < d; k++) orders[p * d + k] = p % 2 === 0 ? order[k]! : order[d - 1 - k]!;
    const b = Math.floor(p / 2) % background.n; // an antithetic pair shares its background state
    const base = p * (d + 1) * d;
    rows.set(background.rows.subarray(b * d, (b + 1) * d), base);
    for (let k = 1; k <= d; k++) {
      const at = base + k * d;
      rows.copyWithin(at, at - d, at);
      const feature = orders[p * d + k - 1]!;
      rows[at + feature] = state[feature]!;
    }
  }
  const q = evaluateRows(model, rows, P * (d + 1));
  // Marginals summed per antithetic pair, so the standard error counts pairs as the samples.
  const pairSums = new Float64Array(pairs * A * d);
  for (let p = 0; p < P; p++) {
    for (let k = 1; k <= d; k++) {
      const feature = orders[p * d + k - 1]!;
      const now = (p * (d + 1) + k) * A;
      for (let a = 0; a < A; a++) pairSums[(Math.floor(p / 2) * A + a) * d + feature]! += (q[now + a]! - q[now - A + a]!) / 2;
    }
  }
  const values = Array.from({ length: A }, () => new Array<number>(d).fill(0));
  const standardError = Array.from({ length: A }, () => new Array<number>(d).fill(0));
  for (let a = 0; a < A; a++) {
    for (let i = 0; i < d; i++) {
      let sum = 0;
      let sumSq = 0;
      for (let j = 0; j < pairs; j++) {
        const v = pairSums[(j * A + a) * d + i]!;
        sum += v;
        sumSq += v * v;
      }
      const mean = sum / pairs;
      values[a]![i] = mean;
      standardError[a]![i] = pairs > 1 ? Math.sqrt(Math.max(0, sumSq / pairs - mean * mean) / (pairs - 1)) : NaN;
    }
  }
  const base = new Array<number>(A).fill(0);
  for (let p = 0; p < P; p++) for (let a = 0; a < A; a++) base[a]! += q[p * (d + 1) * A + a]! / P;
  return {
    method: 'shap',
    state: Array.from(state),
    values,
    base,
    output: Array.from({ length: A }, (_, a) => q[d * A + a]!),
    evaluations: P * (d + 1),
    milliseconds: elapsedMs(t0),
    standardError,
    permutations: P,
  };
}
