/**
 * `qlens serve`: the dashboard over existing run folders. It binds 127.0.0.1 unless told otherwise,
 * and refuses any other host without a token: the dashboard reads run files and plays episodes on
 * request, so it answers only this machine unless a token guards it. The flag helpers here are
 * shared with `qlens start`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { untilSignal } from '../signals.ts';
import { ConfigError, NotFoundError } from '../../core/errors.ts';
import { loadEnvModule } from '../../../envs/index.ts';
import { createApp } from '../../server/app.ts';
import { closeServer, listen } from '../../server/listen.ts';
import { isLoopbackHost } from '../../server/security.ts';
import { warmWebAssets } from '../../server/web-bundle.ts';
import { positiveInt } from '../numbers.ts';
import { collect } from '../options.ts';

export interface ServeFlags {
  host: string;
  port: string;
  /** `--token` alone: generate one; `--token <t>`: use it. */
  token?: string | boolean;
}

export interface ServeSettings {
  host: string;
  port: number;
  token?: string;
}

export function resolveServeFlags(flags: ServeFlags): ServeSettings {
  const port = positiveInt('port', flags.port, 65535, 0);
  let token = typeof flags.token === 'string' ? flags.token : process.env.QLENS_TOKEN || undefined;
  if (flags.token === true) token = randomBytes(18).toString('base64url');
  if (token !== undefined && token.length < 8) throw new ConfigError('token', 'Invalid --token: use at least 8 characters');
  if (!isLoopbackHost(flags.host) && token === undefined) {
    throw new ConfigError('host', `refusing to serve on ${flags.host} without a token: anyone who can reach it could use the dashboard (add --token or set QLENS_TOKEN, or keep --host 127.0.0.1)`);
  }
  return { host: flags.host, port, token };
}

/** The URL to open, with the token when there is one. */
export function openUrl(url: string, token?: string): string {
  return token ? `${url}?token=${encodeURIComponent(token)}` : url;
}

/** How many ports after the default to try when it is busy (only when --port was not given). */
export const EXTRA_PORTS = 10;

interface Flags extends ServeFlags {
  runs?: string[];
  envModule?: string[];
  agents?: string;
  pretrained: boolean;
}

/** The address options `serve` and `start` share. */
export function addListenOptions(command: Command, portHelp: string): Command {
  return command
    .option('--port <n>', portHelp, '8080')
    .option('--host <host>', 'address to bind; anything but loopback needs --token', '127.0.0.1')
    .option('--token [token]', 'require this token (or a generated one) on every request; also QLENS_TOKEN');
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
