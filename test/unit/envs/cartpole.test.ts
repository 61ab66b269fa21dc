/**
 * CartPole-v1 against values worked out by hand from the published equations
 * (Florian, "Correct equations for the dynamics of the cart-pole system", 2005, as in Gymnasium):
 *
 *   temp     = (F + m_p l θ̇² sin θ) / (m_c + m_p)
 *   θ̈        = (g sin θ − cos θ · temp) / (l (4/3 − m_p cos² θ / (m_c + m_p)))
 *   ẍ        = temp − m_p l θ̈ cos θ / (m_c + m_p)
 *
 * then explicit Euler with τ = 0.02 (positions move with the old velocities).
 */
import { describe, expect, it } from 'vitest';
import { CartPoleEnv } from '../../../envs/index.ts';
import { THETA_THRESHOLD_RADIANS } from '../../../envs/cartpole.ts';

function envAt(state: number[]): CartPoleEnv {
  const env = new CartPoleEnv();
  env.setState(state);
  return env;
}

describe('CartPole-v1 dynamics by hand', () => {
  // From rest, pushing right with F = 10: θ = 0 so sin θ = 0 and cos θ = 1.
  //   temp = 10 / 1.1 = 100/11
  //   θ̈ = −(100/11) / (0.5 (4/3 − 0.1/1.1)) = −(100/11) / (41/66) = −600/41
  //   ẍ = 100/11 + 0.05 (600/41) / 1.1 = 400/41
  it('first step from rest, pushing right', () => {
    const env = envAt([0, 0, 0, 0]);
    const r = env.step(1);
    const [x, xDot, theta, thetaDot] = env.getState();
    expect(x).toBe(0); // Euler: x moves with the old velocity, 0
    expect(theta).toBe(0);
    expect(xDot).toBeCloseTo((0.02 * 400) / 41, 14); // 0.1951219512…
    expect(thetaDot).toBeCloseTo((0.02 * -600) / 41, 14); // −0.2926829268…
    expect(r.reward).toBe(1);
    expect(r.terminated).toBe(false);
    expect(r.truncated).toBe(false); // the raw env never truncates; make() adds the TimeLimit
  });

  it('pushing left mirrors pushing right', () => {
    const env = envAt([0, 0, 0, 0]);
    env.step(0);
    const [, xDot, , thetaDot] = env.getState();
    expect(xDot).toBeCloseTo((0.02 * -400) / 41, 14);
    expect(thetaDot).toBeCloseTo((0.02 * 600) / 41, 14);
  });

  // Second step: θ is still exactly 0, so the accelerations repeat and the positions pick up the
  // first step's velocities: x = 0.02 · 8/41, θ = 0.02 · (−12/41).
  it('second step moves positions with the first step velocities', () => {
    const env = envAt([0, 0, 0, 0]);
    env.step(1);
    env.step(1);
    const [x, xDot, theta, thetaDot] = env.getState();
    expect(x).toBeCloseTo((0.02 * 8) / 41, 14);
    expect(theta).toBeCloseTo((0.02 * -12) / 41, 14);
    expect(xDot).toBeCloseTo((2 * 0.02 * 400) / 41, 14);
    expect(thetaDot).toBeCloseTo((2 * 0.02 * -600) / 41, 14);
  });

  // Pole horizontal-ish is outside the episode, but the equations still hold: θ = π/2, at rest,
  // no velocity: sin = 1, cos ≈ 0, temp = F/1.1, θ̈ = (9.8 − 0)/(0.5 · 4/3) = 14.7.
  it('gravity alone on a pole at 90°', () => {
    const env = envAt([0, 0, Math.PI / 2, 0]);
    env.step(1);
    expect(env.getState()[3]).toBeCloseTo(0.02 * 14.7, 12);
  });

  it('observations are the float32 values of the float64 state', () => {
    const env = envAt([0.123456789012, -1.98765432101, 0.0314159265358, 2.71828182845]);
    const r = env.step(1);
    const state = env.getState();
    expect(Array.from(r.observation)).toEqual(Array.from(state, Math.fround));
  });

  it('the 12° threshold is 12 · 2π / 360 computed in float64', () => {
    expect(THETA_THRESHOLD_RADIANS).toBe((12 * 2 * Math.PI) / 360);
    expect(new CartPoleEnv().observationSpace.high[2]).toBe(Math.fround(THETA_THRESHOLD_RADIANS * 2));
    expect(new CartPoleEnv().observationSpace.high[0]).toBe(Math.fround(4.8));
  });
});

describe('CartPole-v1 after termination (Gymnasium steps_beyond_terminated)', () => {
  it('rewards the terminating step, then gives 0 while it stays terminated', () => {
    const env = envAt([2.4, 1, 0, 0]);
    const rewards = [env.step(1), env.step(1), env.step(1)].map((r) => [r.reward, r.terminated]);
    expect(rewards).toEqual([
      [1, true],
      [0, true],
      [0, true],
    ]);
  });

  it('reset and setState start the bookkeeping afresh', () => {
    const env = envAt([2.4, 1, 0, 0]);
    env.step(1);
    env.step(1);
    env.setState([2.4, 1, 0, 0]);
    expect(env.step(1).reward).toBe(1);
    env.reset({ seed: 0 });
    env.setState([2.4, 1, 0, 0]);
    expect(env.step(1).reward).toBe(1);
  });
});

describe('CartPole-v1 reset', () => {
  it('draws all four state variables uniformly in [-0.05, 0.05)', () => {
    const env = new CartPoleEnv();
    env.reset({ seed: 0 });
    const values: number[] = [];
    for (let i = 0; i < 500; i++) values.push(...Array.from(env.reset().observation));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-0.05);
    expect(Math.max(...values)).toBeLessThan(0.05);
    expect(Math.min(...values)).toBeLessThan(-0.049);
    expect(Math.max(...values)).toBeGreaterThan(0.049);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.003);
  });

  it('takes low/high from options, each defaulting on its own', () => {
    const env = new CartPoleEnv();
    env.reset({ seed: 1, options: { low: 0.3, high: 0.3 } });
    expect(Array.from(env.getState())).toEqual([0.3, 0.3, 0.3, 0.3]);
    for (let i = 0; i < 50; i++) {
      env.reset({ options: { low: 0.04 } }); // high stays 0.05
      for (const v of env.getState()) expect(v >= 0.04 && v < 0.05).toBe(true);
    }
  });

  it('returns the observation of the new state and an empty info', () => {
    const env = new CartPoleEnv();
    const { observation, info } = env.reset({ seed: 2 });
    expect(Array.from(observation)).toEqual(Array.from(env.getState(), Math.fround));
    expect(info).toEqual({});
    expect(Object.isFrozen(info)).toBe(true);
  });
});
