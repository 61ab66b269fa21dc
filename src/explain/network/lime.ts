/**
 * LIME for one state (Ribeiro, Singh & Guestrin 2016, "Why Should I Trust You?"), as the `lime`
 * package's tabular explainer does it for continuous features without discretisation and with
 * `sample_around_instance=True`:
 *
 * 1. perturb: z = x + σ ∘ ε, ε ~ N(0, I), σ the state distribution's per-feature scale (clipped to
 *    the observation bounds, so Q is never asked about impossible states); x itself is sample 0;
 * 2. weight: π(z) = √exp(−D²/w²), D the Euclidean distance in σ units, w = 0.75·√d (lime's kernel
 *    and default width);
 * 3. fit Q(z, ·) ≈ β_0 + β·z by weighted least squares.
 *
 * ml-regression's MultivariateLinearRegression takes no sample weights, so the weighted problem is
 * handed to it as an ordinary one: every row (the intercept column included) and its targets are
 * multiplied by √π, whose least-squares solution is exactly the weighted one. All actions share
 * the design matrix and are fitted in one call.
 *
 * `coefficients` are β per unit of each feature; `values` are β_i (x_i − μ_i), the local model's
 * term for this state against the average state — the same form as the tree's w (s − μ).
 */
import { MultivariateLinearRegression } from 'ml-regression';
import type { Rng } from '../../core/rng.ts';
import type { StateDistribution } from './distribution.ts';
import { elapsedMs, evaluateRows } from './evaluate.ts';
import type { Attribution, Bounds, QEvaluator } from './types.ts';

export interface Lime extends Attribution {
  method: 'lime';
  /** β per unit of feature, [action][feature]. */
  coefficients: number[][];
  /** β_0 per action. */
  intercept: number[];
  /** The local model at the state, per action. */
  localPrediction: number[];
  /** Weighted R² of the local fit, per action. */
  r2: number[];
  samples: number;
  kernelWidth: number;
}

export interface LimeSettings {
  samples: number;
  /** In σ units; lime's default 0.75·√d when omitted. */
  kernelWidth?: number;
}

export function lime(model: QEvaluator, state: Float32Array, dist: StateDistribution, bounds: Bounds, settings: LimeSettings, rng: Rng): Lime {
  const t0 = performance.now();
  const d = model.obsDim;
  const A = model.nActions;
  const n = settings.samples;
  const width = settings.kernelWidth ?? 0.75 * Math.sqrt(d);
  const rows = new Float32Array(n * d);
  rows.set(state);
  for (let r = 1; r < n; r++) {
    for (let i = 0; i < d; i++) {
      const v = state[i]! + dist.scale[i]! * rng.normal();
      rows[r * d + i] = Math.min(bounds.high[i]!, Math.max(bounds.low[i]!, v));
    }
  }
  const q = evaluateRows(model, rows, n);
  const sqrtW = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let dist2 = 0;
    for (let i = 0; i < d; i++) dist2 += ((rows[r * d + i]! - state[i]!) / dist.scale[i]!) ** 2;
    sqrtW[r] = Math.sqrt(Math.sqrt(Math.exp(-dist2 / (width * width))));
  }
  // Centred on the state (z − x) for conditioning; the intercept is then the local model at x.
  const X = Array.from({ length: n }, (_, r) => [...Array.from({ length: d }, (_, i) => sqrtW[r]! * (rows[r * d + i]! - state[i]!)), sqrtW[r]!]);
  const Y = Array.from({ length: n }, (_, r) => Array.from({ length: A }, (_, a) => sqrtW[r]! * q[r * A + a]!));
  const fit = new MultivariateLinearRegression(X, Y, { intercept: false, statistics: false });
  const coefficients = Array.from({ length: A }, (_, a) => Array.from({ length: d }, (_, i) => fit.weights[i]![a]!));
  const localPrediction = Array.from({ length: A }, (_, a) => fit.weights[d]![a]!);
  const intercept = coefficients.map((beta, a) => localPrediction[a]! - beta.reduce((s, b, i) => s + b * state[i]!, 0));
  return {
    method: 'lime',
    state: Array.from(state),
    values: coefficients.map((beta) => beta.map((b, i) => b * (state[i]! - dist.mean[i]!))),
    base: coefficients.map((beta, a) => localPrediction[a]! - beta.reduce((s, b, i) => s + b * (state[i]! - dist.mean[i]!), 0)),
    output: Array.from({ length: A }, (_, a) => q[a]!),
    evaluations: n,
    milliseconds: elapsedMs(t0),
    coefficients,
    intercept,
    localPrediction,
    r2: Array.from({ length: A }, (_, a) => weightedR2(X, Y, fit.weights, a)),
    samples: n,
    kernelWidth: width,
  };
}

/** R² of the √w-scaled problem: 1 − Σ w (y − ŷ)² / Σ w (y − ȳ_w)². */
function weightedR2(X: number[][], Y: number[][], beta: number[][], a: number): number {
  const k = X[0]!.length;
  let sw = 0;
  let swy = 0;
  for (let r = 0; r < X.length; r++) {
    const s = X[r]![k - 1]!; // the √w column
    sw += s * s;
    swy += s * Y[r]![a]!;
  }
  const meanY = swy / sw;
  let ssRes = 0;
  let ssTot = 0;
  for (let r = 0; r < X.length; r++) {
    let pred = 0;
    for (let j = 0; j < k; j++) pred += X[r]![j]! * beta[j]![a]!;
    const s = X[r]![k - 1]!;
    ssRes += (Y[r]![a]! - pred) ** 2;
    ssTot += (Y[r]![a]! - s * meanY) ** 2;
  }
  return ssTot > 0 ? 1 - ssRes / ssTot : 1;
}
