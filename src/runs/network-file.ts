/**
 * The Q-network on disk: `model.json` + `weights.bin` in the tfjs LayersModel layout (a Keras-style
 * topology and a `weightsManifest`), so `tf.loadLayersModel('file://…/model.json')` opens the
 * network, plain or dueling, directly in any tfjs program. The `qlens` block carries what tfjs does not:
 * our format tag, version and the network spec. Other weight sets (target network, Adam moments) use
 * the same manifest order in their own `.bin` files.
 */
import { z } from 'zod';
import { FileFormatError } from '../core/errors.ts';
import { layerShapes } from '../dqn/init.ts';
import type { NamedWeights, NetworkSpec } from '../dqn/network-types.ts';
import { parseTaggedJson } from './json-file.ts';

const specSchema = z.object({
  obsDim: z.number().int().positive(),
  nActions: z.number().int().positive(),
  hidden: z.array(z.number().int().positive()).min(1),
  dueling: z.boolean(),
});

const modelFileSchema = z.object({
  format: z.literal('qlens-qnetwork'),
  version: z.literal(1),
  spec: specSchema,
  modelTopology: z.unknown().optional(),
  weightsManifest: z
    .array(
      z.object({
        // A bare file name beside model.json: a path could make qlens read any file on the machine.
        paths: z.array(z.string().regex(/^(?!\.\.?$)[^/\\]+$/, 'must be a file name in the directory of model.json (no / or ..)')).length(1),
        weights: z.array(z.object({ name: z.string(), shape: z.array(z.number().int().nonnegative()), dtype: z.literal('float32') })),
      }),
    )
    .length(1),
});
export type ModelFile = z.output<typeof modelFileSchema>;

/** Float32 little-endian concatenation of the weights, in order. */
export function encodeWeights(weights: NamedWeights): Uint8Array {
  const total = weights.reduce((n, w) => n + w.values.length, 0);
  const out = new Float32Array(total);
  let offset = 0;
  for (const w of weights) {
    out.set(w.values, offset);
    offset += w.values.length;
  }
  return new Uint8Array(out.buffer);
}

/** Splits `bytes` back into weights following `manifest`; `file` names the source in errors. */
export function decodeWeights(bytes: Uint8Array, manifest: { name: string; shape: number[] }[], file: string): NamedWeights {
  const expected = manifest.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
  if (bytes.length !== expected * 4) {
    throw new FileFormatError(file, `holds ${bytes.length} bytes, the manifest describes ${expected * 4}`);
  }
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  let offset = 0;
  return manifest.map((m) => {
    const size = m.shape.reduce((a, b) => a * b, 1);
    const values = all.slice(offset, offset + size);
    offset += size;
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i]!)) throw new FileFormatError(file, `${m.name} holds a non-finite value at index ${i}`);
    }
    return { name: m.name, shape: [...m.shape], values };
  });
}

const KERAS_VERSION = 'tfjs-layers 4.22.0';

/** A tfjs Dense layer's config; its weights are named `<name>/kernel` and `<name>/bias`, as ours are. */
function denseConfig(name: string, units: number, activation: 'relu' | 'linear'): Record<string, unknown> {
  return {
    name,
    units,
    activation,
    use_bias: true,
    trainable: true,
    dtype: 'float32',
    kernel_initializer: { class_name: 'Zeros', config: {} },
    bias_initializer: { class_name: 'Zeros', config: {} },
  };
}

/** Keras/tfjs topology of a plain network: a Sequential stack of Dense layers. */
function sequentialTopology(spec: NetworkSpec): unknown {
  const layers = layerShapes(spec).map((layer, i) => ({
    class_name: 'Dense',
    config: {
      ...denseConfig(layer.name, layer.outputs, i < spec.hidden.length ? 'relu' : 'linear'),
      ...(i === 0 ? { batch_input_shape: [null, spec.obsDim] } : {}),
    },
  }));
  return { class_name: 'Sequential', config: { name: 'qnetwork', layers }, keras_version: KERAS_VERSION, backend: 'tensor_flow.js' };
}

/**
 * Keras/tfjs topology of a dueling network, Q = V + A − mean(A), as a functional model of layers
 * tfjs can deserialise (it has no Lambda): the mean is GlobalAveragePooling1D over A reshaped to a
 * column, Rescaling(−1) negates it, and Add broadcasts V and −mean(A) over the actions. None of
 * these holds weights, so the manifest stays exactly the trained layers'.
 */
function duelingTopology(spec: NetworkSpec): unknown {
  const layers: unknown[] = [];
  const layer = (class_name: string, config: Record<string, unknown>, inputs: string[]) => {
    const name = config.name as string;
    layers.push({ name, class_name, config: { trainable: true, ...config }, inbound_nodes: inputs.length ? [inputs.map((from) => [from, 0, 0, {}])] : [] });
    return name;
  };
  let last = layer('InputLayer', { name: 'input', batch_input_shape: [null, spec.obsDim], dtype: 'float32', sparse: false }, []);
  spec.hidden.forEach((width, i) => {
    last = layer('Dense', denseConfig(`dense_${i}`, width, 'relu'), [last]);
  });
  const value = layer('Dense', denseConfig('value', 1, 'linear'), [last]);
  const advantage = layer('Dense', denseConfig('advantage', spec.nActions, 'linear'), [last]);
  const column = layer('Reshape', { name: 'advantage_column', target_shape: [spec.nActions, 1] }, [advantage]);
  const mean = layer('GlobalAveragePooling1D', { name: 'advantage_mean' }, [column]);
  const minusMean = layer('Rescaling', { name: 'minus_advantage_mean', scale: -1, offset: 0 }, [mean]);
  const q = layer('Add', { name: 'q' }, [value, advantage, minusMean]);
  return {
    class_name: 'Model',
    config: { name: 'qnetwork', layers, input_layers: [['input', 0, 0]], output_layers: [[q, 0, 0]] },
    keras_version: KERAS_VERSION,
    backend: 'tensor_flow.js',
  };
}

/** `model.json` content for `weights` saved as `weightsFile`. */
export function modelJson(spec: NetworkSpec, weights: NamedWeights, weightsFile = 'weights.bin'): ModelFile {
  return {
    format: 'qlens-qnetwork',
    version: 1,
    spec: { obsDim: spec.obsDim, nActions: spec.nActions, hidden: [...spec.hidden], dueling: spec.dueling },
    modelTopology: spec.dueling ? duelingTopology(spec) : sequentialTopology(spec),
    weightsManifest: [{ paths: [weightsFile], weights: weights.map((w) => ({ name: w.name, shape: [...w.shape], dtype: 'float32' as const })) }],
  };
}

/** Validates a parsed `model.json` and checks its manifest against the spec's layer layout. */
export function parseModelJson(json: unknown, file: string): ModelFile {
  const model = parseTaggedJson(file, json, 'qlens-qnetwork', 1, modelFileSchema);
  const expected = layerShapes(model.spec).flatMap((l) => [
    { name: `${l.name}/kernel`, shape: [l.inputs, l.outputs] },
    { name: `${l.name}/bias`, shape: [l.outputs] },
  ]);
  const got = model.weightsManifest[0]!.weights;
  const same = got.length === expected.length && got.every((w, i) => w.name === expected[i]!.name && w.shape.join() === expected[i]!.shape.join());
  if (!same) throw new FileFormatError(file, 'weightsManifest does not match the network spec (layer names or shapes differ)');
  return model;
}
