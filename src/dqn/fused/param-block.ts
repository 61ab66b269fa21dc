/**
 * Copies between named tensors (`NamedWeights`, tfjs dense layout) and one padded parameter block of
 * the fused kernel. Used for online and target weights, Adam's moments and the last gradients, which
 * all share the block layout of `layout.ts`. A dueling net's `value` and `advantage` heads are the
 * first and remaining columns of the kernel's single head layer.
 */
import type { NamedWeights, NetworkSpec } from '../network-types.ts';
import type { KernelLayout } from './layout.ts';
import { expectedTensors } from '../network-validate.ts';

interface TensorSlot {
  name: string;
  shape: number[];
  /** Index into `layout.layers`. */
  layer: number;
  /** First column of the layer this tensor occupies, and how many. */
  col0: number;
  cols: number;
  bias: boolean;
}

/** Where each tensor of `spec` lives, in `initWeights` order. */
export function tensorSlots(spec: NetworkSpec): TensorSlot[] {
  const head = spec.hidden.length;
  return expectedTensors(spec).map(({ name, shape }) => {
    const [layerName, kind] = name.split('/') as [string, string];
    const bias = kind === 'bias';
    const cols = shape.at(-1)!;
    if (layerName.startsWith('dense_')) return { name, shape, layer: Number(layerName.slice(6)), col0: 0, cols, bias };
    if (layerName === 'advantage') return { name, shape, layer: head, col0: 1, cols, bias };
    return { name, shape, layer: head, col0: 0, cols, bias }; // 'q' or 'value'
  });
}

/** Writes `values` (by name) into the block at float index `block` of `f32` (padding left as is). */
export function writeBlock(f32: Float32Array, block: number, layout: KernelLayout, slots: readonly TensorSlot[],
                           values: ReadonlyMap<string, Float32Array>): void {
  for (const s of slots) {
    const src = values.get(s.name)!;
    const l = layout.layers[s.layer]!;
    if (s.bias) {
      f32.set(src, block + l.b + s.col0);
      continue;
    }
    for (let r = 0; r < l.inputs; r++) {
      const row = block + l.w + r * l.outPad + s.col0;
      for (let c = 0; c < s.cols; c++) f32[row + c] = src[r * s.cols + c]!;
    }
  }
}

/** Reads the block at float index `block` of `f32` back into fresh named tensors. */
export function readBlock(f32: Float32Array, block: number, layout: KernelLayout, slots: readonly TensorSlot[]): NamedWeights {
  return slots.map((s) => {
    const l = layout.layers[s.layer]!;
    const values = new Float32Array(s.shape.reduce((a, b) => a * b, 1));
    if (s.bias) {
      values.set(f32.subarray(block + l.b + s.col0, block + l.b + s.col0 + s.cols));
    } else {
      for (let r = 0; r < l.inputs; r++) {
        const row = block + l.w + r * l.outPad + s.col0;
        for (let c = 0; c < s.cols; c++) values[r * s.cols + c] = f32[row + c]!;
      }
    }
    return { name: s.name, shape: [...s.shape], values };
  });
}
