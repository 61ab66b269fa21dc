/**
 * MountainCar-v0: Gymnasium 1.x `classic_control/mountain_car.py`, ported step for step.
 *
 * ## Description
 * A car starts at the bottom of a sinusoidal valley and must reach the flag on top of the right
 * hill; its engine is too weak to drive straight up, so it has to rock back and forth. From Andrew
 * Moore's PhD thesis, "Efficient Memory-based Learning for Robot Control" (1990).
 *
 * ## Action space: Discrete(3)
 * | Num | Action                  |
 * |-----|-------------------------|
 * | 0   | Accelerate to the left  |
 * | 1   | Don't accelerate        |
 * | 2   | Accelerate to the right |
 *
 * ## Observation space: Box(2,), float32
 * | Num | Observation                          | Min   | Max  | Unit         |
 * |-----|--------------------------------------|-------|------|--------------|
 * | 0   | position of the car along the x-axis | -1.2  | 0.6  | position (m) |
 * | 1   | velocity of the car                  | -0.07 | 0.07 | velocity (v) |
 *
 * ## Transition dynamics
 *   velocity' = clip(velocity + (action − 1) · force − cos(3 · position) · gravity, −0.07, 0.07)
 *   position' = clip(position + velocity', −1.2, 0.6)
 * with force = 0.001 and gravity = 0.0025. Hitting the left wall is inelastic: at position −1.2
 * a negative velocity becomes 0.
 *
 * ## Rewards
 * −1 for every step, the terminating one included.
 *
 * ## Starting state
 * Position uniform in [−0.6, −0.4), velocity 0; `reset({ options: { low, high } })` changes the
 * position range.
 *
 * ## Episode end
 * 1. Termination: position ≥ 0.5 and velocity ≥ goalVelocity (0 by default; non-strict, like
 *    Gymnasium).
 * 2. Truncation: 200 steps (the `TimeLimit` that `make('MountainCar-v0')` applies).
 *
 * ## Internal state (`getState`/`setState`, float64)
 * `[position, velocity]`.
 */
import type { EnvSpec, Frame, ReachableCondition, ResetOptions, ResetResult, Shape, StepResult } from '../src/core/env.ts';
import { Box, Discrete } from '../src/core/spaces.ts';
import { EnvError } from '../src/core/errors.ts';
import { ClassicControlEnv, EMPTY_INFO } from './classic-control.ts';
import { parseResetBounds, showValue } from './checks.ts';
import { frameFromYUp, rgb, rotate, type Point } from './draw.ts';

export const MIN_POSITION = -1.2;
export const MAX_POSITION = 0.6;
export const MAX_SPEED = 0.07;
export const GOAL_POSITION = 0.5;
export const FORCE = 0.001;
export const GRAVITY = 0.0025;

/**
 * Where an episode of the registered MountainCar-v0 (goalVelocity 0) goes on: `step` ends it at
 * position ≥ 0.5 with velocity ≥ 0, and the car can only get that far driving right (velocity > 0),
 * so no state of play has position ≥ 0.5. (With a goalVelocity above 0 the car could stand on the
 * flag's side more slowly; `make` never builds that env.)
 */
export const MOUNTAIN_CAR_REACHABLE: readonly ReachableCondition[] = Object.freeze([
  Object.freeze({
    kind: 'range',
    feature: 0,
    min: null,
    max: GOAL_POSITION,
    maxOpen: true,
    why: `MountainCar ends an episode once the car reaches the flag at position ≥ ${GOAL_POSITION}, which it can only do driving right`,
  } as const),
]);

const SCREEN_WIDTH = 600;
const SCREEN_HEIGHT = 400;

export interface MountainCarOptions {
  /** Gymnasium's `goal_velocity`: the episode ends at the flag only at this velocity or more. */
  goalVelocity?: number;
}

/** The valley's height at position `x` (Gymnasium's `_height`, used for drawing only). */
export function height(x: number): number {
  return Math.sin(3 * x) * 0.45 + 0.55;
}

export class MountainCarEnv extends ClassicControlEnv {
  readonly spec: EnvSpec = Object.freeze({
    id: 'MountainCar-v0',
    rewardThreshold: -110,
    featureNames: Object.freeze(['position', 'velocity']),
    actionNames: Object.freeze(['accelerate_left', 'no_acceleration', 'accelerate_right']),
    stateNames: Object.freeze(['position', 'velocity']),
  });
  readonly observationSpace = new Box([MIN_POSITION, -MAX_SPEED], [MAX_POSITION, MAX_SPEED]);
  readonly actionSpace = new Discrete(3);
  readonly goalVelocity: number;

  constructor(options: MountainCarOptions = {}) {
    super(2);
    const goalVelocity = options.goalVelocity ?? 0;
    if (typeof goalVelocity !== 'number' || !Number.isFinite(goalVelocity)) {
      throw new EnvError(`MountainCar-v0: goalVelocity must be a finite number, got ${showValue(goalVelocity)}`);
    }
    this.goalVelocity = goalVelocity;
  }

  reset(opts?: ResetOptions): ResetResult {
    const rng = this.seedFrom(opts);
    const [low, high] = parseResetBounds(this.spec.id, opts?.options, -0.6, -0.4);
    this.state[0] = rng.uniform(low, high);
    this.state[1] = 0;
    this.hasState = true;
    return { observation: this.observe(), info: EMPTY_INFO };
  }

  step(action: number): StepResult {
    if (!this.hasState) throw this.notResetError();
    if (!(action >= 0 && action <= 2 && (action | 0) === action)) throw this.actionError(action);
    const s = this.state;
    let position = s[0]!;
    let velocity = s[1]!;
    velocity += (action - 1) * FORCE + Math.cos(3 * position) * -GRAVITY;
    velocity = Math.min(Math.max(velocity, -MAX_SPEED), MAX_SPEED);
    position += velocity;
    position = Math.min(Math.max(position, MIN_POSITION), MAX_POSITION);
    // The left wall stops the car dead (an inelastic collision).
    if (position === MIN_POSITION && velocity < 0) velocity = 0;
    s[0] = position;
    s[1] = velocity;

    const terminated = position >= GOAL_POSITION && velocity >= this.goalVelocity;

    const observation = new Float32Array(2);
    observation[0] = position;
    observation[1] = velocity;
    return { observation, reward: -1.0, terminated, truncated: false, info: EMPTY_INFO };
  }

  protected observe(): Float32Array {
    return Float32Array.from(this.state);
  }

  /** Gymnasium's pygame drawing: the hill curve, the car with two wheels, and the goal flag. */
  render(): Frame {
    if (!this.hasState) throw new EnvError(`${this.spec.id}: there is no state to render: call reset first`);
    const worldWidth = MAX_POSITION - MIN_POSITION;
    const scale = SCREEN_WIDTH / worldWidth;
    const carwidth = 40;
    const carheight = 20;
    const pos = this.state[0]!;

    // np.linspace(min_position, max_position, 100)
    const hill: Point[] = [];
    for (let i = 0; i < 100; i++) {
      const xs = i === 99 ? MAX_POSITION : MIN_POSITION + (i * worldWidth) / 99;
      hill.push([(xs - MIN_POSITION) * scale, height(xs) * scale]);
    }

    const clearance = 10;
    const [l, r, t, b] = [-carwidth / 2, carwidth / 2, carheight, 0];
    const tilt = Math.cos(3 * pos); // Gymnasium rotates the car by cos(3·pos) radians, the hill's slope
    const carX = (pos - MIN_POSITION) * scale;
    const carY = clearance + height(pos) * scale;
    const body = ([[l, b], [l, t], [r, t], [r, b]] as Point[]).map(([px, py]): Point => {
      const [rx, ry] = rotate(px, py, tilt);
      return [rx + carX, ry + carY];
    });
    const wheels = ([[carwidth / 4, 0], [-carwidth / 4, 0]] as Point[]).map(([px, py]): Shape => {
      const [rx, ry] = rotate(px, py, tilt);
      // gfxdraw takes integer pixels: Gymnasium truncates with int().
      return { type: 'circle', cx: Math.trunc(rx + carX), cy: Math.trunc(ry + carY), r: Math.trunc(carheight / 2.5), fill: rgb(128, 128, 128) };
    });

    const flagx = Math.trunc((GOAL_POSITION - MIN_POSITION) * scale);
    const flagy1 = Math.trunc(height(GOAL_POSITION) * scale);
    const flagy2 = flagy1 + 50;

    const shapes: Shape[] = [
      { type: 'line', points: hill, stroke: rgb(0, 0, 0), width: 1 },
      { type: 'polygon', points: body, fill: rgb(0, 0, 0) },
      ...wheels,
      { type: 'line', points: [[flagx, flagy1], [flagx, flagy2]], stroke: rgb(0, 0, 0), width: 1 },
      { type: 'polygon', points: [[flagx, flagy2], [flagx, flagy2 - 10], [flagx + 25, flagy2 - 5]], fill: rgb(204, 204, 0) },
    ];
    return frameFromYUp(SCREEN_WIDTH, SCREEN_HEIGHT, shapes);
  }
}
