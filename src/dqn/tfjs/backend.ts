/**
 * tfjs backend selection for the `tfjs` engine: tfjs-node when installed, else WebAssembly, else the
 * pure-JS cpu backend. Every choice is verified with `tf.getBackend()`, because `setBackend('wasm')`
 * can fail quietly and leave tfjs on cpu (stack.md §3).
 *
 * On wasm it also installs the `BatchMatMul` fix from stack.md §3: tfjs-wasm hands only
 * non-transposed products to XNNPACK and runs `matMul(a, b, transposeA/B)` — exactly the products of
 * a dense layer's backward pass — 10–15× slower. The fix transposes the operand explicitly first.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ConfigError } from '../../core/errors.ts';

export type BackendPreference = 'auto' | 'node' | 'wasm' | 'cpu';
/** The backend actually in use, in the vocabulary of `BackendPreference`. */
export type BackendName = 'node' | 'wasm' | 'cpu';

const TF_NAMES: Record<BackendName, string> = { node: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };
// A variable keeps TypeScript from resolving the optional package (it is not installed everywhere).
const TFJS_NODE = '@tensorflow/tfjs-node';

let selected: BackendName | undefined;

/** Loads tfjs-node if it is installed and works; false otherwise (it is an optionalDependency). */
async function loadTfjsNode(): Promise<boolean> {
  try {
    await import(TFJS_NODE); // registers the "tensorflow" backend as a side effect
    return true;
  } catch {
    return false;
  }
}

async function activate(name: BackendName): Promise<boolean> {
  try {
    const ok = await tf.setBackend(TF_NAMES[name]);
    await tf.ready();
    return ok && tf.getBackend() === TF_NAMES[name];
  } catch {
    return false;
  }
}

/**
 * Makes `preference` the active tfjs backend and returns the one in use. `auto` tries node, wasm,
 * cpu in that order; an explicit choice that cannot be honoured throws instead of falling back.
 */
export async function selectBackend(preference: BackendPreference = 'auto'): Promise<BackendName> {
  if (!['auto', 'node', 'wasm', 'cpu'].includes(preference)) {
    throw new ConfigError('backend', `backend must be one of auto, node, wasm, cpu; got ${String(preference)}`);
  }
  tf.enableProdMode(); // also silences the "you are running TensorFlow.js in Node.js" banner
  const order: BackendName[] = preference === 'auto' ? ['node', 'wasm', 'cpu'] : [preference];
  for (const name of order) {
    if (name === 'node' && !(await loadTfjsNode())) continue;
    if (!(await activate(name))) continue;
    if (name === 'wasm') patchWasmBatchMatMul();
    selected = name;
    return name;
  }
  const why = preference === 'node'
    ? '@tensorflow/tfjs-node is not installed or failed to load (it is optional; try "auto" or "wasm")'
    : `the ${preference} backend failed to initialise (tfjs is on "${tf.getBackend()}")`;
  throw new ConfigError('backend', `cannot use tfjs backend "${preference}": ${why}`);
}

/** The backend chosen by `selectBackend`, choosing `auto` first if nothing was selected yet. */
export async function ensureBackend(): Promise<BackendName> {
  if (selected && tf.getBackend() === TF_NAMES[selected]) return selected;
  return selectBackend('auto');
}

let patchedKernel: tf.KernelFunc | undefined;

/** Whether the registered wasm `BatchMatMul` is our transposing replacement. */
export function isWasmMatMulPatched(): boolean {
  return patchedKernel !== undefined && tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc === patchedKernel;
}

/** Re-registers wasm `BatchMatMul` so transposed operands are transposed first (once per process). */
export function patchWasmBatchMatMul(): void {
  if (isWasmMatMulPatched()) return;
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!original || !transpose) throw new Error('tfjs-backend-wasm has no BatchMatMul/Transpose kernel to patch');
  const swapLastAxes = (x: tf.TensorInfo, backend: tf.KernelBackend): tf.TensorInfo => {
    const perm = x.shape.map((_, i) => i);
    const r = perm.length;
    [perm[r - 2], perm[r - 1]] = [perm[r - 1]!, perm[r - 2]!];
    return transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } }) as tf.TensorInfo;
  };
  const kernelFunc: tf.KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
    const backend = anyBackend as tf.KernelBackend;
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return original.kernelFunc({ inputs, backend, attrs });
    const ta = transposeA ? swapLastAxes(a, backend) : a;
    const tb = transposeB ? swapLastAxes(b, backend) : b;
    const out = original.kernelFunc({
      inputs: { a: ta, b: tb }, backend, attrs: { ...attrs, transposeA: false, transposeB: false },
    });
    if (ta !== a) backend.disposeData(ta.dataId);
    if (tb !== b) backend.disposeData(tb.dataId);
    return out;
  };
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...original, kernelFunc });
  patchedKernel = kernelFunc;
}
