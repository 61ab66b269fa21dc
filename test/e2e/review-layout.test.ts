/**
 * Panels that must fit the window: a wide table scrolls inside its own box and never widens the
 * page (a grid track sized by its content did: the prototypes table took the Inspector from 1280
 * to 1956 px wide and pushed the PDP panel off-screen).
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
      // The PDP panel stays inside the window.
      await poll(() => page.$eval('[data-section="pdp"]', (el) => el.getBoundingClientRect().right)).toBeLessThanOrEqual(width);
    });
  }
});
