/**
 * FlappyBird's portrait frames in the episode replay: shown whole, at most 520 px tall in the
 * game's 288:512 proportions (a full-width canvas would be over 1,000 px tall), and saved as a GIF
 * of the game's own size with the caption strip below.
 */
import { readFileSync } from 'node:fs';
import { GifReader } from 'omggif';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAVE_BROWSER, poll, SKIP_REASON, useDashboard } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

describe.runIf(HAVE_BROWSER)('FlappyBird in the episode replay', { timeout: 30_000 }, () => {
  let base: string;
  let page: Page;

  useDashboard((s) => ({ base, page } = s));

  it('draws the frame at most 520 px tall in the game’s proportions, and saves it as a GIF', async () => {
    await page.goto(`${base}#/runs/pretrained~FlappyBird-v0/replay?seed=2`);
    await page.waitForSelector('[data-download-gif]');
    await page.fill('#max-steps', '12');
    await page.click('button[type="submit"]');
    await poll(() => page.getAttribute('.scrubber', 'max')).toBe('12');
    const box = (await page.locator('canvas.frame').boundingBox())!;
    expect(box.height).toBeGreaterThan(300);
    expect(box.height).toBeLessThanOrEqual(522); // 520 and the 1 px border on each side
    expect(box.width / box.height).toBeCloseTo(288 / 512, 1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-download-gif]')]);
    const gif = new GifReader(readFileSync((await download.path())!));
    expect(gif.numFrames()).toBe(13);
    expect([gif.width, gif.height]).toEqual([288, 540]); // the game's 288 × 512 and the caption strip
  });
});
