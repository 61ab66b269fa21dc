/** The tfjs engine frees every tensor it makes: the live tensor count is flat across steps and acts. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { selectBackend } from '../../../src/dqn/tfjs/backend.ts';
import { createTfjsQNetwork } from '../../../src/dqn/tfjs/tfjs-network.ts';
import { CLEANRL_HYPER, randomBatch } from './helpers.ts';

beforeAll(async () => {
  expect(await selectBackend('wasm')).toBe('wasm');
});

it('keeps tf.memory().numTensors flat over 1,000 train steps, target updates and acts', async () => {
  const spec = { obsDim: 4, nActions: 2, hidden: [16, 16], dueling: true };
  await createTfjsQNetwork(spec, new Rng(0)).then((n) => n.dispose()); // backend and kernels warmed
  const empty = tf.memory().numTensors;
  const net = await createTfjsQNetwork(spec, new Rng(1));
  const batches = [0, 1, 2, 3].map((s) => randomBatch(spec, 32, s));
  const hyper = { ...CLEANRL_HYPER, loss: 'huber' as const, doubleDqn: true, maxGradNorm: 10 };
  net.trainStep(batches[0]!, hyper); // warm-up: kernels and lazily made scalars
  const before = tf.memory();
  for (let i = 0; i < 1000; i++) {
    net.trainStep(batches[i % 4]!, hyper);
    if (i % 100 === 0) net.updateTarget(i % 200 === 0 ? 1 : 0.05);
    net.act(batches[0]!.observations.subarray(0, 4));
  }
  net.qBatch(batches[1]!.observations, 32);
  net.getOptimizerState();
  const after = tf.memory();
  expect(after.numTensors).toBe(before.numTensors);
  expect(after.numBytes).toBe(before.numBytes);
  net.dispose();
  expect(tf.memory().numTensors).toBe(empty);
});
