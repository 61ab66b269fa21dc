/**
 * Acrobot-v1 against values worked out by hand from the book's equations of motion (Sutton &
 * Barto; Gymnasium's `_dsdt`), with m1 = m2 = l1 = 1, lc1 = lc2 = 0.5, I1 = I2 = 1, g = 9.8:
 *
 *   d1 = m1 lc1² + m2 (l1² + lc2² + 2 l1 lc2 cos θ2) + I1 + I2
 *   d2 = m2 (lc2² + l1 lc2 cos θ2) + I2
 *   φ2 = m2 lc2 g cos(θ1 + θ2 − π/2)
 *   φ1 = −m2 l1 lc2 θ̇2² sin θ2 − 2 m2 l1 lc2 θ̇2 θ̇1 sin θ2 + (m1 lc1 + m2 l1) g cos(θ1 − π/2) + φ2
 *   θ̈2 = (a + d2/d1 φ1 − m2 l1 lc2 θ̇1² sin θ2 − φ2) / (m2 lc2² + I2 − d2²/d1)
 *   θ̈1 = −(d2 θ̈2 + φ1) / d1
 */
import { describe, expect, it } from 'vitest';
import { AcrobotEnv } from '../../../envs/index.ts';
import { MAX_VEL_1, MAX_VEL_2, bound, dsdt, wrap } from '../../../envs/acrobot.ts';

function derivative(state: number[], torque: number, dynamics: 'book' | 'nips' = 'book'): number[] {
  const out = new Float64Array(4);
  dsdt(state[0]!, state[1]!, state[2]!, state[3]!, torque, out, 0, dynamics);
  return Array.from(out);
}

describe('Acrobot-v1 equations of motion by hand', () => {
  // Hanging at rest, θ2 = 0: d1 = 0.25 + 2.25 + 2 = 4.5, d2 = 0.75 + 1 = 1.75, φ1 = φ2 = 0
  // (cos(−π/2) = 0), so θ̈2 = a / (1.25 − 1.75²/4.5) = a · 72/41 and θ̈1 = −1.75 θ̈2 / 4.5 = −28a/41.
  it.each([
    [1, -28 / 41, 72 / 41],
    [-1, 28 / 41, -72 / 41],
    [0, 0, 0],
  ])('hanging at rest with torque %s', (torque, dd1, dd2) => {
    const [v1, v2, a1, a2] = derivative([0, 0, 0, 0], torque);
    expect(v1).toBe(0);
    expect(v2).toBe(0);
    expect(a1).toBeCloseTo(dd1, 14);
    expect(a2).toBeCloseTo(dd2, 14);
  });

  // First link horizontal (θ1 = π/2), second in line, at rest, no torque: φ2 = 0.5 · 9.8 · cos 0 =
  // 4.9, φ1 = 1.5 · 9.8 + 4.9 = 19.6; θ̈2 = (7/18 · 19.6 − 4.9) · 72/41 = 196/41,
  // θ̈1 = −(1.75 · 196/41 + 19.6) / 4.5 = −254.8/41.
  it('gravity on a horizontal arm', () => {
    const [, , a1, a2] = derivative([Math.PI / 2, 0, 0, 0], 0);
    expect(a2).toBeCloseTo(196 / 41, 13);
    expect(a1).toBeCloseTo(-254.8 / 41, 13);
  });

  // The book adds −m2 l1 lc2 θ̇1² sin θ2 to θ̈2's numerator; the NIPS paper lacks it. With θ2 = π/2
  // and θ̇1 = 2 the difference is 0.5 · 4 · 1 / (m2 lc2² + I2 − d2²/d1) where d1 = 3.5, d2 = 1.25.
  it('book and NIPS dynamics differ by the θ̇1² term', () => {
    const state = [0.3, Math.PI / 2, 2, 0];
    const book = derivative(state, 0, 'book');
    const nips = derivative(state, 0, 'nips');
    const denominator = 1.25 - (1.25 * 1.25) / 3.5;
    expect(nips[3]! - book[3]!).toBeCloseTo(2 / denominator, 12);
  });
});

describe('Acrobot-v1 step', () => {
  it('stays hanging at rest without torque', () => {
    const env = new AcrobotEnv();
    env.setState([0, 0, 0, 0]);
    const r = env.step(1);
    for (const v of env.getState()) expect(Math.abs(v)).toBeLessThan(1e-14);
    [1, 0, 1, 0, 0, 0].forEach((v, i) => expect(r.observation[i]).toBeCloseTo(v, 12));
    expect(r.reward).toBe(-1);
    expect(r.terminated).toBe(false);
  });

  // Over one 0.2 s step from rest, torque +1 accelerates θ2 at about 72/41 rad/s² (less as gravity
  // pulls back): θ̇2 ≈ 0.2 · 72/41 = 0.351, θ̇1 ≈ −0.2 · 28/41 = −0.137.
  it('one RK4 step from rest under torque +1', () => {
    const env = new AcrobotEnv();
    env.setState([0, 0, 0, 0]);
    env.step(2);
    const [t1, t2, v1, v2] = env.getState();
    expect(v2).toBeGreaterThan(0.3);
    expect(v2).toBeLessThan((0.2 * 72) / 41);
    expect(v1).toBeLessThan(0);
    expect(v1).toBeGreaterThan((-0.2 * 28) / 41 - 0.05);
    // constant acceleration would give θ = ½ a t²; RK4 lands close to it for this short step
    expect(t2).toBeCloseTo((0.5 * 72 * 0.04) / 41, 2);
    expect(t1).toBeCloseTo((-0.5 * 28 * 0.04) / 41, 2);
  });

  it('the observation is [cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2] of the float64 state', () => {
    const env = new AcrobotEnv();
    env.setState([1, -2, 3, -4]);
    const r = env.step(0);
    const [t1, t2, v1, v2] = env.getState() as unknown as number[];
    expect(Array.from(r.observation)).toEqual([Math.cos(t1!), Math.sin(t1!), Math.cos(t2!), Math.sin(t2!), v1!, v2!].map(Math.fround));
  });

  it.each([
    [3.5, 3.5 - 2 * Math.PI],
    [-3.5, -3.5 + 2 * Math.PI],
    [10, 10 - 4 * Math.PI],
    [Math.PI, Math.PI], // exactly on the bound stays (wrap only moves values strictly outside)
    [-Math.PI, -Math.PI],
  ])('wrap(%s) into [-π, π] = %s', (x, expected) => {
    expect(wrap(x, -Math.PI, Math.PI)).toBeCloseTo(expected, 14);
  });

  it('bound clips into [m, M]', () => {
    expect([bound(20, -MAX_VEL_1, MAX_VEL_1), bound(-20, -MAX_VEL_1, MAX_VEL_1), bound(1, -2, 2)]).toEqual([MAX_VEL_1, -MAX_VEL_1, 1]);
  });

  it('clips both angular velocities after the step', () => {
    const env = new AcrobotEnv();
    env.setState([0, 0, MAX_VEL_1, MAX_VEL_2]);
    const r = env.step(2);
    expect(r.observation[4]).toBe(Math.fround(MAX_VEL_1));
    expect(Math.abs(r.observation[5]!)).toBeLessThanOrEqual(Math.fround(MAX_VEL_2));
  });

  it('rewards 0 on the step that reaches the target height', () => {
    const env = new AcrobotEnv();
    env.setState([Math.PI, 0, 0, 0]); // pointing straight up: height 2
    const r = env.step(1);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(0);
  });

  it('rejects an unknown dynamics name', () => {
    expect(() => new AcrobotEnv({ bookOrNips: 'paper' as never })).toThrow('Acrobot-v1: bookOrNips must be "book" or "nips", got "paper"');
  });
});

describe('Acrobot-v1 reset', () => {
  it('draws the state uniformly in [-0.1, 0.1) and stores it as float32, like Gymnasium', () => {
    const env = new AcrobotEnv();
    env.reset({ seed: 0 });
    const values: number[] = [];
    for (let i = 0; i < 300; i++) {
      env.reset();
      for (const v of env.getState()) {
        expect(Math.fround(v)).toBe(v);
        values.push(v);
      }
    }
    expect(Math.min(...values)).toBeGreaterThanOrEqual(Math.fround(-0.1));
    expect(Math.max(...values)).toBeLessThanOrEqual(Math.fround(0.1));
    expect(Math.max(...values)).toBeGreaterThan(0.099);
  });

  it('takes low/high from options', () => {
    const env = new AcrobotEnv();
    const { observation } = env.reset({ seed: 0, options: { low: 0.5, high: 0.5 } });
    const v = Math.fround(0.5);
    expect(Array.from(env.getState())).toEqual([v, v, v, v]);
    expect(Array.from(observation)).toEqual([Math.cos(v), Math.sin(v), Math.cos(v), Math.sin(v), v, v].map(Math.fround));
  });
});
