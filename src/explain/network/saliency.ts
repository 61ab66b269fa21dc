/**
 * Gradient-based saliency of Q(s, a) with respect to the state (Simonyan, Vedaldi & Zisserman
 * 2014) and gradient × input (Shrikumar et al. 2016, "Not Just a Black Box"): attribution
 * x_i · ∂Q(x, a)/∂x_i. For a ReLU network Q is piecewise linear, so gradient × input is the exact
 * decomposition of Q(x, a) − Q(0, a) whenever x and 0 share a linear region, and a first-order
 * approximation otherwise; integrated gradients (integrated-gradients.ts) removes that caveat.
 */
import { elapsedMs } from './evaluate.ts';
import type { GradientModel } from './gradient-model.ts';
import { actionWeights } from './output-weights.ts';
import type { Attribution } from './types.ts';

export interface Saliency extends Attribution {
  method: 'saliency';
  /** ∂Q(x, a)/∂x_i, [action][feature]: the raw saliency map. */
  gradient: number[][];
}

export function gradientTimesInput(model: GradientModel, state: Float32Array): Saliency {
  const t0 = performance.now();
  const A = model.nActions;
  const gradient: number[][] = [];
  let q: Float64Array | undefined;
  for (let a = 0; a < A; a++) {
    const r = model.qAndGradient(state, 1, actionWeights(A, a));
    gradient.push(Array.from(r.gradient));
    q = r.q;
  }
  return {
    method: 'saliency',
    state: Array.from(state),
    values: gradient.map((g) => g.map((gi, i) => gi * state[i]!)),
    base: new Array<number>(A).fill(0),
    output: Array.from(q!),
    evaluations: A,
    milliseconds: elapsedMs(t0),
    gradient,
  };
}
