/** The committed kernel.wasm is exactly what its AssemblyScript source compiles to. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { compileKernel } from '../../../src/dqn/fused/build-kernel.ts';
import { KERNEL_URL } from '../../../src/dqn/fused/kernel-module.ts';

it('recompiling kernel.as.ts yields the committed kernel.wasm byte for byte', async () => {
  const fresh = await compileKernel();
  const committed = new Uint8Array(readFileSync(KERNEL_URL));
  // On failure: run `npx tsx src/dqn/fused/build-kernel.ts` and commit kernel.wasm with the source.
  expect(Buffer.from(fresh).equals(Buffer.from(committed))).toBe(true);
}, 60_000);
