/** `qlens import --sb3 <model.zip> --env <id>`: a Stable-Baselines3 DQN as a qlens run (src/runs/import-sb3.ts). */
import type { Command } from 'commander';
import { resolveEnvArg } from '../../../envs/index.ts';
import { importSb3 } from '../../runs/import-sb3.ts';

interface ImportFlags {
  sb3: string;
  env: string;
  out: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('import')
    .description('Make a run of an agent trained elsewhere: a Stable-Baselines3 DQN model.zip, to evaluate, mimic with a tree, explain and serve')
    .requiredOption('--sb3 <file>', 'the .zip SB3 saves (model.save), as rl-baselines3-zoo and the Hugging Face hub keep them')
    .requiredOption('--env <id>', 'the environment it was trained on (see `qlens envs`), or your own module as ./my-env.js:MyEnv-v0')
    .option('--out <dir>', 'folder to create the run in', 'runs')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExamples:\n  qlens import --sb3 dqn-CartPole-v1.zip --env CartPole-v1\n  qlens mimic --run runs/CartPole-v1__sb3__1__<time>     # then grow its tree')
    .action(async (flags: ImportFlags) => {
      const env = await resolveEnvArg(flags.env);
      const run = importSb3(flags.sb3, env, flags.out);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(run)}\n`);
        return;
      }
      process.stdout.write(
        `imported ${flags.sb3}: a DQN of ${run.hidden.join('-')} hidden units${run.steps !== null ? `, trained ${run.steps} steps` : ''}, for ${env}\n` +
          `run: ${run.dir}\n` +
          `next: qlens eval --run ${run.dir}   ·   qlens mimic --run ${run.dir} (grows its tree)   ·   qlens serve --runs ${flags.out}\n`,
      );
    });
}
