/**
 * A counterfactual for one state (Wachter, Mittelstadt & Russell 2017): the smallest change to the
 * state that makes the network choose another action — or a given one — inside the bounds.
 *
 * Size is measured in units of the agent's own variability: Δ_i / σ_i, σ the per-feature standard
 * deviation of its play (distribution.ts), so "0.03 rad of pole angle" and "0.3 m/s of cart
 * velocity" compare; the norm is L1 (favours changing few features) or L2 (spreads the change).
 * The box is the caller's: the explainer passes the observation space, infinite sides replaced by
 * the observed range of play, narrowed to where the env's episodes go on (counterfactual-bounds.ts),
 * and `bounds` reports that box. The search is counterfactual-search.ts; the answer is always a
 * state the network was actually evaluated at and that flips.
 */
import type { Rng } from '../../core/rng.ts';
import { searchCounterfactual } from './counterfactual-search.ts';
import { describeCounterfactual, type Change, type SingleFeatureChange } from './counterfactual-text.ts';
import type { StateDistribution } from './distribution.ts';
import { elapsedMs, evaluateOne, evaluateRows, rowArgmax } from './evaluate.ts';
import { normOf, type Norm, type RaySpace } from './ray-search.ts';
import type { Bounds, QEvaluator } from './types.ts';

export interface Counterfactual {
  method: 'counterfactual';
  norm: Norm;
  state: number[];
  /** The network's greedy action in the state. */
  action: number;
  /** The action asked for, or null for "any other". */
  target: number | null;
  found: boolean;
  counterfactual: number[] | null;
  newAction: number | null;
  qBefore: number[];
  qAfter: number[] | null;
  /** ‖Δ/σ‖ in the chosen norm; null when nothing in the bounds flips. */
  distance: number | null;
  /** Features that change, largest scaled change first. */
  changes: Change[];
  /** Per feature, the smallest change of that feature alone that flips, each way (null: none in bounds). */
  singleFeature: SingleFeatureChange[];
  sentence: string;
  scale: number[];
  /** The box searched, as passed: from the explainer, already narrowed to where episodes go on. */
  bounds: Bounds;
  evaluations: number;
  milliseconds: number;
  /**
   * Present when the env observes angles as cos/sin pairs and the search turned the angles
   * (counterfactual-angles.ts): `changes`, `singleFeature`, `scale` and `bounds` are then over these
   * coordinates (each pair's angle, in radians, where its cos feature was; the sin feature dropped),
   * while `state` and `counterfactual` stay observations.
   */
  searchedOver?: { coordinates: string[]; angles: SearchedAngle[] };
}

/** One angle the search turned: its coordinate, its name, and the features observing its cos and sin. */
export interface SearchedAngle {
  coordinate: number;
  name: string;
  cos: number;
  sin: number;
}

export interface CounterfactualSettings {
  norm: Norm;
  target?: number;
  randomDirections: number;
  refineIterations: number;
}

export function counterfactual(
  model: QEvaluator, state: Float32Array, dist: StateDistribution, bounds: Bounds,
  names: { featureNames: readonly string[]; actionNames: readonly string[] }, settings: CounterfactualSettings, rng: Rng,
): Counterfactual {
  const t0 = performance.now();
  const d = model.obsDim;
  const A = model.nActions;
  const qBefore = evaluateOne(model, state);
  const action = rowArgmax(qBefore, 0, A);
  const target = settings.target;
  const scale = dist.scale;
  const margin = (q: ArrayLike<number>, r: number) => {
    const of = (a: number) => q[r * A + a]!;
    const others = (skip: number) => Math.max(...Array.from({ length: A }, (_, a) => (a === skip ? -Infinity : of(a))));
    return target === undefined ? others(action) - of(action) : of(target) - others(target);
  };
  // The new action must lead, not tie: on an exact tie argmax picks by index, and the "after" Q-values
  // would read equal. A lead above float32 rounding of Q counts.
  const tieTolerance = 1e-6 * Math.max(1, ...qBefore.map(Math.abs));
  const space: RaySpace = {
    model, state, scale, norm: settings.norm, evaluations: 1,
    lo: bounds.low.map((l, i) => (l - state[i]!) / scale[i]!),
    hi: bounds.high.map((h, i) => (h - state[i]!) / scale[i]!),
    flipped: (q, r) => margin(q, r) > tieTolerance,
    margin,
  };
  // Asked for the action the network already takes: the answer is the state itself.
  const result = target === action
    ? { u: new Array<number>(d).fill(0), radius: 0, axes: Array.from({ length: d }, (): [number, number] => [Infinity, Infinity]) }
    : searchCounterfactual(space, {
      randomDirections: settings.randomDirections,
      refineIterations: settings.refineIterations,
      keep: 4,
      seeds: flippingBackground(model, dist, space),
    }, rng);

  let counterfactualState: Float32Array | undefined;
  let qAfter: number[] | null = null;
  if (result.u) {
    counterfactualState = Float32Array.from(result.u, (v, i) => state[i]! + scale[i]! * v);
    qAfter = evaluateOne(model, counterfactualState);
    space.evaluations++;
    // The search leaves crumbs (offsets of 1e-9 σ) on features it did not need: drop them when the change still flips.
    if (result.u.some((v) => v !== 0 && Math.abs(v) < NEGLIGIBLE_OFFSET)) {
      const clean = Float32Array.from(result.u, (v, i) => (Math.abs(v) < NEGLIGIBLE_OFFSET ? state[i]! : state[i]! + scale[i]! * v));
      const qClean = evaluateOne(model, clean);
      space.evaluations++;
      if (space.flipped(Float64Array.from(qClean), 0)) [counterfactualState, qAfter] = [clean, qClean];
    }
  }
  // The distance of the float32 state the network saw, not of the search's float64 offset.
  const distance = counterfactualState ? normOf(Array.from(counterfactualState, (v, i) => (v - state[i]!) / scale[i]!), settings.norm) : null;
  const newAction = qAfter ? rowArgmax(qAfter, 0, A) : null;
  const text = describeCounterfactual({ state, counterfactual: counterfactualState, scale, action, newAction, target, axes: result.axes, names });
  return {
    method: 'counterfactual',
    norm: settings.norm,
    state: Array.from(state),
    action,
    target: target ?? null,
    found: counterfactualState !== undefined,
    counterfactual: counterfactualState ? Array.from(counterfactualState) : null,
    newAction,
    qBefore,
    qAfter,
    distance,
    ...text,
    scale: [...scale],
    bounds,
    evaluations: space.evaluations,
    milliseconds: elapsedMs(t0),
  };
}

/** An offset below this many of a feature's standard deviations is no change a person could act on. */
const NEGLIGIBLE_OFFSET = 1e-4;

/** Scaled offsets to the background states in which the network already acts as wanted. */
function flippingBackground(model: QEvaluator, dist: StateDistribution, space: RaySpace): number[][] {
  const d = model.obsDim;
  const q = evaluateRows(model, dist.background, dist.backgroundSize);
  space.evaluations += dist.backgroundSize;
  const seeds: number[][] = [];
  for (let r = 0; r < dist.backgroundSize; r++) {
    if (!space.flipped(q, r)) continue;
    seeds.push(Array.from({ length: d }, (_, i) => (dist.background[r * d + i]! - space.state[i]!) / space.scale[i]!));
  }
  return seeds;
}
