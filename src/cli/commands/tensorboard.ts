/**
 * `qlens tensorboard`: runs already trained (pretrained agents included) as TensorBoard event files,
 * under Stable-Baselines3's tag names, so `tensorboard --logdir` charts them beside SB3 runs.
 * `train --tensorboard` writes the same while a run trains.
 */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../core/errors.ts';
import { runLogPath, runTensorBoardFile, writeTensorBoardFile } from '../../runs/tensorboard.ts';
import { collect } from '../options.ts';

interface TensorBoardFlags {
  run: string[];
  out: string;
}

export function register(program: Command): void {
  program
    .command('tensorboard')
    .description("Write runs' training logs as TensorBoard event files (Stable-Baselines3's tag names: rollout/ep_rew_mean, train/loss, eval/mean_reward, …, plus the tree's fidelity under lmut/)")
    .requiredOption('--run <dir>', 'run directory or pretrained agent (repeatable)', collect)
    .option('--out <logdir>', 'TensorBoard log folder: each run gets <logdir>/<run name>/', 'tensorboard')
    .addHelpText('after', '\nExample:\n  qlens tensorboard --run agents/pretrained/CartPole-v1 --run runs/CartPole-v1__cleanrl__1__1700000000 --out tb\n  tensorboard --logdir tb\n')
    .action((flags: TensorBoardFlags) => {
      // Each run's log goes in a folder of its name: two runs of one name would share it.
      const byFolder = new Map<string, string>();
      for (const run of flags.run) {
        const folder = runLogPath(flags.out, run);
        const first = byFolder.get(folder);
        if (first !== undefined) throw new ConfigError('run', `--run ${first} and --run ${run} are both named ${basename(folder)}, and each run's log goes in <logdir>/<run name>/: write them to different --out folders`);
        byFolder.set(folder, run);
      }
      // Every run is checked and its file built first: one refused, none written.
      const files = flags.run.map((run) => ({ run, file: runTensorBoardFile(run, flags.out) }));
      for (const { run, file } of files) {
        writeTensorBoardFile(file);
        process.stdout.write(`wrote ${file.path} (${file.scalars} values from ${file.events} logged events)\n`);
        if (file.skippedLines) process.stderr.write(`${skippedText(file.skippedLines)}\n`);
        if (file.stillTraining) process.stderr.write(`note: ${run} is still training: this is its log so far (\`train --tensorboard\` logs a run as it trains)\n`);
      }
      process.stdout.write(`view with: tensorboard --logdir ${flags.out}\n`);
    });
}

/** The lines of a log left out: how many and the first one's number, so the damage can be found (the file was converted without them). */
function skippedText({ file, count, first }: { file: string; count: number; first: number }): string {
  return `warning: ${file}: skipped ${count} line${count === 1 ? '' : 's'} that ${count === 1 ? 'is' : 'are'} not a JSON event (${count === 1 ? 'line' : 'the first at line'} ${first}); the rest was converted`;
}
