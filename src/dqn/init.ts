/**
 * Parameter layout and initialisation shared by every engine.
 *
 * Names follow tfjs dense layers so a checkpoint reads like a tfjs model: hidden layers
 * `dense_<i>/kernel` (in×out, row-major) and `dense_<i>/bias`, then the head: `q/kernel`, `q/bias`,
 * or for a dueling network `value/kernel` (last×1), `value/bias`, `advantage/kernel` (last×A),
 * `advantage/bias`.
 *
 * Initialisation is PyTorch's `nn.Linear` default (weights and biases ~ U(−1/√fan_in, 1/√fan_in)),
 * the one CleanRL and SB3 train with, so presets tuned against them transfer.
 */
import type { Rng } from '../core/rng.ts';
import type { NamedWeights, NetworkSpec } from './network-types.ts';

export interface LayerShape {
  name: string;
  inputs: number;
  outputs: number;
}

/** The dense layers of a spec in forward order (the dueling head is two layers on the last hidden). */
export function layerShapes(spec: NetworkSpec): LayerShape[] {
  const layers: LayerShape[] = [];
  let inputs = spec.obsDim;
  spec.hidden.forEach((width, i) => {
    layers.push({ name: `dense_${i}`, inputs, outputs: width });
    inputs = width;
  });
  if (spec.dueling) {
    layers.push({ name: 'value', inputs, outputs: 1 });
    layers.push({ name: 'advantage', inputs, outputs: spec.nActions });
  } else {
    layers.push({ name: 'q', inputs, outputs: spec.nActions });
  }
  return layers;
}

/** Fresh weights for `spec`, drawn from `rng` in layer order (kernel then bias). */
export function initWeights(spec: NetworkSpec, rng: Rng): NamedWeights {
  const weights: NamedWeights = [];
  for (const layer of layerShapes(spec)) {
    const bound = 1 / Math.sqrt(layer.inputs);
    const kernel = new Float32Array(layer.inputs * layer.outputs);
    for (let i = 0; i < kernel.length; i++) kernel[i] = rng.uniform(-bound, bound);
    const bias = new Float32Array(layer.outputs);
    for (let i = 0; i < bias.length; i++) bias[i] = rng.uniform(-bound, bound);
    weights.push({ name: `${layer.name}/kernel`, shape: [layer.inputs, layer.outputs], values: kernel });
    weights.push({ name: `${layer.name}/bias`, shape: [layer.outputs], values: bias });
  }
  return weights;
}

/** Total number of parameters of a spec. */
export function parameterCount(spec: NetworkSpec): number {
  return layerShapes(spec).reduce((n, l) => n + l.inputs * l.outputs + l.outputs, 0);
}

/** Deep copy (weights are mutable typed arrays). */
export function cloneWeights(weights: NamedWeights): NamedWeights {
  return weights.map((w) => ({ name: w.name, shape: [...w.shape], values: w.values.slice() }));
}
