/**
 * The agent's state distribution, summarised once per network: a seeded background sample for
 * the Shapley methods and PDP/ICE, per-feature mean and spread for LIME's perturbations and the
 * counterfactual's distance, and the finite box every search stays inside.
 *
 * The states should be the agent's own greedy play (`heldOutSet`/`playStates`): "typical input"
 * for a policy is where the policy goes, not a uniform draw from the observation space
 * (Lundberg & Lee 2017 and the SHAP docs recommend a background drawn from the data the model sees).
 */
import { DataError } from '../../core/errors.ts';
import { Rng } from '../../core/rng.ts';
import type { Bounds, States } from './types.ts';

export interface StateDistribution {
  obsDim: number;
  /** The background sample, row-major `backgroundSize × obsDim`. */
  background: Float32Array;
  backgroundSize: number;
  /** Over all given states, not just the background. */
  mean: number[];
  std: number[];
  /** Distance unit per feature: `std`, or where that is 0 the observed range, or 1. */
  scale: number[];
  min: number[];
  max: number[];
  bounds: Bounds;
  /** How many states the summary was computed from. */
  states: number;
}

export interface DistributionOptions {
  /** Observation-space box (`env.observationSpace`); bounds may be ±Infinity. Default: unbounded. */
  space?: { low: ArrayLike<number>; high: ArrayLike<number> };
  /** Largest background sample (SHAP's guidance: ~100 rows keeps KernelSHAP tractable). Default 100. */
  maxBackground?: number;
  seed?: number;
}

export function describeStates(states: States, options: DistributionOptions = {}): StateDistribution {
  const { obs, n, obsDim: d } = states;
  if (!(n >= 1) || obs.length < n * d) throw new DataError(`the state distribution needs at least 1 state of ${d} values, got ${n}`);
  const maxBackground = options.maxBackground ?? 100;
  const mean = new Array<number>(d).fill(0);
  const min = new Array<number>(d).fill(Infinity);
  const max = new Array<number>(d).fill(-Infinity);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < d; i++) {
      const v = obs[r * d + i]!;
      if (!Number.isFinite(v)) throw new DataError(`state ${r} of the state distribution has a non-finite value at feature ${i}`);
      mean[i]! += v / n;
      if (v < min[i]!) min[i] = v;
      if (v > max[i]!) max[i] = v;
    }
  }
  const std = mean.map((m, i) => {
    let s = 0;
    for (let r = 0; r < n; r++) s += (obs[r * d + i]! - m) ** 2;
    return Math.sqrt(s / n);
  });
  const scale = std.map((s, i) => (s > 0 ? s : max[i]! > min[i]! ? max[i]! - min[i]! : 1));
  const rows = backgroundRows(n, maxBackground, options.seed ?? 0);
  const background = new Float32Array(rows.length * d);
  rows.forEach((r, k) => background.set(obs.subarray(r * d, (r + 1) * d), k * d));
  return { obsDim: d, background, backgroundSize: rows.length, mean, std, scale, min, max, bounds: effectiveBounds(options.space, min, max), states: n };
}

/**
 * The observation box with each infinite side replaced by the observed extreme of the state
 * distribution (CartPole's velocities are unbounded; a search there would wander to states the
 * agent never sees). Finite sides are kept, and widened to the data if the data pokes past them.
 */
export function effectiveBounds(space: DistributionOptions['space'], min: number[], max: number[]): Bounds {
  const d = min.length;
  if (space && (space.low.length !== d || space.high.length !== d)) {
    throw new DataError(`the observation bounds have ${space.low.length} values, the states ${d}`);
  }
  const low = min.map((m, i) => (space && Number.isFinite(space.low[i]!) ? Math.min(space.low[i]!, m) : m));
  const high = max.map((m, i) => (space && Number.isFinite(space.high[i]!) ? Math.max(space.high[i]!, m) : m));
  const lowFromData = min.map((_, i) => !space || !Number.isFinite(space.low[i]!));
  const highFromData = max.map((_, i) => !space || !Number.isFinite(space.high[i]!));
  return { low, high, lowFromData, highFromData };
}

/** All rows, or a seeded sample of `max` of them without replacement (in increasing order). */
function backgroundRows(n: number, max: number, seed: number): number[] {
  if (!Number.isInteger(max) || max < 1) throw new DataError(`maxBackground must be a positive integer, got ${max}`);
  return new Rng(seed).fork('background').sampleIndices(n, max);
}

/** Throws unless `state` has `d` finite values; returns it as float32 (what networks read). */
export function checkState(state: ArrayLike<number>, d: number, what = 'state'): Float32Array {
  if (state.length !== d) throw new DataError(`the ${what} must have ${d} values, got ${state.length}`);
  for (let i = 0; i < d; i++) {
    if (!Number.isFinite(state[i]!)) throw new DataError(`the ${what} has a non-finite value at feature ${i}`);
  }
  return Float32Array.from(state);
}

/**
 * The bounds a search from `state` uses: data-derived sides widened to include the state (a user
 * may ask about a state faster than any the agent visited); a real observation bound the state
 * lies outside of is an error, since no valid observation is there.
 */
export function boundsAround(bounds: Bounds, state: ArrayLike<number>, featureNames?: readonly string[]): Bounds {
  const low = [...bounds.low];
  const high = [...bounds.high];
  for (let i = 0; i < low.length; i++) {
    const v = state[i]!;
    const name = featureNames?.[i] ?? `feature ${i}`;
    if (v < low[i]!) {
      if (!bounds.lowFromData[i]) throw new DataError(`the state's ${name} = ${v} is below the observation bound ${float32Text(low[i]!)}`);
      low[i] = v;
    }
    if (v > high[i]!) {
      if (!bounds.highFromData[i]) throw new DataError(`the state's ${name} = ${v} is above the observation bound ${float32Text(high[i]!)}`);
      high[i] = v;
    }
  }
  return { ...bounds, low, high };
}

/** The shortest decimal that is the same float32 (bounds are float32: 4.8, not 4.800000190734863). */
function float32Text(value: number): string {
  for (let digits = 1; digits <= 9; digits++) {
    const text = String(Number(value.toPrecision(digits)));
    if (Math.fround(Number(text)) === Math.fround(value)) return text;
  }
  return String(value);
}
