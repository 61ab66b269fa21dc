/**
 * The Training view's TensorBoard-style tools on the shipped pretrained CartPole agent (its real
 * metrics.jsonl) and on a live run: the Smoothing control draws TensorBoard's debiased EMA over the
 * raw points of the return and TD-loss charts, moves, persists in localStorage and keeps smoothing
 * points a live run appends; "Download CSV" saves the loaded scalars as `step,series,value`; hover
 * labels show trace names in full.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { MetricsWriter } from '../../src/runs/metrics.ts';
import { writeSummary } from '../../src/runs/run-files.ts';
import { DEFAULT_AGENTS_DIR, createApp } from '../../src/server/app.ts';
import { LiveRuns } from '../../src/server/live-runs.ts';
import { HAVE_BROWSER, openFresh, poll, SKIP_REASON, useDashboard } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

/** TensorBoard's smoothing, written out here (not imported) so the page is checked against the formula itself. */
function tensorBoard(ys: number[], w: number): number[] {
  let last = 0;
  let n = 0;
  return ys.map((y) => {
    last = last * w + (1 - w) * y;
    n++;
    return last / (1 - Math.pow(w, n));
  });
}

const close = (actual: number[], expected: number[]) => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]!), `point ${i}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(expected[i]!))));
};

describe.runIf(HAVE_BROWSER)('Training view: smoothing and CSV download', { timeout: 30_000 }, () => {
  const run = 'pretrained~CartPole-v1';
  const liveId = 'live-smoothing';
  let root: string;
  let base: string;
  let page: Page;
  const problems: string[] = [];
  const liveRuns = new LiveRuns();
  let liveDir: string;
  let liveWriter: MetricsWriter;
  let liveStep = 0;

  useDashboard(
    (s) => ({ base, page } = s),
    async () => {
      root = mkdtempSync(join(tmpdir(), 'qlens-smoothing-'));
      const runsDir = join(root, 'runs');
      liveDir = join(runsDir, liveId);
      mkdirSync(liveDir, { recursive: true });
      copyFileSync(join(DEFAULT_AGENTS_DIR, 'CartPole-v1', 'config.json'), join(liveDir, 'config.json'));
      writeSummary(liveDir, { status: 'running', step: 0, episodes: 0, wallSeconds: 0, solvedAtStep: null, bestEvalMean: null, meanReturn100: null });
      liveWriter = new MetricsWriter(join(liveDir, 'metrics.jsonl'));
      liveRuns.begin(liveDir);
      return { app: createApp({ runsDirs: [runsDir], agentsDir: DEFAULT_AGENTS_DIR, liveRuns }), problems, page: { acceptDownloads: true } };
    },
    60_000,
  );

  afterAll(() => {
    liveWriter?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const trace = (chart: string, i: number) =>
    page.evaluate(
      ([chart, i]) => {
        const t = (document.querySelector(`[data-chart="${chart}"]`) as unknown as { data?: { x: number[]; y: number[]; name: string }[] })?.data?.[i as number];
        return t ? { x: [...t.x], y: [...t.y], name: t.name } : null;
      },
      [chart, i] as const,
    );
  const ys = async (chart: string, i: number) => (await trace(chart, i))?.y ?? [];
  const shown = () => page.inputValue('.smoothing-value');
  const smoothingMatches = async (chart: string, raw: number, smoothed: number, w: number) => {
    const r = await ys(chart, raw);
    const s = await ys(chart, smoothed);
    if (r.length === 0 || s.length !== r.length) return false;
    const expected = tensorBoard(r, w);
    return s.every((v, i) => Math.abs(v - expected[i]!) < 1e-9 * Math.max(1, Math.abs(expected[i]!)));
  };

  it('draws TensorBoard’s smoothing (default 0.6) over the raw return and loss, names every line, hovers in full', async () => {
    await page.goto(`${base}#/runs/${run}`);
    await page.waitForSelector('[data-chart="returns"] .main-svg');
    await page.waitForSelector('[data-chart="loss"] .main-svg');
    expect(await shown()).toBe('0.60');
    // The raw data stay: every episode is a point; the smoothed line has one value per episode.
    const raw = (await trace('returns', 0))!;
    expect(raw.name).toBe('episode return (raw)');
    expect(raw.y.slice(0, 3)).toEqual([32, 12, 12]); // metrics.jsonl's first episodes
    const returnsSmooth = (await trace('returns', 2))!;
    expect(returnsSmooth.name).toBe('smoothed (EMA, weight 0.60)');
    expect(returnsSmooth.x).toEqual(raw.x);
    close(returnsSmooth.y, tensorBoard(raw.y, 0.6));
    // By hand from TensorBoard's formula: 0.4·32 / 0.4 = 32; (0.6·12.8 + 0.4·12) / (1 − 0.36) = 12.48 / 0.64 = 19.5
    expect(returnsSmooth.y[0]).toBeCloseTo(32, 9);
    expect(returnsSmooth.y[1]).toBeCloseTo(19.5, 9);
    expect((await trace('returns', 1))!.name).toBe('mean of last 100 episodes');
    const loss = (await trace('loss', 0))!;
    expect(loss.name).toBe('TD loss (raw)');
    close((await trace('loss', 1))!.y, tensorBoard(loss.y, 0.6));

    // Hover: the unified label names each line in full (Plotly cuts names at 15 characters by default).
    const box = (await (await page.$('[data-chart="returns"] .nsewdrag'))!.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
    await poll(() => page.textContent('[data-chart="returns"] .hoverlayer')).toContain('mean of last 100 episodes');
    const hover = (await page.textContent('[data-chart="returns"] .hoverlayer'))!;
    expect(hover).toContain('smoothed (EMA, weight 0.60)');
    expect(hover).toContain('episode return (raw)');
    expect(hover).not.toContain('...');
    await page.mouse.move(0, 0);
  });

  it('moves the smoothing with the slider or the number box, redraws both charts, and keeps it across reloads', async () => {
    const before = await ys('returns', 2);
    // The slider, by keyboard: End goes to its maximum.
    await page.focus('.smoothing-range');
    await page.keyboard.press('End');
    await poll(shown).toBe('0.99');
    await poll(() => smoothingMatches('returns', 0, 2, 0.99)).toBe(true);
    await poll(() => smoothingMatches('loss', 0, 1, 0.99)).toBe(true);
    expect((await trace('returns', 2))!.name).toBe('smoothed (EMA, weight 0.99)');
    expect(await ys('returns', 2)).not.toEqual(before);
    // Typed in the box.
    await page.fill('.smoothing-value', '0.9');
    await page.press('.smoothing-value', 'Enter');
    await poll(() => smoothingMatches('returns', 0, 2, 0.9)).toBe(true);
    await poll(() => smoothingMatches('loss', 0, 1, 0.9)).toBe(true);
    expect(await shown()).toBe('0.90');
    expect((await trace('loss', 1))!.name).toBe('smoothed (EMA, weight 0.90)');
    expect(await page.inputValue('.smoothing-range')).toBe('0.9');
    expect(await page.evaluate(() => localStorage.getItem('qlens.training.smoothing'))).toBe('0.9');
    // Out of range: clamped.
    await page.fill('.smoothing-value', '3');
    await page.press('.smoothing-value', 'Enter');
    await poll(shown).toBe('0.99');
    await page.fill('.smoothing-value', '0.9');
    await page.press('.smoothing-value', 'Enter');
    await poll(() => smoothingMatches('returns', 0, 2, 0.9)).toBe(true);

    await page.reload();
    await page.waitForSelector('[data-chart="returns"] .main-svg');
    expect(await shown()).toBe('0.90');
    await poll(() => smoothingMatches('returns', 0, 2, 0.9)).toBe(true);
  });

  it('downloads the loaded scalars as one long-format CSV named after the run', async () => {
    const raw = await trace('returns', 0);
    const loss = await trace('loss', 0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button.download-csv')]);
    expect(download.suggestedFilename()).toBe(`qlens-${run.replace("~", "-")}-scalars.csv`);
    const text = readFileSync((await download.path())!, 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('step,series,value');
    const rows = (series: string) => lines.filter((l) => l.split(',')[1] === series);
    expect(rows('episode_return').length).toBe(raw!.x.length);
    expect(rows('episode_return').slice(0, 2)).toEqual(['32,episode_return,32', '44,episode_return,12']);
    expect(rows('td_loss').length).toBe(loss!.x.length);
    expect(rows('td_loss')[0]).toBe(`${loss!.x[0]},td_loss,${Number((loss!.y[0] as number).toPrecision(15))}`); // 15 significant digits
    for (const series of ['episode_return_mean_last_100', 'greedy_eval_mean_return', 'greedy_eval_min_return', 'mean_q', 'epsilon', 'tree_leaves', 'tree_action_agreement_percent']) {
      expect(rows(series).length, series).toBeGreaterThan(0);
    }
    expect(lines.every((l) => l.split(',').length === 3)).toBe(true);
    expect(text).not.toContain('smooth');
  });

  it('keeps smoothing the points a live run appends, with the weight set', async () => {
    const publish = (returns: number[]) => {
      for (const r of returns) {
        liveStep += 20;
        const e = { type: 'episode' as const, step: liveStep, episode: liveStep / 20, return: r, length: 20, epsilon: 0.5 };
        liveWriter.write(e);
        liveRuns.publish(liveDir, e);
      }
    };
    // A new document: the view before is a Training view too, and an empty chart of it would satisfy the wait
    // below before this run's view is drawn (the pretrained agent's log happens to fill all six today).
    await openFresh(page, `${base}#/runs/${liveId}`);
    await page.waitForSelector('.chart-empty:not([hidden])');
    expect(await shown()).toBe('0.90'); // stored for every run
    await page.waitForFunction(() => 'Plotly' in window);
    await page.evaluate(() => {
      const w = window as unknown as { Plotly: Record<string, (...a: unknown[]) => unknown>; calls: Record<string, number> };
      w.calls = { newPlot: 0, react: 0 };
      for (const name of ['newPlot', 'react']) {
        const original = w.Plotly[name]!.bind(w.Plotly);
        w.Plotly[name] = (...args: unknown[]) => ((w.calls[name]! += 1), original(...args));
      }
    });
    publish([10, 30, 20, 50]);
    await poll(async () => (await ys('returns', 2)).length).toBe(4);
    publish([40, 60, 35]);
    await poll(async () => (await ys('returns', 2)).length).toBe(7);
    close(await ys('returns', 2), tensorBoard([10, 30, 20, 50, 40, 60, 35], 0.9));
    // Moving the control mid-run re-smooths what is drawn; new points go on with the new weight.
    await page.fill('.smoothing-value', '0.5');
    await page.press('.smoothing-value', 'Enter');
    await poll(() => smoothingMatches('returns', 0, 2, 0.5)).toBe(true);
    publish([70, 5]);
    await poll(async () => (await ys('returns', 2)).length).toBe(9);
    close(await ys('returns', 2), tensorBoard([10, 30, 20, 50, 40, 60, 35, 70, 5], 0.5));
    const calls = await page.evaluate(() => (window as unknown as { calls: Record<string, number> }).calls);
    expect(calls).toEqual({ newPlot: 2, react: 0 }); // return and ε charts drawn once; then appended and restyled, never redrawn
  });

  it('logged no console errors or page errors', () => {
    expect(problems).toEqual([]);
  });
});
