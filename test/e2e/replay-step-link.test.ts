/**
 * The replay keeps its step in the URL (`…/replay?seed=0&step=37`) on the shipped pretrained
 * CartPole agent (500-step episodes, with a tree, so a step has "Inspect this state"): scrubbing
 * and playing rewrite the current history entry (never one entry per frame), Back from the
 * inspector returns to the step, paused, a shared link opens there, and a bad or too-large step
 * says so in the bad-link style instead of failing.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAVE_BROWSER, openFresh, poll, SKIP_REASON, scrubTo, useDashboard } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

describe.runIf(HAVE_BROWSER)('the replay’s step in its URL', { timeout: 30_000 }, () => {
  const run = 'pretrained~CartPole-v1';
  let base: string;
  let page: Page;
  const problems: string[] = [];

  useDashboard((s) => ({ base, page } = s), { problems });

  const hash = () => page.evaluate(() => location.hash);
  const historyLength = () => page.evaluate(() => history.length);
  const scrub = (step: number | 'end') => scrubTo(page, step);
  const stepHeading = () => page.textContent('.step-panel h2');
  const playing = async () => (await page.textContent('.transport button[aria-label="Play or pause"]'))!.includes('Pause');

  it('writes the step on screen into the replay’s own history entry as it plays and scrubs', async () => {
    await page.goto(`${base}#/runs/${run}/replay?seed=0`);
    await page.waitForSelector('.scrubber');
    const entries = await historyLength();
    // Playing at 60 steps/s: the URL follows, throttled, in the same history entry.
    await page.selectOption('select[aria-label="Playback speed"]', '2');
    await poll(hash).toMatch(/^#\/runs\/pretrained~CartPole-v1\/replay\?seed=0&step=([1-9]\d*)$/);
    // And keeps following it: a later write carries a later step.
    const stepInHash = async () => Number(/step=(\d+)$/.exec(await hash())?.[1] ?? -1);
    const first = await stepInHash();
    await poll(stepInHash).toBeGreaterThan(first);
    expect(await playing()).toBe(true);
    await page.click('.transport button[aria-label="Play or pause"]');
    const paused = Number(await page.inputValue('.scrubber'));
    await poll(hash).toBe(`#/runs/${run}/replay?seed=0&step=${paused}`);
    await scrub(37);
    await poll(hash).toBe(`#/runs/${run}/replay?seed=0&step=37`);
    // The keys step the replay unless a control has the focus (the play button still has it).
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('ArrowRight');
    await poll(hash).toBe(`#/runs/${run}/replay?seed=0&step=38`);
    await page.keyboard.press('ArrowLeft');
    await poll(hash).toBe(`#/runs/${run}/replay?seed=0&step=37`);
    expect(await historyLength()).toBe(entries);
  });

  it('comes Back from “Inspect this state” to the same step, paused', async () => {
    await page.click('[data-slot="tree"] a[data-inspect]');
    await page.waitForSelector('[data-chart="contributions"] .main-svg');
    expect(await page.textContent('.origin')).toContain('From the episode replay: seed 0, step 37');
    expect(await page.getAttribute('.origin a[data-origin-link]', 'href')).toBe(`#/runs/${run}/replay?seed=0&step=37`);
    await page.goBack();
    await poll(stepHeading).toBe('Step 37 of 500');
    expect(await playing()).toBe(false);
    await page.waitForTimeout(500); // an absence (no autoplay) has no event to wait for
    expect(await stepHeading()).toBe('Step 37 of 500');
    expect(await page.inputValue('.scrubber')).toBe('37');
    expect(await hash()).toBe(`#/runs/${run}/replay?seed=0&step=37`);
    expect(await page.locator('[data-bad-link]').count()).toBe(0);
  });

  it('links a state of an episode the tree played back to that episode, not the network’s of the same seed', async () => {
    await page.goto(`${base}#/runs/${run}/replay?seed=3&policy=tree&step=12`);
    await poll(stepHeading).toBe('Step 12 of 500');
    await page.click('[data-slot="tree"] a[data-inspect]');
    await page.waitForSelector('.origin a[data-origin-link]');
    expect(await page.textContent('.origin')).toContain('From the episode replay: seed 3, the tree acting, step 12');
    expect(await page.getAttribute('.origin a[data-origin-link]', 'href')).toBe(`#/runs/${run}/replay?seed=3&policy=tree&step=12`);
  });

  it('opens a shared link at its step, paused, and a new episode from the start, playing', async () => {
    await page.goto(`${base}#/runs/${run}/replay?seed=1&step=120`);
    await poll(stepHeading).toBe('Step 120 of 500');
    expect(await page.textContent('.summary-line')).toContain('seed 1');
    expect(await playing()).toBe(false);
    await page.fill('#seed', '2');
    await page.click('form button[type="submit"]');
    await poll(() => page.textContent('.summary-line')).toContain('seed 2');
    expect(await playing()).toBe(true);
    await poll(hash).toMatch(/^#\/runs\/pretrained~CartPole-v1\/replay\?seed=2&step=\d+$/);
  });

  it('clamps a step past the end and says so', async () => {
    await page.goto(`${base}#/runs/${run}/replay?seed=0&step=99999`);
    await poll(stepHeading).toBe('Episode over after 500 steps');
    expect(await playing()).toBe(false);
    expect(await page.textContent('[data-bad-link]')).toBe('The link’s step 99,999 is past the end of this 500-step episode, so it opens at the end (step 500), paused.');
    await poll(hash).toBe(`#/runs/${run}/replay?seed=0&step=500`);
  });

  it('says what is wrong with a step that is not a whole number ≥ 0, and opens at the start', async () => {
    for (const bad of ['-3', '2.5', 'abc']) {
      // A new document: the replay before has a bad-link note too (and at step 0, paused, after the first bad step).
      await openFresh(page, `${base}#/runs/${run}/replay?seed=0&step=${bad}`);
      await poll(() => page.locator('[data-bad-link]').count()).toBe(1);
      expect(await page.textContent('[data-bad-link]')).toBe(`The link’s step “${bad}” is not a whole number ≥ 0, so the episode opens at its start, paused.`);
      await poll(stepHeading).toBe('Step 0 of 500');
      expect(await playing()).toBe(false);
      expect(await page.locator('.notice-error').count()).toBe(0);
    }
  });

  it('logged no console errors or page errors', () => {
    expect(problems).toEqual([]);
  });
});
