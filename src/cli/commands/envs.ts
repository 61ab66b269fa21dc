/** `qlens envs`: the registered environments and what they look like. */
import type { Command } from 'commander';
import { listEnvs, loadEnvModule, make } from '../../../envs/index.ts';
import { formatEnvsTable } from '../envs-table.ts';
import { collect } from '../options.ts';
import { outputWidth } from '../wrap-list.ts';

export function register(program: Command): void {
  program
    .command('envs')
    .description('List the registered environments')
    .option('--json', 'print JSON instead of a table')
    .option('--env-module <file>', 'also import and check your own environment module (repeatable; see README "Your own environment")', collect)
    .addHelpText('after', '\nExamples:\n  qlens envs\n  qlens envs --env-module ./line-walk.js   # checks the module: a seeded episode played twice must repeat')
    .action(async (opts: { json?: boolean; envModule?: string[] }) => {
      for (const file of opts.envModule ?? []) await loadEnvModule(file, 'env-module');
      const rows = listEnvs().map((id) => {
        const env = make(id);
        return {
          id,
          observations: [...env.spec.featureNames],
          actions: [...env.spec.actionNames],
          maxEpisodeSteps: env.spec.maxEpisodeSteps ?? null,
          rewardThreshold: env.spec.rewardThreshold ?? null,
        };
      });
      // JSON keeps the names as lists for programs; the table lists them under each env, wrapped to the terminal, for people.
      if (opts.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else process.stdout.write(`${formatEnvsTable(rows, outputWidth())}\n`);
    });
}
