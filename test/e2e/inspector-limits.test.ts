/**
 * The inspector on the shipped pretrained CartPole agent: a typed value the server would refuse
 * (beyond its |x| ≤ 1e9 limit) is refused in the page, next to its box, with the slider keeping
 * its range and nothing sent; and when an explanation request fails all the same, the results of
 * the last state that could be explained are marked stale until a new answer arrives.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAVE_BROWSER, useDashboard, poll, SKIP_REASON } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

describe.runIf(HAVE_BROWSER)('the inspector’s typed values and failed explanations', { timeout: 30_000 }, () => {
  const run = 'pretrained~CartPole-v1';
  let base: string;
  let page: Page;
  const explains: string[] = [];

  useDashboard(async (s) => {
    ({ base, page } = s);
    page.on('request', (r) => r.url().endsWith('/explain') && explains.push(r.postData() ?? ''));
    await page.goto(`${base}#/runs/${run}/inspect`);
    await page.waitForSelector('[data-chart="contributions"] .main-svg');
  });

  const box = (i: number) => page.locator('input.whatif-box').nth(i);
  const slider = (i: number) => page.locator('input.whatif-range').nth(i);

  it('refuses 1e12 next to its box: the slider keeps its range, nothing is sent', async () => {
    const before = { min: await slider(0).getAttribute('min'), max: await slider(0).getAttribute('max'), value: await box(0).inputValue() };
    const note = await page.textContent('.whatif-row:nth-child(1) .whatif-bounds');
    const sent = explains.length;
    await box(0).fill('1e12');
    await box(0).press('Enter');
    await poll(() => page.locator('[data-refused="0"]').count()).toBe(1);
    const refusal = await page.textContent('.whatif-row:nth-child(1) [data-refused]');
    expect(refusal).toContain('Cart position: 1e12 is not allowed (finite numbers with |x| ≤ 1e9), so it was not sent');
    expect(await slider(0).getAttribute('min')).toBe(before.min);
    expect(await slider(0).getAttribute('max')).toBe(before.max);
    expect(await box(0).inputValue()).toBe(before.value);
    expect(await page.textContent('.whatif-row:nth-child(1) .whatif-bounds')).toBe(note);
    expect(await page.locator('.notice-error').count()).toBe(0);
    // A good value goes through and clears the refusal.
    await box(0).fill('0.02');
    await box(0).press('Enter');
    await poll(() => page.locator('[data-refused]').count()).toBe(0);
    // Exactly one request since the refusal, the good value's: 1e12 never went out (no sleep needed to show it).
    await poll(() => explains.length).toBe(sent + 1);
    expect(JSON.parse(explains.at(-1)!).observation[0]).toBe(0.02);
  });

  it('marks the results of the last explained state stale while a request fails', async () => {
    await poll(() => page.textContent('.state-card [role="status"]')).toBe(''); // the last answer is in
    await page.route('**/explain', (r) => r.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: 'service unavailable', detail: 'the server is busy' }) }));
    await box(1).fill('0.5');
    await box(1).press('Enter');
    await poll(() => page.locator('.notice-error').count()).toBe(1);
    expect(await page.locator('.stale-result').count()).toBe(3); // decision, contributions, the slots
    const line = await page.textContent('[data-stale]');
    expect(line).toMatch(/^Showing the last state that could be explained: cart position 0\.02, cart velocity /);
    expect(line).not.toContain('cart velocity 0.5');
    await page.unroute('**/explain');
    await box(1).fill('0.4');
    await box(1).press('Enter');
    await poll(() => page.locator('.stale-result').count()).toBe(0);
    expect(await page.locator('[data-stale], .notice-error').count()).toBe(0);
  });

  it('says so when a link’s state is beyond the limit, and shows another state', async () => {
    const sent = explains.length;
    await page.goto(`${base}#/runs/${run}/inspect?obs=1e12,0,0,0`);
    await poll(() => page.textContent('[data-bad-link]')).toContain('The link’s state has cart position = 1e12, which cannot be explained (allowed: finite numbers with |x| ≤ 1e9), so another state is shown.');
    await poll(() => explains.length).toBeGreaterThan(sent);
    expect(explains.slice(sent).every((body) => Math.abs(JSON.parse(body).observation[0]) < 1e9)).toBe(true);
    await page.waitForSelector('[data-chart="contributions"] .main-svg');
    expect(await page.locator('.notice-error').count()).toBe(0);
  });
});
