/**
 * Two findings of a user review, in real Chromium on the shipped pretrained agents: numbers read
 * side by side print alike, and panels fit the window. The suites share one Chromium (each has its
 * own server and a page in a context of its own, as a browser of its own would give it).
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { HAVE_BROWSER, openFresh, poll, SKIP_REASON, useDashboard, useSharedBrowser } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

/** Decimals of a printed number ("−79.70" → 2, "500" → 0); text around it (" ± 6.96") is the caller's to strip. */
const decimals = (text: string) => text.trim().split('.')[1]?.replace(/[^\d].*$/, '').length ?? 0;

/** The texts of column `index` (0-based, among the row's cells) of every body row of `table`, dashes left out. */
async function column(page: Page, table: string, index: number): Promise<string[]> {
  const cells = await page.$$eval(`${table} tbody tr`, (rows, i) => rows.map((r) => r.querySelectorAll('td')[i]?.textContent ?? ''), index);
  return cells.filter((t) => t !== '' && t !== '–');
}

/** How far the page scrolls sideways: 0 when nothing is wider than the window. */
const sidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe.runIf(HAVE_BROWSER)('numbers and layout', () => {
  const browser = useSharedBrowser();

  /**
   * Numbers read side by side print alike, on the shipped pretrained agents: a table column has one
   * number of decimals (runs list, fidelity, the Inspector's Decision table), the training chart's
   * hover writes the step as 27,489 and every return with one decimal, FlappyBird's replay writes
   * "reward 0.1", a figure that could not be measured is said to be so (no "typically – as far"), a
   * replay without disagreements points at no red marks, and the chart's mode bar leaves its legend
   * readable.
   */
  describe('numbers read side by side print alike', { timeout: 60_000 }, () => {
    let base: string;
    let page: Page;

    useDashboard((s) => ({ base, page } = s), { browser });

    it('gives every figure column of the runs list one number of decimals', async () => {
      await openFresh(page, base);
      await page.waitForSelector('table.runs tbody tr');
      const heads = await page.$$eval('table.runs thead th', (ths) => ths.map((th) => th.textContent!.replace(/[↕▲▼]/g, '').trim()));
      for (const name of ['Last return', 'Mean return', 'Best eval']) {
        // Row cells line up with the titles (the first title is the compare column's).
        const values = await column(page, 'table.runs', heads.indexOf(name));
        expect(values.length, name).toBeGreaterThan(2);
        expect(new Set(values.map(decimals)).size, `${name}: ${values.join(' ')}`).toBe(1);
      }
    });

    it('says coverage could not be measured instead of a dash in a sentence, and on how many states it was', async () => {
      await openFresh(page, `${base}#/runs/pretrained~FlappyBird-v0/global`);
      await page.waitForSelector('[data-coverage]');
      const note = (await page.textContent('[data-coverage]'))!;
      expect(note).not.toContain('–');
      expect(note).toContain('could not be measured (most training states repeat exactly, so their typical spacing is 0)');
      expect(note).toMatch(/Measured on a seeded sample of 1,000 of the [\d,]+ held-out states\.$/);
      const returns = await column(page, '[data-table="fidelity"]', 6);
      expect(returns).toHaveLength(4); // three models and the network
      expect(new Set(returns.flatMap((t) => t.split(' ± ').map(decimals))).size, returns.join(' | ')).toBe(1);
    });

    it('prints the Decision table of an edited state with one number of decimals', async () => {
      await openFresh(page, `${base}#/runs/pretrained~CartPole-v1/inspect`);
      await page.waitForSelector('.q-table tbody tr');
      const box = page.locator('.whatif-row').nth(0).locator('input.whatif-box');
      const before = await page.textContent('.q-table');
      await box.fill('2');
      await box.dispatchEvent('change');
      await poll(() => page.textContent('.q-table')).not.toBe(before);
      const cells = await page.$$eval('.q-table tbody td', (tds) => tds.map((td) => td.textContent!.replace(/^[+−]/, '')));
      expect(new Set(cells.map(decimals)).size, cells.join(' ')).toBe(1);
    });

    it('writes the training chart’s hover step with separators, every return with one decimal, and keeps the legend clear of the mode bar', async () => {
      await openFresh(page, `${base}#/runs/pretrained~CartPole-v1`);
      await page.waitForSelector('[data-chart="returns"] .main-svg');
      const plot = await page.$eval('[data-chart="returns"]', (el) => {
        const p = el as unknown as { data: { name: string; yhoverformat?: string; hovertemplate?: string; customdata?: string[] }[]; _fullLayout: { xaxis: { hoverformat: string } } };
        return { traces: p.data.map((t) => ({ name: t.name, format: t.yhoverformat, template: t.hovertemplate, first: t.customdata?.[0] })), stepFormat: p._fullLayout.xaxis.hoverformat };
      });
      expect(plot.stepFormat).toBe(',d');
      const lines = plot.traces.filter((t) => !t.template);
      expect(new Set(lines.map((t) => t.format))).toEqual(new Set([',.1f']));
      const evals = plot.traces.filter((t) => t.template);
      expect(evals.length).toBeGreaterThan(0);
      for (const t of evals) expect(t.first, t.name).toMatch(/^[\d,]+\.\d \(worst [\d,]+\.\d, best [\d,]+\.\d\)$/);
      // Hovered, the mode bar shows at the top right, above the legend's first row, not over it.
      const drag = (await page.locator('[data-chart="returns"] .nsewdrag').first().boundingBox())!;
      await page.mouse.move(drag.x + drag.width / 2, drag.y + drag.height / 2, { steps: 3 });
      const modeBar = (await page.locator('[data-chart="returns"] .modebar').boundingBox())!;
      const legend = (await page.locator('[data-chart="returns"] g.legend[pointer-events]').boundingBox())!;
      expect(modeBar.y + modeBar.height).toBeLessThanOrEqual(legend.y + 1);
    });

    it('gives a pretrained agent’s measured return beside training’s best check, which picked it and reads higher', async () => {
      await openFresh(page, `${base}#/runs/pretrained~FlappyBird-v0/training`);
      await poll(() => page.textContent('.measured-note').catch(() => '')).toBe(
        'Measured by qlens publish on 100 fresh greedy episodes: mean return 98.92 (below the solve threshold 100). That is the runs list’s Best eval for this agent and its model card’s return. “Best greedy eval” and “Solved at step” here are training’s own checks: the best of them picked this network, so they can read higher than fresh episodes.',
      );
      await poll(() => page.textContent('.stats')).toContain('104.12'); // training's best check, which the note explains
      // Solved by training's check, not on the card's episodes: said under the step.
      const solved = page.locator('.stat', { hasText: 'Solved at step' });
      expect(await solved.locator('.stat-value').textContent()).toBe('1,700,000');
      expect(await solved.locator('.stat-sub').textContent()).toBe('by training’s check; 98.92 on the card’s episodes');
      expect(await page.title()).toBe('FlappyBird-v0 (pretrained) · Training · qlens');
      await openFresh(page, `${base}#/runs/pretrained~CartPole-v1/training`);
      await poll(() => page.textContent('.measured-note').catch(() => '')).toContain('mean return 500 (solved: at least 475 over 100 episodes)');
      expect(await page.locator('.stat', { hasText: 'Solved at step' }).locator('.stat-sub').count()).toBe(0); // solved on both counts
      // The runs list's Best eval column holds the card's figure, as the note says.
      await openFresh(page, base);
      const bestEvalColumn = (await page.$$eval('table.runs thead th', (ths) => ths.map((th) => th.textContent?.trim() ?? ''))).findIndex((t) => t.startsWith('Best eval'));
      expect(bestEvalColumn).toBeGreaterThan(0);
      expect(await page.textContent(`tr[data-run="pretrained~FlappyBird-v0"] td:nth-child(${bestEvalColumn + 1})`)).toBe('98.92');
    });

    it('keeps the origin’s tick labels apart at 800 px (“0 %” and “0” read as one)', async () => {
      await page.setViewportSize({ width: 800, height: 900 });
      try {
        await openFresh(page, `${base}#/runs/pretrained~FlappyBird-v0/training`);
        await page.waitForSelector('[data-chart="treeFidelity"] .ytick text');
        const gap = await page.$eval('[data-chart="treeFidelity"]', (el) => {
          const box = (sel: string, text: string) => [...el.querySelectorAll(sel)].find((t) => t.textContent === text)!.getBoundingClientRect();
          const y = box('.ytick text', '0 %');
          const x = box('.xtick text', '0');
          // Apart either across (y's label ends left of x's) or down (x's starts below y's).
          return Math.max(x.left - y.right, x.top - y.bottom);
        });
        expect(gap).toBeGreaterThanOrEqual(2); // their boxes overlapped by 2.8 px before
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    });

    it('writes FlappyBird’s rewards as the returns, and points at no red marks when tree and network always agree', async () => {
      await openFresh(page, `${base}#/runs/pretrained~FlappyBird-v0/replay?seed=0&step=5`);
      await poll(() => page.textContent('.step-panel p').catch(() => '')).toMatch(/ · reward 0\.1 · return with it 0\.6$/);
      // The same replay answered as if the tree never disagreed.
      await page.route('**/rollout*', async (route) => {
        const response = await route.fetch();
        const body = await response.json();
        if (body.tree) Object.assign(body.tree, { agreement: 1, disagreements: 0 });
        await route.fulfill({ response, json: body });
      });
      try {
        await openFresh(page, `${base}#/runs/pretrained~CartPole-v1/replay?seed=0`);
        await poll(() => page.textContent('.summary-line').catch(() => '')).toContain('tree and network agreed on 100.0 % of steps');
        expect(await page.textContent('.summary-line')).not.toContain('marked in red');
      } finally {
        await page.unroute('**/rollout*');
      }
    });
  });

  /**
   * Panels that must fit the window: a wide table scrolls inside its own box and never widens the
   * page (a grid track sized by its content did: the prototypes table took the Inspector from 1280
   * to 1956 px wide and pushed the PDP panel off-screen), with a line under the box saying it
   * scrolls; and at 1024 px the runs list and the Inspector's Decision table show every column.
   */
  describe('panels fit the window', { timeout: 60_000 }, () => {
    let base: string;
    let page: Page;

    useDashboard((s) => ({ base, page } = s), { browser });

    for (const [run, width] of [
      ['pretrained~FlappyBird-v0', 1280],
      ['pretrained~Acrobot-v1', 768],
    ] as const) {
      it(`the prototypes table scrolls inside its box on ${run} at ${width} px`, async () => {
        await page.setViewportSize({ width, height: 900 });
        await openFresh(page, `${base}#/runs/${run}/inspect`);
        await page.waitForSelector('button[data-run="prototype"]');
        expect(await sidewaysScroll(page)).toBe(0);
        await page.click('button[data-run="prototype"]');
        await page.waitForSelector('[data-table="prototypes"]');
        expect(await sidewaysScroll(page)).toBe(0);
        // The table is wider than its box, which scrolls instead.
        const wrap = await page.$eval('[data-section="prototypes"] .table-wrap', (el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
        expect(wrap.scroll).toBeGreaterThan(wrap.client);
        // …and says so under it.
        await poll(() => page.isVisible('[data-section="prototypes"] [data-scroll-hint]')).toBe(true);
        expect(await page.textContent('[data-section="prototypes"] [data-scroll-hint]')).toBe('Scroll the table sideways for more columns →');
        // The PDP panel stays inside the window.
        await poll(() => page.$eval('[data-section="pdp"]', (el) => el.getBoundingClientRect().right)).toBeLessThanOrEqual(width);
      });
    }

    /** Whether every column title of `table` lies inside its scroll box, and the box does not scroll. */
    const allColumnsInView = (table: string) =>
      page.$eval(table, (el) => {
        const box = el.closest('.table-wrap')!;
        const right = box.getBoundingClientRect().right;
        const heads = [...el.querySelectorAll('thead th')].filter((th) => (th as HTMLElement).offsetParent !== null);
        return { fits: box.scrollWidth <= box.clientWidth, outside: heads.filter((th) => th.getBoundingClientRect().right > right + 1).map((th) => th.textContent) };
      });

    it('shows every column of the runs list and of the Decision table at 1024 px, without a scroll hint', async () => {
      await page.setViewportSize({ width: 1024, height: 768 });
      try {
        await openFresh(page, base);
        await page.waitForSelector('table.runs tbody tr');
        expect(await allColumnsInView('table.runs')).toEqual({ fits: true, outside: [] });
        expect(await page.isVisible('table.runs th:has-text("Best eval")')).toBe(true);
        expect(await page.isVisible('table.runs th:has-text("Tree agreement")')).toBe(true);
        expect(await page.isHidden('.table-box [data-scroll-hint]')).toBe(true);
        await openFresh(page, `${base}#/runs/pretrained~CartPole-v1/inspect`);
        await page.waitForSelector('.q-table tbody tr');
        expect(await allColumnsInView('.q-table')).toEqual({ fits: true, outside: [] });
        expect(await page.textContent('.q-table thead')).toContain('Tree − net');
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    });
  });

  /** An unreadable run's problem line (a file and why) wraps under its name instead of widening the runs list (it took the Run column to 533 px). */
  describe('an unreadable run in the runs list', { timeout: 60_000 }, () => {
    let base: string;
    let page: Page;
    const runs = mkdtempSync(join(tmpdir(), 'qlens-unreadable-'));
    mkdirSync(join(runs, 'broken-run'));
    // A run whose summary.json was cut short: JSON.parse's reason makes the longest problem line.
    copyFileSync(join(import.meta.dirname, '../../agents/pretrained/CartPole-v1/config.json'), join(runs, 'broken-run', 'config.json'));
    writeFileSync(join(runs, 'broken-run', 'summary.json'), '{x');

    useDashboard((s) => ({ base, page } = s), { browser, app: createApp({ runsDirs: [runs], agentsDir: null }) });

    it('fits 800 px without scrolling, its problem wrapped under the name', async () => {
      await page.setViewportSize({ width: 800, height: 700 });
      await openFresh(page, base);
      await page.waitForSelector('table.runs tbody tr .warn');
      expect(await page.textContent('table.runs tbody tr .warn')).toContain('summary.json: not valid JSON');
      const box = await page.$eval('table.runs', (el) => ({ scroll: el.closest('.table-wrap')!.scrollWidth, client: el.closest('.table-wrap')!.clientWidth }));
      expect(box.scroll).toBeLessThanOrEqual(box.client);
      expect(await sidewaysScroll(page)).toBe(0);
    });
  });
});
