/** Learning sanity: both engines fit the Q-targets of a fixed random batch (γ = 0: y = r). */
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { createQNetwork } from '../../../src/dqn/network.ts';
import { selectBackend } from '../../../src/dqn/tfjs/backend.ts';
import { CLEANRL_HYPER, randomBatch } from './helpers.ts';

beforeAll(async () => {
  expect(await selectBackend('wasm')).toBe('wasm');
});

describe.each(['fused', 'tfjs'] as const)('%s engine', (engine) => {
  it.each([false, true])('drives the loss on a fixed batch down by 10× (dueling %s)', async (dueling) => {
    const spec = { obsDim: 4, nActions: 2, hidden: [64, 64], dueling };
    const net = await createQNetwork(spec, { engine, rng: new Rng(8) });
    const batch = randomBatch(spec, 64, 3);
    const hyper = { ...CLEANRL_HYPER, gamma: 0, learningRate: 3e-3 };
    const first = net.trainStep(batch, hyper).loss;
    let last = first;
    for (let i = 0; i < 400; i++) last = net.trainStep(batch, hyper).loss;
    expect(first).toBeGreaterThan(1);
    expect(last).toBeLessThan(first / 10);
    // The fitted Q(s, a) now reproduce the rewards.
    const q = net.qBatch(batch.observations, 64);
    let err = 0;
    for (let b = 0; b < 64; b++) err += Math.abs(q[b * 2 + batch.actions[b]!]! - batch.rewards[b]!) / 64;
    expect(err).toBeLessThan(0.5);
    net.dispose();
  });
});
