/**
 * Where everything lives in the fused kernel's linear memory, and the descriptor the kernel reads.
 *
 * Fixed part (never moves): descriptor, then five parameter-shaped blocks (online, target, gradient,
 * Adam m, Adam v), then the transposed kernels. Batch part (rebuilt when a bigger batch arrives):
 * inputs, per-layer activations, backward scratch, outputs. Vector columns are padded to multiples
 * of 4 floats and every region starts on a 64-byte line, so SIMD loads never straddle two regions.
 *
 * The slot numbers mirror the constants at the top of `kernel.as.ts`.
 */
import type { NetworkSpec } from '../network-types.ts';
import { layerShapes } from '../init.ts';

const HEADER_SLOTS = 24;
const LAYER_SLOTS = 8;
/** What `descriptorSignature()` of a kernel built from the matching source returns. */
export const DESCRIPTOR_SIGNATURE = HEADER_SLOTS * 1000 + LAYER_SLOTS * 10 + 20;

export interface LayerLayout {
  inputs: number;
  outputs: number;
  inPad: number;
  outPad: number;
  /** Float offsets of the kernel and bias inside any parameter block. */
  w: number;
  b: number;
  /** Byte addresses of Wᵀ (0 for layer 0, which needs none) and of the activation buffer. */
  wt: number;
  h: number;
}

export interface KernelLayout {
  capacity: number;
  desc: number;
  paramFloats: number;
  /** Byte addresses of the parameter-shaped blocks. */
  params: number;
  target: number;
  grad: number;
  adamM: number;
  adamV: number;
  obs: number;
  nextObs: number;
  actions: number;
  rewards: number;
  terminated: number;
  qOut: number;
  qNext: number;
  tdTarget: number;
  dzA: number;
  dzB: number;
  result: number;
  layers: LayerLayout[];
  /** One past the last byte used. */
  end: number;
}

const pad4 = (n: number): number => Math.ceil(n / 4) * 4;
const line = (bytes: number): number => Math.ceil(bytes / 64) * 64;

/** Lays out `spec` from byte `base` with room for batches of up to `capacity` rows. */
export function planLayout(spec: NetworkSpec, base: number, capacity: number): KernelLayout {
  let cursor = line(base);
  const starts: number[] = [];
  const take = (bytes: number): number => {
    // Skew each region onto a 64-byte line of its own modulo 4 KiB (64 such lines; a network has
    // ~2 regions per layer + 16): the CPU matches loads against pending stores by the low 12
    // address bits, and operands starting congruent mod 4 KiB ran GEMMs at half speed in a test.
    let at = cursor;
    for (let tries = 0; tries < 64 && starts.includes(at % 4096); tries++) at += 64;
    starts.push(at % 4096);
    cursor = line(at + bytes);
    return at;
  };
  const desc = take((HEADER_SLOTS + LAYER_SLOTS * (spec.hidden.length + 1)) * 4);
  // The head is one kernel layer: Q columns, or [V, A_0 … A_{n−1}] when dueling.
  const shapes = layerShapes(spec);
  const dense = spec.dueling
    ? [...shapes.slice(0, -2), { name: 'head', inputs: shapes.at(-1)!.inputs, outputs: 1 + spec.nActions }]
    : shapes;
  let paramFloats = 0;
  const layers: LayerLayout[] = dense.map((s) => {
    const outPad = pad4(s.outputs);
    const w = paramFloats;
    paramFloats += s.inputs * outPad;
    const b = paramFloats;
    paramFloats += outPad;
    paramFloats = pad4(paramFloats);
    return { inputs: s.inputs, outputs: s.outputs, inPad: pad4(s.inputs), outPad, w, b, wt: 0, h: 0 };
  });
  const blockBytes = paramFloats * 4;
  const params = take(blockBytes);
  const target = take(blockBytes);
  const grad = take(blockBytes);
  const adamM = take(blockBytes);
  const adamV = take(blockBytes);
  layers.forEach((l, i) => {
    if (i > 0) l.wt = take(l.outputs * l.inPad * 4);
  });
  const maxPad = Math.max(...layers.map((l) => l.outPad), pad4(spec.obsDim));
  const rows = (floats: number): number => take(capacity * floats * 4);
  const obs = rows(spec.obsDim);
  const nextObs = rows(spec.obsDim);
  const actions = rows(1);
  const rewards = rows(1);
  const terminated = rows(1);
  const qOut = rows(spec.nActions);
  const qNext = rows(spec.nActions);
  const tdTarget = rows(1);
  const dzA = rows(maxPad);
  const dzB = rows(maxPad);
  for (const l of layers) l.h = rows(l.outPad);
  const result = take(16);
  return {
    capacity, desc, paramFloats, params, target, grad, adamM, adamV, obs, nextObs, actions, rewards,
    terminated, qOut, qNext, tdTarget, dzA, dzB, result, layers, end: cursor,
  };
}

/** Writes the descriptor of `layout` into memory (the kernel re-reads it on every call). */
export function writeDescriptor(memory: ArrayBuffer, spec: NetworkSpec, layout: KernelLayout): void {
  const d = new Int32Array(memory, layout.desc, HEADER_SLOTS + LAYER_SLOTS * layout.layers.length);
  d.fill(0);
  const header = [
    layout.layers.length, spec.obsDim, spec.nActions, spec.dueling ? 1 : 0, layout.paramFloats,
    layout.params, layout.target, layout.grad, layout.adamM, layout.adamV, layout.obs, layout.nextObs,
    layout.actions, layout.rewards, layout.terminated, layout.qOut, layout.qNext, layout.tdTarget,
    layout.dzA, layout.dzB, layout.result,
  ];
  d.set(header, 0);
  layout.layers.forEach((l, i) => {
    d.set([l.inputs, l.outputs, l.inPad, l.outPad, l.w * 4, l.b * 4, l.wt, l.h], HEADER_SLOTS + i * LAYER_SLOTS);
  });
}
