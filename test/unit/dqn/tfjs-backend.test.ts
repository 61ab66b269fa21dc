/** Backend selection and the wasm BatchMatMul fix (stack.md §3). */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.ts';
import { isWasmMatMulPatched, selectBackend } from '../../../src/dqn/tfjs/backend.ts';

const hasTfjsNode = ((): boolean => {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
})();

describe('selectBackend', () => {
  it('honours an explicit choice and reports what tfjs actually runs on', async () => {
    expect(await selectBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await selectBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(isWasmMatMulPatched()).toBe(true);
  });

  it('auto prefers tfjs-node, then wasm', async () => {
    expect(await selectBackend('auto')).toBe(hasTfjsNode ? 'node' : 'wasm');
  });

  it.skipIf(hasTfjsNode)('refuses "node" when tfjs-node is not installed instead of falling back', async () => {
    await expect(selectBackend('node')).rejects.toThrow(ConfigError);
    await expect(selectBackend('node')).rejects.toThrow('cannot use tfjs backend "node": @tensorflow/tfjs-node is not installed');
  });

  it('rejects an unknown preference', async () => {
    await expect(selectBackend('gpu' as never)).rejects.toThrow('backend must be one of auto, node, wasm, cpu; got gpu');
  });
});

describe('wasm BatchMatMul with transposed operands', () => {
  it('gives the same products as the cpu backend and frees its temporaries', async () => {
    const a = Float32Array.from({ length: 6 * 5 }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: 6 * 7 }, (_, i) => Math.cos(i));
    const products = (): Float32Array[] =>
      tf.tidy(() => {
        const ta = tf.tensor2d(a, [6, 5]);
        const tb = tf.tensor2d(b, [6, 7]);
        return [
          tf.matMul(ta, tb, true, false), // 5×7
          tf.matMul(tb, ta, true, false), // 7×5
          tf.matMul(tf.transpose(tb), tf.transpose(ta), false, true), // 7×6 · (5×6)ᵀ = 7×5
        ].map((t) => t.dataSync() as Float32Array);
      });
    await selectBackend('cpu');
    const expected = products();
    await selectBackend('wasm');
    const before = tf.memory().numTensors;
    const got = products();
    expect(tf.memory().numTensors).toBe(before);
    got.forEach((g, i) => g.forEach((v, j) => expect(Math.abs(v - expected[i]![j]!)).toBeLessThan(1e-5)));
  });
});
