/**
 * Greedy evaluation: the policy plays `episodes` full episodes with ε = 0 on a separate environment
 * seeded from `seed`, and we report the returns. Used for periodic solve checks during training,
 * `qlens eval`, model cards and the tree-vs-network comparison (anything with `act` can play).
 */
import type { Env } from '../core/env.ts';
import { createRng } from '../core/rng.ts';
import { SOLVE_EPISODES } from './solve-rules.ts';

export { SOLVE_EPISODES };

export interface Policy {
  act(obs: Float32Array): number;
}

/**
 * Gymnasium's verdict on a greedy evaluation: solved when the mean over at least SOLVE_EPISODES
 * episodes reaches the threshold; null when there is no threshold or too few episodes to judge.
 * (The trainer's solve check follows the run's own `evalEpisodes`, see trainer.ts.)
 */
export function solvedVerdict(mean: number, episodes: number, threshold: number | null | undefined): boolean | null {
  if (threshold === null || threshold === undefined || episodes < SOLVE_EPISODES) return null;
  return mean >= threshold;
}

export interface EvaluateOptions {
  episodes: number;
  seed: number;
  /**
   * Stop after the first `afterEpisodes` episodes when their mean is below `threshold`, e.g. skip
   * the other 90 of a 100-episode solve check when the first 10 average below it. A heuristic that
   * saves time while unsolved: the skipped episodes could still have lifted the mean to the threshold.
   */
  giveUpBelow?: { threshold: number; afterEpisodes: number };
}

export interface EvaluationResult {
  returns: number[];
  lengths: number[];
  mean: number;
  std: number;
  min: number;
  max: number;
  /** True when `giveUpBelow` cut the evaluation short. */
  abandoned: boolean;
}

export function evaluatePolicy(policy: Policy, env: Env, options: EvaluateOptions): EvaluationResult {
  const seeds = createRng(options.seed);
  const returns: number[] = [];
  const lengths: number[] = [];
  let abandoned = false;
  for (let episode = 0; episode < options.episodes; episode++) {
    let { observation } = env.reset({ seed: seeds.int(2 ** 31) });
    let total = 0;
    let length = 0;
    for (;;) {
      const step = env.step(policy.act(observation));
      total += step.reward;
      length += 1;
      observation = step.observation;
      if (step.terminated || step.truncated) break;
    }
    returns.push(asAddedOnPaper(total));
    lengths.push(length);
    const g = options.giveUpBelow;
    if (g && returns.length === g.afterEpisodes && returns.length < options.episodes && mean(returns) < g.threshold) {
      abandoned = true;
      break;
    }
  }
  const m = mean(returns);
  const std = Math.sqrt(returns.reduce((s, r) => s + (r - m) ** 2, 0) / returns.length);
  return { returns, lengths, mean: m, std, min: Math.min(...returns), max: Math.max(...returns), abandoned };
}

/**
 * A return rounded to 12 significant digits: 84 rewards of 0.1 make 8.4, where float addition
 * gives 8.399999999999986, which the model card and `qlens eval` would print. The rounding is far
 * below any reward's own precision, so means, thresholds and comparisons are unaffected.
 */
export function asAddedOnPaper(total: number): number {
  return Number(total.toPrecision(12));
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
