/**
 * FlappyBird-v0: the feature-observation Flappy Bird of `flappy-bird-gymnasium` (markub3327, after
 * Talendar's flappy-bird-gym and sourabhv's FlapPyBird), `use_lidar=False, normalize_obs=True`,
 * ported step for step. It is the third game of the LMUT paper (which fed a DQN raw pixels; here
 * the network and the tree see the game's twelve named quantities, so splits read as sentences).
 *
 * ## Description
 * A bird flies right at a constant speed through gaps between pipes; gravity pulls it down and a
 * flap sets its vertical speed upward. Hitting a pipe or the ground ends the game.
 *
 * ## Action space: Discrete(2)
 * | Num | Action               |
 * |-----|----------------------|
 * | 0   | Do nothing (idle)    |
 * | 1   | Flap                 |
 *
 * ## Observation space: Box(12,), float32
 * The three pipe pairs on the track sorted by horizontal position (the "last" one is the leftmost,
 * which may already lie behind the bird); a pair still beyond the right edge reads (1, 0, 1).
 * Positions are divided by the screen size (288 × 512 px), the velocity by 10, the rotation by 90°.
 * | Num | Observation                          | Min     | Max    |
 * |-----|--------------------------------------|---------|--------|
 * | 0   | last pipe's horizontal position       | −52/288 | 1      |
 * | 1   | last top pipe's vertical position     | 0       | 170/512 |
 * | 2   | last bottom pipe's vertical position  | 200/512 | 1      |
 * | 3–5 | the same for the next pipe           |         |        |
 * | 6–8 | the same for the next-next pipe      |         |        |
 * | 9   | bird's vertical position (top edge)  | −1      | 1      |
 * | 10  | bird's vertical velocity             | −0.9    | 1      |
 * | 11  | bird's rotation                      | −1      | 0.5    |
 * (Vertical positions grow downward, as on screen. `flappy-bird-gymnasium` declares [−1, 1] for
 * every feature; the bounds above are the ones the game can reach, which the dashboard's sliders
 * and the counterfactual search use.)
 *
 * ## Transition dynamics (per step, one frame at 30 fps)
 * A flap sets the velocity to −9 (only below 48 px above the screen's top); otherwise gravity adds
 * 1 up to a top speed of 10. The bird moves by its velocity (never below the ground), turns 3°
 * nose-down (to −90°; a flap resets it to 45°), and the pipes move 4 px left. A pipe pair leaving
 * the screen on the left comes back on the right with a gap drawn uniformly from eight heights.
 *
 * ## Rewards
 * +0.1 for a step alive, +1 for the step the bird passes a pipe's middle, −0.5 while above the
 * screen's top, −1 for the crash. A flawless 1,000-step game passes 25 pipes: 122.5. Ours counts
 * as solved at a 100-episode mean of 100 (upstream sets no threshold): about 20 pipes a game.
 *
 * ## Starting state
 * The bird at 244 px moving up at 9 px/step; three pipe pairs at 288, 432 and 576 px with random gaps.
 *
 * ## Episode end
 * 1. Termination: the bird touches the ground or a pipe (pygame's rectangle test on whole pixels).
 * 2. Truncation: 1,000 steps (the `TimeLimit` that `make('FlappyBird-v0')` applies; upstream has
 *    none, so a perfect agent would fly forever and evaluation would never end).
 *
 * ## Internal state (`getState`/`setState`, float64)
 * `[player_y, player_vel_y, player_rot, pipe0_x, pipe0_gap_y, pipe1_x, pipe1_gap_y, pipe2_x,
 * pipe2_gap_y, score]`: pipe pairs in their track slots (the order they are recycled in), each by
 * its left edge and the top of its gap; `info.score` counts the pipes passed.
 */
import type { EnvSpec, Frame, ReachableCondition, ResetOptions, ResetResult, StepResult } from '../src/core/env.ts';
import { Box, Discrete } from '../src/core/spaces.ts';
import { EnvError } from '../src/core/errors.ts';
import { ClassicControlEnv } from './classic-control.ts';
import { showValue } from './checks.ts';
import { drawFlappyBird } from './flappy-bird-draw.ts';
import {
  GROUND_Y, PIPE_GAP, PIPE_HEIGHT, PIPE_VEL_X, PIPE_WIDTH, PLAYER_ACC_Y, PLAYER_FLAP_ACC, PLAYER_HEIGHT,
  PLAYER_MAX_VEL_Y, PLAYER_VEL_ROT, PLAYER_WIDTH, PLAYER_X, SCREEN_HEIGHT, SCREEN_WIDTH,
} from './flappy-bird-constants.ts';

/** Where a recycled pipe pair re-enters: `screen_width + PIPE_WIDTH + screen_width * 0.2`. */
const PIPE_RESPAWN_X = SCREEN_WIDTH + PIPE_WIDTH + SCREEN_WIDTH * 0.2;
/** The gap tops a new pipe pair draws from: `[20, 30, …, 90] + int(ground_y * 0.2)`. */
const GAP_YS = [20, 30, 40, 50, 60, 70, 80, 90].map((y) => y + Math.trunc(GROUND_Y * 0.2));
const PIPES = 3;
const STATE_SIZE = 3 + 2 * PIPES + 1;
const SCORE = STATE_SIZE - 1;

/**
 * Where an episode goes on: a bird whose bottom edge reaches `GROUND_Y − 1` has crashed, so every
 * non-terminal observation has its top edge above `GROUND_Y − 1 − PLAYER_HEIGHT`.
 */
export const FLAPPY_BIRD_REACHABLE: readonly ReachableCondition[] = Object.freeze([
  Object.freeze({
    kind: 'range',
    feature: 9,
    min: null,
    max: (GROUND_Y - 1 - PLAYER_HEIGHT) / SCREEN_HEIGHT,
    maxOpen: true,
    why: `FlappyBird ends an episode when the bird touches the ground (player_y ≥ ${((GROUND_Y - 1 - PLAYER_HEIGHT) / SCREEN_HEIGHT).toFixed(4)})`,
  } as const),
]);

const PIPE_LOW: number[] = [-PIPE_WIDTH / SCREEN_WIDTH, 0, (GAP_YS[0]! + PIPE_GAP) / SCREEN_HEIGHT];
const PIPE_HIGH: number[] = [1, GAP_YS[GAP_YS.length - 1]! / SCREEN_HEIGHT, 1];

/** pygame's `Rect.colliderect` on rectangles whose coordinates pygame truncated to integers. */
function rectsOverlap(ax: number, ay: number, aw: number, ah: number, bx: number, by: number, bw: number, bh: number): boolean {
  return ax < bx + bw && ay < by + bh && ax + aw > bx && ay + ah > by;
}

export class FlappyBirdEnv extends ClassicControlEnv {
  readonly spec: EnvSpec = Object.freeze({
    id: 'FlappyBird-v0',
    rewardThreshold: 100,
    featureNames: Object.freeze([
      'last_pipe_x', 'last_pipe_top_y', 'last_pipe_bottom_y',
      'next_pipe_x', 'next_pipe_top_y', 'next_pipe_bottom_y',
      'next_next_pipe_x', 'next_next_pipe_top_y', 'next_next_pipe_bottom_y',
      'player_y', 'player_velocity_y', 'player_rotation',
    ]),
    actionNames: Object.freeze(['idle', 'flap']),
    stateNames: Object.freeze([
      'player_y', 'player_vel_y', 'player_rot',
      'pipe0_x', 'pipe0_gap_y', 'pipe1_x', 'pipe1_gap_y', 'pipe2_x', 'pipe2_gap_y', 'score',
    ]),
  });
  readonly observationSpace = new Box(
    [...PIPE_LOW, ...PIPE_LOW, ...PIPE_LOW, -1, PLAYER_FLAP_ACC / PLAYER_MAX_VEL_Y, -1],
    [...PIPE_HIGH, ...PIPE_HIGH, ...PIPE_HIGH, 1, 1, 0.5],
  );
  readonly actionSpace = new Discrete(2);

  constructor() {
    super(STATE_SIZE);
  }

  reset(opts?: ResetOptions): ResetResult {
    const options = opts?.options;
    if (options !== undefined && options !== null && (typeof options !== 'object' || Object.keys(options).length > 0)) {
      throw new EnvError(`${this.spec.id}: reset takes no options, got ${showValue(options)}`);
    }
    const rng = this.seedFrom(opts); // after the check: a refused reset leaves the generator as it was
    const s = this.state;
    s[0] = Math.trunc((SCREEN_HEIGHT - PLAYER_HEIGHT) / 2);
    s[1] = -9;
    s[2] = 45;
    // Three pipe pairs half a screen apart, their gaps drawn in slot order as upstream does.
    for (let p = 0; p < PIPES; p++) {
      s[3 + 2 * p] = SCREEN_WIDTH + (p * SCREEN_WIDTH) / 2;
      s[4 + 2 * p] = GAP_YS[rng.int(GAP_YS.length)]!;
    }
    s[SCORE] = 0;
    this.hasState = true;
    return { observation: this.observe(), info: { score: 0 } };
  }

  step(action: number): StepResult {
    if (!this.hasState) throw this.notResetError();
    if (!(action === 0 || action === 1)) throw this.actionError(action);
    const s = this.state;
    let reward: number | null = null;

    let y = s[0]!;
    let velocity = s[1]!;
    let rotation = s[2]!;
    const flapped = action === 1 && y > -2 * PLAYER_HEIGHT;
    if (flapped) velocity = PLAYER_FLAP_ACC;

    // Score: the bird's middle within the 4 px a pipe's middle covers this step.
    const playerMid = PLAYER_X + PLAYER_WIDTH / 2;
    for (let p = 0; p < PIPES; p++) {
      const pipeMid = s[3 + 2 * p]! + PIPE_WIDTH / 2;
      if (pipeMid <= playerMid && playerMid < pipeMid + 4) {
        s[SCORE] = s[SCORE]! + 1;
        reward = 1;
      }
    }

    if (rotation > -90) rotation -= PLAYER_VEL_ROT;
    if (velocity < PLAYER_MAX_VEL_Y && !flapped) velocity += PLAYER_ACC_Y;
    if (flapped) rotation = 45;
    y += Math.min(velocity, GROUND_Y - y - PLAYER_HEIGHT);

    for (let p = 0; p < PIPES; p++) {
      const x = s[3 + 2 * p]! + PIPE_VEL_X;
      if (x < -PIPE_WIDTH) {
        s[3 + 2 * p] = PIPE_RESPAWN_X;
        s[4 + 2 * p] = GAP_YS[this.random().int(GAP_YS.length)]!;
      } else {
        s[3 + 2 * p] = x;
      }
    }
    s[0] = y;
    s[1] = velocity;
    s[2] = rotation;

    const observation = this.observe();
    if (reward === null) reward = 0.1;
    if (y < 0) reward = -0.5;
    const terminated = this.crashed();
    if (terminated) {
      reward = -1;
      s[1] = 0;
    }
    return { observation, reward, terminated, truncated: false, info: { score: s[SCORE]! } };
  }

  /** The ground, or any pipe of a pair, overlapping the bird (upstream's `_check_crash`). */
  private crashed(): boolean {
    const s = this.state;
    if (s[0]! + PLAYER_HEIGHT >= GROUND_Y - 1) return true;
    const py = Math.trunc(s[0]!);
    for (let p = 0; p < PIPES; p++) {
      const x = Math.trunc(s[3 + 2 * p]!);
      const gap = s[4 + 2 * p]!;
      if (rectsOverlap(PLAYER_X, py, PLAYER_WIDTH, PLAYER_HEIGHT, x, Math.trunc(gap - PIPE_HEIGHT), PIPE_WIDTH, PIPE_HEIGHT)) return true;
      if (rectsOverlap(PLAYER_X, py, PLAYER_WIDTH, PLAYER_HEIGHT, x, Math.trunc(gap + PIPE_GAP), PIPE_WIDTH, PIPE_HEIGHT)) return true;
    }
    return false;
  }

  protected observe(): Float32Array {
    const s = this.state;
    const pipes: [number, number, number][] = [];
    for (let p = 0; p < PIPES; p++) {
      const x = s[3 + 2 * p]!;
      const gap = s[4 + 2 * p]!;
      // A pair not yet on screen reads as the right edge with an open sky (upstream's placeholder).
      pipes.push(x > SCREEN_WIDTH ? [SCREEN_WIDTH, 0, SCREEN_HEIGHT] : [x, gap, gap + PIPE_GAP]);
    }
    pipes.sort((a, b) => a[0] - b[0]);
    const observation = new Float32Array(12);
    pipes.forEach(([x, top, bottom], i) => {
      observation[3 * i] = x / SCREEN_WIDTH;
      observation[3 * i + 1] = top / SCREEN_HEIGHT;
      observation[3 * i + 2] = bottom / SCREEN_HEIGHT;
    });
    observation[9] = s[0]! / SCREEN_HEIGHT;
    observation[10] = s[1]! / PLAYER_MAX_VEL_Y;
    observation[11] = s[2]! / 90;
    return observation;
  }

  render(): Frame {
    if (!this.hasState) throw new EnvError(`${this.spec.id}: there is no state to render: call reset first`);
    const s = this.state;
    const pipes = [0, 1, 2].map((p) => ({ x: s[3 + 2 * p]!, gapY: s[4 + 2 * p]! }));
    return drawFlappyBird({ playerY: s[0]!, rotation: s[2]!, pipes });
  }
}
