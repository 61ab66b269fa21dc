/**
 * Compiles `kernel.as.ts` (+ `linalg.as.ts`) to `kernel.wasm` with the AssemblyScript compiler and
 * fixed flags. The binary is committed; a test recompiles and compares bytes so it never drifts
 * from its source. Run: `npx tsx src/dqn/fused/build-kernel.ts`.
 *
 * Flags: -O3 (Binaryen speed), SIMD128 (no relaxed-simd: Node 20 lacks it by default; no threads),
 * the stub runtime (the kernel never allocates: the TS wrapper owns the memory layout), no
 * assertions and no `abort` import, so the module instantiates with an empty import object.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

export const KERNEL_SOURCE = 'kernel.as.ts';
export const KERNEL_FLAGS: readonly string[] = [
  '-O3', '--enable', 'simd', '--runtime', 'stub', '--noAssert', '--use', 'abort=',
];

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** The kernel binary, compiled in memory from the sources next to this file. */
export async function compileKernel(): Promise<Uint8Array> {
  let binary: Uint8Array | undefined;
  let log = '';
  const sink = { write: (chunk: string | Uint8Array): void => { log += String(chunk); } };
  const { error } = await asc.main(
    [KERNEL_SOURCE, '--baseDir', HERE, '--outFile', 'kernel.wasm', ...KERNEL_FLAGS],
    {
      stdout: sink,
      stderr: sink,
      writeFile: (name: string, contents: Uint8Array | string) => {
        if (name.endsWith('.wasm') && contents instanceof Uint8Array) binary = contents;
      },
    },
  );
  if (error || !binary) throw new Error(`AssemblyScript compile of ${KERNEL_SOURCE} failed: ${error?.message ?? 'no output'}\n${log}`);
  return binary;
}

async function main(): Promise<void> {
  const binary = await compileKernel();
  const out = new URL('./kernel.wasm', import.meta.url);
  await writeFile(out, binary);
  console.log(`wrote ${fileURLToPath(out)} (${binary.length} bytes)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
