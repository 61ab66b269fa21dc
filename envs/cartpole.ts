/**
 * CartPole-v1: Gymnasium 1.x `classic_control/cartpole.py`, ported step for step.
 *
 * ## Description
 * The cart-pole problem of Barto, Sutton and Anderson, "Neuronlike Adaptive Elements That Can Solve
 * Difficult Learning Control Problems" (1983). A pole is attached by an un-actuated joint to a cart
 * that moves along a frictionless track; push the cart left or right to keep the pole upright.
 *
 * ## Action space: Discrete(2)
 * | Num | Action                 |
 * |-----|------------------------|
 * | 0   | Push cart to the left  |
 * | 1   | Push cart to the right |
 *
 * ## Observation space: Box(4,), float32
 * | Num | Observation           | Min                 | Max               |
 * |-----|-----------------------|---------------------|-------------------|
 * | 0   | Cart Position         | -4.8                | 4.8               |
 * | 1   | Cart Velocity         | -Inf                | Inf               |
 * | 2   | Pole Angle            | ~ -0.418 rad (-24°) | ~ 0.418 rad (24°) |
 * | 3   | Pole Angular Velocity | -Inf                | Inf               |
 *
 * The bounds are twice the termination thresholds so the failing observation is still inside the
 * space: an episode terminates once the cart leaves (-2.4, 2.4) or the pole leaves (-12°, 12°).
 *
 * ## Rewards
 * +1 for every step, including the terminating one. Stepping again after termination (which
 * Gymnasium calls undefined behaviour) gives 0, like Gymnasium's `steps_beyond_terminated`.
 *
 * ## Starting state
 * All four state variables uniform in [-0.05, 0.05); `reset({ options: { low, high } })` changes
 * the range (which may start the episode outside the observation space).
 *
 * ## Episode end
 * 1. Termination: |pole angle| > 12° (strictly: exactly 12° continues).
 * 2. Termination: |cart position| > 2.4 (strictly).
 * 3. Truncation: 500 steps (the `TimeLimit` that `make('CartPole-v1')` applies).
 *
 * ## Internal state (`getState`/`setState`, float64)
 * `[x, x_dot, theta, theta_dot]`, the same four values as the observation but unrounded.
 */
import type { EnvSpec, Frame, ReachableCondition, ResetOptions, ResetResult, Shape, StepResult } from '../src/core/env.ts';
import { Box, Discrete } from '../src/core/spaces.ts';
import { EnvError } from '../src/core/errors.ts';
import { ClassicControlEnv, EMPTY_INFO } from './classic-control.ts';
import { parseResetBounds } from './checks.ts';
import { frameFromYUp, rgb, rotate, type Point } from './draw.ts';

// Physics constants, named as in Gymnasium.
export const GRAVITY = 9.8;
export const MASSCART = 1.0;
export const MASSPOLE = 0.1;
export const TOTAL_MASS = MASSPOLE + MASSCART;
export const LENGTH = 0.5; // actually half the pole's length
export const POLEMASS_LENGTH = MASSPOLE * LENGTH;
export const FORCE_MAG = 10.0;
export const TAU = 0.02; // seconds between state updates
/** Angle at which to fail the episode: 12 degrees, computed exactly as Gymnasium does. */
export const THETA_THRESHOLD_RADIANS = (12 * 2 * Math.PI) / 360;
export const X_THRESHOLD = 2.4;

/**
 * Where an episode goes on: `step`'s termination test as data. Every non-terminal state has
 * |x| ≤ 2.4 and |θ| ≤ 12°; the observation space is twice as wide only so that the failing
 * observation fits in it.
 */
export const CARTPOLE_REACHABLE: readonly ReachableCondition[] = Object.freeze([
  Object.freeze({ kind: 'range', feature: 0, min: -X_THRESHOLD, max: X_THRESHOLD, why: `CartPole ends an episode when |cart position| > ${X_THRESHOLD}` } as const),
  Object.freeze({
    kind: 'range',
    feature: 2,
    min: -THETA_THRESHOLD_RADIANS,
    max: THETA_THRESHOLD_RADIANS,
    why: `CartPole ends an episode when |pole angle| > ${THETA_THRESHOLD_RADIANS.toFixed(4)} rad (${Math.round((THETA_THRESHOLD_RADIANS * 180) / Math.PI)}°)`,
  } as const),
]);

const SCREEN_WIDTH = 600;
const SCREEN_HEIGHT = 400;

export class CartPoleEnv extends ClassicControlEnv {
  readonly spec: EnvSpec = Object.freeze({
    id: 'CartPole-v1',
    rewardThreshold: 475,
    featureNames: Object.freeze(['cart_position', 'cart_velocity', 'pole_angle', 'pole_angular_velocity']),
    actionNames: Object.freeze(['push_left', 'push_right']),
    stateNames: Object.freeze(['x', 'x_dot', 'theta', 'theta_dot']),
  });
  // Angle limit set to 2 * THETA_THRESHOLD_RADIANS so the failing observation is still within bounds.
  readonly observationSpace = new Box(
    [-X_THRESHOLD * 2, -Infinity, -THETA_THRESHOLD_RADIANS * 2, -Infinity],
    [X_THRESHOLD * 2, Infinity, THETA_THRESHOLD_RADIANS * 2, Infinity],
  );
  readonly actionSpace = new Discrete(2);

  /** Gymnasium's `steps_beyond_terminated`; -1 stands for `None` (not terminated yet). */
  private stepsBeyondTerminated = -1;

  constructor() {
    super(4);
  }

  reset(opts?: ResetOptions): ResetResult {
    const rng = this.seedFrom(opts);
    const [low, high] = parseResetBounds(this.spec.id, opts?.options, -0.05, 0.05);
    for (let i = 0; i < 4; i++) this.state[i] = rng.uniform(low, high);
    this.stepsBeyondTerminated = -1;
    this.hasState = true;
    return { observation: this.observe(), info: EMPTY_INFO };
  }

  step(action: number): StepResult {
    if (!this.hasState) throw this.notResetError();
    if (action !== 0 && action !== 1) throw this.actionError(action);
    const s = this.state;
    let x = s[0]!;
    let xDot = s[1]!;
    let theta = s[2]!;
    let thetaDot = s[3]!;
    const force = action === 1 ? FORCE_MAG : -FORCE_MAG;
    const costheta = Math.cos(theta);
    const sintheta = Math.sin(theta);

    // The equations of https://coneural.org/florian/papers/05_cart_pole.pdf, with the operations
    // in Gymnasium's order so the float64 results agree bit for bit where the libm does.
    const temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sintheta) / TOTAL_MASS;
    const thetaacc =
      (GRAVITY * sintheta - costheta * temp) / (LENGTH * (4.0 / 3.0 - (MASSPOLE * (costheta * costheta)) / TOTAL_MASS));
    const xacc = temp - (POLEMASS_LENGTH * thetaacc * costheta) / TOTAL_MASS;

    // Gymnasium's default kinematics integrator, "euler": positions move with the old velocities.
    x = x + TAU * xDot;
    xDot = xDot + TAU * xacc;
    theta = theta + TAU * thetaDot;
    thetaDot = thetaDot + TAU * thetaacc;
    s[0] = x;
    s[1] = xDot;
    s[2] = theta;
    s[3] = thetaDot;

    const terminated =
      x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD_RADIANS || theta > THETA_THRESHOLD_RADIANS;

    let reward = 1.0;
    if (terminated) {
      if (this.stepsBeyondTerminated < 0) this.stepsBeyondTerminated = 0; // the pole just fell
      else {
        this.stepsBeyondTerminated += 1; // stepping past the end: no more reward
        reward = 0.0;
      }
    }

    const observation = new Float32Array(4);
    observation[0] = x;
    observation[1] = xDot;
    observation[2] = theta;
    observation[3] = thetaDot;
    return { observation, reward, terminated, truncated: false, info: EMPTY_INFO };
  }

  override setState(values: ArrayLike<number>): void {
    super.setState(values);
    this.stepsBeyondTerminated = -1;
  }

  protected observe(): Float32Array {
    return Float32Array.from(this.state);
  }

  /** Gymnasium's pygame drawing: a black cart, a brown pole on a blue axle, and the track line. */
  render(): Frame {
    if (!this.hasState) throw new EnvError(`${this.spec.id}: there is no state to render: call reset first`);
    const worldWidth = X_THRESHOLD * 2;
    const scale = SCREEN_WIDTH / worldWidth;
    const polewidth = 10.0;
    const polelen = scale * (2 * LENGTH);
    const cartwidth = 50.0;
    const cartheight = 30.0;
    const [cartPos, , theta] = this.state as unknown as [number, number, number];

    let [l, r, t, b] = [-cartwidth / 2, cartwidth / 2, cartheight / 2, -cartheight / 2];
    const axleoffset = cartheight / 4.0;
    const cartx = cartPos * scale + SCREEN_WIDTH / 2.0; // middle of the cart
    const carty = 100; // top of the cart
    const corners = (): Point[] => [
      [l, b],
      [l, t],
      [r, t],
      [r, b],
    ];
    const cart = corners().map(([px, py]): Point => [px + cartx, py + carty]);

    [l, r, t, b] = [-polewidth / 2, polewidth / 2, polelen - polewidth / 2, -polewidth / 2];
    const pole = corners().map(([px, py]): Point => {
      const [rx, ry] = rotate(px, py, -theta);
      return [rx + cartx, ry + carty + axleoffset];
    });

    const shapes: Shape[] = [
      { type: 'polygon', points: cart, fill: rgb(0, 0, 0) },
      { type: 'polygon', points: pole, fill: rgb(202, 152, 101) },
      // pygame's gfxdraw takes integer pixels: Gymnasium truncates with int().
      { type: 'circle', cx: Math.trunc(cartx), cy: Math.trunc(carty + axleoffset), r: Math.trunc(polewidth / 2), fill: rgb(129, 132, 203) },
      { type: 'line', points: [[0, carty], [SCREEN_WIDTH, carty]], stroke: rgb(0, 0, 0), width: 1 },
    ];
    return frameFromYUp(SCREEN_WIDTH, SCREEN_HEIGHT, shapes);
  }
}
