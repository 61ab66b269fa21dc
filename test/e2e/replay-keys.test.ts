/**
 * The replay's keys: ← and → step and Space plays or pauses wherever the focus is, after a click
 * on a playback button too (they did nothing there); only text fields and pickers keep their keys.
 * A link's seed that is no seed says so instead of silently playing seed 0.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAVE_BROWSER, openFresh, poll, SKIP_REASON, useDashboard } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

describe.runIf(HAVE_BROWSER)('replay keys and links', { timeout: 30_000 }, () => {
  let base: string;
  let page: Page;

  useDashboard((s) => ({ base, page } = s));

  const step = async () => Number(await page.inputValue('.scrubber'));

  it('steps with the arrows and plays with Space after a click on a playback button', async () => {
    await page.goto(`${base}#/runs/pretrained~CartPole-v1/replay?seed=1&step=10`);
    await page.waitForSelector('.scrubber');
    await poll(step).toBe(10);
    await page.click('[aria-label="Next step"]');
    await poll(step).toBe(11);
    await page.keyboard.press('ArrowRight');
    await poll(step).toBe(12);
    await page.keyboard.press('ArrowLeft');
    await poll(step).toBe(11);
    await page.keyboard.press(' '); // plays (it does not press the focused ▶ button, which would pause)
    await poll(() => page.textContent('[aria-label="Play or pause"]')).toContain('Pause');
    await poll(step).toBeGreaterThan(13);
    await page.keyboard.press(' ');
    await poll(() => page.textContent('[aria-label="Play or pause"]')).toContain('Play');
    // In the seed field the arrows are the field's.
    const before = await step();
    await page.focus('#seed');
    await page.keyboard.press('ArrowRight');
    expect(await step()).toBe(before);
  });

  it('counts the step’s own reward in the return it shows beside it', async () => {
    // A new document: the replay before (paused past step 13, "return with it 15") also contains "return with it 1",
    // and → would step that old view.
    await openFresh(page, `${base}#/runs/pretrained~CartPole-v1/replay?seed=1&step=0`);
    await page.waitForSelector('.scrubber');
    await poll(() => page.textContent('.step-panel p')).toContain('· reward 1 · return with it 1');
    await page.keyboard.press('ArrowRight');
    await poll(() => page.textContent('.step-panel p')).toContain('· reward 1 · return with it 2');
  });

  it('says when a link’s seed is no seed, and plays seed 0', async () => {
    await page.goto(`${base}#/runs/pretrained~CartPole-v1/replay?seed=abc`);
    await page.waitForSelector('.scrubber');
    expect(await page.textContent('[data-bad-link]')).toBe('The link’s seed “abc” is not a whole number ≥ 0, so seed 0 plays.');
    expect(await page.inputValue('#seed')).toBe('0');
  });
});
