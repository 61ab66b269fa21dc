/**
 * The dashboard's address flags (`--port`, `--host`, `--token`) that `serve`, `start` and
 * `train --serve` share, apart from the server itself: a command that only checks its flags (a
 * `train` with a bad option) should not load Express and tfjs to say so.
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { ConfigError } from '../core/errors.ts';
import { isLoopbackHost } from '../server/security.ts';
import { positiveInt } from './numbers.ts';

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

/** The address options `serve` and `start` share. */
export function addListenOptions(command: Command, portHelp: string): Command {
  return command
    .option('--port <n>', portHelp, '8080')
    .option('--host <host>', 'address to bind; anything but loopback needs --token', '127.0.0.1')
    .option('--token [token]', 'require this token (or a generated one) on every request; also QLENS_TOKEN');
}
