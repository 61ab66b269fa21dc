/**
 * Runs on a user's own environment in the dashboard: the replay of an env without render() says it
 * draws nothing (instead of an empty box), and the Inspector's contribution chart of a state at its
 * leaf's mean (every state of this discrete walk is) says all contributions are 0 on a unit axis,
 * and names holding a tag or an entity show as written in the charts (Plotly reads its text as markup).
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadEnvModule } from '../../envs/index.ts';
import { createApp } from '../../src/server/app.ts';
import { runQlens } from '../cli/qlens-process.ts';
import { HAVE_BROWSER, openFresh, poll, SKIP_REASON, useDashboard } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

const FIXTURES = join(import.meta.dirname, '../fixtures/envs');

describe.runIf(HAVE_BROWSER)('runs on your own environment in the dashboard', { timeout: 30_000 }, () => {
  let base: string;
  let page: Page;
  const runs = mkdtempSync(join(tmpdir(), 'qlens-user-env-e2e-'));
  const runOf = (env: string) => readdirSync(runs).find((name) => name.startsWith(`${env}__`))!;

  useDashboard(
    async (s) => {
      ({ base, page } = s);
      // The first page load builds the web bundle: in the hook's time, not the first test's, on a loaded machine.
      await page.goto(base);
      await page.waitForSelector('a[href*="LineWalk"]', { timeout: 60_000 });
    },
    async () => {
      for (const file of ['line-walk.js', 'line-walk-plain.js']) {
        const trained = await runQlens(['train', '--env', join(FIXTURES, file), '--steps', '3000', '--out', runs, '--no-progress', '--json', '--set', 'learningStarts=500']);
        expect(trained.stderr).toBe('');
        await loadEnvModule(join(FIXTURES, file)); // as `qlens serve --env-module` does
      }
      return { app: createApp({ runsDirs: [runs], agentsDir: null }) };
    },
    180_000,
  );

  it('replays an env without render() with a note where the frame would be', async () => {
    await page.goto(`${base}#/runs/${runOf('LineWalkPlain-v0')}/replay?seed=1`);
    await poll(() => page.locator('.stage').textContent({ timeout: 10_000 })).toContain('LineWalkPlain-v0 draws no frames (its module has no render())');
    expect(await page.locator('canvas.frame').count()).toBe(0);
    // Straight after: the plain replay is still playing and writing its step into the URL, which must not take the navigation back.
    await page.goto(`${base}#/runs/${runOf('LineWalk-v0')}/replay?seed=1`);
    await poll(() => page.locator('canvas.frame').count()).toBe(1);
    expect(await page.locator('.no-frame').count()).toBe(0);
  });

  it('shows names as written where Plotly would read markup (a tag, an entity)', async () => {
    const id = runOf('LineWalkPlain-v0');
    await page.goto(`${base}#/runs/${id}/inspect?obs=2,7`);
    await page.waitForSelector('[data-chart="contributions"] .main-svg');
    const names = (await page.locator('[data-chart="contributions"] .ytick text').allTextContents()).map((t) => t.trim());
    expect(names.sort()).toEqual(['goal &amp; flag', 'position <i>cell</i>']);
    await page.goto(`${base}#/runs/${id}/global`);
    await page.waitForSelector('[data-chart="shap-summary"] .main-svg', { timeout: 20_000 });
    expect(await page.textContent('[data-chart="shap-summary"] .xtitle')).toBe('SHAP value: effect on advantage of <b>left</b>');
    const ticks = await page.locator('[data-chart="shap-summary"] .ytick text').allTextContents();
    expect(ticks.join(' ')).toContain('position <i>cell</i>');
    expect(ticks.join(' ')).toContain('goal &amp; flag');
  });

  it('says every contribution is 0 on a unit axis when the state sits at its leaf’s mean, and only then', async () => {
    const id = runOf('LineWalk-v0');
    // Every cell pair of the walk; the deep tree holds many in leaves of their own (all contributions 0), others with company.
    const pairs = Array.from({ length: 121 }, (_, i) => [Math.floor(i / 11), i % 11]).filter(([p, g]) => p !== g);
    const zero: number[][] = [];
    const nonzero: number[][] = [];
    for (const obs of pairs) {
      const res = await fetch(`${base}api/runs/${id}/explain`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ observation: obs }) });
      const e = (await res.json()) as { contributions: { contribution: number }[][] };
      (e.contributions.flat().every((c) => c.contribution === 0) ? zero : nonzero).push(obs);
    }
    expect(zero.length).toBeGreaterThan(0);
    expect(nonzero.length).toBeGreaterThan(0);
    await page.goto(`${base}#/runs/${id}/inspect?obs=${zero[0]!.join(',')}`);
    await poll(() => page.textContent('[data-legend="contributions"]')).toContain('Every feature contributes 0 here');
    const ticks = await page.locator('[data-chart="contributions"] .xtick text').allTextContents();
    expect(ticks).toContain('0.5'); // a unit axis, not nano-units
    // A new document: the all-zero state's legend before names the tree's pick too, beside its all-zero note.
    await openFresh(page, `${base}#/runs/${id}/inspect?obs=${nonzero[0]!.join(',')}`);
    await poll(() => page.textContent('[data-legend="contributions"]')).toContain('✓ the tree’s pick');
    expect(await page.locator('[data-note="all-zero"]').count()).toBe(0);
  });
});
