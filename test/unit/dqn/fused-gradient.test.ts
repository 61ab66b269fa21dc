/**
 * Finite-difference check of the fused kernel's backward pass: its gradients (in float32) against
 * central differences of an independent float64 loss, for every loss/head/target variant.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { createFusedQNetwork } from '../../../src/dqn/fused/fused-network.ts';
import type { NetworkSpec, TrainHyper } from '../../../src/dqn/network-types.ts';
import { CLEANRL_HYPER, randomBatch } from './helpers.ts';
import { referenceLoss, toFloat64 } from './reference-mlp.ts';

const H = 1e-6;

describe('fused kernel gradients match finite differences (float64 reference)', () => {
  const cases: [TrainHyper['loss'], boolean, boolean][] = [];
  for (const loss of ['mse', 'huber'] as const) {
    for (const dueling of [false, true]) for (const doubleDqn of [false, true]) cases.push([loss, dueling, doubleDqn]);
  }
  it.each(cases)('loss %s, dueling %s, double %s', async (loss, dueling, doubleDqn) => {
    const spec: NetworkSpec = { obsDim: 3, nActions: 3, hidden: [5, 6], dueling };
    const net = await createFusedQNetwork(spec, new Rng(21));
    const online = net.getWeights();
    // An independent target net, so double DQN's online argmax differs from the target's.
    const target = (await createFusedQNetwork(spec, new Rng(22))).getWeights();
    net.setWeights(target, 'target');
    // A clip far above the gradient norm: clipping does not touch the stored gradient anyway.
    const hyper: TrainHyper = { ...CLEANRL_HYPER, loss, doubleDqn, maxGradNorm: 100 };
    const batch = randomBatch(spec, 9, 4);
    net.trainStep(batch, hyper);
    const grads = net.lastGradients();
    const w = toFloat64(online);
    const t = toFloat64(target);
    let checked = 0;
    for (const g of grads) {
      const values = w.get(g.name)!;
      for (let i = 0; i < values.length; i++) {
        const keep = values[i]!;
        values[i] = keep + H;
        const up = referenceLoss(spec, w, t, batch, hyper);
        values[i] = keep - H;
        const down = referenceLoss(spec, w, t, batch, hyper);
        values[i] = keep;
        const numeric = (up - down) / (2 * H);
        expect(Math.abs(g.values[i]! - numeric), `${g.name}[${i}]`).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
        checked++;
      }
    }
    expect(checked).toBe(grads.reduce((n, g) => n + g.values.length, 0));
    expect(grads.some((g) => g.values.some((v) => Math.abs(v) > 1e-3))).toBe(true);
  });
});
