/**
 * A prototype per action: the in-bounds state where the network most prefers that action —
 * activation maximisation (Erhan, Bengio, Courville & Vincent 2009; Simonyan et al. 2014) of the
 * advantage A(s, a) = Q(s, a) − mean_b Q(s, b), by projected gradient ascent.
 *
 * The advantage rather than Q(s, a): Q also grows with how good the state is for every action,
 * and the prototype should show what makes *this* action the choice. Steps are taken in units of
 * the agent's per-feature spread σ (a fixed-length step along the σ-scaled gradient, shrinking
 * linearly to 0), each followed by projection onto the box. A ReLU network's advantage is
 * piecewise linear and often maximal on the box's boundary; several seeded restarts (half from
 * the agent's own states, half uniform in the box) guard against poor local maxima.
 * An optional penalty λ/2 ‖(s − μ)/σ‖² keeps prototypes near typical play.
 */
import type { Rng } from '../../core/rng.ts';
import type { StateDistribution } from './distribution.ts';
import { elapsedMs, rowArgmax } from './evaluate.ts';
import type { GradientModel } from './gradient-model.ts';
import { advantageWeights } from './output-weights.ts';
import type { Bounds } from './types.ts';

export interface ActionPrototype {
  action: number;
  actionName: string;
  state: number[];
  /** A(state, a) at the prototype. */
  advantage: number;
  q: number[];
  /** Whether the network's greedy action at the prototype is this action. */
  greedy: boolean;
  /** Advantage at the winning restart's start. */
  startAdvantage: number;
  /** Final advantage of each restart, in restart order. */
  restarts: number[];
}

export interface Prototypes {
  method: 'prototype';
  prototypes: ActionPrototype[];
  bounds: Bounds;
  evaluations: number;
  milliseconds: number;
}

export interface PrototypeSettings {
  restarts: number;
  iterations: number;
  /** First step length, in σ units. */
  stepSize: number;
  /** Weight of the pull toward the mean state (0: none). */
  regularization: number;
}

export function prototypes(model: GradientModel, dist: StateDistribution, bounds: Bounds, actionNames: readonly string[], settings: PrototypeSettings, rng: Rng): Prototypes {
  const t0 = performance.now();
  const A = model.nActions;
  const d = model.obsDim;
  const R = settings.restarts;
  // All actions' restarts ascend together: one tfjs call per iteration, each row its own objective.
  const starts = new Float32Array(A * R * d);
  const weights = new Float64Array(A * R * A);
  for (let a = 0; a < A; a++) {
    starts.set(startingStates(dist, bounds, R, rng.fork(`action-${a}`)), a * R * d);
    for (let r = 0; r < R; r++) weights.set(advantageWeights(A, a), (a * R + r) * A);
  }
  const run = ascend(model, starts, weights, dist, bounds, settings);
  const out = Array.from({ length: A }, (_, a): ActionPrototype => {
    let w = a * R;
    for (let r = a * R + 1; r < (a + 1) * R; r++) if (run.bestValue[r]! > run.bestValue[w]!) w = r;
    const q = Array.from(run.bestQ.subarray(w * A, (w + 1) * A));
    return {
      action: a,
      actionName: actionNames[a] ?? `action ${a}`,
      state: Array.from(run.bestState.subarray(w * d, (w + 1) * d)),
      advantage: run.advantage(w),
      q,
      greedy: rowArgmax(q, 0, A) === a,
      startAdvantage: run.startAdvantage[w]!,
      restarts: Array.from({ length: R }, (_, r) => run.advantage(a * R + r)),
    };
  });
  return { method: 'prototype', prototypes: out, bounds, evaluations: run.evaluations, milliseconds: elapsedMs(t0) };
}

function startingStates(dist: StateDistribution, bounds: Bounds, n: number, rng: Rng): Float32Array {
  const d = dist.obsDim;
  const rows = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    if (r % 2 === 0) {
      const b = rng.int(dist.backgroundSize);
      rows.set(dist.background.subarray(b * d, (b + 1) * d), r * d);
    } else {
      for (let i = 0; i < d; i++) rows[r * d + i] = rng.uniform(bounds.low[i]!, bounds.high[i]!);
    }
  }
  return rows;
}

function ascend(model: GradientModel, start: Float32Array, c: Float64Array, dist: StateDistribution, bounds: Bounds, s: PrototypeSettings) {
  const d = model.obsDim;
  const A = model.nActions;
  const n = start.length / d;
  const x = start.slice();
  const advantageOf = (q: Float64Array, r: number) => {
    let adv = 0;
    for (let b = 0; b < A; b++) adv += c[r * A + b]! * q[r * A + b]!;
    return adv;
  };
  const penaltyOf = (r: number) => {
    let p = 0;
    for (let i = 0; i < d; i++) p += ((x[r * d + i]! - dist.mean[i]!) / dist.scale[i]!) ** 2;
    return (s.regularization / 2) * p;
  };
  const bestValue = new Array<number>(n).fill(-Infinity);
  const bestState = start.slice();
  const bestQ = new Float64Array(n * A);
  const startAdvantage: number[] = [];
  for (let it = 0; it <= s.iterations; it++) {
    const { q, gradient } = model.qAndGradient(x, n, n > 1 ? c : c.subarray(0, A));
    for (let r = 0; r < n; r++) {
      const adv = advantageOf(q, r);
      if (it === 0) startAdvantage.push(adv);
      const value = adv - penaltyOf(r);
      if (value > bestValue[r]!) {
        bestValue[r] = value;
        bestState.set(x.subarray(r * d, (r + 1) * d), r * d);
        bestQ.set(q.subarray(r * A, (r + 1) * A), r * A);
      }
    }
    if (it === s.iterations) break;
    const step = s.stepSize * (1 - it / s.iterations);
    for (let r = 0; r < n; r++) {
      // Ascent direction in σ units: σ ∘ ∇_s (objective), normalised to length `step`.
      const g = Array.from({ length: d }, (_, i) => dist.scale[i]! * gradient[r * d + i]! - (s.regularization * (x[r * d + i]! - dist.mean[i]!)) / dist.scale[i]!);
      const len = Math.hypot(...g);
      if (!(len > 0)) continue;
      for (let i = 0; i < d; i++) {
        const v = x[r * d + i]! + (dist.scale[i]! * step * g[i]!) / len;
        x[r * d + i] = Math.min(bounds.high[i]!, Math.max(bounds.low[i]!, v));
      }
    }
  }
  return { bestValue, bestState, bestQ, startAdvantage, advantage: (r: number) => advantageOf(bestQ, r), evaluations: (s.iterations + 1) * n };
}
