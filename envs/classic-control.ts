/**
 * What the classic-control environments share: the float64 state in Gymnasium's layout, the env's
 * own random generator with Gymnasium's seeding rules, `getState`/`setState`, and the frozen empty
 * `info` every step returns. Each env adds its physics (`step`), its starting-state distribution
 * (`reset`) and its drawing (`render`).
 */
import { EnvError } from '../src/core/errors.ts';
import { Rng } from '../src/core/rng.ts';
import type { Box, Discrete } from '../src/core/spaces.ts';
import type { Env, EnvSpec, Frame, Info, ResetOptions, ResetResult, StepResult } from '../src/core/env.ts';
import { checkSeed, checkStateValues, invalidActionError, stepBeforeResetError } from './checks.ts';

/**
 * Shared by every step and reset: classic control has nothing to report in `info`. Frozen so no
 * caller can leak data into another step's info through it.
 */
export const EMPTY_INFO: Info = Object.freeze({});

export abstract class ClassicControlEnv implements Env {
  abstract readonly spec: EnvSpec;
  abstract readonly observationSpace: Box;
  abstract readonly actionSpace: Discrete;

  /** Internal state, Gymnasium's layout (`spec.stateNames`). Meaningful once `hasState` is true. */
  protected readonly state: Float64Array;
  /** False until the first `reset` or `setState`: stepping before that is an error. */
  protected hasState = false;
  private rng: Rng | null = null;

  protected constructor(stateSize: number) {
    this.state = new Float64Array(stateSize);
  }

  abstract reset(opts?: ResetOptions): ResetResult;
  abstract step(action: number): StepResult;
  abstract render(): Frame;
  /** The observation of the current state: a fresh float32 array the caller may keep. */
  protected abstract observe(): Float32Array;

  /**
   * Gymnasium's `Env.reset(seed=...)` part: a seed re-seeds the generator; no seed continues the
   * current stream. Like Gymnasium, an env that was never seeded draws its seed from outside
   * (here `Math.random`), so pass a seed to the first `reset` for a reproducible run.
   */
  protected seedFrom(opts: ResetOptions | undefined): Rng {
    const seed = opts?.seed;
    if (seed !== undefined) {
      checkSeed(this.spec.id, seed);
      this.rng = new Rng(seed);
    } else if (this.rng === null) {
      this.rng = new Rng(Math.floor(Math.random() * 2 ** 32));
    }
    return this.rng;
  }

  /**
   * The generator for draws during an episode (FlappyBird's new pipes): the one `reset` seeded,
   * or, for a state set without any reset, one seeded from outside as `seedFrom` does.
   */
  protected random(): Rng {
    return this.seedFrom(undefined);
  }

  getState(): Float64Array {
    if (!this.hasState) throw new EnvError(`${this.spec.id}: there is no state yet: call reset (or setState) first`);
    return this.state.slice();
  }

  /**
   * Replaces the internal state, like assigning `env.unwrapped.state` in Gymnasium; the episode
   * continues from it (stepping is allowed even without a prior `reset`). Subclasses clear any
   * bookkeeping derived from the old state, so the future depends on `getState()` alone.
   */
  setState(values: ArrayLike<number>): void {
    checkStateValues(this.spec.id, values, this.spec.stateNames);
    for (let i = 0; i < this.state.length; i++) this.state[i] = values[i]!;
    this.hasState = true;
  }

  /** Builds the error for a failed action check; kept out of `step` so `step` stays small. */
  protected actionError(action: unknown): EnvError {
    return invalidActionError(this.spec.id, action, this.actionSpace);
  }

  protected notResetError(): EnvError {
    return stepBeforeResetError(this.spec.id);
  }
}
