/**
 * "Compare runs" in Chromium, on two CartPole runs trained here in a second (seed 1 with the online
 * mimic, seed 2 with twice the learning rate and no mimic), a CartPole run that has logged nothing,
 * a run of another env, a live run (so the runs list refreshes every 3 s) and copies that make more
 * than eight CartPole runs: the runs list's checkboxes and button, the compare view's tables and
 * charts, a run followed while it trains, and the notice of every link that cannot be compared.
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSummary } from '../../src/runs/run-files.ts';
import { DEFAULT_AGENTS_DIR, createApp } from '../../src/server/app.ts';
import { LiveRuns } from '../../src/server/live-runs.ts';
import { FIXTURE_MIMIC, trainFixtureRun } from '../server/fixture.ts';
import { HAVE_BROWSER, openFresh, poll, SKIP_REASON, useDashboard } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

interface PlotTrace {
  name: string;
  legendgroup: string;
  showlegend?: boolean;
  x: number[];
  y: number[];
  line?: { color: string };
  marker?: { color: string };
}

describe.runIf(HAVE_BROWSER)('Compare runs', { timeout: 30_000 }, () => {
  let root: string;
  let runsDir: string;
  let base: string;
  let page: Page;
  let a: string; // seed 1, default learning rate, online mimic
  let b: string; // seed 2, learningRate 0.0005, no mimic
  let bDir: string;
  let liveDir: string;
  const fresh = 'CartPole-v1__fresh__9__1';
  const acrobot = 'Acrobot-v1__copy__1__1';
  const copies = Array.from({ length: 7 }, (_, i) => `CartPole-v1__copy__${i}__1`);
  const problems: string[] = [];
  const liveRuns = new LiveRuns();
  let runsListCalls = 0;

  /** A run folder holding only `config.json` (from `from`, with `edit` applied): listed, but nothing logged. */
  function configOnly(name: string, from: string, edit: (c: { preset: string; dqn: Record<string, unknown> }) => void = () => undefined): string {
    const dir = join(runsDir, name);
    mkdirSync(dir, { recursive: true });
    const config = JSON.parse(readFileSync(join(from, 'config.json'), 'utf8'));
    edit(config);
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    return dir;
  }

  useDashboard(
    async (s) => {
      ({ base, page } = s);
      page.on('response', (r) => r.url().endsWith('/api/runs') && runsListCalls++);
      page.on('console', (m) => {
        // The expected failure: the unknown id's 404, which the page explains.
        if (m.location().url.endsWith('/api/runs/no-such-run')) return;
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()} (${m.location().url})`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    },
    async () => {
      root = mkdtempSync(join(tmpdir(), 'qlens-compare-'));
      runsDir = join(root, 'runs');
      const aDir = await trainFixtureRun(runsDir, { seed: 1, totalTimesteps: 1500, evalFreq: 750 }, FIXTURE_MIMIC);
      bDir = await trainFixtureRun(runsDir, { seed: 2, totalTimesteps: 1500, evalFreq: 750, learningRate: 0.0005 });
      a = basename(aDir);
      b = basename(bDir);
      configOnly(fresh, aDir, (c) => ((c.preset = 'fresh'), (c.dqn.seed = 9)));
      for (const name of copies) configOnly(name, bDir);
      configOnly(acrobot, join(DEFAULT_AGENTS_DIR, 'Acrobot-v1'));
      // A run "training" in this process: the runs list polls every 3 s while it lasts.
      liveDir = join(runsDir, 'live-run');
      mkdirSync(liveDir);
      copyFileSync(join(bDir, 'config.json'), join(liveDir, 'config.json'));
      writeSummary(liveDir, { status: 'running', step: 0, episodes: 0, wallSeconds: 0, solvedAtStep: null, bestEvalMean: null, meanReturn100: null });
      liveRuns.begin(liveDir);
      return { app: createApp({ runsDirs: [runsDir], agentsDir: null, liveRuns }), page: { acceptDownloads: true } };
    },
    90_000,
  );

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const button = '.compare-button';
  const status = () => page.textContent('.compare-status');
  const tick = (id: string, on = true) => page.setChecked(`.compare-check[data-run="${id}"]`, on);
  const traces = (chart: string) => page.evaluate((chart) => ((document.querySelector(`[data-chart="${chart}"]`) as unknown as { data?: PlotTrace[] })?.data ?? []).map((t) => ({ ...t, x: [...t.x], y: [...t.y] })), chart);
  /** The runs with points in `chart`, by legend group (one group per run). */
  const groupsWithData = async (chart: string) => [...new Set((await traces(chart)).filter((t) => t.x.length > 0).map((t) => t.legendgroup))].sort();
  const compareUrl = (...ids: string[]) => `${base}#/compare?runs=${ids.map(encodeURIComponent).join(',')}`;

  it('ticks runs in the list: the button opens 2–8 runs of one env, and says why not otherwise', async () => {
    await page.goto(base);
    await page.waitForSelector('table.runs tbody tr');
    expect(await page.isDisabled(button)).toBe(true);
    expect(await page.getAttribute(`.compare-check[data-run="${a}"]`, 'aria-label')).toBe(`Compare ${a}`);
    await tick(a);
    expect(await page.isDisabled(button)).toBe(true);
    expect(await status()).toContain('tick at least one more');
    // Ticking is not opening: the row's click-to-open leaves the checkbox cell alone.
    expect(new URL(page.url()).hash).toBe('');
    await tick(b);
    expect(await page.isDisabled(button)).toBe(false);
    await tick(acrobot);
    expect(await page.isDisabled(button)).toBe(true);
    expect(await status()).toContain('pick runs of one environment');
    expect(await status()).toContain('Acrobot-v1');
    await tick(acrobot, false);
    for (const id of copies) await tick(id);
    expect(await page.isDisabled(button)).toBe(true);
    expect(await status()).toContain('9 runs ticked: at most 8 can be compared at once');
    for (const id of copies) await tick(id, false);
    expect(await page.isDisabled(button)).toBe(false);
  });

  it('keeps the ticks across the list’s refresh while a run trains', async () => {
    // Mark the current checkbox; a redrawn table has a new one.
    await page.$eval(`.compare-check[data-run="${a}"]`, (el) => el.setAttribute('data-before-refresh', ''));
    // The live run logs an episode: the list changes, so the refresh redraws it (an unchanged one is left alone).
    writeFileSync(join(liveDir, 'metrics.jsonl'), `${JSON.stringify({ type: 'episode', step: 20, episode: 1, return: 20, length: 20, epsilon: 1 })}\n`);
    const calls = runsListCalls;
    await poll(() => runsListCalls).toBeGreaterThan(calls);
    await poll(() => page.$(`.compare-check[data-run="${a}"]:not([data-before-refresh])`).then(Boolean)).toBe(true);
    expect(await page.isChecked(`.compare-check[data-run="${a}"]`)).toBe(true);
    expect(await page.isChecked(`.compare-check[data-run="${b}"]`)).toBe(true);
    expect(await page.isChecked(`.compare-check[data-run="${fresh}"]`)).toBe(false);
    expect(await page.isDisabled(button)).toBe(false);
    rmSync(join(liveDir, 'metrics.jsonl')); // the live run starts its log afresh in the test that follows it
  });

  it('opens the compare view: both runs in the table and the settings that differ', async () => {
    const order = (await page.$$eval('table.runs tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.run))).filter((id) => id === a || id === b);
    await page.click(button);
    await page.waitForURL(`**/#/compare?runs=${order.join(',')}`);
    await page.waitForSelector('table.compare-summary tbody tr');
    expect(await page.textContent('h1')).toBe('Compare 2 runs · CartPole-v1');
    expect(await page.$$eval('table.compare-summary tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.run))).toEqual(order);
    const rowA = await page.textContent(`table.compare-summary tr[data-run="${a}"]`);
    expect(rowA).toContain('seed 1 · test-tree');
    expect(rowA).toContain('completed');
    expect(rowA).toContain('1,500');
    expect(await page.textContent(`table.compare-summary tr[data-run="${b}"]`)).toContain('seed 2 · test');
    expect(await page.getAttribute(`table.compare-summary tr[data-run="${a}"] a`, 'href')).toBe(`#/runs/${a}`);

    const settings = await page.$$eval('.compare-settings tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.setting));
    expect(settings).toEqual(['seed', 'learningRate', 'mimic']); // and none of the settings they share
    const cells = (key: string) => page.$$eval(`.compare-settings tr[data-setting="${key}"] td`, (tds) => tds.map((td) => td.textContent));
    const lrA = JSON.parse(readFileSync(join(runsDir, a, 'config.json'), 'utf8')).dqn.learningRate as number;
    const [first] = order;
    expect(await cells('learningRate')).toEqual(first === a ? [String(lrA), '0.0005'] : ['0.0005', String(lrA)]);
    expect(await cells('mimic')).toEqual(first === a ? ['on', 'off'] : ['off', 'on']);
  });

  it('overlays one trace group per run in every chart, raw returns as logged, each run in its own colour', async () => {
    for (const chart of ['returns', 'evals', 'loss']) {
      await page.waitForSelector(`[data-chart="${chart}"] .main-svg`);
      expect(await groupsWithData(chart), chart).toEqual([a, b].sort());
    }
    // Only run A has a tree: the agreement chart holds its line alone.
    await page.waitForSelector('[data-chart="agreement"] .main-svg');
    expect(await groupsWithData('agreement')).toEqual([a]);
    const returns = await traces('returns');
    const legend = returns.filter((t) => t.showlegend !== false);
    expect(legend.map((t) => t.name).sort()).toEqual(['seed 1 · test-tree', 'seed 2 · test']);
    expect(new Set(legend.map((t) => t.line!.color)).size).toBe(2);
    // A's raw points are its episode returns from metrics.jsonl, at their steps.
    const episodes = readFileSync(join(runsDir, a, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((e) => e.type === 'episode');
    const raw = returns.find((t) => t.legendgroup === a && t.showlegend === false)!;
    expect(raw.x).toEqual(episodes.map((e) => e.step));
    expect(raw.y).toEqual(episodes.map((e) => e.return));
  });

  it('re-smooths the return and loss lines with the Training view’s smoothing setting', async () => {
    const smoothedA = async () => (await traces('returns')).find((t) => t.legendgroup === a && t.showlegend !== false)!.y;
    const before = await smoothedA();
    await page.fill('.smoothing-value', '0');
    await page.press('.smoothing-value', 'Enter');
    const raw = (await traces('returns')).find((t) => t.legendgroup === a && t.showlegend === false)!.y;
    await poll(smoothedA).toEqual(raw); // weight 0: no smoothing
    expect(before).not.toEqual(raw);
    expect(await page.evaluate(() => localStorage.getItem('qlens.training.smoothing'))).toBe('0');
  });

  it('downloads every run’s scalars as one CSV with a run column', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button.download-csv')]);
    expect(download.suggestedFilename()).toBe('qlens-compare-CartPole-v1-scalars.csv');
    const lines = readFileSync((await download.path())!, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('run,step,series,value');
    const returns = (run: string) => lines.filter((l) => l.startsWith(`${run},`) && l.split(',')[2] === 'episode_return');
    const episodesOf = (run: string) => readFileSync(join(runsDir, run, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"type":"episode"')).length;
    expect(returns(a).length).toBe(episodesOf(a));
    expect(returns(b).length).toBe(episodesOf(b));
    const agreement = lines.filter((l) => l.split(',')[2] === 'tree_action_agreement_percent');
    expect(agreement.length).toBeGreaterThan(0);
    expect(agreement.every((l) => l.startsWith(`${a},`))).toBe(true); // only A has a tree
  });

  it('shows a run with no metrics in the table, and says it is not in the charts', async () => {
    await openFresh(page, compareUrl(a, fresh)); // the view before was a comparison too
    await page.waitForSelector('[data-chart="returns"] .main-svg');
    expect(await page.$$eval('table.compare-summary tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.run))).toEqual([a, fresh]);
    expect(await page.getAttribute('[data-no-metrics]', 'data-no-metrics')).toBe(fresh);
    expect(await page.textContent('[data-no-metrics]')).toContain('seed 9 · fresh');
    // Nothing trained: no steps and no verdict on solving; A trained and did not solve.
    const cells = (id: string) => page.$$eval(`table.compare-summary tr[data-run="${id}"] td`, (tds) => tds.map((td) => td.textContent));
    expect((await cells(fresh)).slice(4, 8)).toEqual(['–', '–', '–', '–']);
    expect((await cells(a))[7]).toBe('not solved');
    for (const chart of ['returns', 'evals', 'loss']) expect(await groupsWithData(chart), chart).toEqual([a]);
  });

  it('says when two runs logged the very same episodes, since one curve then hides the other', async () => {
    const twin = 'CartPole-v1__twin__1__1';
    cpSync(join(runsDir, a), join(runsDir, twin), { recursive: true }); // the same seed and settings, trained again
    try {
      await openFresh(page, compareUrl(a, b, twin));
      await page.waitForSelector('[data-chart="returns"] .main-svg');
      expect(await page.getAttribute('[data-identical]', 'data-identical')).toBe(`${a},${twin}`);
      expect(await page.textContent('[data-identical]')).toMatch(/^.+ \(.+\) and .+ \(CartPole-v1__twin__1__1\) logged the very same episodes .+ Click a run in a legend to hide it and see the one under it\.$/);
      await openFresh(page, compareUrl(a, b));
      await page.waitForSelector('[data-chart="returns"] .main-svg');
      expect(await page.locator('[data-identical]').count()).toBe(0);
    } finally {
      rmSync(join(runsDir, twin), { recursive: true, force: true });
    }
  });

  const noticeOf = async (url: string) => {
    await openFresh(page, url); // else `.notice-error` can still be the previous link's
    await page.waitForSelector('.notice-error');
    return { text: (await page.textContent('.notice-error'))!, action: (await page.textContent('.notice-error button'))! };
  };

  it('explains each link that cannot be compared, with a way on', async () => {
    const unknown = await noticeOf(compareUrl(a, 'no-such-run'));
    expect(unknown.text).toContain('There is no run “no-such-run”.');
    expect(unknown.action).toBe('Back to the runs list');
    await page.click('.notice-error button');
    await page.waitForURL(`${base}#/`);

    const single = await noticeOf(compareUrl(a));
    expect(single.text).toContain(`This link names only one run, “${a}”.`);
    expect(single.action).toBe('Open that run');

    const repeated = await noticeOf(compareUrl(a, b, a));
    expect(repeated.text).toContain(`more than once: “${a}”`);
    expect(repeated.action).toBe('Compare the two runs instead');
    await page.click('.notice-error button');
    await page.waitForURL(`**/#/compare?runs=${a},${b}`);
    await page.waitForSelector('table.compare-summary tbody tr');

    const many = await noticeOf(compareUrl(a, b, ...copies));
    expect(many.text).toContain('This link names 9 runs; at most 8 can be compared at once.');
    expect(many.action).toBe('Compare 8 runs instead');

    const envs = await noticeOf(compareUrl(a, b, acrobot));
    expect(envs.text).toContain('These runs are of different environments: CartPole-v1 (2 runs), Acrobot-v1 (1 run).');
    expect(envs.action).toBe('Compare the 2 CartPole-v1 runs');

    const none = await noticeOf(`${base}#/compare`);
    expect(none.text).toContain('This link names no runs to compare.');
    expect(none.action).toBe('Back to the runs list');
    // The breadcrumb leads back too.
    expect(await page.getAttribute('.crumbs a', 'href')).toBe('#/');
  });

  it('follows a run still training: its curves grow as it logs, and the note goes when it ends', async () => {
    await page.goto(compareUrl(a, 'live-run'));
    await page.waitForSelector('[data-chart="returns"] .main-svg');
    expect(await page.getAttribute('[data-live]', 'data-live')).toBe('live-run');
    expect(await page.textContent('[data-live]')).toMatch(/^● Live: .+ still training; the curves follow as new points are logged\.$/);
    const before = await groupsWithData('returns');
    expect(before).toHaveLength(1); // the live run has logged nothing yet
    // The trainer appends its log (here: a finished run's, line by line as it was written).
    writeFileSync(join(liveDir, 'metrics.jsonl'), readFileSync(join(bDir, 'metrics.jsonl')));
    await poll(() => groupsWithData('returns')).toHaveLength(2);
    const returns = (await traces('returns')).filter((t) => t.x.length > 0 && !before.includes(t.legendgroup));
    const logged = readFileSync(join(bDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string }).filter((e) => e.type === 'episode').length;
    expect(Math.max(...returns.map((t) => t.x.length))).toBe(logged);
    expect(await page.$('[data-no-metrics]')).toBeNull();
    // Training ends: the live note goes and the table says how it ended.
    writeSummary(liveDir, { status: 'completed', step: 1500, episodes: logged, wallSeconds: 1, solvedAtStep: null, bestEvalMean: null, meanReturn100: null });
    liveRuns.end(liveDir, 'completed');
    await poll(() => page.$('[data-live]').then(Boolean)).toBe(false);
    expect(await page.textContent('table.compare-summary')).toContain('completed');
  });

  it('logged no console errors or page errors', () => {
    expect(problems).toEqual([]);
  });
});
