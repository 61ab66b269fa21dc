/**
 * FlappyBird's portrait frames in the episode replay: shown whole, at most 520 px tall in the
 * game's 288:512 proportions (a full-width canvas would be over 1,000 px tall), and saved as a GIF
 * of the game's own size with the caption strip below.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { downloadReplayGif, HAVE_BROWSER, playShortEpisode, SKIP_REASON, useDashboard } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

describe.runIf(HAVE_BROWSER)('FlappyBird in the episode replay', { timeout: 30_000 }, () => {
  let base: string;
  let page: Page;

  useDashboard((s) => ({ base, page } = s));

  it('draws the frame at most 520 px tall in the game’s proportions, and saves it as a GIF', async () => {
    await playShortEpisode(page, base, 'pretrained~FlappyBird-v0', 2, 12);
    const box = (await page.locator('canvas.frame').boundingBox())!;
    expect(box.height).toBeGreaterThan(300);
    expect(box.height).toBeLessThanOrEqual(522); // 520 and the 1 px border on each side
    expect(box.width / box.height).toBeCloseTo(288 / 512, 1);
    const { gif } = await downloadReplayGif(page);
    expect(gif.numFrames()).toBe(13);
    expect([gif.width, gif.height]).toEqual([288, 540]); // the game's 288 × 512 and the caption strip
  });
});
