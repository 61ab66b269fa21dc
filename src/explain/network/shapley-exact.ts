/**
 * Exact Shapley values (Shapley 1953) of Q(·, a) for one state, by enumerating all 2^d coalitions
 * with the interventional value function (coalitions.ts):
 *
 *   φ_i = Σ_{S ⊆ F∖{i}} |S|! (d − |S| − 1)! / d! · (v(S ∪ {i}) − v(S)).
 *
 * Costs 2^d × background evaluations, so it is offered for d ≤ 8 (CartPole 4, Acrobot 6,
 * MountainCar 2): there it is the ground truth the sampling estimators are checked against.
 */
import { ConfigError } from '../../core/errors.ts';
import { binomial, coalitionValues, type Background, writeMask } from './coalitions.ts';
import { elapsedMs } from './evaluate.ts';
import type { Attribution, QEvaluator } from './types.ts';

/** Largest feature count exact enumeration accepts (2^8 = 256 coalitions per background row). */
export const MAX_EXACT_FEATURES = 8;

export function exactShapley(model: QEvaluator, state: Float32Array, background: Background): Attribution {
  const t0 = performance.now();
  const d = model.obsDim;
  const A = model.nActions;
  if (d > MAX_EXACT_FEATURES) {
    throw new ConfigError('method', `Exact Shapley enumerates 2^d coalitions and allows at most ${MAX_EXACT_FEATURES} features; this network has ${d} (use shap or kernelshap)`);
  }
  const m = 1 << d;
  const masks = new Uint8Array(m * d);
  for (let bits = 0; bits < m; bits++) writeMask(masks, bits, d, bits);
  const v = coalitionValues(model, state, background, masks, m);
  // Weight of a coalition of size s that excludes i: s!(d−s−1)!/d! = 1 / (d · C(d−1, s)).
  const weight = Array.from({ length: d }, (_, s) => 1 / (d * binomial(d - 1, s)));
  const values = Array.from({ length: A }, () => new Array<number>(d).fill(0));
  for (let bits = 0; bits < m; bits++) {
    const size = popcount(bits);
    for (let i = 0; i < d; i++) {
      if (bits & (1 << i)) continue;
      const w = weight[size]!;
      const withI = bits | (1 << i);
      for (let a = 0; a < A; a++) values[a]![i]! += w * (v[withI * A + a]! - v[bits * A + a]!);
    }
  }
  return {
    method: 'exact',
    state: Array.from(state),
    values,
    base: Array.from({ length: A }, (_, a) => v[a]!), // v(∅) = E_b Q(b, a)
    output: Array.from({ length: A }, (_, a) => v[(m - 1) * A + a]!), // v(F) = Q(x, a)
    evaluations: m * background.n,
    milliseconds: elapsedMs(t0),
  };
}

function popcount(bits: number): number {
  let c = 0;
  for (let b = bits; b; b &= b - 1) c++;
  return c;
}
