/**
 * The Global tab's rules table on the shipped pretrained CartPole agent: the leaf column says it
 * sorts in tree order (the order `sortBy=leaf` gives: #159, #329, … reads as broken under a plain
 * "Leaf ▲"), and only sortable column titles look sortable: a button with an arrow (↕ until
 * sorted by it, then ▲/▼) and a pointer; IF, Greedy action and THEN are plain text.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAVE_BROWSER, useDashboard, poll, SKIP_REASON } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

describe.runIf(HAVE_BROWSER)('the rules table’s column titles', { timeout: 30_000 }, () => {
  const run = 'pretrained~CartPole-v1';
  let base: string;
  let page: Page;

  useDashboard(async (s) => {
    ({ base, page } = s);
    await page.goto(`${base}#/runs/${run}/global`);
    await page.waitForSelector('[data-table="rules"] tbody tr');
  });

  const heads = () =>
    page.$$eval('[data-table="rules"] thead th', (ths) =>
      ths.map((th) => {
        const button = th.querySelector('button');
        const text = button ?? th;
        return { text: th.textContent, button: !!button, arrow: th.querySelector('.sort-arrow')?.textContent ?? null, cursor: getComputedStyle(text).cursor, underline: getComputedStyle(text).borderBottomStyle };
      }),
    );

  it('gives sortable titles a button, an arrow and a pointer, and leaves the others plain', async () => {
    const all = await heads();
    expect(all.map((c) => c.text)).toEqual(['Leaf (tree order)↕', 'IF', 'Greedy action', 'Samples▼', 'Q(push left)↕', 'Q(push right)↕', 'THEN']);
    for (const c of all) {
      const sortable = !['IF', 'Greedy action', 'THEN'].includes(c.text!);
      expect(c.button, c.text!).toBe(sortable);
      expect(c.cursor, c.text!).toBe(sortable ? 'pointer' : 'default');
      expect(c.underline, c.text!).not.toBe('dotted'); // the old look of a title with help, sortable or not
      expect(c.arrow !== null, c.text!).toBe(sortable);
    }
    expect(await page.getAttribute('[data-table="rules"] th[aria-sort]', 'aria-sort')).toBe('descending');
    expect(await page.textContent('[data-table="rules"] th[aria-sort]')).toBe('Samples▼');
  });

  it('says the leaf column sorts in tree order, and gives the API’s tree order', async () => {
    const loads = await page.getAttribute('#rules', 'data-loads');
    await page.click('[data-table="rules"] th button:has-text("Leaf")');
    await poll(() => page.getAttribute('#rules', 'data-loads')).not.toBe(loads);
    expect(await page.textContent('[data-table="rules"] th[aria-sort="ascending"]')).toBe('Leaf (tree order)▲');
    expect(await page.getAttribute('[data-table="rules"] th[aria-sort]', 'title')).toContain('tree order (left to right, as the Tree tab draws the leaves), not by number');
    const api = (await (await fetch(`${base}api/runs/${run}/rules?sortBy=leaf&limit=20`)).json()) as { rules: { leafId: number }[] };
    const shown = await page.$$eval('[data-table="rules"] tbody tr', (trs) => trs.map((tr) => Number(tr.getAttribute('data-leaf'))));
    expect(shown).toEqual(api.rules.map((r) => r.leafId));
    expect(await page.textContent('#rules')).toContain('“Leaf (tree order)” reads the leaves left to right as the Tree tab draws them');
  });
});
