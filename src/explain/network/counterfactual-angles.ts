/**
 * The counterfactual of an env that observes angles as cosine/sine pairs (Acrobot's θ1 and θ2),
 * searched over the angles themselves. Moving the features independently, the search kept
 * proposing a cos without its sin (cos² + sin² ≠ 1): a state the environment never produces,
 * which the Inspector could only flag. Here each pair is one coordinate, its angle θ, and the
 * network sees (cos θ, sin θ), so every state tried is one of the circle, and the answer reads
 * "θ1 were 0.3 higher" (radians). The other features are searched as before.
 *
 * The search (counterfactual.ts) runs unchanged on these coordinates: a network over them, the
 * agent's states mapped to them (each angle on the branch nearest the inspected one, so a
 * background state is a turn of at most π away), its spread as the circular standard deviation,
 * and a box of one full turn around the state.
 */
import type { Rng } from '../../core/rng.ts';
import type { ReachableCondition } from '../reachable.ts';
import { counterfactual, type Counterfactual, type CounterfactualSettings, type SearchedAngle } from './counterfactual.ts';
import type { StateDistribution } from './distribution.ts';
import type { Bounds, QEvaluator } from './types.ts';

interface Pair {
  cos: number;
  sin: number;
}

/** The env's angle pairs (its `unit-circle` conditions); none for most envs. */
export function anglePairs(reachable: readonly ReachableCondition[]): Pair[] {
  return reachable.flatMap((c) => (c.kind === 'unit-circle' ? [{ cos: c.cos, sin: c.sin }] : []));
}

/** "theta1" for cos_theta1 and sin_theta1; else a name saying which pair it is. */
function angleName(cosName: string, sinName: string): string {
  const rest = (name: string, trig: string) => new RegExp(`^${trig}[_ ]?(.+)$`, 'i').exec(name)?.[1];
  const c = rest(cosName, 'cos');
  return c !== undefined && c === rest(sinName, 'sin') ? c : `angle of (${cosName}, ${sinName})`;
}

/** Shortest turn from `from` to `to`, in (−π, π]. */
const turn = (from: number, to: number) => Math.atan2(Math.sin(to - from), Math.cos(to - from));

export function angleCounterfactual(
  model: QEvaluator, state: Float32Array, dist: StateDistribution, bounds: Bounds, pairs: readonly Pair[],
  names: { featureNames: readonly string[]; actionNames: readonly string[] }, settings: CounterfactualSettings, rng: Rng,
): Counterfactual {
  const d = model.obsDim;
  const pairAt = new Map(pairs.map((p) => [p.cos, p]));
  const sines = new Set(pairs.map((p) => p.sin));
  /** Coordinate k is feature `features[k]`, or the angle of the pair whose cos that is. */
  const features = Array.from({ length: d }, (_, i) => i).filter((i) => !sines.has(i));
  const k = features.length;
  const angleOf = (x: ArrayLike<number>, p: Pair) => Math.atan2(x[p.sin]!, x[p.cos]!);
  const z0 = Float32Array.from(features, (i) => (pairAt.has(i) ? angleOf(state, pairAt.get(i)!) : state[i]!));

  /** The observation of coordinates `z` (row `r` of a batch). An angle left as it was keeps the state's own cos and sin, not their float32 round trip. */
  const observe = (z: ArrayLike<number>, r: number, out: Float32Array, o: number) => {
    features.forEach((i, c) => {
      const v = z[r * k + c]!;
      const p = pairAt.get(i);
      if (!p) out[o + i] = v;
      else if (v === z0[c]) [out[o + p.cos], out[o + p.sin]] = [state[p.cos]!, state[p.sin]!];
      else [out[o + p.cos], out[o + p.sin]] = [Math.cos(v), Math.sin(v)];
    });
  };
  const overAngles: QEvaluator = {
    obsDim: k,
    nActions: model.nActions,
    qBatch: (z, n) => {
      const obs = new Float32Array(n * d);
      for (let r = 0; r < n; r++) observe(z, r, obs, r * d);
      return model.qBatch(obs, n);
    },
  };
  const toObservation = (z: ArrayLike<number>) => {
    const obs = new Float32Array(d);
    observe(z, 0, obs, 0);
    return obs;
  };

  const background = new Float32Array(dist.backgroundSize * k);
  for (let r = 0; r < dist.backgroundSize; r++) {
    const row = dist.background.subarray(r * d, (r + 1) * d);
    features.forEach((i, c) => {
      const p = pairAt.get(i);
      background[r * k + c] = p ? z0[c]! + turn(z0[c]!, angleOf(row, p)) : row[i]!;
    });
  }
  const scale = features.map((i, c) => (pairAt.has(i) ? circularSpread(background, dist.backgroundSize, k, c) : dist.scale[i]!));
  const overAnglesDist: StateDistribution = { ...dist, obsDim: k, background, scale };
  const box: Bounds = {
    low: features.map((i, c) => (pairAt.has(i) ? z0[c]! - Math.PI : bounds.low[i]!)),
    high: features.map((i, c) => (pairAt.has(i) ? z0[c]! + Math.PI : bounds.high[i]!)),
    lowFromData: features.map((i) => !pairAt.has(i) && bounds.lowFromData[i]!),
    highFromData: features.map((i) => !pairAt.has(i) && bounds.highFromData[i]!),
  };
  const coordinateNames = features.map((i) => (pairAt.has(i) ? angleName(names.featureNames[i]!, names.featureNames[pairAt.get(i)!.sin]!) : names.featureNames[i]!));
  const found = counterfactual(overAngles, z0, overAnglesDist, box, { featureNames: coordinateNames, actionNames: names.actionNames }, settings, rng);

  const angles: SearchedAngle[] = features.flatMap((i, c) => (pairAt.has(i) ? [{ coordinate: c, name: coordinateNames[c]!, ...pairAt.get(i)! }] : []));
  // One coordinate moved alone: the observation it makes, for a reader checking it against the env.
  const alone = (c: number, value: number) => Array.from(toObservation(z0.map((v, j) => (j === c ? value : v))));
  return {
    ...found,
    state: Array.from(state),
    counterfactual: found.counterfactual ? Array.from(toObservation(found.counterfactual)) : null,
    singleFeature: found.singleFeature.map((s) => ({
      ...s,
      lower: s.lower && { ...s.lower, observation: alone(s.feature, s.lower.value) },
      higher: s.higher && { ...s.higher, observation: alone(s.feature, s.higher.value) },
    })),
    searchedOver: { coordinates: coordinateNames, angles },
  };
}

/**
 * The circular standard deviation √(−2 ln R) of coordinate `c`'s angles (R the mean resultant
 * length), the unit a turn is measured in; a tiny floor for an angle that never moved in play.
 */
function circularSpread(rows: Float32Array, n: number, k: number, c: number): number {
  let sx = 0;
  let sy = 0;
  for (let r = 0; r < n; r++) {
    sx += Math.cos(rows[r * k + c]!);
    sy += Math.sin(rows[r * k + c]!);
  }
  const resultant = Math.min(1, Math.hypot(sx, sy) / Math.max(1, n));
  return Math.max(Math.sqrt(-2 * Math.log(resultant)), 1e-3);
}
