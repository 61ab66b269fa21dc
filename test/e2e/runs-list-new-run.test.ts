/**
 * The runs list with nothing training still notices a run started elsewhere (a `qlens train` in a
 * terminal writing into the served folder) and lists it without a page reload, as TensorBoard
 * does; a list that has not changed is left as it is (a ticked box stays ticked).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_AGENTS_DIR, createApp } from '../../src/server/app.ts';
import { trainFixtureRun } from '../server/fixture.ts';
import { HAVE_BROWSER, poll, SKIP_REASON, useDashboard } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

describe.runIf(HAVE_BROWSER)('the runs list while nothing trains', { timeout: 30_000 }, () => {
  let base: string;
  let page: Page;
  let trained: string;
  const runsDir = mkdtempSync(join(tmpdir(), 'qlens-runs-list-'));
  const scratch = mkdtempSync(join(tmpdir(), 'qlens-runs-list-source-'));
  afterAll(() => {
    rmSync(runsDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  useDashboard(
    (s) => ({ base, page } = s),
    async () => {
      trained = await trainFixtureRun(scratch);
      return { app: createApp({ runsDirs: [runsDir], agentsDir: DEFAULT_AGENTS_DIR }) };
    },
  );

  it('lists a run that appears in the served folder, keeping what the user ticked', async () => {
    await page.goto(`${base}#/`);
    await page.waitForSelector('tr[data-run="pretrained~CartPole-v1"]');
    await page.check('tr[data-run="pretrained~CartPole-v1"] .compare-check');
    const id = basename(trained);
    expect(await page.locator(`tr[data-run="${id}"]`).count()).toBe(0);
    cpSync(trained, join(runsDir, id), { recursive: true });
    await poll(() => page.locator(`tr[data-run="${id}"]`).count()).toBe(1);
    expect(await page.isChecked('tr[data-run="pretrained~CartPole-v1"] .compare-check')).toBe(true);
  });

  it('sorts by a column title, either way, and keeps the sort in its link', async () => {
    await page.goto(`${base}#/`);
    await page.waitForSelector('tr[data-run="pretrained~CartPole-v1"]');
    const bestEvals = () => page.$$eval('table.runs tbody tr td:nth-child(9)', (tds) => tds.map((td) => td.textContent));
    const numbers = async () => (await bestEvals()).map((t) => Number(t!.replace('−', '-').replace(/[^\d.-].*$/, '')));
    await page.click('table.runs th button.sort:has-text("Best eval")');
    await poll(() => page.url()).toContain('sort=Best+eval&order=desc');
    const desc = await numbers();
    expect(desc.length).toBeGreaterThan(3);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    await page.click('table.runs th button.sort:has-text("Best eval")');
    await poll(() => page.url()).toContain('order=asc');
    expect(await numbers()).toEqual([...desc].reverse());
    await page.reload();
    await page.waitForSelector('table.runs th[aria-sort="ascending"]');
    expect(await numbers()).toEqual([...desc].reverse());
  });

  it('says what it cannot use of a sort link, and lets a click replace it', async () => {
    await page.goto(`${base}#/?sort=Bogus`);
    await page.waitForSelector('tr[data-run="pretrained~CartPole-v1"]');
    expect(await page.textContent('[data-bad-link]')).toBe(
      'The link sorts by “Bogus”, which is not a column that sorts (allowed: Run, Environment, Status, Steps, Episodes, Last return, Mean return, Best eval, Tree agreement), so the list keeps its usual order: live runs first, newest next.',
    );
    expect(await page.locator('table.runs th[aria-sort]').count()).toBe(0);
    await page.click('table.runs th button.sort:has-text("Steps")');
    await poll(() => page.locator('[data-bad-link]').count()).toBe(0);
    await page.goto(`${base}#/?sort=Steps&order=sideways`);
    await poll(() => page.textContent('[data-bad-link]').catch(() => '')).toBe('The link’s order “sideways” is not asc or desc, so Steps sorts descending.');
    expect(await page.locator('table.runs th[aria-sort="descending"]').textContent()).toContain('Steps');
  });

  it('names the page in the tab title only where there is one', async () => {
    const titleOf = async (hash: string) => {
      await page.goto(`${base}${hash}`);
      await page.waitForSelector('#view > *');
      return page.title();
    };
    expect(await titleOf('#/zzz')).toBe('No such page · qlens');
    expect(await titleOf('#/runs/pretrained~CartPole-v1/zzz')).toBe('CartPole-v1 (pretrained) · No such tab · qlens');
    expect(await titleOf('#/runs/pretrained~CartPole-v1/constructor')).toBe('CartPole-v1 (pretrained) · No such tab · qlens');
    expect(await titleOf('#/compare?runs=pretrained~CartPole-v1')).toBe('Compare runs · qlens');
    expect(await titleOf('#/compare?runs=pretrained~CartPole-v1,pretrained~CartPole-v1')).toBe('Compare runs · qlens');
    // Titled by its count until the runs load and turn out to be of two envs.
    await page.goto(`${base}#/compare?runs=pretrained~CartPole-v1,pretrained~Acrobot-v1`);
    await page.waitForSelector('text=different environments');
    expect(await page.title()).toBe('Compare runs · qlens');
    await page.goto(`${base}#/compare?runs=pretrained~CartPole-v1,pretrained~CartPole-v1x`);
    await page.waitForSelector('text=There is no run');
    expect(await page.title()).toBe('Compare runs · qlens');
  });

  it('evaluates Plotly while the list is idle, before any chart is opened', async () => {
    await page.goto(`${base}#/`);
    await page.waitForSelector('tr[data-run="pretrained~CartPole-v1"]');
    await poll(() => page.evaluate(() => typeof (window as unknown as { Plotly?: unknown }).Plotly)).toBe('object');
  });
});
