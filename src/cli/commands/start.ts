/**
 * `qlens start` (`npm start`), the main job: trains a CartPole-v1 agent with its preset into
 * `runs/` in this process and serves the dashboard, where the training curves grow live and the
 * pretrained agents are listed from the first second. Ctrl-C stops training with a checkpoint
 * (resume it with `qlens train --resume <run dir>`) and exits; when training finishes on its own the
 * dashboard stays up until Ctrl-C.
 */
import type { Command } from 'commander';
import { listEnvs, make, resolveEnvArg } from '../../../envs/index.ts';
import { resolveDqnConfig } from '../../dqn/config.ts';
import { defaultPresetFor, loadPreset } from '../../dqn/presets.ts';
import { mimicPlugins } from '../../mimic/plugin.ts';
import { TrainingRun } from '../../runs/training-run.ts';
import { parseValue } from '../options.ts';
import { serveWhileTraining } from '../serve-training.ts';
import { addListenOptions, resolveServeFlags, type ServeFlags } from '../listen-options.ts';

interface StartFlags extends ServeFlags {
  env: string;
  out: string;
  seed?: string;
  steps?: string;
  progress: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('start')
    .description('Train a CartPole-v1 agent and watch it learn in the dashboard (what `npm start` runs)')
    .option('--env <id>', 'environment to train: an id (`qlens envs`) or your own module as ./my-env.js:MyEnv-v0', 'CartPole-v1')
    .option('--out <dir>', 'directory that holds run directories', 'runs')
    .option('--seed <n>', 'random seed')
    .option('--steps <n>', 'total environment steps (default: the preset’s)')
    .option('--no-progress', 'no progress bar');
  addListenOptions(command, 'dashboard port (when not given and 8080 is busy, the next free one; a port you give must be free)')
    .action(async (flags: StartFlags) => {
      const settings = resolveServeFlags(flags);
      const env = await resolveEnvArg(flags.env); // your own module works here as in `qlens train`
      const preset = loadPreset(defaultPresetFor(env), env);
      const options: Record<string, unknown> = { ...preset.dqn, env };
      if (flags.seed !== undefined) options.seed = parseValue(flags.seed);
      if (flags.steps !== undefined) options.totalTimesteps = parseValue(flags.steps);
      const config = resolveDqnConfig(options, listEnvs());

      // The online LMUT rides along, so the dashboard can explain the agent while it learns.
      const plugins = mimicPlugins(preset.mimic ?? {}, make(config.env).spec, config);
      await serveWhileTraining(() => TrainingRun.start(config, { runsDir: flags.out, preset: preset.name, plugins }), {
        runsDir: flags.out,
        host: settings.host,
        port: settings.port,
        token: settings.token,
        tryNextPorts: command.getOptionValueSource('port') !== 'cli',
        progress: flags.progress,
        description: (run) => `training ${config.env} (preset ${preset.name}, seed ${config.seed}, ${config.totalTimesteps} steps) into ${run.dir}`,
      });
    });
}
