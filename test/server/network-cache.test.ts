/** The rollout network cache: shared loads, least-recently-used eviction, reload on new weights. */
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkCache } from '../../src/server/network-cache.ts';
import { type Fixture, makeFixture } from './fixture.ts';

let fx: Fixture;
beforeAll(async () => {
  fx = await makeFixture();
});
afterAll(() => fx?.cleanup());

describe('NetworkCache', () => {
  it('loads once for concurrent requests and keeps only the most recently used', async () => {
    const cache = new NetworkCache(1);
    const agentDir = join(fx.agentsDir, 'CartPole-v1');
    const [a, b] = await Promise.all([cache.get(fx.runDir), cache.get(fx.runDir)]);
    expect(a.network).toBe(b.network);
    expect(a.source).toBe('final');
    const q = Array.from(a.network.qValues(new Float32Array(4)));
    await cache.get(agentDir);
    expect(cache.size).toBe(1);
    const again = await cache.get(fx.runDir);
    expect(again.network).not.toBe(a.network); // evicted, loaded anew
    expect(Array.from(again.network.qValues(new Float32Array(4)))).toEqual(q);
    // The evicted network is freed once requests holding it have finished their turn.
    await new Promise((resolve) => setImmediate(resolve));
    expect(() => a.network.qValues(new Float32Array(4))).toThrow();
  });

  it('reloads when the run writes new weights', async () => {
    const cache = new NetworkCache(2);
    const first = await cache.get(fx.runDir);
    expect((await cache.get(fx.runDir)).network).toBe(first.network);
    const later = new Date(Date.now() + 5000);
    utimesSync(join(fx.runDir, 'model.json'), later, later);
    expect((await cache.get(fx.runDir)).network).not.toBe(first.network);
  });

  it('names the network anew when summary.json says which one model.json holds, written after it', async () => {
    const cache = new NetworkCache(2);
    const summaryPath = join(fx.runDir, 'summary.json');
    const original = readFileSync(summaryPath, 'utf8');
    try {
      const summary = JSON.parse(original);
      writeFileSync(summaryPath, JSON.stringify({ ...summary, model: undefined }));
      expect((await cache.get(fx.runDir)).label).toBe('final');
      writeFileSync(summaryPath, JSON.stringify({ ...summary, model: 'best eval (step 600, mean return 31.5)' }));
      const later = new Date(Date.now() + 10_000);
      utimesSync(summaryPath, later, later);
      expect((await cache.get(fx.runDir)).label).toBe('best eval (step 600, mean return 31.5)');
    } finally {
      writeFileSync(summaryPath, original);
    }
  });
});
