/**
 * The replay's GIF is encoded in a dedicated worker (gif-worker.js), not on the page's main thread,
 * where a 500-step episode once meant ~7 s of 100 ms+ tasks and a stuttering replay. The worker's
 * GIF is byte for byte the one the page's own fallback encodes (used only when no worker can be
 * started), and leaving the view stops the worker.
 */
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { downloadReplayGifBytes, HAVE_BROWSER, openFresh, playShortEpisode, poll, SKIP_REASON, useDashboard } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

describe.runIf(HAVE_BROWSER)('the replay’s GIF worker', { timeout: 60_000 }, () => {
  let base: string;
  let page: Page;

  useDashboard((s) => ({ base, page } = s));

  const encodedIn = () => page.getAttribute('[data-download-gif]', 'data-gif-encoded-in');

  it('is served from the same origin as JavaScript, under a CSP that allows same-origin workers only', async () => {
    const res = await fetch(new URL('gif-worker.js', base));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await res.text()).toContain('GIF'); // the bundled worker (gifenc's encoder inside)
    expect(res.headers.get('content-security-policy')).toContain("worker-src 'self';");
  });

  it('encodes the GIF in the worker, the same bytes as the page’s fallback', async () => {
    await playShortEpisode(page, base, 'pretrained~CartPole-v1', 3, 12);
    const requested: string[] = [];
    const onRequest = (r: Request) => requested.push(new URL(r.url()).pathname);
    page.on('request', onRequest);
    const viaWorker = await downloadReplayGifBytes(page);
    page.off('request', onRequest);
    expect(await encodedIn()).toBe('worker');
    expect(requested).toContain('/gif-worker.js');

    // No Worker constructor: the button falls back to encoding on the page, as it did before the worker.
    await page.evaluate(() => Object.defineProperty(window, 'Worker', { value: undefined }));
    const inPage = await downloadReplayGifBytes(page);
    expect(await encodedIn()).toBe('page');
    expect(inPage.length).toBeGreaterThan(10_000);
    expect(viaWorker.equals(inPage)).toBe(true);
  });

  it('stops the worker when the view is left mid-GIF, and saves nothing', async () => {
    await openFresh(page, `${base}#/runs/pretrained~CartPole-v1/replay?seed=0`); // a new document, with its Worker back
    await page.waitForSelector('[data-download-gif]');
    await poll(() => page.getAttribute('.scrubber', 'max')).toBe('500');
    const [worker] = await Promise.all([page.waitForEvent('worker'), page.click('[data-download-gif]')]);
    expect(new URL(worker.url()).pathname).toBe('/gif-worker.js');
    await poll(() => page.textContent('[data-download-gif]')).toMatch(/Making GIF… [1-9]/);
    // Bounded well under the test's timeout, so a worker left running fails here by name, not as a bare test timeout.
    const closed = worker.waitForEvent('close', { timeout: 10_000 });
    await page.goto(`${base}#/runs`); // in the same document: leaving the view, not the page, must stop the worker
    await closed; // terminated after the next frame's progress, well before the 500 frames are done
    // A worker left to finish would close only at the end, and its GIF would be saved right after.
    await expect(page.waitForEvent('download', { timeout: 3_000 })).rejects.toThrow(/Timeout/);
  });
});
