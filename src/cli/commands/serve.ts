/**
 * `qlens serve`: the dashboard over existing run folders. It binds 127.0.0.1 unless told otherwise,
 * and refuses any other host without a token: the dashboard reads run files and plays episodes on
 * request, so it answers only this machine unless a token guards it. The flag helpers it shares with
 * `train --serve` and `start` are in listen-options.ts.
 */
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { untilSignal } from '../signals.ts';
import { ConfigError, NotFoundError } from '../../core/errors.ts';
import { loadEnvModule } from '../../../envs/index.ts';
import { addListenOptions, EXTRA_PORTS, openUrl, resolveServeFlags, type ServeFlags } from '../listen-options.ts';
import { collect } from '../options.ts';

interface Flags extends ServeFlags {
  runs?: string[];
  envModule?: string[];
  agents?: string;
  pretrained: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('serve')
    .description('Serve the dashboard for existing runs and the pretrained agents')
    .option('--runs <dir>', 'folder of run directories (repeatable; default: runs)', collect)
    .option('--agents <dir>', 'folder of pretrained agents (default: the ones shipped with qlens)')
    .option('--no-pretrained', 'do not list the pretrained agents')
    .option('--env-module <file>', "import your own environment module, so runs trained on it can play episodes in the dashboard (repeatable; see README \"Your own environment\")", collect);
  addListenOptions(command, 'port to listen on')
    .addHelpText('after', '\nExamples:\n  qlens serve\n  qlens serve --runs runs --port 9000\n  qlens serve --env-module ./line-walk.js\n  qlens serve --host 0.0.0.0 --token')
    .action(async (flags: Flags) => {
      const settings = resolveServeFlags(flags);
      const runsDirs = flags.runs?.length ? flags.runs : ['runs'];
      for (const dir of runsDirs) if (existsSync(dir) && !statSync(dir).isDirectory()) throw new ConfigError('runs', `--runs ${dir} is a file, not a folder (give the folder that holds run directories)`);
      // Unlike a runs folder, nothing writes agents there while the server runs: a missing one is a typo.
      if (flags.agents !== undefined && !existsSync(flags.agents)) throw new NotFoundError(`--agents ${flags.agents} does not exist (it should hold agent folders such as agents/pretrained/CartPole-v1)`);
      for (const file of flags.envModule ?? []) await loadEnvModule(file, 'env-module');
      // The server (Express, tfjs: ~1.5 s to load) once the flags are known to be good.
      const [{ createApp }, { closeServer, listen }, { warmWebAssets }] = await Promise.all([import('../../server/app.ts'), import('../../server/listen.ts'), import('../../server/web-bundle.ts')]);
      const app = createApp({ runsDirs, agentsDir: flags.pretrained ? flags.agents : null, token: settings.token });
      await warmWebAssets();
      const explicitPort = command.getOptionValueSource('port') === 'cli';
      const { server, url } = await listen(app, {
        host: settings.host,
        port: settings.port,
        extraPorts: explicitPort ? 0 : EXTRA_PORTS,
        onBusy: (port) => process.stdout.write(`port ${port} is busy, trying ${port + 1}\n`),
      });
      process.stdout.write(`qlens dashboard: ${openUrl(url, settings.token)}\n  runs from ${runsDirs.join(', ')}; Ctrl-C to stop\n`);
      // Not an error (runs may be written there later), but a typo should not look like "no runs yet".
      for (const dir of runsDirs) if (!existsSync(dir)) process.stdout.write(`  note: ${dir} does not exist yet; its runs appear once \`qlens train --out ${dir}\` writes there\n`);
      await untilSignal();
      await closeServer(server);
    });
}
