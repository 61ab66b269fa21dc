import { violatedConditions } from '../../../src/explain/reachable.ts';
/**
 * The what-if sliders' default spans: where the env's episodes go on when it declares that for a
 * feature (CartPole's |x| ≤ 2.4, not the observation space's ±4.8), else as before.
 */
import { describe, expect, it } from 'vitest';
import { CARTPOLE_REACHABLE } from '../../../envs/cartpole.ts';
import { MOUNTAIN_CAR_REACHABLE } from '../../../envs/mountain-car.ts';
import type { EnvListItem } from '../../../src/server/dto.ts';
import { featureBounds } from '../../../web/views/inspector-sliders.ts';

const cartPole: EnvListItem = {
  id: 'CartPole-v1',
  featureNames: ['cart_position', 'cart_velocity', 'pole_angle', 'pole_angular_velocity'],
  actionNames: ['push_left', 'push_right'],
  stateNames: ['x', 'x_dot', 'theta', 'theta_dot'],
  observationLow: [-4.8, null, -0.419, null],
  observationHigh: [4.8, null, 0.419, null],
  reachable: CARTPOLE_REACHABLE.map((c) => ({ ...c })),
};
const ranges = cartPole.featureNames.map((featureName, feature) => ({ feature, featureName, min: -1, max: 1, mean: 0 }));

describe('what-if slider bounds', () => {
  it('span where CartPole’s episodes go on, not the observation space twice as wide', () => {
    const b = featureBounds(cartPole, ranges, [0, 0, 0, 0]);
    expect(b[0]).toEqual({ low: -2.4, high: 2.4, source: 'reachable' });
    expect(b[2]).toEqual({ low: -(12 * 2 * Math.PI) / 360, high: (12 * 2 * Math.PI) / 360, source: 'reachable' });
    expect(b[1]).toEqual({ low: -1.5, high: 1.5, source: 'play' }); // unbounded velocity: play, widened by a quarter
  });

  it('take the observation space for the side a condition leaves unbounded, and stop a hair inside an open end (MountainCar: −1.2 … just short of the flag)', () => {
    const car: EnvListItem = { ...cartPole, id: 'MountainCar-v0', observationLow: [-1.2, -0.07], observationHigh: [0.6, 0.07], reachable: MOUNTAIN_CAR_REACHABLE.map((c) => ({ ...c })) };
    const b = featureBounds(car, null, [-0.5, 0]);
    expect(b[0]).toMatchObject({ low: -1.2, source: 'reachable' });
    expect(b[0]!.high).toBeCloseTo(0.5 - 1.7e-3, 12);
    expect(violatedConditions([b[0]!.high, 0], car.reachable!)).toEqual([]); // the slider's end is a state of play
    expect(violatedConditions([0.5, 0], car.reachable!)).toHaveLength(1); // the flag is not
    expect(b[1]).toEqual({ low: -0.07, high: 0.07, source: 'space' });
  });

  it('keep the observation space when the server sends no conditions (an older server)', () => {
    const { reachable: _, ...old } = cartPole;
    const b = featureBounds(old as EnvListItem, ranges, [0, 0, 0, 0]);
    expect(b[0]).toEqual({ low: -4.8, high: 4.8, source: 'space' });
  });
});
