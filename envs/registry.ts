/**
 * The environment registry, Gymnasium's `register`/`make` as data: each entry says how to build
 * the raw env and which time limit and reward threshold `make` attaches to it.
 */
import type { Env, ReachableCondition } from '../src/core/env.ts';
import { ConfigError, EnvError } from '../src/core/errors.ts';
import { showValue } from './checks.ts';
import { TimeLimit } from './time-limit.ts';

export interface EnvRegistration {
  id: string;
  /** Builds a fresh, unwrapped env (Gymnasium's `entry_point`). */
  create: () => Env;
  /** Truncate episodes after this many steps (Gymnasium's `max_episode_steps`). */
  maxEpisodeSteps?: number;
  /** Average return over 100 episodes at which the task counts as solved. */
  rewardThreshold?: number;
  /**
   * What every non-terminal state of the env `make` builds meets (its termination test as data);
   * a state breaking one never occurs in play. None declared: every observation counts as possible.
   */
  reachable?: readonly ReachableCondition[];
  /** The absolute path of the user module that registered it (envs/env-module.ts); none for a built-in. */
  module?: string;
}

export interface MakeOptions {
  /** Overrides the registered time limit, like `gymnasium.make(id, max_episode_steps=...)`. */
  maxEpisodeSteps?: number;
}

const registry = new Map<string, Readonly<EnvRegistration>>();

/** Adds an env id; registering an id twice is an error (ids are versioned instead). */
export function register(registration: EnvRegistration): void {
  if (registry.has(registration.id)) throw new EnvError(`Environment id "${registration.id}" is already registered`);
  registry.set(registration.id, Object.freeze({ ...registration }));
}

/** Takes an id back: only for a user module whose check failed after registering (envs/env-module.ts). */
export function unregister(id: string): void {
  registry.delete(id);
}

/** The registered ids, in registration order. */
export function listEnvs(): string[] {
  return [...registry.keys()];
}

/** The registration of `id` (undefined when unknown). */
export function registration(id: string): Readonly<EnvRegistration> | undefined {
  return registry.get(id);
}

/**
 * Builds a registered env with its time limit applied: a `TimeLimit` wrapper whose `spec` carries
 * the registered id, `maxEpisodeSteps` and `rewardThreshold`. An id registered without a time limit
 * gives the raw env. Throws on an unknown id, listing the known ones.
 */
export function make(id: string, options: MakeOptions = {}): Env {
  const reg = registry.get(id);
  if (!reg) throw new EnvError(`Unknown environment id ${showValue(id)} (known: ${listEnvs().join(', ')})`);
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError('make', `make options must be an object, got ${showValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (key !== 'maxEpisodeSteps') throw new ConfigError(key, `Unknown make option "${key}" (allowed: maxEpisodeSteps)`);
  }
  const limit = options.maxEpisodeSteps ?? reg.maxEpisodeSteps;
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) {
    throw new ConfigError('maxEpisodeSteps', `Invalid maxEpisodeSteps: ${showValue(limit)} (allowed: an integer >= 1)`);
  }
  const env = reg.create();
  if (limit === undefined) return env; // like Gymnasium: no registered limit, no TimeLimit
  // The registration is the spec's source of truth, as in Gymnasium (one class, several ids).
  const overrides = reg.rewardThreshold === undefined ? { id } : { id, rewardThreshold: reg.rewardThreshold };
  return new TimeLimit(env, limit, overrides);
}
