/**
 * `qlens start` (`npm start`), the main job: trains a CartPole-v1 agent with its preset into
 * `runs/` in this process and serves the dashboard, where the training curves grow live and the
 * pretrained agents are listed from the first second. Ctrl-C stops training with a checkpoint
 * (resume it with `qlens train --resume <run dir>`) and exits; when training finishes on its own the
 * dashboard stays up until Ctrl-C.
 */
import type { Command } from 'commander';
import { listEnvs, make } from '../../../envs/index.ts';
import { resolveDqnConfig } from '../../dqn/config.ts';
import { defaultPresetFor, loadPreset } from '../../dqn/presets.ts';
import { mimicPlugins } from '../../mimic/plugin.ts';
import { TrainingRun } from '../../runs/training-run.ts';
import { createApp } from '../../server/app.ts';
import { closeServer, listen } from '../../server/listen.ts';
import { LiveRuns } from '../../server/live-runs.ts';
import { warmWebAssets } from '../../server/web-bundle.ts';
import { parseValue } from '../options.ts';
import { TrainProgress } from '../progress.ts';
import { untilSignal } from '../signals.ts';
import { addListenOptions, EXTRA_PORTS, openUrl, resolveServeFlags, type ServeFlags } from './serve.ts';

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
    .option('--env <id>', 'environment to train', 'CartPole-v1')
    .option('--out <dir>', 'directory that holds run directories', 'runs')
    .option('--seed <n>', 'random seed')
    .option('--steps <n>', 'total environment steps (default: the preset’s)')
    .option('--no-progress', 'no progress bar');
  addListenOptions(command, 'dashboard port (the next free one if busy)')
    .action(async (flags: StartFlags) => {
      const settings = resolveServeFlags(flags);
      const preset = loadPreset(defaultPresetFor(flags.env), flags.env);
      const options: Record<string, unknown> = { ...preset.dqn, env: flags.env };
      if (flags.seed !== undefined) options.seed = parseValue(flags.seed);
      if (flags.steps !== undefined) options.totalTimesteps = parseValue(flags.steps);
      const config = resolveDqnConfig(options, listEnvs());

      // The online LMUT rides along, so the dashboard can explain the agent while it learns.
      const plugins = mimicPlugins(preset.mimic ?? {}, make(config.env).spec, config);
      const run = await TrainingRun.start(config, { runsDir: flags.out, preset: preset.name, plugins });
      const liveRuns = new LiveRuns();
      liveRuns.begin(run.dir, { network: run.network, evalEpisodes: config.evalEpisodes });
      const app = createApp({ runsDirs: [flags.out], liveRuns, token: settings.token });
      await warmWebAssets();
      const explicitPort = command.getOptionValueSource('port') === 'cli';
      const { server, url } = await listen(app, {
        host: settings.host,
        port: settings.port,
        extraPorts: explicitPort ? 0 : EXTRA_PORTS,
        onBusy: (port) => process.stdout.write(`port ${port} is busy, trying ${port + 1}\n`),
      });
      process.stdout.write(`qlens dashboard: ${openUrl(url, settings.token)}\n`);
      process.stdout.write(`training ${config.env} (preset ${preset.name}, seed ${config.seed}, ${config.totalTimesteps} steps) into ${run.dir}\n`);
      process.stdout.write('Ctrl-C stops training with a checkpoint and exits\n');

      const progress = new TrainProgress(config.totalTimesteps, 0, flags.progress);
      let training = true;
      let interrupted = false;
      const done = run
        .run({
          onEvent: (e) => {
            liveRuns.publish(run.dir, e);
            progress.onEvent(e);
          },
        })
        .then(
          (result) => {
            liveRuns.end(run.dir, result.reason);
            interrupted = result.reason === 'interrupted';
            progress.stop();
            const solved = result.solvedAtStep !== null ? `, solved at step ${result.solvedAtStep}` : '';
            process.stdout.write(`training ${result.reason}: ${result.step} steps, ${result.episodes} episodes in ${result.wallSeconds.toFixed(1)} s${solved}\n`);
            if (result.reason !== 'interrupted') process.stdout.write(`the dashboard stays up at ${url}; Ctrl-C to quit\n`);
          },
          (err: Error) => {
            liveRuns.end(run.dir, 'failed');
            progress.stop();
            process.stderr.write(`training failed: ${err.message}\nthe dashboard stays up at ${url}; Ctrl-C to quit\n`);
          },
        )
        .finally(() => (training = false));

      await untilSignal(() => {
        if (training) {
          progress.log('stopping: writing a checkpoint (Ctrl-C again to quit at once)');
          run.stop();
        }
      });
      await done;
      await closeServer(server);
      if (interrupted) process.stdout.write(`resume with: qlens train --resume ${run.dir}\n`);
    });
}
