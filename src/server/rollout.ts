/**
 * Plays one seeded episode greedily with a Q-function and records everything the replay view draws:
 * per step the observation, the env's internal state, the rendered frame, Q of every action by the
 * network (and by the tree when the run has one), the action taken, the reward and the end flags.
 * Either model can act (`policy`); the other is only asked, so the replay shows where they differ.
 */
import { argmax, type QFunction } from '../core/q-function.ts';
import type { Env } from '../core/env.ts';
import { MAX_ROLLOUT_STEPS } from '../core/rollout-steps.ts';
import type { EnvSpecDto, RolloutPolicy, RolloutResponse, RolloutStep } from './dto.ts';

/** Used when the env has no time limit and the request gives no `maxSteps`. */
const DEFAULT_STEPS = 1000;

export interface RolloutModels {
  network: QFunction;
  /**
   * The run's LMUT, when it has one (required for `policy: 'tree'`). It picks its action as its own
   * `act` does, on float64 Q, where the float32 Q shown can tie (58.0000005 and 58.0000015 both show 58).
   */
  tree?: { q: { qValues64(obs: ArrayLike<number>): Float64Array }; leaves: number; depth: number };
}

export interface RolloutOptions {
  seed: number;
  maxSteps?: number;
  weights: string;
  policy?: RolloutPolicy;
}

export function playEpisode(models: RolloutModels, env: Env, envSpec: EnvSpecDto, { seed, maxSteps, weights, policy = 'network' }: RolloutOptions): RolloutResponse {
  const { network, tree } = models;
  if (policy === 'tree' && !tree) throw new Error('playEpisode: policy "tree" needs the tree');
  const limit = Math.min(maxSteps ?? env.spec.maxEpisodeSteps ?? DEFAULT_STEPS, MAX_ROLLOUT_STEPS);
  let { observation } = env.reset({ seed });
  const steps: RolloutStep[] = [];
  let totalReward = 0;
  let ended = false;
  let disagreements = 0;
  // The tree walked once per state: its float32 Q for the chart, its float64 Q for its action.
  const qOf = (obs: Float32Array) => {
    const q64 = tree?.q.qValues64(obs);
    return { q: Array.from(network.qValues(obs)), ...(q64 ? { qTree: Array.from(Float32Array.from(q64)) } : {}), treeAction: q64 ? argmax(q64) : undefined };
  };
  while (steps.length < limit && !ended) {
    const { treeAction, ...qs } = qOf(observation);
    const networkAction = argmax(qs.q);
    const action = policy === 'tree' ? treeAction! : networkAction;
    if (treeAction !== undefined && treeAction !== networkAction) disagreements++;
    const before = { observation: Array.from(observation), state: Array.from(env.getState()), frame: env.render(), ...qs };
    const result = env.step(action);
    steps.push({ ...before, action, reward: result.reward, terminated: result.terminated, truncated: result.truncated });
    totalReward += result.reward;
    observation = result.observation;
    ended = result.terminated || result.truncated;
  }
  const { treeAction: _, ...finalQ } = qOf(observation); // the final state is not acted in
  return {
    env: envSpec,
    seed,
    policy,
    tree: tree ? { leaves: tree.leaves, depth: tree.depth, agreement: steps.length ? 1 - disagreements / steps.length : 1, disagreements } : null,
    weights,
    stateNames: [...env.spec.stateNames],
    steps,
    final: { observation: Array.from(observation), state: Array.from(env.getState()), frame: env.render(), ...finalQ },
    totalReward,
    capped: !ended,
  };
}

