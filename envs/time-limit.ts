/**
 * Gymnasium's `TimeLimit` wrapper: counts steps since `reset` and reports `truncated: true` from
 * the `maxEpisodeSteps`-th step on (a time limit cuts the episode short from outside the MDP, so
 * the last state still has value; `terminated` is left exactly as the env said). `make` applies
 * it with the registered limit.
 *
 * `getState`, `setState` and `render` pass straight through and never touch the step counter: a
 * what-if edit of the state does not buy the episode more time.
 */
import type { Env, EnvSpec, Frame, ResetOptions, ResetResult, StepResult } from '../src/core/env.ts';
import type { Box, Discrete } from '../src/core/spaces.ts';
import { EnvError } from '../src/core/errors.ts';

export class TimeLimit implements Env {
  readonly spec: EnvSpec;
  readonly observationSpace: Box;
  readonly actionSpace: Discrete;
  readonly maxEpisodeSteps: number;
  private elapsed = 0;

  constructor(
    /** The wrapped env (Gymnasium's `env.env`). */
    readonly env: Env,
    maxEpisodeSteps: number,
    /** Spec fields the registration sets (`make` passes the registered id and reward threshold). */
    specOverrides: Partial<Pick<EnvSpec, 'id' | 'rewardThreshold'>> = {},
  ) {
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) {
      throw new EnvError(`${env.spec.id}: maxEpisodeSteps must be an integer >= 1, got ${maxEpisodeSteps}`);
    }
    this.maxEpisodeSteps = maxEpisodeSteps;
    this.spec = Object.freeze({ ...env.spec, ...specOverrides, maxEpisodeSteps });
    this.observationSpace = env.observationSpace;
    this.actionSpace = env.actionSpace;
  }

  /** Steps taken since the last `reset`. */
  get elapsedSteps(): number {
    return this.elapsed;
  }

  reset(opts?: ResetOptions): ResetResult {
    const result = this.env.reset(opts);
    this.elapsed = 0;
    return result;
  }

  step(action: number): StepResult {
    const result = this.env.step(action); // throws before counting if the step is invalid
    this.elapsed += 1;
    // The result object is fresh for every step, so setting the flag on it is safe.
    if (this.elapsed >= this.maxEpisodeSteps) result.truncated = true;
    return result;
  }

  render(): Frame {
    return this.env.render();
  }

  getState(): Float64Array {
    return this.env.getState();
  }

  setState(values: ArrayLike<number>): void {
    this.env.setState(values);
  }
}
