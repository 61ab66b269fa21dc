/**
 * The replay's final frame on the shipped pretrained agents: no action is taken there, so the
 * tree panel says how the episode ended (terminated for Acrobot's seed 0, truncated by the time
 * limit for CartPole's) and that the Q-values are for reference only, instead of "Tree and network
 * both pick …"; the frame before it is still a decision. The episode saved as a GIF holds every
 * frame, the final one included, at the playback speed chosen.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { downloadReplayGif, HAVE_BROWSER, openFresh, playShortEpisode, poll, SKIP_REASON, scrubTo, useDashboard } from './browser.ts';

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
    // A new document: after the Acrobot case the old replay (at its end, "Episode over after …") would match the selectors below.
    await openFresh(page, `${base}#/runs/pretrained~${env}/replay?seed=0`);
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

  it('saves the episode as a GIF: every frame, the final one too, at the playback speed chosen', async () => {
    await playShortEpisode(page, base, 'pretrained~CartPole-v1', 3, 12);
    await page.selectOption('[aria-label="Playback speed"]', '0'); // 10 steps/s
    const { name, gif } = await downloadReplayGif(page);
    expect(name).toBe('qlens-pretrained-CartPole-v1-seed3-network.gif');
    expect(gif.numFrames()).toBe(13); // 12 steps and the state after them
    expect([gif.width, gif.height]).toEqual([600, 428]); // CartPole's 600×400 and the caption strip
    expect(gif.frameInfo(0).delay).toBe(10); // centiseconds: 10 frames per second
    const pixels = (k: number) => {
      const rgba = new Uint8Array(gif.width * gif.height * 4);
      gif.decodeAndBlitFrameRGBA(k, rgba);
      return rgba;
    };
    const dark = (rgba: Uint8Array, fromRow: number, toRow: number) => {
      let n = 0;
      for (let p = fromRow * gif.width; p < toRow * gif.width; p++) if (rgba[p * 4]! < 60 && rgba[p * 4 + 1]! < 60 && rgba[p * 4 + 2]! < 60) n++;
      return n;
    };
    const first = pixels(0);
    expect(dark(first, 0, 400)).toBeGreaterThan(1000); // the black cart is drawn
    expect(dark(first, 400, 428)).toBeGreaterThan(50); // and the caption's text under it
    expect(Buffer.from(pixels(12)).equals(Buffer.from(first))).toBe(false); // the pole and cart moved
  });
});
