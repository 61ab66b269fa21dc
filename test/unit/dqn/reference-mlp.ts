/**
 * A float64 DQN loss in plain TypeScript, written straight from the definitions (no shared code
 * with either engine), for finite-difference checks of the fused kernel's gradients.
 */
import type { NamedWeights, NetworkSpec, ReplayBatch, TrainHyper } from '../../../src/dqn/network-types.ts';

type Tensors = Map<string, Float64Array>;

export function toFloat64(weights: NamedWeights): Tensors {
  return new Map(weights.map((w) => [w.name, Float64Array.from(w.values)]));
}

function dense(x: number[], w: Tensors, layer: string, inputs: number, relu: boolean): number[] {
  const kernel = w.get(`${layer}/kernel`)!;
  const bias = w.get(`${layer}/bias`)!;
  const outputs = bias.length;
  const out: number[] = [];
  for (let o = 0; o < outputs; o++) {
    let z = bias[o]!;
    for (let i = 0; i < inputs; i++) z += x[i]! * kernel[i * outputs + o]!;
    out.push(relu ? Math.max(0, z) : z);
  }
  return out;
}

export function referenceQ(spec: NetworkSpec, w: Tensors, obs: ArrayLike<number>): number[] {
  let h = Array.from(obs);
  let width = spec.obsDim;
  spec.hidden.forEach((size, i) => {
    h = dense(h, w, `dense_${i}`, width, true);
    width = size;
  });
  if (!spec.dueling) return dense(h, w, 'q', width, false);
  const v = dense(h, w, 'value', width, false)[0]!;
  const a = dense(h, w, 'advantage', width, false);
  const mean = a.reduce((s, x) => s + x, 0) / a.length;
  return a.map((x) => v + x - mean);
}

const argmax = (q: number[]): number => q.indexOf(Math.max(...q));

/** Mean TD loss of `batch` for online weights `online` (target weights fixed). */
export function referenceLoss(spec: NetworkSpec, online: Tensors, target: Tensors, batch: ReplayBatch, hyper: TrainHyper): number {
  let total = 0;
  for (let b = 0; b < batch.size; b++) {
    const next = batch.nextObservations.subarray(b * spec.obsDim, (b + 1) * spec.obsDim);
    const qTarget = referenceQ(spec, target, next);
    const aStar = argmax(hyper.doubleDqn ? referenceQ(spec, online, next) : qTarget);
    const y = batch.rewards[b]! + hyper.gamma * qTarget[aStar]! * (1 - batch.terminated[b]!);
    const q = referenceQ(spec, online, batch.observations.subarray(b * spec.obsDim, (b + 1) * spec.obsDim));
    const d = q[batch.actions[b]!]! - y;
    total += hyper.loss === 'mse' ? d * d : Math.abs(d) < 1 ? 0.5 * d * d : Math.abs(d) - 0.5;
  }
  return total / batch.size;
}
