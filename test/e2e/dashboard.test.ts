/**
 * The dashboard in real Chromium against the real server on an ephemeral port: every view opens,
 * charts hold data, a live run's chart grows by `extendTraces` (not redraws), the replay canvas
 * draws and its scrubber moves, empty and error states say what to do, and the console stays clean.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { importSb3 } from '../../src/runs/import-sb3.ts';
import { MetricsWriter } from '../../src/runs/metrics.ts';
import { writeSummary } from '../../src/runs/run-files.ts';
import { createApp } from '../../src/server/app.ts';
import { LiveRuns } from '../../src/server/live-runs.ts';
import { type Fixture, makeFixture } from '../server/fixture.ts';
import { CI_FAILURE, HAVE_BROWSER, IN_CI, openFresh, poll, scrubTo, SKIP_REASON, useDashboard } from './browser.ts';

if (!HAVE_BROWSER && !IN_CI) console.warn(SKIP_REASON);

describe.runIf(IN_CI && !HAVE_BROWSER)('e2e in CI', () => {
  it('needs Chromium', () => {
    throw new Error(CI_FAILURE);
  });
});

// Generous per-test time for a loaded 2-core machine; the whole file takes ~10 s.
describe.runIf(HAVE_BROWSER)('dashboard in Chromium', { timeout: 30_000 }, () => {
  let fx: Fixture;
  let base: string;
  let page: Page;
  const problems: string[] = [];
  const liveRuns = new LiveRuns();
  const liveId = 'live-run';
  const solvedId = 'solved-run';
  let liveWriter: MetricsWriter;
  let importedId: string;
  let liveStep = 0;
  let serverGone = false;

  useDashboard(
    (s) => {
      ({ base, page } = s);
      page.on('console', (m) => {
        // The one expected failure: the 404 of the unknown-run test, which the page explains.
        if (m.location().url.endsWith('/api/runs/no-such-run')) return;
        // And the live run's details while the test below plays a server that has gone away.
        if (serverGone && m.location().url.endsWith(`/api/runs/${liveId}`)) return;
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()} (${m.location().url})`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    },
    async () => {
      fx = await makeFixture();
      // A run that is "training" in this process: no events yet, we publish them during the test.
      const liveDir = join(fx.runsDir, liveId);
      mkdirSync(liveDir);
      copyFileSync(join(fx.runDir, 'config.json'), join(liveDir, 'config.json'));
      writeSummary(liveDir, { status: 'running', step: 0, episodes: 0, wallSeconds: 0, solvedAtStep: null, bestEvalMean: null, meanReturn100: null });
      // A run that stopped because it solved the task (stopWhenSolved).
      const solvedDir = join(fx.runsDir, solvedId);
      mkdirSync(solvedDir);
      copyFileSync(join(fx.runDir, 'config.json'), join(solvedDir, 'config.json'));
      writeSummary(solvedDir, { status: 'solved', step: 4_000, episodes: 90, wallSeconds: 3, solvedAtStep: 4_000, bestEvalMean: 500, meanReturn100: 180 });
      // An agent trained with Stable-Baselines3 and imported: a network, no training log.
      importedId = basename(importSb3(join(import.meta.dirname, '../fixtures/sb3/dqn-CartPole-v1.zip'), 'CartPole-v1', fx.runsDir).dir);
      liveWriter = new MetricsWriter(join(liveDir, 'metrics.jsonl'));
      liveRuns.begin(liveDir);
      return { app: createApp({ runsDirs: [fx.runsDir], agentsDir: fx.agentsDir, liveRuns }) };
    },
  );

  afterAll(() => {
    liveWriter?.close();
    fx?.cleanup();
  });

  /** Appends `n` episodes (and a train event) to the live run and tells the server. */
  function publishEpisodes(n: number): void {
    for (let i = 0; i < n; i++) {
      liveStep += 20;
      const e = { type: 'episode' as const, step: liveStep, episode: liveStep / 20, return: 10 + (liveStep % 37), length: 20, epsilon: Math.max(0.05, 1 - liveStep / 2000) };
      liveWriter.write(e);
      liveRuns.publish(join(fx.runsDir, liveId), e);
    }
  }

  const setScrubber = (value: number) => scrubTo(page, value);

  const chartPoints = (id: string, trace = 0) =>
    page.evaluate(([id, trace]) => (document.querySelector(`[data-chart="${id}"]`) as unknown as { data?: { x: unknown[] }[] })?.data?.[trace as number]?.x.length ?? 0, [id, trace] as const);

  it('lists the runs and the pretrained agent, and opens a run from its row', async () => {
    await page.goto(base);
    await page.waitForSelector('table.runs tbody tr');
    const rows = await page.$$eval('table.runs tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.run));
    expect(rows).toEqual(expect.arrayContaining([fx.runId, fx.agentId, liveId]));
    expect(rows[0]).toBe(liveId); // live runs first
    const agentRow = await page.textContent(`tr[data-run="${fx.agentId}"]`);
    expect(agentRow).toContain('pretrained');
    expect(agentRow).toContain('97.0 %');
    expect(await page.textContent(`tr[data-run="${fx.runId}"]`)).toContain('completed');
    // Solved runs carry the same mark whether they stopped at the solve or trained on.
    const solvedBadges = await page.$$eval(`tr[data-run="${solvedId}"] .badge`, (els) => els.map((e) => e.textContent));
    expect(solvedBadges).toEqual(['stopped early', '✓ solved']);
    // The tab's title names the page, so tabs and history entries tell runs and views apart.
    expect(await page.title()).toBe('Runs · qlens');
    await page.click(`tr[data-run="${fx.runId}"] td:nth-child(2)`);
    await page.waitForURL(`**/#/runs/${fx.runId}`);
    await poll(() => page.title()).toBe(`${fx.runId} · Training · qlens`);
  });

  it('draws the training charts of a finished run with data in every chart', async () => {
    await page.waitForSelector('[data-chart="returns"] .main-svg');
    for (const id of ['returns', 'loss', 'meanQ', 'epsilon']) {
      await page.waitForSelector(`[data-chart="${id}"] .main-svg`);
      expect(await chartPoints(id), id).toBeGreaterThan(0);
    }
    expect(await chartPoints('returns', 1)).toBe(await chartPoints('returns', 0)); // rolling mean per episode
    const stats = await page.textContent('.stats');
    expect(stats).toContain('600');
    expect(await page.textContent('.live-line')).toContain('ended (completed)');
    expect(await page.textContent('[data-chart="returns"]')).toContain('environment step');
  });

  it('shows what to do while a live run has no episodes, then grows its charts with extendTraces', async () => {
    // A new document: the finished run's Training view before has empty charts too (it grew no tree).
    await openFresh(page, `${base}#/runs/${liveId}`);
    await page.waitForSelector('.chart-empty:not([hidden])');
    expect(await page.textContent('.chart-card')).toContain('No episodes finished yet');
    expect(await page.textContent('body')).toContain('learningStarts = 100');
    // Count redraws from here on: new points must be appended, not redrawn. (Chart views load Plotly when they open.)
    await page.waitForFunction(() => 'Plotly' in window);
    await page.evaluate(() => {
      const w = window as unknown as { Plotly: Record<string, (...a: unknown[]) => unknown>; calls: Record<string, number> };
      w.calls = { newPlot: 0, extendTraces: 0, react: 0 };
      for (const name of ['newPlot', 'extendTraces', 'react']) {
        const original = w.Plotly[name]!.bind(w.Plotly);
        w.Plotly[name] = (...args: unknown[]) => ((w.calls[name]! += 1), original(...args));
      }
    });
    publishEpisodes(5);
    await poll(() => chartPoints('returns')).toBe(5);
    publishEpisodes(7);
    await poll(() => chartPoints('returns')).toBe(12);
    const calls = await page.evaluate(() => (window as unknown as { calls: Record<string, number> }).calls);
    expect(calls.newPlot).toBe(2); // the first points draw the return and ε charts once
    expect(calls.extendTraces).toBeGreaterThanOrEqual(2);
    expect(calls.react).toBe(0);
    expect(await page.textContent('.live-line')).toContain('Live');
    expect(await page.textContent('.stats')).toContain('12');
  });

  it('keeps the run header when the server stops with the run it served (Ctrl-C of train --serve)', async () => {
    // The live view from the test before. `train --serve` closes its server when training ends, so
    // the header's refresh after the stream's end finds nobody: it used to replace the header with
    // "Could not load this run".
    serverGone = true;
    await page.route(`**/api/runs/${liveId}`, (r) => r.abort('connectionrefused'));
    try {
      liveRuns.end(join(fx.runsDir, liveId), 'interrupted');
      await poll(() => page.textContent('.live-line')).toContain('The server has stopped answering; the charts keep what it sent.');
      expect(await page.textContent('.run-head h1')).toBe(liveId);
      expect(await page.$('.notice-error')).toBeNull();
      expect(await chartPoints('returns')).toBe(12);
    } finally {
      await page.unroute(`**/api/runs/${liveId}`);
    }
  });

  it('replays an episode: the canvas draws, the scrubber moves, Q per action is charted', async () => {
    await page.goto(`${base}#/runs/${fx.runId}/replay?seed=4`);
    await page.waitForSelector('canvas.frame');
    await page.waitForSelector('[data-chart="replay-q"] .main-svg');
    const steps = Number(await page.getAttribute('.scrubber', 'max'));
    expect(steps).toBeGreaterThan(5);
    expect(await chartPoints('replay-q', 0)).toBe(steps);
    expect(await chartPoints('replay-q', 1)).toBe(steps);
    // Playing: the scrubber advances by itself (rewind first: a short episode may have ended).
    await setScrubber(0);
    expect(await page.textContent('.transport')).toContain('Play');
    await page.click('.transport button[aria-label="Play or pause"]');
    await poll(async () => Number(await page.inputValue('.scrubber'))).toBeGreaterThan(0);
    // The canvas holds the drawing: dark cart pixels on the white background.
    const dark = await page.$eval('canvas.frame', (c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 60 && data[i + 1]! < 60 && data[i + 2]! < 60) n++;
      return n;
    });
    expect(dark).toBeGreaterThan(500);
    // Scrubbing pauses and shows that step.
    await setScrubber(3);
    expect(await page.textContent('.step-panel h2')).toBe(`Step 3 of ${steps}`);
    expect(await page.textContent('.transport')).toContain('Play');
    expect(await page.textContent('.step-panel')).toMatch(/push (left|right)/);
    expect(await page.textContent('.summary-line')).toContain('seed 4');
  });

  it('plays a pretrained agent and explains why it has no training charts', async () => {
    await page.goto(`${base}#/runs/${encodeURIComponent(fx.agentId)}`);
    await page.waitForSelector('.notice-empty');
    expect(await page.textContent('.notice-empty')).toContain('ships without its training log');
    await page.click('.notice-empty button');
    await page.waitForSelector('canvas.frame');
    expect(await page.textContent('.summary-line')).toMatch(/network: (final|best eval|last)/);
  });

  it('says an imported agent was trained elsewhere instead of drawing empty training charts', async () => {
    await page.goto(`${base}#/runs/${encodeURIComponent(importedId)}`);
    await page.waitForSelector('.notice-empty');
    expect(await page.textContent('.notice-empty')).toContain('This agent was trained with Stable-Baselines3 and imported: its training log is not here.');
    expect(await page.locator('[data-chart]').count()).toBe(0); // no empty training charts
    await page.click('.notice-empty button');
    await page.waitForSelector('canvas.frame');
    expect(await page.textContent('.summary-line')).toContain('network: imported from Stable-Baselines3 (dqn-CartPole-v1.zip)');
  });

  it('says so when a run does not exist', async () => {
    await page.goto(`${base}#/runs/no-such-run`);
    await page.waitForSelector('.notice-error');
    expect(await page.textContent('.notice-error')).toContain('does not exist');
  });

  it('logged no console errors or page errors', () => {
    expect(problems).toEqual([]);
  });
});
