/**
 * The prototype search's box narrowed to where episodes go on: CartPole's |x| ≤ 2.4 and |θ| ≤ 12°
 * (its observation space is twice as wide only to hold the failing observation), MountainCar before
 * its flag (an open end: 0.5 itself ends the episode), nothing for a feature no range names.
 */
import { describe, expect, it } from 'vitest';
import { CARTPOLE_REACHABLE } from '../../../envs/cartpole.ts';
import { MOUNTAIN_CAR_REACHABLE } from '../../../envs/mountain-car.ts';
import { ACROBOT_REACHABLE } from '../../../envs/acrobot.ts';
import { withinReachable } from '../../../src/explain/network/prototype-bounds.ts';
import type { Bounds } from '../../../src/explain/network/types.ts';
import { reachableSpan, violatedConditions } from '../../../src/explain/reachable.ts';

const box = (low: number[], high: number[], fromData: boolean[]): Bounds => ({ low, high, lowFromData: fromData, highFromData: fromData });

describe('withinReachable', () => {
  it('CartPole: cart position and pole angle to where the episode goes on, velocities as they were', () => {
    const theta = (12 * 2 * Math.PI) / 360;
    const b = withinReachable(box([-4.8, -1.5, -2 * theta, -2], [4.8, 1.6, 2 * theta, 2.1], [false, true, false, true]), CARTPOLE_REACHABLE);
    expect(b.low).toEqual([-2.4, -1.5, -theta, -2]);
    expect(b.high).toEqual([2.4, 1.6, theta, 2.1]);
    expect(b.lowFromData).toEqual([false, true, false, true]);
    // The corners of the box are states of play (float32, as the search stores them).
    for (const corner of [b.low, b.high]) expect(violatedConditions(Float32Array.from(corner), CARTPOLE_REACHABLE)).toEqual([]);
  });

  it('MountainCar: stops a thousandth of the span before the flag, where the episode would end', () => {
    const b = withinReachable(box([-1.2, -0.07], [0.6, 0.07], [false, false]), MOUNTAIN_CAR_REACHABLE);
    expect(b.low).toEqual([-1.2, -0.07]);
    expect(b.high[0]).toBeCloseTo(0.5 - 1.7e-3, 12);
    expect(b.high[1]).toBe(0.07);
    expect(violatedConditions(Float32Array.from(b.high), MOUNTAIN_CAR_REACHABLE)).toEqual([]);
  });

  it('Acrobot: its curved conditions cannot be boxed, so the box stays; a box already inside stays too', () => {
    const acrobot = box([-1, -1, -1, -1, -12.6, -28.3], [1, 1, 1, 1, 12.6, 28.3], [false, false, false, false, false, false]);
    expect(withinReachable(acrobot, ACROBOT_REACHABLE)).toEqual(acrobot);
    const narrow = box([-1, -0.5, -0.1, -1], [1.5, 0.5, 0.1, 1], [true, true, true, true]);
    expect(withinReachable(narrow, CARTPOLE_REACHABLE)).toEqual(narrow);
    expect(withinReachable(narrow, [])).toEqual(narrow);
  });
});

describe('reachableSpan', () => {
  it('takes the caller’s side where no condition bounds one, and is null for a feature none names', () => {
    expect(reachableSpan(MOUNTAIN_CAR_REACHABLE, 0, -1.2, 0.6)).toEqual({ low: -1.2, high: 0.5 - 1.7e-3 });
    expect(reachableSpan(MOUNTAIN_CAR_REACHABLE, 1, -0.07, 0.07)).toBeNull();
    expect(reachableSpan(CARTPOLE_REACHABLE, 0, -4.8, 4.8)).toEqual({ low: -2.4, high: 2.4 });
  });
});
