/**
 * Loads `kernel.wasm` (next to this file) once per process and instantiates it per network: each
 * network gets its own linear memory, the compiled code is shared.
 */
import { readFile } from 'node:fs/promises';
import { DESCRIPTOR_SIGNATURE } from './layout.ts';

/** The kernel's exports (addresses are byte offsets into `memory`). See `kernel.as.ts`. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  descriptorSignature(): number;
  forward(desc: number, params: number, x: number, n: number, out: number): void;
  act(desc: number): number;
  refreshTransposes(desc: number): void;
  updateTarget(desc: number, tau: number, oneMinusTau: number): void;
  trainStep(desc: number, n: number, gamma: number, huber: number, doubleDqn: number, maxGradNorm: number,
            beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number,
            stepSize: number, bc2Sqrt: number, eps: number): void;
  gemm(a: number, aRow: number, aCol: number, b: number, ldb: number, c: number, ldc: number,
       M: number, K: number, N: number, mode: number, aux: number): void;
}

export const KERNEL_URL = new URL('./kernel.wasm', import.meta.url);

let compiled: Promise<WebAssembly.Module> | undefined;

/** The compiled module, compiled on first use and cached (a failed load is retried next time). */
export function kernelModule(): Promise<WebAssembly.Module> {
  compiled ??= readFile(KERNEL_URL)
    .then((bytes) => WebAssembly.compile(bytes))
    .catch((err: unknown) => {
      compiled = undefined;
      throw new Error(`cannot load the fused kernel ${KERNEL_URL.pathname}: ${String(err)}`);
    });
  return compiled;
}

/** A fresh instance (own memory) of the kernel. */
export async function instantiateKernel(): Promise<KernelExports> {
  const instance = await WebAssembly.instantiate(await kernelModule(), {});
  const k = instance.exports as unknown as KernelExports;
  if (k.descriptorSignature() !== DESCRIPTOR_SIGNATURE) {
    throw new Error('kernel.wasm does not match layout.ts: rebuild it with `npx tsx src/dqn/fused/build-kernel.ts`');
  }
  return k;
}
