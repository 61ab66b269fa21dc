/**
 * Panels that must fit the window: a wide table scrolls inside its own box and never widens the
 * page (a grid track sized by its content did: the prototypes table took the Inspector from 1280
 * to 1956 px wide and pushed the PDP panel off-screen), with a line under the box saying it
 * scrolls; and at 1024 px the runs list and the Inspector's Decision table show every column.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAVE_BROWSER, openFresh, poll, SKIP_REASON, useDashboard } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

/** How far the page scrolls sideways: 0 when nothing is wider than the window. */
const sidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe.runIf(HAVE_BROWSER)('panels fit the window', { timeout: 60_000 }, () => {
  let base: string;
  let page: Page;

  useDashboard((s) => ({ base, page } = s));

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
