/**
 * Putting an app on a port, for `qlens serve` and `qlens start` (createApp itself never listens).
 * A busy port is either an error that says so, or, when the caller allows it, a reason to try the
 * next ones.
 */
import { createServer, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import { ConfigError } from '../core/errors.ts';
import { statusName } from './http-error.ts';

export interface ListenOptions {
  host: string;
  port: number;
  /** Ports after `port` to try when it is busy (0: fail at once). */
  extraPorts?: number;
  /** Told about each busy port before the next is tried. */
  onBusy?: (port: number) => void;
}

export interface Listening {
  server: Server;
  port: number;
  url: string;
}

export function urlFor(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}/`;
}

/**
 * Requests Node's HTTP parser rejects before Express sees them (a URL or headers over 16 kB, bytes
 * that are not HTTP) get the API's JSON error too, instead of Node's bare status line.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const detail = status === 431 ? 'the request line and headers are larger than 16 kB: shorten the URL or its query' : 'the request is not valid HTTP/1.1';
  const body = JSON.stringify({ error: statusName(status), detail });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

function tryListen(app: Express, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(app);
    server.on('clientError', answerClientError);
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export async function listen(app: Express, { host, port, extraPorts = 0, onBusy }: ListenOptions): Promise<Listening> {
  for (let p = port; p <= port + extraPorts; p++) {
    try {
      const server = await tryListen(app, host, p);
      const actual = (server.address() as { port: number }).port;
      return { server, port: actual, url: urlFor(host, actual) };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && p < port + extraPorts) {
        onBusy?.(p);
        continue;
      }
      if (code === 'EADDRINUSE') {
        const tried = extraPorts > 0 ? `ports ${port}–${p} are` : `port ${p} is`;
        throw new ConfigError('port', `${tried} already in use; choose another with --port`);
      }
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new ConfigError('host', `cannot listen on host ${host}: no such address on this machine`);
      if (code === 'EACCES') throw new ConfigError('port', `not allowed to listen on port ${p} (ports below 1024 need privileges); choose another with --port`);
      throw err;
    }
  }
  throw new ConfigError('port', `no free port in ${port}–${port + extraPorts}`);
}

/** Stops accepting connections and ends open ones (SSE streams would otherwise keep it open). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
