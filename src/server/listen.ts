/**
 * Putting an app on a port, for `qlens serve` and `qlens start` (createApp itself never listens).
 * A busy port is either an error that says so, or, when the caller allows it, a reason to try the
 * next ones.
 */
import { createServer, type RequestListener, type Server, STATUS_CODES } from 'node:http';
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
  /** How long a client has to send a whole request (default 30 s; tests use less). */
  requestTimeoutMs?: number;
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
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex, requestTimeoutMs: number): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const detail =
    status === 431
      ? 'the request line and headers are larger than 16 kB: shorten the URL or its query'
      : status === 408
        ? `the request was not sent within ${requestTimeoutMs / 1000} s`
        : 'the request is not valid HTTP/1.1';
  const body = JSON.stringify({ error: statusName(status), detail });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

function tryListen(app: Express | RequestListener, host: string, port: number, requestTimeoutMs: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    // A client has 30 s to send a whole request (Node's default, 300 s, let a stalled upload hold a
    // socket for five minutes), two thirds of it for the headers; responses, SSE streams included,
    // are not limited. Node checks the limits every connectionsCheckingInterval (30 s by default,
    // which doubled them), so every 5 s.
    const server = createServer(
      { requestTimeout: requestTimeoutMs, headersTimeout: Math.round((requestTimeoutMs * 2) / 3), connectionsCheckingInterval: Math.min(5_000, Math.round(requestTimeoutMs / 6)) },
      app,
    );
    server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => answerClientError(err, socket, requestTimeoutMs));
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export async function listen(app: Express, { host, port, extraPorts = 0, onBusy, requestTimeoutMs = 30_000 }: ListenOptions): Promise<Listening> {
  for (let p = port; p <= port + extraPorts; p++) {
    try {
      const server = await tryListen(app, host, p, requestTimeoutMs);
      const actual = (server.address() as { port: number }).port;
      return { server, port: actual, url: urlFor(host, actual) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE' && p < port + extraPorts) {
        onBusy?.(p);
        continue;
      }
      throw listenError(err, host, port, p);
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

/** A listen failure in the words of the flags that caused it. */
function listenError(err: unknown, host: string, first: number, p: number): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new ConfigError('port', `${p > first ? `ports ${first}–${p} are` : `port ${p} is`} already in use; choose another with --port`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new ConfigError('host', `cannot listen on host ${host}: no such address on this machine`);
  if (code === 'EACCES') return new ConfigError('port', `not allowed to listen on port ${p} (ports below 1024 need privileges); choose another with --port`);
  return err;
}
