/**
 * The environment contract: Gymnasium's API in TypeScript.
 *
 * - `reset({ seed })` starts an episode. Passing a seed re-seeds the env's own generator; without one
 *   the generator continues, exactly like Gymnasium's `np_random`.
 * - `step(action)` returns `terminated` (the MDP reached a terminal state: no bootstrapping) and
 *   `truncated` (the episode was cut short from outside the MDP, e.g. a time limit: the next state
 *   still has value). The two are never merged; DQN targets depend on the difference.
 * - `getState()`/`setState()` expose the float64 internal state in Gymnasium's own layout, so tests
 *   can replay from any state and the dashboard can ask "what if the pole were further left?".
 *   `setState` does not touch the time-limit counter.
 * - `render()` returns plain drawing data (`Frame`), drawn by the dashboard; no canvas here.
 */
import type { Box, Discrete } from './spaces.ts';

export type Info = Record<string, unknown>;

export interface EnvSpec {
  /** Registered id, e.g. `CartPole-v1`. */
  id: string;
  /** Steps after which `step` reports `truncated` (the TimeLimit wrapper applied by `make`). */
  maxEpisodeSteps?: number;
  /** Average return over 100 episodes at which the task counts as solved. */
  rewardThreshold?: number;
  /** One name per observation dimension, in order. */
  featureNames: readonly string[];
  /** One name per discrete action, in order. */
  actionNames: readonly string[];
  /** Names of the values `getState()` returns, in Gymnasium's internal order. */
  stateNames: readonly string[];
}

export interface ResetOptions {
  seed?: number;
  options?: Info;
}

export interface ResetResult {
  observation: Float32Array;
  info: Info;
}

export interface StepResult {
  observation: Float32Array;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: Info;
}

/** Plain drawing data for one frame, in pixels of a `width`×`height` canvas, y pointing down. */
export interface Frame {
  width: number;
  height: number;
  shapes: Shape[];
}

export type Shape =
  | { type: 'polygon'; points: [number, number][]; fill: string }
  | { type: 'circle'; cx: number; cy: number; r: number; fill: string }
  | { type: 'line'; points: [number, number][]; stroke: string; width: number };

export interface Env {
  readonly spec: EnvSpec;
  readonly observationSpace: Box;
  readonly actionSpace: Discrete;
  reset(opts?: ResetOptions): ResetResult;
  step(action: number): StepResult;
  render(): Frame;
  /** The float64 internal state, in Gymnasium's layout (see `spec.stateNames`). */
  getState(): Float64Array;
  /** Replaces the internal state; the episode continues from it. Throws on a wrong length or NaN. */
  setState(values: ArrayLike<number>): void;
}

/**
 * One condition every non-terminal state of an env meets, read off the env's own termination code
 * (and, for angles observed as a cos and a sin, off trigonometry). A state that breaks one never
 * occurs in play: the episode has ended there, or no angle gives those values. Plain data, so the
 * dashboard can check states and bound its what-if sliders with it (src/explain/reachable.ts).
 * `why` says it in words, naming the env and the threshold, e.g. "CartPole ends an episode when
 * |cart position| > 2.4".
 */
export type ReachableCondition =
  /**
   * `min ≤ observation[feature] ≤ max`, or `<` where `maxOpen`/`minOpen`; `null` is no bound on
   * that side. Compared as float32, the observation's own precision: a float64 state of exactly
   * 2.4 continues the episode yet its observation reads 2.4000001.
   */
  | { kind: 'range'; feature: number; min: number | null; max: number | null; minOpen?: boolean; maxOpen?: boolean; why: string }
  /** `observation[cos]` and `observation[sin]` are the cosine and sine of one angle: cos² + sin² = 1. */
  | { kind: 'unit-circle'; cos: number; sin: number; why: string }
  /**
   * The free end of a two-link chain hanging from a pivot, links of length 1, angles observed as
   * cos/sin (the first from straight down, the second relative to the first), is at most `max`
   * above the pivot: −cos θ1 − cos(θ1 + θ2) ≤ max, with cos(θ1 + θ2) = cos θ1 cos θ2 − sin θ1 sin θ2.
   */
  | { kind: 'two-link-height'; cos1: number; sin1: number; cos2: number; sin2: number; max: number; why: string };
