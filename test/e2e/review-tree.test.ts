/**
 * The Tree view and the rules on the shipped CartPole agent: a split's threshold prints whole and
 * alike everywhere (box, tooltip, details, rules), near-tie Q-values keep the digits that tell the
 * greedy action apart, a Q column has one number of decimals, and at 768 px (details under the
 * tree) a clicked node's details scroll into view and the legend says where they are.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAVE_BROWSER, openFresh, poll, SKIP_REASON, useDashboard } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

const run = 'pretrained~CartPole-v1';
/** A replay state (seed 0, step 42) whose path passes node #54, a test on pole angular velocity. */
const OBS = '-0.2504904568195343,-0.41380414366722107,0.013546422123908997,-0.017854424193501472';

describe.runIf(HAVE_BROWSER)('the tree’s numbers and details', { timeout: 60_000 }, () => {
  let base: string;
  let page: Page;

  useDashboard((s) => ({ base, page } = s));

  it('prints a split’s threshold whole in its box, and the same in its tooltip, details and rules', async () => {
    await openFresh(page, `${base}#/runs/${run}/tree?obs=${OBS}`);
    const node = page.locator('[data-tree] g.node[data-node-id="54"]');
    await node.waitFor();
    // The box shortens the feature name when it must, never the number.
    expect(await node.locator('text.l1').textContent()).toMatch(/^pole angular [a-z]*…? ≤ −0\.08460$/);
    expect(await node.locator('title').textContent()).toContain('Node #54: pole angular velocity ≤ −0.08460 (yes → left, no → right)');
    await node.locator('rect').click();
    await poll(() => page.textContent('.tree-details .node-test strong').catch(() => '')).toBe('pole angular velocity ≤ −0.08460');
    // The rule of its left leaf has the same bound.
    await openFresh(page, `${base}#/runs/${run}/global?rulesSort=leaf`);
    await page.waitForSelector('[data-table="rules"]');
    const conditions = async () => (await page.locator('[data-table="rules"] .rule-cond').allTextContents()).join('\n');
    for (let pages = 0; pages < 12 && !(await conditions()).includes('pole angular velocity ≤ −0.08460'); pages++) {
      const loads = await page.getAttribute('#rules', 'data-loads');
      await page.click('#rules button[aria-label="Next page"]');
      await poll(() => page.getAttribute('#rules', 'data-loads')).not.toBe(loads);
    }
    expect(await conditions()).toContain('pole angular velocity ≤ −0.08460');
  });

  it('tells near-tie Q-values apart in a node’s details', async () => {
    await openFresh(page, `${base}#/runs/${run}/tree?node=4`);
    await poll(() => page.textContent('.tree-details h2').catch(() => '')).toBe('Node #4');
    const q = await page.locator('.tree-details table.kv').first().locator('td.num').allTextContents();
    expect(q).toEqual(['57.982', '57.981']);
    expect(await page.textContent('.tree-details .facts-list')).toContain('push left');
  });

  it('prints every Q column of the rules table with one number of decimals', async () => {
    await openFresh(page, `${base}#/runs/${run}/global`);
    await page.waitForSelector('[data-table="rules"] tbody tr');
    const columns = await page.$$eval('[data-table="rules"] tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td.num')].slice(1).map((td) => td.textContent!)));
    const decimals = new Set(columns.flat().map((t) => t.split('.')[1]?.length ?? 0));
    expect(columns[0]).toHaveLength(2);
    expect([...decimals]).toHaveLength(1);
  });

  it('at 768 px scrolls a clicked node’s details into view, and the legend says they are below', async () => {
    await page.setViewportSize({ width: 768, height: 900 });
    try {
      await openFresh(page, `${base}#/runs/${run}/tree`);
      await page.waitForSelector('[data-tree] g.node[data-node-id="0"]');
      expect(await page.textContent('.tree-legend [data-legend-item="selected"]')).toBe('selected node (its details below the tree)');
      expect(await page.evaluate(() => document.querySelector('.tree-details')!.getBoundingClientRect().top > innerHeight)).toBe(true);
      await page.click('[data-tree] g.node[data-node-id="0"] rect');
      await poll(() => page.textContent('.tree-details h2').catch(() => '')).toBe('Node #0');
      await poll(() => page.evaluate(() => document.querySelector('.tree-details h2')!.getBoundingClientRect().bottom <= innerHeight)).toBe(true);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
});
