/**
 * MountainCar-v0 against values worked out by hand from Moore's equations (as in Gymnasium):
 *
 *   v' = clip(v + (a − 1) · 0.001 − cos(3p) · 0.0025, −0.07, 0.07)
 *   p' = clip(p + v', −1.2, 0.6);  v' = 0 if p' = −1.2 and v' < 0
 */
import { describe, expect, it } from 'vitest';
import { MountainCarEnv } from '../../../envs/index.ts';

function envAt(state: number[], options = {}): MountainCarEnv {
  const env = new MountainCarEnv(options);
  env.setState(state);
  return env;
}

const COS_1_5 = 0.0707372016677029; // cos(1.5) = cos(−1.5), from tables

describe('MountainCar-v0 dynamics by hand', () => {
  // p = −0.5, v = 0, accelerate right: v' = 0.001 − 0.0025 cos(−1.5) = 0.000823156995830743
  it('first step from the usual start, accelerating right', () => {
    const env = envAt([-0.5, 0]);
    const r = env.step(2);
    const v = 0.001 - 0.0025 * COS_1_5;
    expect(env.getState()[1]).toBeCloseTo(v, 15);
    expect(env.getState()[0]).toBeCloseTo(-0.5 + v, 15);
    expect(r.reward).toBe(-1);
    expect(r.terminated).toBe(false);
  });

  it('no acceleration leaves only gravity: v\' = −0.0025 cos(3p)', () => {
    const env = envAt([-0.5, 0]);
    env.step(1);
    expect(env.getState()[1]).toBeCloseTo(-0.0025 * COS_1_5, 15);
  });

  // The valley floor is where cos(3p) = 0, p = −π/6: no gravity there.
  it('rests at the bottom of the valley', () => {
    const env = envAt([-Math.PI / 6, 0]);
    env.step(1);
    const [p, v] = env.getState();
    expect(Math.abs(v!)).toBeLessThan(1e-18);
    expect(p).toBeCloseTo(-Math.PI / 6, 15);
  });

  // p = −1.2, v = −0.05, push left: v' = −0.051 − 0.0025 cos(−3.6) = −0.0487…; p' = −1.2487 → the
  // wall: position clipped to −1.2 and the car stops.
  it('stops dead at the left wall', () => {
    const env = envAt([-1.2, -0.05]);
    const r = env.step(0);
    expect(Array.from(env.getState())).toEqual([-1.2, 0]);
    expect(Array.from(r.observation)).toEqual([Math.fround(-1.2), 0]);
  });

  it('keeps a positive velocity at the left wall', () => {
    const env = envAt([-1.2, 0]);
    env.step(2);
    const v = 0.001 - 0.0025 * Math.cos(-3.6);
    expect(env.getState()[1]).toBeCloseTo(v, 15);
    expect(env.getState()[0]).toBeCloseTo(-1.2 + v, 15);
  });

  // At the valley floor with v = 0.07, pushing right would give 0.071: clipped to 0.07.
  it.each([
    [2, 0.07],
    [0, -0.07],
  ])('clips the velocity at the speed limit (action %s)', (action, speed) => {
    const env = envAt([-Math.PI / 6, speed]);
    env.step(action);
    expect(env.getState()[1]).toBe(speed);
  });

  it('terminates at position >= 0.5 with velocity >= 0 (non-strict) and stops at the right wall', () => {
    const env = envAt([0.59, 0.07]);
    const r = env.step(2);
    expect(Array.from(env.getState())).toEqual([0.6, 0.07]);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(-1);
  });

  it('does not terminate past the flag while rolling back', () => {
    const env = envAt([0.55, 0]);
    const r = env.step(0); // v' = −0.001 − 0.0025 cos(1.65) < 0
    expect(env.getState()[0]).toBeGreaterThan(0.5);
    expect(r.terminated).toBe(false);
  });

  it('honours goalVelocity like Gymnasium\'s goal_velocity', () => {
    const env = envAt([0.55, 0.01], { goalVelocity: 0.02 });
    expect(env.step(1).terminated).toBe(false);
    env.setState([0.55, 0.03]);
    expect(env.step(1).terminated).toBe(true);
    expect(() => new MountainCarEnv({ goalVelocity: Number.NaN })).toThrow(
      'MountainCar-v0: goalVelocity must be a finite number, got NaN',
    );
  });
});

describe('MountainCar-v0 reset', () => {
  it('draws the position uniformly in [-0.6, -0.4) with velocity 0', () => {
    const env = new MountainCarEnv();
    env.reset({ seed: 0 });
    const positions: number[] = [];
    for (let i = 0; i < 500; i++) {
      env.reset();
      const [p, v] = env.getState();
      expect(v).toBe(0);
      positions.push(p!);
    }
    expect(Math.min(...positions)).toBeGreaterThanOrEqual(-0.6);
    expect(Math.max(...positions)).toBeLessThan(-0.4);
    expect(Math.min(...positions)).toBeLessThan(-0.598);
    expect(Math.max(...positions)).toBeGreaterThan(-0.402);
  });

  it('takes the position range from options', () => {
    const env = new MountainCarEnv();
    env.reset({ seed: 0, options: { low: -1, high: -1 } });
    expect(Array.from(env.getState())).toEqual([-1, 0]);
  });
});
