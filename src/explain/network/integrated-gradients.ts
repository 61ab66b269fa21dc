/**
 * Integrated gradients (Sundararajan, Taly & Yan 2017, "Axiomatic Attribution for Deep Networks"):
 *
 *   IG_i(x) = (x_i − x'_i) · ∫_0^1 ∂Q(x' + α(x − x'), a)/∂x_i dα,
 *
 * from the baseline x' to the state x. Completeness — Σ_i IG_i = Q(x, a) − Q(x', a) — is the
 * method's axiom, so its violation measures the integration error and is reported.
 *
 * Quadrature. Along the path a ReLU network's gradient is piecewise constant: it jumps where a
 * unit switches on or off. A uniform Riemann sum is exact on every step without a jump and wrong
 * by up to a step's share on each step with one, and a 64-64 network crosses dozens of kinks, so
 * plain sums need thousands of steps for 1 % (and more where Q(x) ≈ Q(x')). Here the tfjs
 * gradients are taken at the `steps + 1` points of a uniform grid; a step whose two end gradients
 * differ holds a kink and is bisected (all such steps in one batched tfjs call per level) until
 * the kink is pinned to 2^-depth of a step, then the trapezoid rule integrates every piece. That
 * is exact on constant pieces and leaves an error of ~2^-depth per kink. If completeness still
 * misses `tolerance` (two kinks inside one step can hide from the end-point test) the grid doubles,
 * up to `maxSteps`. `base` and `output` are Q at the two ends in float64 arithmetic.
 */
import { elapsedMs } from './evaluate.ts';
import type { GradientModel } from './gradient-model.ts';
import { actionWeights } from './output-weights.ts';
import type { Attribution } from './types.ts';

/** Where IG's baseline came from: the agent's mean state, the all-zero state, or values given in the options. */
export type IgBaselineFrom = 'mean' | 'zero' | 'given';

export interface IntegratedGradients extends Attribution {
  method: 'ig';
  baseline: number[];
  /** What `baseline` is, as the options said: readers name the reference from this, never from the numbers (a mean state may be all zeros). */
  baselineFrom: IgBaselineFrom;
  /** Uniform grid steps of the final pass (kink steps were bisected further). */
  steps: number;
  /** Per action: |Σ IG − (Q(x) − Q(x'))| / |Q(x) − Q(x')| (absolute error when the difference is ~0). */
  completenessError: number[];
}

export interface IgSettings {
  baseline: Float32Array;
  /** Default `given`: a caller that passes numbers gave them. */
  baselineFrom?: IgBaselineFrom;
  steps: number;
  maxSteps: number;
  /** Relative completeness error to reach before stopping the doubling. */
  tolerance: number;
  /** Bisection levels per kink step (0: plain trapezoid on the uniform grid). */
  refineDepth: number;
}

export function integratedGradients(model: GradientModel, state: Float32Array, settings: IgSettings): IntegratedGradients {
  const t0 = performance.now();
  const { baseline } = settings;
  const d = model.obsDim;
  const A = model.nActions;
  // Q at both ends in float64 (see GradientModel.q64): completeness then measures integration error,
  // not the float32 rounding of two nearly equal Q-values.
  const ends = Float64Array.from([...model.q64(baseline), ...model.q64(state)]);
  let steps = settings.steps;
  let evaluations = 2;
  for (;;) {
    const values: number[][] = [];
    const completenessError: number[] = [];
    for (let a = 0; a < A; a++) {
      const { integral, points } = integrateGradient(model, state, baseline, a, steps, settings.refineDepth);
      evaluations += points;
      const ig = Array.from({ length: d }, (_, i) => (state[i]! - baseline[i]!) * integral[i]!);
      const delta = ends[A + a]! - ends[a]!;
      const gap = Math.abs(ig.reduce((s, v) => s + v, 0) - delta);
      completenessError.push(Math.abs(delta) > 1e-6 ? gap / Math.abs(delta) : gap);
      values.push(ig);
    }
    if (steps * 2 > settings.maxSteps || Math.max(...completenessError) <= settings.tolerance) {
      return {
        method: 'ig',
        state: Array.from(state),
        values,
        base: Array.from({ length: A }, (_, a) => ends[a]!),
        output: Array.from({ length: A }, (_, a) => ends[A + a]!),
        evaluations,
        milliseconds: elapsedMs(t0),
        baseline: Array.from(baseline),
        baselineFrom: settings.baselineFrom ?? 'given',
        steps,
        completenessError,
      };
    }
    steps *= 2;
  }
}

interface Piece { lo: number; hi: number; gLo: Float64Array; gHi: Float64Array; depth: number }

/** ∫_0^1 ∇Q(x' + α(x − x'), a) dα by the refined trapezoid rule; also the gradient points used. */
function integrateGradient(model: GradientModel, state: Float32Array, baseline: Float32Array, a: number, steps: number, maxDepth: number) {
  const d = model.obsDim;
  const c = actionWeights(model.nActions, a);
  const gradientsAt = (alphas: number[]): Float64Array[] => {
    const path = new Float32Array(alphas.length * d);
    alphas.forEach((alpha, k) => { for (let i = 0; i < d; i++) path[k * d + i] = baseline[i]! + alpha * (state[i]! - baseline[i]!); });
    const { gradient } = model.qAndGradient(path, alphas.length, c);
    return alphas.map((_, k) => gradient.subarray(k * d, (k + 1) * d));
  };
  const grid = gradientsAt(Array.from({ length: steps + 1 }, (_, j) => j / steps));
  let points = steps + 1;
  let open: Piece[] = Array.from({ length: steps }, (_, j) => ({ lo: j / steps, hi: (j + 1) / steps, gLo: grid[j]!, gHi: grid[j + 1]!, depth: 0 }));
  const integral = new Float64Array(d);
  const settle = (p: Piece) => { for (let i = 0; i < d; i++) integral[i]! += ((p.hi - p.lo) * (p.gLo[i]! + p.gHi[i]!)) / 2; };
  while (open.length > 0) {
    const split = open.filter((p) => p.depth < maxDepth && !sameGradient(p.gLo, p.gHi));
    for (const p of open) if (!split.includes(p)) settle(p);
    if (split.length === 0) break;
    const mids = gradientsAt(split.map((p) => (p.lo + p.hi) / 2));
    points += split.length;
    open = split.flatMap((p, k) => {
      const mid = (p.lo + p.hi) / 2;
      return [{ lo: p.lo, hi: mid, gLo: p.gLo, gHi: mids[k]!, depth: p.depth + 1 }, { lo: mid, hi: p.hi, gLo: mids[k]!, gHi: p.gHi, depth: p.depth + 1 }];
    });
  }
  return { integral, points };
}

/** Same linear region (up to float32 rounding of the backward pass). */
function sameGradient(g: Float64Array, h: Float64Array): boolean {
  let scale = 0;
  for (let i = 0; i < g.length; i++) scale = Math.max(scale, Math.abs(g[i]!), Math.abs(h[i]!));
  for (let i = 0; i < g.length; i++) if (Math.abs(g[i]! - h[i]!) > 1e-5 * scale) return false;
  return true;
}
