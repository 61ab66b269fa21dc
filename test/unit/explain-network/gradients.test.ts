import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import type { QNetwork } from '../../../src/dqn/network-types.ts';
import { createQNetwork } from '../../../src/dqn/network.ts';
import { GradientModel } from '../../../src/explain/network/gradient-model.ts';
import { integratedGradients } from '../../../src/explain/network/integrated-gradients.ts';
import { gradientTimesInput } from '../../../src/explain/network/saliency.ts';

const nets: Record<string, QNetwork> = {};
const models: Record<string, GradientModel> = {};

beforeAll(async () => {
  for (const dueling of [false, true]) {
    const key = dueling ? 'dueling' : 'plain';
    nets[key] = await createQNetwork({ obsDim: 4, nActions: 3, hidden: [32, 32], dueling }, { rng: new Rng(dueling ? 2 : 1) });
    models[key] = await GradientModel.create(nets[key]!);
  }
});
afterAll(() => {
  for (const m of Object.values(models)) m.dispose();
  for (const n of Object.values(nets)) n.dispose();
});

const states = (n: number, seed: number) => {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * 4 }, () => rng.normal(0, 1.5));
};

describe.each(['plain', 'dueling'])('gradient methods on a %s network', (key) => {
  it('the tfjs copy and its float64 forward compute the same Q as the network (fused engine)', () => {
    const x = states(64, 3);
    const expected = nets[key]!.qBatch(x, 64);
    const q = models[key]!.q(x, 64);
    for (let k = 0; k < q.length; k++) expect(q[k]).toBeCloseTo(expected[k]!, 4);
    for (let r = 0; r < 64; r++) {
      const q64 = models[key]!.q64(x.subarray(r * 4, r * 4 + 4));
      for (let a = 0; a < 3; a++) expect(q64[a]).toBeCloseTo(expected[r * 3 + a]!, 4);
    }
  });

  it('gradient × input uses the gradient that finite differences measure', () => {
    const net = nets[key]!;
    for (let s = 0; s < 5; s++) {
      const x = states(1, 10 + s);
      const sal = gradientTimesInput(models[key]!, x);
      for (let a = 0; a < 3; a++) {
        for (let i = 0; i < 4; i++) {
          // One-sided differences: Q is piecewise linear, so the gradient equals the slope on (at
          // least) one side even when a ReLU kink lies within h.
          const h = 1e-3;
          const q = (dx: number) => { const y = Float32Array.from(x); y[i]! += dx; return { q: models[key]!.q(y, 1)[a]!, at: y[i]! }; };
          const [down, mid, up] = [q(-h), q(0), q(h)];
          const slopes = [(mid.q - down.q) / (mid.at - down.at), (up.q - mid.q) / (up.at - mid.at)];
          const g = sal.gradient[a]![i]!;
          expect(Math.min(...slopes.map((s) => Math.abs(s - g)))).toBeLessThan(2e-3 * (1 + Math.abs(g)));
          expect(sal.values[a]![i]).toBeCloseTo(sal.gradient[a]![i]! * x[i]!, 12);
        }
        expect(sal.output[a]).toBeCloseTo(net.qValues(x)[a]!, 4);
      }
    }
  });

  it('integrated gradients are complete within 1 % (and much better with the kink refinement)', () => {
    let worst = 0;
    for (let s = 0; s < 10; s++) {
      const x = states(1, 20 + s);
      const baseline = states(1, 40 + s);
      const ig = integratedGradients(models[key]!, x, { baseline, steps: 32, maxSteps: 512, tolerance: 0.001, refineDepth: 12 });
      for (let a = 0; a < 3; a++) {
        const sum = ig.values[a]!.reduce((t, v) => t + v, 0);
        const delta = ig.output[a]! - ig.base[a]!;
        const relative = Math.abs(sum - delta) / Math.abs(delta);
        expect(relative).toBeCloseTo(ig.completenessError[a]!, 9);
        worst = Math.max(worst, relative);
      }
      expect(ig.baseline).toEqual(Array.from(baseline));
    }
    expect(worst).toBeLessThan(0.01);
  });

  it('a plain Riemann sum (no refinement) reports its larger completeness error honestly', () => {
    const x = states(1, 60);
    const baseline = states(1, 61);
    const plain = integratedGradients(models[key]!, x, { baseline, steps: 8, maxSteps: 8, tolerance: 0, refineDepth: 0 });
    const refined = integratedGradients(models[key]!, x, { baseline, steps: 8, maxSteps: 8, tolerance: 0, refineDepth: 16 });
    expect(plain.steps).toBe(8);
    expect(Math.max(...refined.completenessError)).toBeLessThan(Math.max(...plain.completenessError));
    expect(Math.max(...refined.completenessError)).toBeLessThan(1e-3);
  });
});

describe('tfjs memory', () => {
  it('saliency, IG and Q leave no tensors behind', () => {
    const model = models.plain!;
    const x = states(1, 70);
    gradientTimesInput(model, x); // warm-up (backend kernels)
    const before = tf.memory().numTensors;
    for (let k = 0; k < 20; k++) {
      gradientTimesInput(model, x);
      integratedGradients(model, x, { baseline: new Float32Array(4), steps: 8, maxSteps: 16, tolerance: 0, refineDepth: 4 });
      model.q(states(5, k), 5);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('dispose frees the weights and later use says so', async () => {
    const net = await createQNetwork({ obsDim: 2, nActions: 2, hidden: [4], dueling: false }, { rng: new Rng(5) });
    const before = tf.memory().numTensors;
    const model = await GradientModel.create(net);
    expect(tf.memory().numTensors).toBe(before + 4);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => model.q(new Float32Array(2), 1)).toThrow('GradientModel used after dispose()');
    net.dispose();
  });
});
