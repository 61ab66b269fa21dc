/** `qlens eval`: returns and lengths of a trained agent over N fresh episodes, greedy unless `--epsilon`. */
import type { Command } from 'commander';
import { make } from '../../../envs/index.ts';
import { Rng } from '../../core/rng.ts';
import { evaluatePolicy, SOLVE_EPISODES, solvedVerdict } from '../../dqn/evaluate.ts';
import { loadRunNetwork } from '../../runs/load-network.ts';
import { checkpointArg, positiveInt, probability } from '../numbers.ts';
import { MAX_SEED } from '../../core/seed-range.ts';

interface EvalFlags {
  run: string;
  episodes: string;
  seed: string;
  epsilon: string;
  checkpoint?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('eval')
    .description("Play N episodes with a run's network (greedy unless --epsilon) and report returns and lengths")
    .requiredOption('--run <dir>', 'run directory or pretrained agent (e.g. agents/pretrained/CartPole-v1)')
    .option('--episodes <n>', 'episodes to play', '100')
    .option('--seed <n>', 'seed for the episodes (same seed, same episodes)', '0')
    .option('--epsilon <p>', 'random-action probability (as with exploration at the end of training); solving is judged on greedy play', '0')
    .option('--checkpoint <step>', "play a checkpoint's network instead of the saved one: a step the run kept, or 'last'")
    .option('--json', 'print the result as JSON')
    .action(async (flags: EvalFlags) => {
      const episodes = positiveInt('episodes', flags.episodes, 1_000_000);
      const seed = positiveInt('seed', flags.seed, MAX_SEED, 0);
      const checkpoint = flags.checkpoint === undefined ? undefined : checkpointArg(flags.checkpoint);
      // model.json is the best-evaluated network when evaluations ran: the label says which.
      const { network, config, label: weights } = await loadRunNetwork(flags.run, 'fused', { checkpoint });
      const env = make(config.envSpec.id);
      const t0 = performance.now();
      const epsilon = probability('epsilon', flags.epsilon);
      // Exploration draws from its own stream, so --epsilon 0 plays exactly the greedy episodes of the same seed.
      const explore = new Rng(seed).fork('explore');
      const policy = epsilon > 0 ? { act: (obs: Float32Array) => (explore.next() < epsilon ? env.actionSpace.sample(explore) : network.act(obs)) } : network;
      const result = evaluatePolicy(policy, env, { episodes, seed });
      const seconds = (performance.now() - t0) / 1000;
      const threshold = config.envSpec.rewardThreshold;
      const out = {
        run: flags.run,
        env: config.envSpec.id,
        weights,
        episodes,
        seed,
        meanReturn: result.mean,
        stdReturn: result.std,
        minReturn: result.min,
        maxReturn: result.max,
        // Stable-Baselines3's evaluate_policy reports episode lengths too: where a return is a step count (CartPole), or not (MountainCar), both matter.
        meanLength: result.lengths.reduce((a, b) => a + b, 0) / result.lengths.length,
        rewardThreshold: threshold ?? null,
        epsilon,
        solved: epsilon > 0 ? null : solvedVerdict(result.mean, episodes, threshold),
        seconds,
      };
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ ...out, returns: result.returns, lengths: result.lengths })}\n`);
        return;
      }
      process.stdout.write(
        `${out.env} (network: ${weights}), ${episodes} ${epsilon > 0 ? `ε-greedy episodes (ε = ${epsilon})` : 'greedy episodes'}, seed ${seed}\n` +
          `  mean return ${result.mean.toFixed(2)} ± ${result.std.toFixed(2)}  (min ${returnText(result.min)}, max ${returnText(result.max)})\n` +
          `  mean episode length ${out.meanLength.toFixed(1)} steps  (min ${Math.min(...result.lengths)}, max ${Math.max(...result.lengths)})\n` +
          (threshold !== undefined ? `  reward threshold ${threshold}: ${thresholdVerdict(out.solved, result.mean >= threshold, episodes, epsilon)}\n` : ''),
      );
    });
}

function thresholdVerdict(solved: boolean | null, reached: boolean, episodes: number, epsilon: number): string {
  if (solved !== null) return solved ? 'solved' : 'not solved';
  const judged = epsilon > 0 ? 'solving is judged on greedy play' : `solving is judged on the mean of ${SOLVE_EPISODES}`;
  return `mean ${reached ? 'at or above' : 'below'} it over ${episodes} episodes (${judged})`;
}

/** A return as the mean beside it is printed (two decimals), whole ones as they are (CLI review: min -10.6506826179). */
function returnText(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}
