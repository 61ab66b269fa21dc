/**
 * The replay's final frame on the shipped pretrained agents: no action is taken there, so the
 * tree panel says how the episode ended (terminated for Acrobot's seed 0, truncated by the time
 * limit for CartPole's) and that the Q-values are for reference only, instead of "Tree and network
 * both pick …"; the frame before it is still a decision.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAVE_BROWSER, useDashboard, poll, SKIP_REASON, scrubTo } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

describe.runIf(HAVE_BROWSER)('the replay’s final frame', { timeout: 30_000 }, () => {
  let base: string;
  let page: Page;

  useDashboard((s) => ({ base, page } = s));

  const scrub = (step: number | 'end') => scrubTo(page, step);
  const treeText = () => page.textContent('.step-panel [data-slot="tree"]');

  it.each([
    ['Acrobot-v1', 'terminated', 'The episode terminated here (it reached a terminal state): no action is taken in this state, so its Q-values are shown for reference only.'],
    ['CartPole-v1', 'truncated', 'The episode was truncated here by the time limit: no action is taken in this state, so its Q-values are shown for reference only.'],
  ])('%s: the tree panel says the episode %s there', async (env, ending, sentence) => {
    await page.goto(`${base}#/runs/pretrained~${env}/replay?seed=0`);
    await page.waitForSelector('.scrubber');
    const last = Number(await page.getAttribute('.scrubber', 'max'));
    await scrub(last - 1);
    await poll(treeText).toMatch(/Tree and network both pick|The tree would pick/);
    await scrub('end');
    await poll(() => page.textContent('.step-panel h2')).toMatch(/^Episode over after/);
    await poll(() => page.getAttribute('.step-panel [data-slot="tree"] [data-ended]', 'data-ended')).toBe(ending);
    expect(await page.textContent('.step-panel [data-slot="tree"] [data-ended]')).toBe(sentence);
    expect(await treeText()).not.toMatch(/both pick|would pick|picks/);
    expect(await page.textContent('.step-panel')).toContain('No action is taken in the final state: these Q-values are shown for reference only.');
  });
});
