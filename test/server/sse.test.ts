/**
 * The events stream: it replays what is in metrics.jsonl, delivers lines appended later (polled for
 * a run written by another process, signalled for a live in-process run), resumes from a cursor or
 * Last-Event-ID, sends heartbeats, ends cleanly, and releases its listeners when the client leaves.
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EpisodeEvent } from '../../src/dqn/events.ts';
import { MetricsWriter, readMetrics } from '../../src/runs/metrics.ts';
import { writeSummary } from '../../src/runs/run-files.ts';
import { createApp } from '../../src/server/app.ts';
import { listen, closeServer } from '../../src/server/listen.ts';
import { LiveRuns } from '../../src/server/live-runs.ts';
import { type Fixture, makeFixture } from './fixture.ts';
import { SseClient } from './sse-client.ts';

let fx: Fixture;
const servers: Server[] = [];
const clients: SseClient[] = [];

beforeAll(async () => {
  fx = await makeFixture();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await closeServer(s);
});
afterAll(() => fx?.cleanup());

async function serve(options: { liveRuns?: LiveRuns; heartbeatMs?: number } = {}): Promise<string> {
  const app = createApp({ runsDirs: [fx.runsDir], agentsDir: fx.agentsDir, pollMs: 50, ...options });
  const { server, url } = await listen(app, { host: '127.0.0.1', port: 0 });
  servers.push(server);
  return url;
}

async function open(url: string, headers?: Record<string, string>): Promise<SseClient> {
  const client = await SseClient.open(url, headers);
  clients.push(client);
  return client;
}

let runCounter = 0;
/** A run directory that says it is still training, with `n` episode events so far. */
function runningRun(n: number): { id: string; dir: string; writer: MetricsWriter; append(k: number): EpisodeEvent[] } {
  const id = `running-${++runCounter}`;
  const dir = join(fx.runsDir, id);
  mkdirSync(dir);
  copyFileSync(join(fx.runDir, 'config.json'), join(dir, 'config.json'));
  writeSummary(dir, { status: 'running', step: 0, episodes: 0, wallSeconds: 0, solvedAtStep: null, bestEvalMean: null, meanReturn100: null });
  const writer = new MetricsWriter(join(dir, 'metrics.jsonl'));
  let episode = 0;
  const append = (k: number) =>
    Array.from({ length: k }, () => {
      episode += 1;
      const e: EpisodeEvent = { type: 'episode', step: episode * 20, episode, return: 20, length: 20, epsilon: 1 - episode / 100 };
      writer.write(e);
      return e;
    });
  append(n);
  return { id, dir, writer, append };
}

const metrics = (c: SseClient) => c.events.filter((m) => m.event === 'metric').map((m) => m.data);

describe('GET /api/runs/:id/events', () => {
  it('replays a finished run and ends the stream', async () => {
    const base = await serve();
    const c = await open(`${base}api/runs/${fx.runId}/events`);
    expect(c.status).toBe(200);
    await c.until(() => c.ended, 5000, 'end of stream');
    expect(metrics(c)).toEqual(readMetrics(join(fx.runDir, 'metrics.jsonl')));
    expect(c.events.at(-1)).toEqual({ event: 'end', id: undefined, data: { status: 'completed' } });
  });

  it('streams lines appended to a run another process is training, then ends when its summary does', async () => {
    const base = await serve();
    const run = runningRun(3);
    const c = await open(`${base}api/runs/${run.id}/events`);
    await c.until(() => metrics(c).length === 3, 5000, '3 replayed events');
    const more = run.append(4);
    await c.until(() => metrics(c).length === 7, 5000, '4 appended events');
    expect(metrics(c).slice(3)).toEqual(more);
    writeSummary(run.dir, { status: 'interrupted', step: 140, episodes: 7, wallSeconds: 1, solvedAtStep: null, bestEvalMean: null, meanReturn100: 20 });
    await c.until(() => c.ended, 5000, 'end');
    expect(c.events.at(-1)!.data).toEqual({ status: 'interrupted' });
    run.writer.close();
  });

  it('ends with status unknown, not completed, when the run is deleted under the stream', async () => {
    const base = await serve();
    const run = runningRun(2);
    const c = await open(`${base}api/runs/${run.id}/events`);
    await c.until(() => metrics(c).length === 2, 5000, '2 replayed events');
    run.writer.close();
    rmSync(run.dir, { recursive: true, force: true });
    await c.until(() => c.ended, 5000, 'end');
    expect(c.events.at(-1)!.data).toEqual({ status: 'unknown' });
  });

  it('delivers a live run’s events as they are published and ends with the run', async () => {
    const liveRuns = new LiveRuns();
    const base = await serve({ liveRuns });
    const run = runningRun(2);
    liveRuns.begin(run.dir);
    const c = await open(`${base}api/runs/${run.id}/events`);
    await c.until(() => metrics(c).length === 2, 5000, 'replay');
    for (const e of run.append(5)) liveRuns.publish(run.dir, e);
    await c.until(() => metrics(c).length === 7, 5000, 'live events');
    expect(liveRuns.listenerCount(run.dir)).toBe(1);
    liveRuns.end(run.dir, 'completed');
    await c.until(() => c.ended, 5000, 'end');
    expect(c.events.at(-1)!.data).toEqual({ status: 'completed' });
    expect(liveRuns.listenerCount(run.dir)).toBe(0);
    run.writer.close();
  });

  it('releases its listener when the browser goes away', async () => {
    const liveRuns = new LiveRuns();
    const base = await serve({ liveRuns });
    const run = runningRun(1);
    liveRuns.begin(run.dir);
    const c = await open(`${base}api/runs/${run.id}/events`);
    await c.until(() => metrics(c).length === 1);
    expect(liveRuns.listenerCount(run.dir)).toBe(1);
    c.close();
    await expect.poll(() => liveRuns.listenerCount(run.dir), { timeout: 2000 }).toBe(0);
    run.writer.close();
  });

  it('resumes after the cursor in ?since= or Last-Event-ID, without repeats', async () => {
    const base = await serve();
    const all = readMetrics(join(fx.runDir, 'metrics.jsonl'));
    const first = await open(`${base}api/runs/${fx.runId}/events`);
    await first.until(() => first.ended);
    const fifth = first.events.filter((m) => m.event === 'metric')[4]!;
    expect(Number(fifth.id)).toBeGreaterThan(0);
    const byHeader = await open(`${base}api/runs/${fx.runId}/events`, { 'Last-Event-ID': fifth.id! });
    await byHeader.until(() => byHeader.ended);
    expect(metrics(byHeader)).toEqual(all.slice(5));
    const byQuery = await open(`${base}api/runs/${fx.runId}/events?since=${fifth.id}&type=episode`);
    await byQuery.until(() => byQuery.ended);
    expect(metrics(byQuery)).toEqual(all.slice(5).filter((e) => e.type === 'episode'));
  });

  it('sends heartbeat comments while nothing happens', async () => {
    const base = await serve({ heartbeatMs: 40 });
    const run = runningRun(0);
    const c = await open(`${base}api/runs/${run.id}/events`);
    await expect.poll(() => c.comments.filter((t) => t === 'ping').length, { timeout: 3000 }).toBeGreaterThanOrEqual(2);
    expect(metrics(c)).toEqual([]);
    run.writer.close();
  });
});
