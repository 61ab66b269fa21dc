/** `qlens eval`: greedy returns of a trained agent over N fresh episodes. */
import type { Command } from 'commander';
import { make } from '../../../envs/index.ts';
import { evaluatePolicy, SOLVE_EPISODES, solvedVerdict } from '../../dqn/evaluate.ts';
import { loadRunNetwork } from '../../runs/load-network.ts';
import { positiveInt } from '../numbers.ts';

interface EvalFlags {
  run: string;
  episodes: string;
  seed: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('eval')
    .description("Play N greedy episodes with a run's network and report the returns")
    .requiredOption('--run <dir>', 'run directory or pretrained agent (e.g. agents/pretrained/CartPole-v1)')
    .option('--episodes <n>', 'episodes to play', '100')
    .option('--seed <n>', 'seed for the episodes (same seed, same episodes)', '0')
    .option('--json', 'print the result as JSON')
    .action(async (flags: EvalFlags) => {
      const episodes = positiveInt('episodes', flags.episodes, 1_000_000);
      const seed = positiveInt('seed', flags.seed, 2 ** 31 - 1, 0);
      // model.json is the best-evaluated network when evaluations ran: the label says which.
      const { network, config, label: weights } = await loadRunNetwork(flags.run);
      const env = make(config.envSpec.id);
      const t0 = performance.now();
      const result = evaluatePolicy(network, env, { episodes, seed });
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
        solved: solvedVerdict(result.mean, episodes, threshold),
        seconds,
      };
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ ...out, returns: result.returns, lengths: result.lengths })}\n`);
        return;
      }
      process.stdout.write(
        `${out.env} (network: ${weights}), ${episodes} greedy episodes, seed ${seed}\n` +
          `  mean return ${result.mean.toFixed(2)} ± ${result.std.toFixed(2)}  (min ${result.min}, max ${result.max})\n` +
          `  mean episode length ${out.meanLength.toFixed(1)} steps  (min ${Math.min(...result.lengths)}, max ${Math.max(...result.lengths)})\n` +
          (threshold !== undefined ? `  reward threshold ${threshold}: ${thresholdVerdict(out.solved, result.mean >= threshold, episodes)}\n` : ''),
      );
    });
}

function thresholdVerdict(solved: boolean | null, reached: boolean, episodes: number): string {
  if (solved !== null) return solved ? 'solved' : 'not solved';
  return `mean ${reached ? 'at or above' : 'below'} it over ${episodes} episodes (solving is judged on the mean of ${SOLVE_EPISODES})`;
}
