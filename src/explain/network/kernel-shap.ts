/**
 * KernelSHAP (Lundberg & Lee 2017, "A Unified Approach to Interpreting Model Predictions", Thm 2):
 * the Shapley values are the solution of a weighted linear regression of v(z) on the coalition
 * indicators z, with the Shapley kernel as weights (kernel-coalitions.ts) and two constraints:
 * φ_0 = v(∅) = E_b Q(b, a) and Σ φ_i = Q(x, a) − φ_0 (efficiency).
 *
 * As in the `shap` package, the efficiency constraint is eliminated by substituting
 * φ_d = Δ − Σ_{i<d} φ_i, leaving an unconstrained weighted least squares in d − 1 unknowns:
 *
 *   v(z) − φ_0 − z_d Δ  ≈  Σ_{i<d} φ_i (z_i − z_d),
 *
 * solved here through its normal equations in float64 (all actions share the design matrix).
 */
import type { Rng } from '../../core/rng.ts';
import { type Background, coalitionValues } from './coalitions.ts';
import { elapsedMs, evaluateOne } from './evaluate.ts';
import { kernelCoalitions } from './kernel-coalitions.ts';
import { solveLinearSystem } from './linear-solve.ts';
import type { Attribution, QEvaluator } from './types.ts';

export interface KernelShap extends Attribution {
  method: 'kernelshap';
  /** Coalitions evaluated (each costs one pass over the background). */
  coalitions: number;
  /** True when the budget enumerated every coalition (the values are then exact). */
  complete: boolean;
}

export function kernelShap(model: QEvaluator, state: Float32Array, background: Background, budget: number, rng: Rng): KernelShap {
  const t0 = performance.now();
  const d = model.obsDim;
  const A = model.nActions;
  const design = kernelCoalitions(d, budget, rng);
  const { m, masks, weights } = design;
  // v(∅) rides along as the last coalition of the batch.
  const all = new Uint8Array((m + 1) * d);
  all.set(masks);
  const v = coalitionValues(model, state, background, all, m + 1);
  const output = evaluateOne(model, state);
  const base = Array.from({ length: A }, (_, a) => v[m * A + a]!);
  const values = Array.from({ length: A }, (_, a) => solveConstrained(d, masks, weights, m, (c) => v[c * A + a]! - base[a]!, output[a]! - base[a]!));
  return {
    method: 'kernelshap',
    state: Array.from(state),
    values,
    base,
    output,
    evaluations: (m + 1) * background.n + 1,
    milliseconds: elapsedMs(t0),
    coalitions: m,
    complete: design.complete,
  };
}

/** φ minimising Σ_c w_c (y_c − z_c·φ)² subject to Σ φ = delta (d = 1: φ = delta). */
export function solveConstrained(d: number, masks: Uint8Array, weights: Float64Array, m: number, y: (c: number) => number, delta: number): number[] {
  if (d === 1) return [delta];
  const k = d - 1;
  const last = d - 1;
  const normal = new Float64Array(k * k);
  const rhs = new Float64Array(k);
  const row = new Float64Array(k);
  for (let c = 0; c < m; c++) {
    const zLast = masks[c * d + last]!;
    const target = y(c) - zLast * delta;
    for (let i = 0; i < k; i++) row[i] = masks[c * d + i]! - zLast;
    const w = weights[c]!;
    for (let i = 0; i < k; i++) {
      if (row[i] === 0) continue;
      rhs[i]! += w * row[i]! * target;
      for (let j = 0; j < k; j++) normal[i * k + j]! += w * row[i]! * row[j]!;
    }
  }
  const phi = Array.from(solveLinearSystem(normal, rhs, k));
  phi.push(delta - phi.reduce((s, x) => s + x, 0));
  return phi;
}
