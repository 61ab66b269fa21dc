/**
 * Plays one seeded episode greedily with a Q-function and records everything the replay view draws:
 * per step the observation, the env's internal state, the rendered frame, Q of every action, the
 * action taken, the reward and the end flags. Pure over `QFunction`, so the LMUT tree can play the
 * same way once it lands (`policy: 'tree'`).
 */
import { make } from '../../envs/index.ts';
import { argmax, type QFunction } from '../core/q-function.ts';
import type { EnvSpecDto, RolloutResponse, RolloutStep } from './dto.ts';

/** The longest episode one request may ask for (a CartPole episode is at most 500 steps). */
export const MAX_ROLLOUT_STEPS = 5000;
/** Used when the env has no time limit and the request gives no `maxSteps`. */
const DEFAULT_STEPS = 1000;

export interface RolloutOptions {
  seed: number;
  maxSteps?: number;
  weights: string;
}

export function playEpisode(qf: QFunction, envSpec: EnvSpecDto, { seed, maxSteps, weights }: RolloutOptions): RolloutResponse {
  const env = make(envSpec.id);
  const limit = Math.min(maxSteps ?? env.spec.maxEpisodeSteps ?? DEFAULT_STEPS, MAX_ROLLOUT_STEPS);
  let { observation } = env.reset({ seed });
  const steps: RolloutStep[] = [];
  let totalReward = 0;
  let ended = false;
  while (steps.length < limit && !ended) {
    const q = qf.qValues(observation);
    const action = argmax(q);
    const before = { observation: Array.from(observation), state: Array.from(env.getState()), frame: env.render(), q: Array.from(q) };
    const result = env.step(action);
    steps.push({ ...before, action, reward: result.reward, terminated: result.terminated, truncated: result.truncated });
    totalReward += result.reward;
    observation = result.observation;
    ended = result.terminated || result.truncated;
  }
  return {
    env: envSpec,
    seed,
    policy: 'network',
    weights,
    stateNames: [...env.spec.stateNames],
    steps,
    final: { observation: Array.from(observation), state: Array.from(env.getState()), frame: env.render(), q: Array.from(qf.qValues(observation)) },
    totalReward,
    capped: !ended,
  };
}
