/**
 * Behaviour every engine owes the trainer: target updates, which weights a step touches, optimizer
 * state round trips, determinism, and clear errors at the boundary.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.ts';
import { Rng } from '../../../src/core/rng.ts';
import { createQNetwork } from '../../../src/dqn/network.ts';
import type { EngineName, NetworkSpec, QNetwork } from '../../../src/dqn/network-types.ts';
import { selectBackend } from '../../../src/dqn/tfjs/backend.ts';
import { CLEANRL_HYPER, maxAbsDiff, randomBatch } from './helpers.ts';

const SPEC: NetworkSpec = { obsDim: 6, nActions: 3, hidden: [10, 7], dueling: true };
const HYPER = { ...CLEANRL_HYPER, loss: 'huber' as const, doubleDqn: true, maxGradNorm: 10, learningRate: 1e-3 };

beforeAll(async () => {
  expect(await selectBackend('wasm')).toBe('wasm');
});

const make = (engine: EngineName, seed = 1): Promise<QNetwork> => createQNetwork(SPEC, { engine, rng: new Rng(seed) });
const bits = (net: QNetwork, which: 'online' | 'target' = 'online'): number[][] =>
  net.getWeights(which).map((w) => Array.from(new Uint32Array(w.values.buffer, w.values.byteOffset, w.values.length)));

describe.each(['fused', 'tfjs'] as const)('%s engine', (engine) => {
  it('reports its engine and sizes', async () => {
    const net = await make(engine);
    expect([net.engine, net.obsDim, net.nActions]).toEqual([engine, 6, 3]);
    net.dispose();
  });

  it('a step changes the online weights and never the target weights', async () => {
    const net = await make(engine);
    const online = net.getWeights();
    const target = net.getWeights('target');
    expect(maxAbsDiff(online, target)).toBe(0); // a fresh net starts with target = online
    net.trainStep(randomBatch(SPEC, 16, 2), HYPER);
    expect(net.getWeights().every((w, i) => w.values.some((v, j) => v !== online[i]!.values[j]))).toBe(true);
    expect(maxAbsDiff(net.getWeights('target'), target)).toBe(0);
    net.dispose();
  });

  it('updateTarget(1) copies exactly and updateTarget(0.1) mixes', async () => {
    const net = await make(engine);
    for (let i = 0; i < 3; i++) net.trainStep(randomBatch(SPEC, 16, 10 + i), HYPER);
    const online = net.getWeights();
    const before = net.getWeights('target');
    net.updateTarget(0.1);
    const mixed = net.getWeights('target');
    mixed.forEach((w, i) => w.values.forEach((v, j) => {
      const expected = Math.fround(Math.fround(before[i]!.values[j]! * Math.fround(0.9)) + Math.fround(online[i]!.values[j]! * Math.fround(0.1)));
      expect(Math.abs(v - expected)).toBeLessThanOrEqual(1e-7);
    }));
    net.updateTarget(1);
    expect(bits(net, 'target')).toEqual(bits(net));
    expect(() => net.updateTarget(1.5)).toThrow('tau must be in [0, 1], got 1.5');
    net.dispose();
  });

  it('Adam state round-trips: a restored network continues bit for bit', async () => {
    const a = await make(engine);
    for (let i = 0; i < 4; i++) a.trainStep(randomBatch(SPEC, 16, 20 + i), HYPER);
    const b = await make(engine, 99);
    b.setWeights(a.getWeights());
    b.setWeights(a.getWeights('target'), 'target');
    b.setOptimizerState(a.getOptimizerState());
    expect(b.getOptimizerState().step).toBe(4);
    for (let i = 0; i < 4; i++) {
      const batch = randomBatch(SPEC, 16, 30 + i);
      expect(b.trainStep(batch, HYPER)).toEqual(a.trainStep(batch, HYPER));
    }
    expect(bits(b)).toEqual(bits(a));
    a.dispose();
    b.dispose();
  });

  it('is deterministic: same seed and batches give bit-identical weights', async () => {
    const runs = await Promise.all([make(engine, 5), make(engine, 5)]);
    for (const net of runs) {
      for (let i = 0; i < 20; i++) {
        net.trainStep(randomBatch(SPEC, 32, 40 + i), HYPER);
        if (i % 5 === 4) net.updateTarget(0.5);
      }
    }
    expect(bits(runs[0]!)).toEqual(bits(runs[1]!));
    expect(bits(runs[0]!, 'target')).toEqual(bits(runs[1]!, 'target'));
    for (const net of runs) net.dispose();
  });

  it('act is the argmax of qValues, and qBatch rows equal qValues', async () => {
    const net = await make(engine);
    const batch = randomBatch(SPEC, 20, 3);
    const all = net.qBatch(batch.observations, 20);
    for (let r = 0; r < 20; r++) {
      const obs = batch.observations.slice(r * 6, r * 6 + 6);
      const q = net.qValues(obs);
      expect(Array.from(q)).toEqual(Array.from(all.subarray(r * 3, r * 3 + 3)));
      expect(net.act(obs)).toBe(q.indexOf(Math.max(...q)));
    }
    expect(net.qBatch(new Float32Array(0), 0)).toHaveLength(0);
    net.dispose();
  });

  it('rejects bad input with clear errors', async () => {
    const net = await make(engine);
    expect(() => net.act(new Float32Array(5))).toThrow('observation must have 6 values, got 5');
    expect(() => net.qBatch(new Float32Array(11), 2)).toThrow('at least 2 × 6 values, got 11');
    const batch = randomBatch(SPEC, 4, 1);
    expect(() => net.trainStep({ ...batch, actions: Int32Array.from([0, 1, 3, 0]) }, HYPER))
      .toThrow('batch.actions[2] = 3 is not an action index in [0, 2]');
    expect(() => net.trainStep({ ...batch, rewards: new Float32Array(3) }, HYPER)).toThrow('batch.rewards has 3 values, expected 4 (size 4)');
    expect(() => net.trainStep(batch, { ...HYPER, gamma: 1.5 })).toThrow('gamma must be in [0, 1], got 1.5');
    const weights = net.getWeights();
    const nan = weights.map((w) => (w.name === 'dense_1/bias' ? { ...w, values: w.values.map((v, i) => (i === 2 ? NaN : v)) } : w));
    expect(() => net.setWeights(nan)).toThrow(DataError);
    expect(() => net.setWeights(nan)).toThrow('online weights: "dense_1/bias" holds a non-finite value (NaN) at index 2');
    expect(() => net.setWeights(weights.filter((w) => w.name !== 'value/bias'), 'target'))
      .toThrow('target weights: missing tensor "value/bias" (shape [1])');
    const wrongShape = weights.map((w) => (w.name !== 'advantage/kernel' ? w : { ...w, shape: [3, 7] }));
    expect(() => net.setWeights(wrongShape)).toThrow('"advantage/kernel" has shape [3, 7], expected [7, 3]');
    expect(() => net.setWeights([...weights, { name: 'extra', shape: [1], values: new Float32Array(1) }]))
      .toThrow('unexpected tensor(s) "extra"');
    expect(maxAbsDiff(net.getWeights(), weights)).toBe(0); // nothing was half-written
    net.dispose();
  });
});

describe('fused engine specifics', () => {
  it('growing the batch capacity mid-run keeps weights and Adam state', async () => {
    const a = await make('fused', 3);
    const b = await make('fused', 3);
    a.trainStep(randomBatch(SPEC, 8, 1), HYPER);
    b.trainStep(randomBatch(SPEC, 8, 1), HYPER);
    a.qBatch(randomBatch(SPEC, 900, 2).observations, 900); // relays the batch buffers out
    a.trainStep(randomBatch(SPEC, 300, 3), HYPER);
    b.trainStep(randomBatch(SPEC, 300, 3), HYPER);
    expect(bits(a)).toEqual(bits(b));
    expect(a.getOptimizerState()).toEqual(b.getOptimizerState());
  });

  it('refuses calls after dispose', async () => {
    const net = await make('fused');
    net.dispose();
    expect(() => net.act(new Float32Array(6))).toThrow('this FusedQNetwork has been disposed');
    expect(() => net.getWeights()).toThrow('disposed');
  });

  it('createQNetwork rejects an unknown engine', async () => {
    await expect(createQNetwork(SPEC, { engine: 'torch' as never, rng: new Rng(1) })).rejects.toThrow('engine must be "fused" or "tfjs", got torch');
  });
});
