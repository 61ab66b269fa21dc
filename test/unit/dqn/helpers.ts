/** Shared fixtures for the Q-network tests: random batches and weight comparisons. */
import { Rng } from '../../../src/core/rng.ts';
import type { NamedWeights, NetworkSpec, ReplayBatch, TrainHyper } from '../../../src/dqn/network-types.ts';

/** A batch of `size` random transitions (normal observations, ~20% terminal, rewards ~ N(0, 2)). */
export function randomBatch(spec: NetworkSpec, size: number, seed: number): ReplayBatch {
  const rng = new Rng(seed);
  const obs = (): Float32Array => Float32Array.from({ length: size * spec.obsDim }, () => rng.normal());
  return {
    size,
    observations: obs(),
    nextObservations: obs(),
    actions: Int32Array.from({ length: size }, () => rng.int(spec.nActions)),
    rewards: Float32Array.from({ length: size }, () => rng.normal(0, 2)),
    terminated: Float32Array.from({ length: size }, () => (rng.next() < 0.2 ? 1 : 0)),
  };
}

export const CLEANRL_HYPER: TrainHyper = {
  gamma: 0.99, loss: 'mse', doubleDqn: false, maxGradNorm: Infinity, learningRate: 2.5e-4, adamEpsilon: 1e-8,
};

/** Largest |a − b| over two weight lists with the same names (matched by name). */
export function maxAbsDiff(a: NamedWeights, b: NamedWeights): number {
  let worst = 0;
  for (const wa of a) {
    const wb = b.find((w) => w.name === wa.name);
    if (!wb) throw new Error(`no tensor ${wa.name}`);
    for (let i = 0; i < wa.values.length; i++) worst = Math.max(worst, Math.abs(wa.values[i]! - wb.values[i]!));
  }
  return worst;
}

/** Largest |a − b| / max(1, |b|) over two arrays. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return worst;
}

/** Each tensor's values scaled by `factor` (a distinct target network for the tests). */
export function scaled(weights: NamedWeights, factor: number): NamedWeights {
  return weights.map((w) => ({ ...w, shape: [...w.shape], values: w.values.map((v) => v * factor) }));
}
