/**
 * How the attributions route shares the server: one request computes at a time, a few wait and
 * the rest get a 429; abandoned requests are skipped; the explain route is answered between the
 * methods of a long request; explainers are reused per network version and freed when evicted.
 */
import type { AddressInfo } from 'node:net';
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { ATTRIBUTION_BUDGET_CAPS } from '../../src/server/attributions.ts';
import { ExplainerCache } from '../../src/server/explainer-cache.ts';
import { closeServer, listen } from '../../src/server/listen.ts';
import { NetworkCache } from '../../src/server/network-cache.ts';
import { Abandoned, WorkQueue } from '../../src/server/work-queue.ts';
import { type Fixture, makeFixture } from './fixture.ts';

let fx: Fixture;
const STATE = [0.02, -0.1, 0.03, 0.2];
beforeAll(async () => {
  fx = await makeFixture({ tree: true });
}, 60_000);
afterAll(() => fx?.cleanup());

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('WorkQueue', () => {
  it('runs one job at a time, in order, and refuses more than it may hold', async () => {
    const queue = new WorkQueue(1, 2, 'job');
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const signal = new AbortController().signal;
    const first = queue.run(signal, async () => (order.push('first start'), await gate, order.push('first end')));
    const second = queue.run(signal, async () => order.push('second'));
    const third = queue.run(signal, async () => order.push('third'));
    await expect(queue.run(signal, async () => order.push('fourth'))).rejects.toMatchObject({ status: 429, detail: '3 jobs are already running or waiting; try again when they have finished' });
    expect(queue.pending).toEqual({ running: 1, waiting: 2 });
    release();
    await Promise.all([first, second, third]);
    expect(order).toEqual(['first start', 'first end', 'second', 'third']);
    expect(queue.pending).toEqual({ running: 0, waiting: 0 });
  });

  it('skips a job whose client left while it waited, and stops one at its next checkpoint', async () => {
    const queue = new WorkQueue(1, 4);
    const gone = new AbortController();
    let ran = false;
    let release!: () => void;
    const first = queue.run(new AbortController().signal, () => new Promise<void>((resolve) => (release = resolve)));
    const skipped = queue.run(gone.signal, async () => void (ran = true));
    gone.abort();
    release();
    await first;
    await expect(skipped).rejects.toBeInstanceOf(Abandoned);
    expect(ran).toBe(false);
    const leaving = new AbortController();
    const steps: number[] = [];
    const stopped = queue.run(leaving.signal, async (job) => {
      for (let i = 0; i < 5; i++) {
        await job.checkpoint();
        steps.push(i);
        if (i === 1) leaving.abort();
      }
    });
    await expect(stopped).rejects.toBeInstanceOf(Abandoned);
    expect(steps).toEqual([0, 1]);
    expect(queue.pending).toEqual({ running: 0, waiting: 0 });
  });
});

describe('ExplainerCache', () => {
  it('keeps one explainer per network version and frees the old one once released', async () => {
    const networks = new NetworkCache(4, 0);
    const cache = new ExplainerCache(1);
    const net = async (dir: string) => ({ qf: (await networks.get(dir)).network, weights: 'final' });
    const a = await cache.acquire(fx.treeRunDir, await net(fx.treeRunDir));
    const again = await cache.acquire(fx.treeRunDir, await net(fx.treeRunDir));
    expect(again.entry).toBe(a.entry);
    again.release();
    // New weights on disk: a new network object, so a new explainer; the old one lives while leased.
    const later = new Date(Date.now() + 5000);
    utimesSync(join(fx.treeRunDir, 'model.json'), later, later);
    const b = await cache.acquire(fx.treeRunDir, await net(fx.treeRunDir));
    expect(b.entry).not.toBe(a.entry);
    expect(a.entry.network.qValues(Float32Array.from(STATE))).toHaveLength(2);
    a.release();
    await tick();
    expect(() => a.entry.network.qValues(Float32Array.from(STATE))).toThrow(/disposed/);
    // Capacity 1: another run evicts it, freed at once (nobody holds it).
    b.release();
    const c = await cache.acquire(fx.runDir, await net(fx.runDir));
    await tick();
    expect(() => b.entry.network.qValues(Float32Array.from(STATE))).toThrow(/disposed/);
    expect(cache.size).toBe(1);
    c.release();
    cache.clear();
    networks.clear();
  });
});

describe('the server under attribution load', () => {
  it('answers the explain route between the methods of a long attribution request', async () => {
    const { server, url } = await listen(createApp({ runsDirs: [fx.runsDir], agentsDir: null }), { host: '127.0.0.1', port: 0 });
    try {
      const post = (path: string, body: unknown) => fetch(`${url}api/runs/${fx.treeRunId}/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      await post('attributions', { observation: STATE, methods: ['saliency'] }); // load network, explainer and tfjs
      await post('explain', { observation: STATE });
      const c = ATTRIBUTION_BUDGET_CAPS;
      const heavy = { observation: STATE, methods: ['shap', 'lime', 'ig', 'counterfactual', 'shap', 'kernelshap'], options: { shap: c.shap, lime: c.lime, ig: c.ig, counterfactual: c.counterfactual, kernelshap: c.kernelshap } };
      const t0 = performance.now();
      const long = post('attributions', heavy).then(async (res) => ({ status: res.status, at: performance.now() - t0, ms: ((await res.json()) as { milliseconds: number }).milliseconds }));
      await new Promise((resolve) => setTimeout(resolve, 15));
      const quick = await post('explain', { observation: STATE });
      const quickAt = performance.now() - t0;
      expect(quick.status).toBe(200);
      const done = await long;
      expect(done.status).toBe(200);
      expect(quickAt).toBeLessThan(done.at); // answered while the attributions were still computing
    } finally {
      await closeServer(server);
    }
  });

  it('refuses attribution requests beyond the queue with a 429 that says to retry', async () => {
    const app = createApp({ runsDirs: [fx.runsDir], agentsDir: null, attributionQueue: 0 });
    const { server } = await listen(app, { host: '127.0.0.1', port: 0 });
    const port = (server.address() as AddressInfo).port;
    try {
      const body = { observation: STATE, methods: ['counterfactual', 'lime'] };
      const send = () => request(`http://127.0.0.1:${port}`).post(`/api/runs/${fx.treeRunId}/attributions`).send(body);
      const answers = await Promise.all([send(), send()]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 429]);
      const busy = answers.find((r) => r.status === 429)!;
      expect(busy.body).toEqual({ error: 'too many requests', detail: '1 attribution request is already running or waiting; try again when it has finished' });
      expect(busy.headers['retry-after']).toBe('1');
    } finally {
      await closeServer(server);
    }
  });
});
