/**
 * Acrobot-v1: Gymnasium 1.x `classic_control/acrobot.py` (from RLPy), ported step for step.
 *
 * ## Description
 * Two links hang in a chain from a fixed pivot; only the joint between them is actuated. Swing the
 * free end above the target height. Sutton, "Generalization in Reinforcement Learning: Successful
 * Examples Using Sparse Coarse Coding" (NIPS 1995), with the dynamics of Sutton & Barto's book.
 *
 * ## Action space: Discrete(3)
 * | Num | Action                                | Unit         |
 * |-----|---------------------------------------|--------------|
 * | 0   | apply -1 torque to the actuated joint | torque (N m) |
 * | 1   | apply 0 torque to the actuated joint  | torque (N m) |
 * | 2   | apply 1 torque to the actuated joint  | torque (N m) |
 *
 * ## Observation space: Box(6,), float32
 * | Num | Observation                  | Min                 | Max               |
 * |-----|------------------------------|---------------------|-------------------|
 * | 0   | Cosine of `theta1`           | -1                  | 1                 |
 * | 1   | Sine of `theta1`             | -1                  | 1                 |
 * | 2   | Cosine of `theta2`           | -1                  | 1                 |
 * | 3   | Sine of `theta2`             | -1                  | 1                 |
 * | 4   | Angular velocity of `theta1` | ~ -12.567 (-4 * pi) | ~ 12.567 (4 * pi) |
 * | 5   | Angular velocity of `theta2` | ~ -28.274 (-9 * pi) | ~ 28.274 (9 * pi) |
 *
 * `theta1` is the angle of the first link from straight down; `theta2` is relative to the first
 * link. Angles are wrapped into [−π, π]; velocities are clipped to ±4π and ±9π after each step.
 *
 * ## Rewards
 * −1 for every step that does not reach the target height, 0 for the one that does.
 *
 * ## Starting state
 * All four state variables uniform in [−0.1, 0.1), rounded to float32 as Gymnasium does
 * (`.astype(np.float32)`); `reset({ options: { low, high } })` changes the range.
 *
 * ## Episode end
 * 1. Termination: the free end is above the target, `−cos(θ1) − cos(θ2 + θ1) > 1.0` (strictly).
 * 2. Truncation: 500 steps (the `TimeLimit` that `make('Acrobot-v1')` applies).
 *
 * ## Integration
 * One step is one fourth-order Runge–Kutta step of dt = 0.2 s with the torque held constant,
 * using the book's equations (`bookOrNips: 'book'`, Gymnasium's default). The NIPS paper's
 * equations lack a term; R. Sutton confirmed the published results used the book's.
 *
 * ## Internal state (`getState`/`setState`, float64)
 * `[theta1, theta2, dtheta1, dtheta2]`.
 */
import type { EnvSpec, Frame, ReachableCondition, ResetOptions, ResetResult, Shape, StepResult } from '../src/core/env.ts';
import { Box, Discrete } from '../src/core/spaces.ts';
import { EnvError } from '../src/core/errors.ts';
import { ClassicControlEnv, EMPTY_INFO } from './classic-control.ts';
import { parseResetBounds, showValue } from './checks.ts';
import { frameFromYUp, rgb, rotate, type Point } from './draw.ts';

export const DT = 0.2;
export const LINK_LENGTH_1 = 1.0; // [m]
export const LINK_LENGTH_2 = 1.0; // [m]
export const LINK_MASS_1 = 1.0; // [kg] mass of link 1
export const LINK_MASS_2 = 1.0; // [kg] mass of link 2
export const LINK_COM_POS_1 = 0.5; // [m] position of the center of mass of link 1
export const LINK_COM_POS_2 = 0.5; // [m] position of the center of mass of link 2
export const LINK_MOI = 1.0; // moments of inertia for both links
export const MAX_VEL_1 = 4 * Math.PI;
export const MAX_VEL_2 = 9 * Math.PI;
export const AVAIL_TORQUE = Object.freeze([-1.0, 0.0, +1]);
/** The episode ends once the free end is more than this above the pivot (Gymnasium's `_terminal`, which ignores the link lengths). */
export const TARGET_HEIGHT = 1.0;

/**
 * What every state of play meets: the two angles come as a cos and a sin of one angle each, and
 * the free end is not above the target line (`terminal`'s test as data).
 */
export const ACROBOT_REACHABLE: readonly ReachableCondition[] = Object.freeze([
  Object.freeze({ kind: 'unit-circle', cos: 0, sin: 1, why: 'Acrobot observes θ1 as its cosine and sine, so cos² θ1 + sin² θ1 = 1' } as const),
  Object.freeze({ kind: 'unit-circle', cos: 2, sin: 3, why: 'Acrobot observes θ2 as its cosine and sine, so cos² θ2 + sin² θ2 = 1' } as const),
  Object.freeze({
    kind: 'two-link-height',
    cos1: 0,
    sin1: 1,
    cos2: 2,
    sin2: 3,
    max: TARGET_HEIGHT,
    why: `Acrobot ends an episode when the free end rises above the target line, −cos θ1 − cos(θ1 + θ2) > ${TARGET_HEIGHT}`,
  } as const),
]);

const SCREEN_DIM = 500;

export type AcrobotDynamics = 'book' | 'nips';

export interface AcrobotOptions {
  /** Gymnasium's `book_or_nips`: which published equations of motion to integrate. */
  bookOrNips?: AcrobotDynamics;
}

/**
 * Gymnasium's `_dsdt`: the time derivative of the state (θ1, θ2, θ̇1, θ̇2) under torque `a`,
 * written into `out[o..o+3]`. The operations follow Gymnasium's expression order so float64
 * results agree bit for bit wherever the libm agrees; `x ** 2` is written `x * x`, which is what
 * a correctly rounded `pow(x, 2)` returns.
 */
export function dsdt(
  theta1: number,
  theta2: number,
  dtheta1: number,
  dtheta2: number,
  a: number,
  out: Float64Array,
  o: number,
  dynamics: AcrobotDynamics = 'book',
): void {
  const m1 = LINK_MASS_1;
  const m2 = LINK_MASS_2;
  const l1 = LINK_LENGTH_1;
  const lc1 = LINK_COM_POS_1;
  const lc2 = LINK_COM_POS_2;
  const I1 = LINK_MOI;
  const I2 = LINK_MOI;
  const g = 9.8;
  const cos2 = Math.cos(theta2);
  const sin2 = Math.sin(theta2);
  const d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * cos2) + I1 + I2;
  const d2 = m2 * (lc2 * lc2 + l1 * lc2 * cos2) + I2;
  const phi2 = m2 * lc2 * g * Math.cos(theta1 + theta2 - Math.PI / 2.0);
  const phi1 =
    -m2 * l1 * lc2 * (dtheta2 * dtheta2) * sin2 -
    2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2 +
    (m1 * lc1 + m2 * l1) * g * Math.cos(theta1 - Math.PI / 2) +
    phi2;
  let ddtheta2: number;
  if (dynamics === 'nips') {
    // consistent with the description in the NIPS paper
    ddtheta2 = (a + (d2 / d1) * phi1 - phi2) / (m2 * (lc2 * lc2) + I2 - (d2 * d2) / d1);
  } else {
    // consistent with the java implementation and the book
    ddtheta2 =
      (a + (d2 / d1) * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * sin2 - phi2) / (m2 * (lc2 * lc2) + I2 - (d2 * d2) / d1);
  }
  const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
  out[o] = dtheta1;
  out[o + 1] = dtheta2;
  out[o + 2] = ddtheta1;
  out[o + 3] = ddtheta2;
}

/** Gymnasium's `wrap`: shifts `x` by whole periods (M − m) until m <= x <= M. */
export function wrap(x: number, m: number, M: number): number {
  const diff = M - m;
  while (x > M) x = x - diff;
  while (x < m) x = x + diff;
  return x;
}

/** Gymnasium's `bound`: clips `x` into [m, M]. */
export function bound(x: number, m: number, M: number): number {
  return Math.min(Math.max(x, m), M);
}

export class AcrobotEnv extends ClassicControlEnv {
  readonly spec: EnvSpec = Object.freeze({
    id: 'Acrobot-v1',
    rewardThreshold: -100,
    featureNames: Object.freeze(['cos_theta1', 'sin_theta1', 'cos_theta2', 'sin_theta2', 'dtheta1', 'dtheta2']),
    actionNames: Object.freeze(['negative_torque', 'no_torque', 'positive_torque']),
    stateNames: Object.freeze(['theta1', 'theta2', 'dtheta1', 'dtheta2']),
  });
  readonly observationSpace = new Box([-1, -1, -1, -1, -MAX_VEL_1, -MAX_VEL_2], [1, 1, 1, 1, MAX_VEL_1, MAX_VEL_2]);
  readonly actionSpace = new Discrete(3);
  readonly bookOrNips: AcrobotDynamics;
  /** The four RK4 slopes k1..k4, four values each; reused so a step allocates nothing else. */
  private readonly k = new Float64Array(16);

  constructor(options: AcrobotOptions = {}) {
    super(4);
    const dynamics = options.bookOrNips ?? 'book';
    if (dynamics !== 'book' && dynamics !== 'nips') {
      throw new EnvError(`Acrobot-v1: bookOrNips must be "book" or "nips", got ${showValue(dynamics)}`);
    }
    this.bookOrNips = dynamics;
  }

  reset(opts?: ResetOptions): ResetResult {
    const rng = this.seedFrom(opts);
    const [low, high] = parseResetBounds(this.spec.id, opts?.options, -0.1, 0.1);
    // Gymnasium stores the starting state as float32 (then integrates in float64).
    for (let i = 0; i < 4; i++) this.state[i] = Math.fround(rng.uniform(low, high));
    this.hasState = true;
    return { observation: this.observe(), info: EMPTY_INFO };
  }

  step(action: number): StepResult {
    if (!this.hasState) throw this.notResetError();
    if (!(action >= 0 && action <= 2 && (action | 0) === action)) throw this.actionError(action);
    const torque = AVAIL_TORQUE[action]!;
    const s = this.state;
    const k = this.k;
    const dyn = this.bookOrNips;
    const y0 = s[0]!;
    const y1 = s[1]!;
    const y2 = s[2]!;
    const y3 = s[3]!;

    // Gymnasium's rk4(derivs, y0, [0, dt]): one classic Runge–Kutta step, torque held constant.
    const dt = DT - 0;
    const dt2 = dt / 2.0;
    dsdt(y0, y1, y2, y3, torque, k, 0, dyn);
    dsdt(y0 + dt2 * k[0]!, y1 + dt2 * k[1]!, y2 + dt2 * k[2]!, y3 + dt2 * k[3]!, torque, k, 4, dyn);
    dsdt(y0 + dt2 * k[4]!, y1 + dt2 * k[5]!, y2 + dt2 * k[6]!, y3 + dt2 * k[7]!, torque, k, 8, dyn);
    dsdt(y0 + dt * k[8]!, y1 + dt * k[9]!, y2 + dt * k[10]!, y3 + dt * k[11]!, torque, k, 12, dyn);
    const h = dt / 6.0;
    const ns0 = y0 + h * (k[0]! + 2 * k[4]! + 2 * k[8]! + k[12]!);
    const ns1 = y1 + h * (k[1]! + 2 * k[5]! + 2 * k[9]! + k[13]!);
    const ns2 = y2 + h * (k[2]! + 2 * k[6]! + 2 * k[10]! + k[14]!);
    const ns3 = y3 + h * (k[3]! + 2 * k[7]! + 2 * k[11]! + k[15]!);

    s[0] = wrap(ns0, -Math.PI, Math.PI);
    s[1] = wrap(ns1, -Math.PI, Math.PI);
    s[2] = bound(ns2, -MAX_VEL_1, MAX_VEL_1);
    s[3] = bound(ns3, -MAX_VEL_2, MAX_VEL_2);
    const terminated = this.terminal();
    return { observation: this.observe(), reward: terminated ? 0.0 : -1.0, terminated, truncated: false, info: EMPTY_INFO };
  }

  /** The free end is above the target line one link length above the pivot. */
  private terminal(): boolean {
    const s = this.state;
    return -Math.cos(s[0]!) - Math.cos(s[1]! + s[0]!) > TARGET_HEIGHT;
  }

  protected observe(): Float32Array {
    const s = this.state;
    const obs = new Float32Array(6);
    obs[0] = Math.cos(s[0]!);
    obs[1] = Math.sin(s[0]!);
    obs[2] = Math.cos(s[1]!);
    obs[3] = Math.sin(s[1]!);
    obs[4] = s[2]!;
    obs[5] = s[3]!;
    return obs;
  }

  /** Gymnasium's pygame drawing: the target line, two links and the two joints. */
  render(): Frame {
    if (!this.hasState) throw new EnvError(`${this.spec.id}: there is no state to render: call reset first`);
    const s = this.state;
    const bnd = LINK_LENGTH_1 + LINK_LENGTH_2 + 0.2; // 2.2 for default
    const scale = SCREEN_DIM / (bnd * 2);
    const offset = SCREEN_DIM / 2;

    const p1: Point = [-LINK_LENGTH_1 * Math.cos(s[0]!) * scale, LINK_LENGTH_1 * Math.sin(s[0]!) * scale];
    // Gymnasium swaps each point's coordinates (`[:, ::-1]`) before drawing; p2, the free end, is
    // computed there but only the pivot and the middle joint get a link and a circle.
    const joints: Point[] = [
      [0, 0],
      [p1[1], p1[0]],
    ];
    const thetas = [s[0]! - Math.PI / 2, s[0]! + s[1]! - Math.PI / 2];
    const linkLengths = [LINK_LENGTH_1 * scale, LINK_LENGTH_2 * scale];

    const shapes: Shape[] = [
      {
        type: 'line',
        points: [
          [-2.2 * scale + offset, 1 * scale + offset],
          [2.2 * scale + offset, 1 * scale + offset],
        ],
        stroke: rgb(0, 0, 0),
        width: 1,
      },
    ];
    for (let i = 0; i < 2; i++) {
      const x = joints[i]![0] + offset;
      const y = joints[i]![1] + offset;
      const [l, r, t, b] = [0, linkLengths[i]!, 0.1 * scale, -0.1 * scale];
      const link = ([[l, b], [l, t], [r, t], [r, b]] as Point[]).map(([px, py]): Point => {
        const [rx, ry] = rotate(px, py, thetas[i]!);
        return [rx + x, ry + y];
      });
      shapes.push({ type: 'polygon', points: link, fill: rgb(0, 204, 204) });
      // gfxdraw takes integer pixels: Gymnasium truncates with int().
      shapes.push({ type: 'circle', cx: Math.trunc(x), cy: Math.trunc(y), r: Math.trunc(0.1 * scale), fill: rgb(204, 204, 0) });
    }
    return frameFromYUp(SCREEN_DIM, SCREEN_DIM, shapes);
  }
}
