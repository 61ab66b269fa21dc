/**
 * Partial dependence (Friedman 2001, "Greedy Function Approximation", §8.2) and individual
 * conditional expectation curves (Goldstein, Kapelner, Bleich & Pitkin 2015) of Q(·, a) along each
 * feature, over the agent's own state distribution:
 *
 *   ICE_j(v) = Q(b_j with feature f set to v, a)     for background state b_j,
 *   PDP(v)   = mean_j ICE_j(v),
 *
 * plus the explained state's own curve (its "what if this feature were v"). The grid spans the
 * feature's observed range in the agent's play, widened to include the state, inside the bounds.
 * Parallel ICE curves mean the feature acts additively; crossing ones reveal interactions the PDP
 * averages away.
 */
import { DataError } from '../../core/errors.ts';
import type { StateDistribution } from './distribution.ts';
import { elapsedMs, evaluateRows } from './evaluate.ts';
import type { Bounds, QEvaluator } from './types.ts';

export interface FeatureDependence {
  feature: number;
  featureName: string;
  grid: number[];
  /** [action][grid point]. */
  pdp: number[][];
  /** [curve][action][grid point], one curve per shown background state. */
  ice: number[][][];
  /** The explained state's value of the feature and its own curve, [action][grid point]. */
  stateValue: number;
  stateCurve: number[][];
}

export interface PartialDependence {
  method: 'pdp';
  state: number[];
  features: FeatureDependence[];
  /** Background states averaged into each PDP. */
  backgroundSize: number;
  evaluations: number;
  milliseconds: number;
}

export interface PdpSettings {
  gridPoints: number;
  /** ICE curves returned per feature (the PDP always averages the whole background). */
  iceCurves: number;
  /** Features to compute; default all. */
  features?: number[];
}

export function partialDependence(
  model: QEvaluator, state: Float32Array, dist: StateDistribution, bounds: Bounds, featureNames: readonly string[], settings: PdpSettings,
): PartialDependence {
  const t0 = performance.now();
  const d = model.obsDim;
  const A = model.nActions;
  const nb = dist.backgroundSize;
  const G = settings.gridPoints;
  const features = settings.features ?? Array.from({ length: d }, (_, i) => i);
  for (const f of features) if (!Number.isInteger(f) || f < 0 || f >= d) throw new DataError(`PDP feature ${f} does not exist (allowed: 0 to ${d - 1})`);
  const out: FeatureDependence[] = [];
  for (const f of features) {
    const lo = Math.max(bounds.low[f]!, Math.min(dist.min[f]!, state[f]!));
    const hi = Math.min(bounds.high[f]!, Math.max(dist.max[f]!, state[f]!));
    const grid = Array.from({ length: G }, (_, g) => (G === 1 ? state[f]! : lo + ((hi - lo) * g) / (G - 1)));
    // Rows: the state's curve first, then each background state's, G points each.
    const rows = new Float32Array((nb + 1) * G * d);
    for (let c = 0; c <= nb; c++) {
      const source = c === 0 ? state : dist.background.subarray((c - 1) * d, c * d);
      for (let g = 0; g < G; g++) {
        rows.set(source, (c * G + g) * d);
        rows[(c * G + g) * d + f] = grid[g]!;
      }
    }
    const q = evaluateRows(model, rows, (nb + 1) * G);
    const curve = (c: number) => Array.from({ length: A }, (_, a) => grid.map((_, g) => q[(c * G + g) * A + a]!));
    const pdp = Array.from({ length: A }, (_, a) => grid.map((_, g) => {
      let s = 0;
      for (let c = 1; c <= nb; c++) s += q[(c * G + g) * A + a]!;
      return s / nb;
    }));
    const shown = Math.min(settings.iceCurves, nb);
    out.push({
      feature: f,
      featureName: featureNames[f] ?? `x${f}`,
      grid,
      pdp,
      // Evenly spread over the background so the shown curves are not the first few episodes' states.
      ice: Array.from({ length: shown }, (_, j) => curve(1 + Math.floor((j * nb) / shown))),
      stateValue: state[f]!,
      stateCurve: curve(0),
    });
  }
  return { method: 'pdp', state: Array.from(state), features: out, backgroundSize: nb, evaluations: features.length * (nb + 1) * G, milliseconds: elapsedMs(t0) };
}
