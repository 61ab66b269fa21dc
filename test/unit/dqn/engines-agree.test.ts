/**
 * The fused kernel against the tfjs engine (wasm backend): same weights in, same Q-values and the
 * same train step out, over the shapes that exercise the kernel's tails (widths not multiples of 4,
 * 2 and 3 actions, a 1-wide value head, no hidden layer, more rows than one forward chunk).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { createFusedQNetwork } from '../../../src/dqn/fused/fused-network.ts';
import type { NetworkSpec, TrainHyper } from '../../../src/dqn/network-types.ts';
import { selectBackend } from '../../../src/dqn/tfjs/backend.ts';
import { createTfjsQNetwork } from '../../../src/dqn/tfjs/tfjs-network.ts';
import { CLEANRL_HYPER, maxAbsDiff, maxRelDiff, randomBatch } from './helpers.ts';

beforeAll(async () => {
  expect(await selectBackend('wasm')).toBe('wasm');
});

const SPECS: NetworkSpec[] = [
  { obsDim: 4, nActions: 2, hidden: [120, 84], dueling: false },
  { obsDim: 6, nActions: 3, hidden: [7, 5], dueling: false },
  { obsDim: 6, nActions: 3, hidden: [13], dueling: true },
  { obsDim: 5, nActions: 2, hidden: [], dueling: false },
  { obsDim: 3, nActions: 4, hidden: [9, 11, 6], dueling: true },
  { obsDim: 8, nActions: 4, hidden: [256, 256], dueling: false },
];

describe('fused forward equals tfjs forward', () => {
  for (const spec of SPECS) {
    it(`${spec.obsDim}→${spec.hidden.join('→') || '·'}→${spec.nActions}${spec.dueling ? ' dueling' : ''}`, async () => {
      const fused = await createFusedQNetwork(spec, new Rng(7));
      const tfjs = await createTfjsQNetwork(spec, new Rng(7));
      expect(maxAbsDiff(fused.getWeights(), tfjs.getWeights())).toBe(0); // same init stream
      for (const n of [1, 3, 130, 2500]) {
        const obs = randomBatch(spec, n, n).observations;
        expect(maxRelDiff(fused.qBatch(obs, n), tfjs.qBatch(obs, n))).toBeLessThan(1e-5);
      }
      const one = randomBatch(spec, 1, 99).observations;
      expect(maxRelDiff(fused.qValues(one), tfjs.qValues(one))).toBeLessThan(1e-5);
      expect(fused.act(one)).toBe(tfjs.act(one));
      tfjs.dispose();
    });
  }
});

describe('one train step agrees between engines', () => {
  const cases: [TrainHyper['loss'], boolean, boolean, number][] = [];
  for (const loss of ['mse', 'huber'] as const) {
    for (const doubleDqn of [false, true]) {
      for (const dueling of [false, true]) for (const clip of [Infinity, 0.3]) cases.push([loss, doubleDqn, dueling, clip]);
    }
  }
  it.each(cases)('loss %s, double %s, dueling %s, maxGradNorm %s', async (loss, doubleDqn, dueling, maxGradNorm) => {
    const spec: NetworkSpec = { obsDim: 6, nActions: 3, hidden: [17, 10], dueling };
    const fused = await createFusedQNetwork(spec, new Rng(3));
    const tfjs = await createTfjsQNetwork(spec, new Rng(3));
    // An independent target net, so double DQN's online argmax differs from the target's.
    const target = (await createFusedQNetwork(spec, new Rng(4))).getWeights();
    fused.setWeights(target, 'target');
    tfjs.setWeights(target, 'target');
    const hyper: TrainHyper = { ...CLEANRL_HYPER, loss, doubleDqn, maxGradNorm, learningRate: 1e-2 };
    const batch = randomBatch(spec, 37, 11);
    const a = fused.trainStep(batch, hyper);
    const b = tfjs.trainStep(batch, hyper);
    expect(Math.abs(a.loss - b.loss)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(b.loss)));
    expect(Math.abs(a.meanQ - b.meanQ)).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDiff(fused.getWeights(), tfjs.getWeights())).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDiff(fused.getWeights(), target)).toBeGreaterThan(0);
    const ma = fused.getOptimizerState();
    const mb = tfjs.getOptimizerState();
    expect(ma.step).toBe(mb.step);
    expect(maxAbsDiff(ma.m, mb.m)).toBeLessThanOrEqual(1e-6);
    tfjs.dispose();
  });

  it('stays together over 50 CleanRL-sized steps', async () => {
    const spec: NetworkSpec = { obsDim: 4, nActions: 2, hidden: [120, 84], dueling: false };
    const fused = await createFusedQNetwork(spec, new Rng(5));
    const tfjs = await createTfjsQNetwork(spec, new Rng(5));
    let worstLoss = 0;
    for (let step = 0; step < 50; step++) {
      const batch = randomBatch(spec, 128, 1000 + step);
      const a = fused.trainStep(batch, CLEANRL_HYPER);
      const b = tfjs.trainStep(batch, CLEANRL_HYPER);
      worstLoss = Math.max(worstLoss, Math.abs(a.loss - b.loss) / Math.max(1, b.loss));
      if (step % 10 === 9) {
        fused.updateTarget(1);
        tfjs.updateTarget(1);
      }
    }
    expect(worstLoss).toBeLessThan(1e-5);
    expect(maxAbsDiff(fused.getWeights(), tfjs.getWeights())).toBeLessThan(1e-5);
    tfjs.dispose();
  });
});
