/**
 * A typed value outside the observation space (the sliders' help says "Type a value to go beyond"):
 * the attribution methods that need no bounds still run, the note names the ones left out (LIME)
 * and why, and the counterfactual and PDP sections say plainly that they need a state inside the
 * space, with the feature's human name, instead of failing with the server's raw message and a
 * "Try again" that could only fail again.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAVE_BROWSER, openFresh, poll, SKIP_REASON, useDashboard } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

describe.runIf(HAVE_BROWSER)('the inspector at a state outside the observation space', { timeout: 60_000 }, () => {
  const run = 'pretrained~CartPole-v1';
  let base: string;
  let page: Page;
  const asked: string[][] = [];

  useDashboard(async (s) => {
    ({ base, page } = s);
    page.on('request', (r) => r.url().endsWith('/attributions') && asked.push(JSON.parse(r.postData() ?? '{}').methods ?? []));
    await openFresh(page, `${base}#/runs/${run}/inspect`);
    await page.waitForSelector('[data-chart="attributions"] .main-svg');
  });

  const cartPosition = () => page.locator('.whatif-row').nth(0).locator('input.whatif-box');
  const type = async (value: string) => {
    await cartPosition().fill(value);
    await cartPosition().dispatchEvent('change');
  };

  it('runs every ticked method that needs no bounds and names the one left out', async () => {
    for (const m of ['kernelshap', 'exact', 'ig']) await page.check(`input[data-method="${m}"]`);
    await poll(() => page.textContent('[data-slot="network-attributions"] .method-checks [role="status"]')).toMatch(/ 6 methods in \d+ ms\.$/);
    await type('5');
    await poll(() => page.textContent('p[data-outside-space]').catch(() => '')).toBe(
      'LIME left out: it needs a state inside the observation space, and cart position = 5.000 is above its bound 4.800. The other ticked methods are shown; move the state back inside to see it too.',
    );
    await poll(() => page.textContent('[data-slot="network-attributions"] .method-checks [role="status"]')).toMatch(/ 5 methods in \d+ ms\.$/);
    expect(asked.at(-1)!.sort()).toEqual(['exact', 'ig', 'kernelshap', 'saliency', 'shap']);
    expect(await page.locator('.attr-results.stale').count()).toBe(0);
  });

  it('keeps the counterfactual and PDP from asking, and says why in words', async () => {
    for (const section of ['counterfactual', 'pdp']) {
      expect(await page.isDisabled(`button[data-run="${section}"]`), section).toBe(true);
      expect(await page.textContent(`[data-section="${section}"] .toolbar [role="status"]`), section).toBe(
        'This needs a state inside the observation space, and cart position = 5.000 is above its bound 4.800: move it back inside to compute it.',
      );
    }
    // Back inside: both can run again, and the notes are gone.
    await type('0.5');
    await poll(() => page.locator('[data-outside-space]').count()).toBe(0);
    expect(await page.isDisabled('button[data-run="counterfactual"]')).toBe(false);
    await page.click('button[data-run="counterfactual"]');
    await page.waitForSelector('[data-cf-sentence]');
  });

  it('names what failed without stray punctuation, and offers no retry for a refused request', async () => {
    await page.route('**/attributions', (r) => r.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: 'bad request', detail: 'refused' }) }));
    try {
      await page.click('button[data-run="counterfactual"]');
      await page.waitForSelector('[data-section="counterfactual"] .card-note-error');
      const note = await page.textContent('[data-section="counterfactual"] .card-note-error strong');
      expect(note).toBe('Could not compute the counterfactual. ');
      expect(await page.locator('[data-section="counterfactual"] .card-note-error button').count()).toBe(0);
    } finally {
      await page.unroute('**/attributions');
    }
  });
});
