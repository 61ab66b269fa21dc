/**
 * Q-functions with answers known by hand, evaluated in float64 so the exact methods can be checked
 * to 1e-9. Inputs are chosen exactly representable in float32 (what `qBatch` receives).
 */
import { Rng } from '../../../src/core/rng.ts';
import type { QEvaluator } from '../../../src/explain/network/types.ts';

/** Q(x, a) = bias[a] + Σ_i weights[a][i] · x_i. */
export function linearModel(weights: number[][], bias: number[]): QEvaluator {
  const d = weights[0]!.length;
  return {
    obsDim: d,
    nActions: weights.length,
    qBatch(obs, n) {
      const out = new Float64Array(n * weights.length);
      for (let r = 0; r < n; r++) {
        weights.forEach((w, a) => {
          let q = bias[a]!;
          for (let i = 0; i < d; i++) q += w[i]! * obs[r * d + i]!;
          out[r * weights.length + a] = q;
        });
      }
      return out;
    },
  };
}

/** Any float64 function of the state, one per action. */
export function functionModel(d: number, fs: ((x: Float32Array) => number)[]): QEvaluator {
  return {
    obsDim: d,
    nActions: fs.length,
    qBatch(obs, n) {
      const out = new Float64Array(n * fs.length);
      for (let r = 0; r < n; r++) {
        const x = obs.subarray(r * d, (r + 1) * d);
        fs.forEach((f, a) => (out[r * fs.length + a] = f(x)));
      }
      return out;
    },
  };
}

/** `n` rows of `d` values, multiples of 1/8 in [-2, 2] (exact in float32), seeded. */
export function gridRows(n: number, d: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * d }, () => (rng.int(33) - 16) / 8);
}

export function columnMean(rows: Float32Array, n: number, d: number, i: number): number {
  let s = 0;
  for (let r = 0; r < n; r++) s += rows[r * d + i]!;
  return s / n;
}
