/**
 * The Tree tab on the shipped pretrained CartPole agent: "Close all" closes every branch, the
 * root's too, and its title says so; the selected node's red outline (zoomed in and zoomed out) has
 * its entry in the legend, beside the inspected path's, in both colourings.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAVE_BROWSER, useDashboard, poll, SKIP_REASON } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

const RED = 'rgb(201, 60, 55)'; // style.css --red

describe.runIf(HAVE_BROWSER)('the Tree tab’s Close all and legend', { timeout: 30_000 }, () => {
  const run = 'pretrained~CartPole-v1';
  let base: string;
  let page: Page;

  useDashboard(async (s) => {
    ({ base, page } = s);
    await page.goto(`${base}#/runs/${run}/tree`);
    await page.waitForSelector('[data-tree] g[data-node-id]');
  });

  const drawn = async () => Number(await page.getAttribute('[data-tree]', 'data-drawn'));
  const closeAll = 'button:has-text("Close all")';

  it('closes everything, the root too, and says so in its title', async () => {
    expect(await drawn()).toBeGreaterThan(3);
    expect(await page.getAttribute(closeAll, 'title')).toMatch(/^Close every branch, the root’s too: only the root is left/);
    await page.click(closeAll);
    await poll(drawn).toBe(1);
    expect(await page.textContent('[data-tree] g[data-toggle="0"] text')).toBe('+');
    expect(await page.textContent('.tree-status')).toContain('showing 1 node.');
    await page.click('[data-tree] g[data-toggle="0"] circle');
    await poll(drawn).toBe(3);
  });

  it('names the selected node’s red outline in the legend, zoomed in and out, in both colourings', async () => {
    await page.click('[data-tree] g[data-node-id="0"] rect');
    await poll(() => page.locator('[data-tree] g.node.selected').count()).toBe(1);
    expect(await page.$eval('[data-tree] g.node.selected rect', (el) => getComputedStyle(el).stroke)).toBe(RED);
    const entry = '.tree-legend [data-legend-item="selected"]';
    expect(await page.textContent(entry)).toBe('selected node (its details at the right)');
    expect(await page.$eval(`${entry} .legend-selected`, (el) => getComputedStyle(el).borderTopColor)).toBe(RED);
    expect(await page.textContent('.tree-legend')).toContain('inspected state’s path');
    // Zoomed out (every node open), the selection is the red outline of its small box.
    await page.click('button:has-text("Open all")');
    await poll(() => page.locator('[data-tree] path.compact.selected').count()).toBe(1);
    expect(await page.$eval('[data-tree] path.compact.selected', (el) => getComputedStyle(el).stroke)).toBe(RED);
    await page.selectOption('#color-mode', 'q');
    expect(await page.textContent(entry)).toBe('selected node (its details at the right)');
  });
});
