/** Listening for `qlens serve`/`start`: busy ports, and the rule that only loopback goes without a token. */
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveServeFlags } from '../../src/cli/listen-options.ts';
import { closeServer, listen, urlFor } from '../../src/server/listen.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await closeServer(s);
  delete process.env.QLENS_TOKEN;
});

async function occupy(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  servers.push(s);
  return (s.address() as { port: number }).port;
}

describe('listen', () => {
  it('tries the next ports when allowed, saying which one was busy', async () => {
    const busy = await occupy();
    const told: number[] = [];
    const got = await listen(express(), { host: '127.0.0.1', port: busy, extraPorts: 5, onBusy: (p) => told.push(p) });
    servers.push(got.server);
    expect(told).toEqual([busy]);
    expect(got.port).toBeGreaterThan(busy);
    expect(got.url).toBe(`http://127.0.0.1:${got.port}/`);
  });

  it('gives a client 30 s to send a request (not Node’s 300 s), then answers a JSON 408', async () => {
    const usual = await listen(express(), { host: '127.0.0.1', port: 0 });
    servers.push(usual.server);
    expect([usual.server.requestTimeout, usual.server.headersTimeout]).toEqual([30_000, 20_000]);
    // The same rule with a short limit: a body that stops halfway is cut off with a 408 that says why.
    const quick = await listen(express(), { host: '127.0.0.1', port: 0, requestTimeoutMs: 1200 });
    servers.push(quick.server);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(quick.port, '127.0.0.1', () => socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"half":'));
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      setTimeout(() => (socket.destroy(), reject(new Error(`no answer within 8 s: ${text}`))), 8000);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({ error: 'request timeout', detail: 'the request was not sent within 1.2 s' });
  }, 15_000);

  it('fails with one plain line when the port is busy and no others may be tried', async () => {
    const busy = await occupy();
    await expect(listen(express(), { host: '127.0.0.1', port: busy })).rejects.toThrow(`port ${busy} is already in use; choose another with --port`);
  });

  it('prints loopback URLs for wildcard binds and brackets IPv6', () => {
    expect(urlFor('0.0.0.0', 8080)).toBe('http://127.0.0.1:8080/');
    expect(urlFor('::1', 8080)).toBe('http://[::1]:8080/');
  });
});

describe('serve flags', () => {
  it('binds loopback without a token', () => {
    expect(resolveServeFlags({ host: '127.0.0.1', port: '8080' })).toEqual({ host: '127.0.0.1', port: 8080, token: undefined });
  });

  it('refuses another host without a token, in one line', () => {
    expect(() => resolveServeFlags({ host: '0.0.0.0', port: '8080' })).toThrow(
      'refusing to serve on 0.0.0.0 without a token: anyone who can reach it could use the dashboard (add --token or set QLENS_TOKEN, or keep --host 127.0.0.1)',
    );
  });

  it('takes the token from --token, generates one for a bare --token, or reads QLENS_TOKEN', () => {
    expect(resolveServeFlags({ host: '0.0.0.0', port: '1', token: 'abcdefgh12' }).token).toBe('abcdefgh12');
    const generated = resolveServeFlags({ host: '0.0.0.0', port: '1', token: true }).token!;
    expect(generated).toMatch(/^[A-Za-z0-9_-]{24}$/);
    process.env.QLENS_TOKEN = 'from-the-environment';
    expect(resolveServeFlags({ host: '10.0.0.5', port: '1' }).token).toBe('from-the-environment');
  });

  it('rejects bad ports and short tokens', () => {
    expect(() => resolveServeFlags({ host: '127.0.0.1', port: 'http' })).toThrow('Invalid --port: "http" (allowed: an integer in [0, 65535])');
    expect(() => resolveServeFlags({ host: '127.0.0.1', port: '8080', token: 'short' })).toThrow('Invalid --token: use at least 8 characters');
  });
});
