/**
 * The episode replay in real Chromium on the shipped pretrained agents, one suite per concern.
 * The suites share one Chromium (each has its own server and a page in a context of its own, as
 * a browser of its own would give it): a launch per suite cost more than most of its tests.
 */
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { downloadReplayGif, downloadReplayGifBytes, HAVE_BROWSER, openFresh, playShortEpisode, poll, SKIP_REASON, scrubTo, useDashboard, useSharedBrowser } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

describe.runIf(HAVE_BROWSER)('the episode replay', () => {
  const browser = useSharedBrowser();

  /**
   * FlappyBird's portrait frames in the episode replay: shown whole, at most 520 px tall in the
   * game's 288:512 proportions (a full-width canvas would be over 1,000 px tall), and saved as a GIF
   * of the game's own size with the caption strip below.
   */
  describe('FlappyBird in the episode replay', { timeout: 30_000 }, () => {
    let base: string;
    let page: Page;

    useDashboard((s) => ({ base, page } = s), { browser });

    it('draws the frame at most 520 px tall in the game’s proportions, and saves it as a GIF', async () => {
      await playShortEpisode(page, base, 'pretrained~FlappyBird-v0', 2, 12);
      const box = (await page.locator('canvas.frame').boundingBox())!;
      expect(box.height).toBeGreaterThan(300);
      expect(box.height).toBeLessThanOrEqual(522); // 520 and the 1 px border on each side
      expect(box.width / box.height).toBeCloseTo(288 / 512, 1);
      const { gif } = await downloadReplayGif(page);
      expect(gif.frames).toHaveLength(13);
      expect([gif.width, gif.height]).toEqual([288, 540]); // the game's 288 × 512 and the caption strip
    });
  });

  /**
   * The replay's GIF is encoded in a dedicated worker (gif-worker.js), not on the page's main thread,
   * where a 500-step episode once meant ~7 s of 100 ms+ tasks and a stuttering replay. The worker's
   * GIF is byte for byte the one the page's own fallback encodes (used only when no worker can be
   * started), and leaving the view stops the worker.
   */
  describe('the replay’s GIF worker', { timeout: 60_000 }, () => {
    let base: string;
    let page: Page;

    useDashboard((s) => ({ base, page } = s), { browser });

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

  /**
   * The replay's final frame on the shipped pretrained agents: no action is taken there, so the
   * tree panel says how the episode ended (terminated for Acrobot's seed 0, truncated by the time
   * limit for CartPole's) and that the Q-values are for reference only, instead of "Tree and network
   * both pick …"; the frame before it is still a decision. The episode saved as a GIF holds every
   * frame, the final one included, at the playback speed chosen.
   */
  describe('the replay’s final frame', { timeout: 30_000 }, () => {
    let base: string;
    let page: Page;

    useDashboard((s) => ({ base, page } = s), { browser });

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
      expect(gif.frames).toHaveLength(13); // 12 steps and the state after them
      expect([gif.width, gif.height]).toEqual([600, 428]); // CartPole's 600×400 and the caption strip
      expect(gif.frames[0]!.delay).toBe(10); // centiseconds: 10 frames per second
      const pixels = (k: number) => gif.frames[k]!.pixels;
      const dark = (rgba: Uint8ClampedArray, fromRow: number, toRow: number) => {
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

  /**
   * The replay's keys: ← and → step and Space plays or pauses wherever the focus is, after a click
   * on a playback button too (they did nothing there); only text fields and pickers keep their keys.
   * A link's seed that is no seed says so instead of silently playing seed 0.
   */
  describe('replay keys and links', { timeout: 30_000 }, () => {
    let base: string;
    let page: Page;

    useDashboard((s) => ({ base, page } = s), { browser });

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
      // 1e20 is a whole number past the seeds an episode takes: it got the server's raw "body.seed: Too big".
      for (const bad of ['abc', '1e20']) {
        await openFresh(page, `${base}#/runs/pretrained~CartPole-v1/replay?seed=${bad}`);
        await page.waitForSelector('.scrubber');
        expect(await page.textContent('[data-bad-link]')).toBe(`The link’s seed “${bad}” is not a whole number from 0 to 2,147,483,647, so seed 0 plays.`);
        expect(await page.inputValue('#seed')).toBe('0');
      }
    });

    it('keeps a max steps other than the env’s in its link, and says when a link’s is none', async () => {
      await openFresh(page, `${base}#/runs/pretrained~CartPole-v1/replay?seed=2&maxSteps=40`);
      await page.waitForSelector('.scrubber');
      expect(await page.inputValue('#max-steps')).toBe('40');
      expect(await page.getAttribute('.scrubber', 'max')).toBe('40'); // the episode was cut there
      // The episode plays and the step on screen goes into the link: the cut stays in it.
      await poll(() => page.url()).toMatch(/replay\?seed=2&step=\d+&maxSteps=40$/);
      // The env's own limit is left out of links.
      await page.fill('#max-steps', '500');
      await page.click('button:has-text("Play episode")');
      await poll(() => page.url()).toMatch(/replay\?seed=2(&step=\d+)?$/);
      expect(await page.getAttribute('.scrubber', 'max')).toBe('500');
      for (const bad of ['0', '9999', 'x', '1e2']) {
        await openFresh(page, `${base}#/runs/pretrained~CartPole-v1/replay?seed=2&maxSteps=${bad}`);
        await page.waitForSelector('.scrubber');
        expect(await page.textContent('[data-bad-link]')).toBe(`The link’s max steps “${bad}” is not a whole number from 1 to 5,000, so the environment’s 500 apply.`);
        expect(await page.inputValue('#max-steps')).toBe('500');
      }
    });
  });

  /**
   * The replay keeps its step in the URL (`…/replay?seed=0&step=37`) on the shipped pretrained
   * CartPole agent (500-step episodes, with a tree, so a step has "Inspect this state"): scrubbing
   * and playing rewrite the current history entry (never one entry per frame), Back from the
   * inspector returns to the step, paused, a shared link opens there, and a bad or too-large step
   * says so in the bad-link style instead of failing.
   */
  describe('the replay’s step in its URL', { timeout: 30_000 }, () => {
    const run = 'pretrained~CartPole-v1';
    let base: string;
    let page: Page;
    const problems: string[] = [];

    useDashboard((s) => ({ base, page } = s), { problems, browser });

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
});
