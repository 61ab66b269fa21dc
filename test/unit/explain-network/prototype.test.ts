import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import type { QNetwork } from '../../../src/dqn/network-types.ts';
import { createQNetwork } from '../../../src/dqn/network.ts';
import { describeStates } from '../../../src/explain/network/distribution.ts';
import { GradientModel } from '../../../src/explain/network/gradient-model.ts';
import { prototypes } from '../../../src/explain/network/prototype.ts';

let net: QNetwork;
let model: GradientModel;
const rng = new Rng(3);
const rows = Float32Array.from({ length: 300 * 4 }, () => rng.normal(0, 0.5));
const dist = describeStates({ obs: rows, n: 300, obsDim: 4 }, { space: { low: [-1, -Infinity, -1, -Infinity], high: [1, Infinity, 1, Infinity] } });
const settings = { restarts: 6, iterations: 150, stepSize: 0.25, regularization: 0 };

beforeAll(async () => {
  net = await createQNetwork({ obsDim: 4, nActions: 3, hidden: [16, 16], dueling: true }, { rng: new Rng(9) });
  model = await GradientModel.create(net);
});
afterAll(() => {
  model.dispose();
  net.dispose();
});

const advantage = (q: ArrayLike<number>, a: number) => q[a]! - (q[0]! + q[1]! + q[2]!) / 3;

describe('prototypes (activation maximisation of the advantage)', () => {
  it('raise each action’s advantage above where they started and above every background state, inside the bounds', () => {
    const r = prototypes(model, dist, dist.bounds, ['a', 'b', 'c'], settings, new Rng(1));
    expect(r.prototypes).toHaveLength(3);
    const background = net.qBatch(dist.background, dist.backgroundSize);
    for (const p of r.prototypes) {
      expect(p.advantage).toBeGreaterThan(p.startAdvantage);
      expect(p.restarts).toHaveLength(6);
      expect(p.advantage).toBe(Math.max(...p.restarts));
      p.state.forEach((v, i) => {
        expect(v).toBeGreaterThanOrEqual(dist.bounds.low[i]!);
        expect(v).toBeLessThanOrEqual(dist.bounds.high[i]!);
      });
      // Reported numbers are the network's own at the prototype.
      const q = net.qValues(Float32Array.from(p.state));
      expect(advantage(q, p.action)).toBeCloseTo(p.advantage, 4);
      const best = Math.max(...Array.from({ length: dist.backgroundSize }, (_, k) => advantage(background.subarray(3 * k, 3 * k + 3), p.action)));
      expect(p.advantage).toBeGreaterThanOrEqual(best - 1e-6);
    }
    expect(r.evaluations).toBe(151 * 18);
  });

  it('is seeded, and a pull toward the mean state keeps prototypes closer to typical play', () => {
    const a = prototypes(model, dist, dist.bounds, ['a', 'b', 'c'], settings, new Rng(1));
    const b = prototypes(model, dist, dist.bounds, ['a', 'b', 'c'], settings, new Rng(1));
    expect(b.prototypes).toEqual(a.prototypes);
    const pulled = prototypes(model, dist, dist.bounds, ['a', 'b', 'c'], { ...settings, regularization: 5 }, new Rng(1));
    const spread = (s: number[]) => Math.hypot(...s.map((v, i) => (v - dist.mean[i]!) / dist.scale[i]!));
    const total = (r: typeof a) => r.prototypes.reduce((t, p) => t + spread(p.state), 0);
    expect(total(pulled)).toBeLessThan(total(a));
  });
});
