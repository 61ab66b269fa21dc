/**
 * Finding and launching Debian's Chromium for the end-to-end tests. Without a browser the tests
 * skip with the reason printed, except in CI (`CI=true`), where a missing browser is a failure:
 * CI installs it, so its absence means the dashboard went untested.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Express } from 'express';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApp, DEFAULT_AGENTS_DIR } from '../../src/server/app.ts';
import { closeServer, listen } from '../../src/server/listen.ts';
import { warmWebAssets } from '../../src/server/web-bundle.ts';
import { decodeGif } from '../decode-gif.ts';

export const CHROMIUM_PATH = process.env.QLENS_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_BROWSER = existsSync(CHROMIUM_PATH);
export const IN_CI = process.env.CI === 'true';

const MISSING = `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set QLENS_CHROMIUM)`;
export const SKIP_REASON = `e2e skipped: ${MISSING}`;
export const CI_FAILURE = `CI=true but ${MISSING}: the dashboard would go untested`;

export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

/**
 * The dashboard tests' browser keeps one renderer process for all its pages. By default every
 * `page.goto` from about:blank (`openFresh`) got a new renderer, whose V8 compiled and ran
 * Plotly anew (the full 4.8 MB bundle then): a chart view's load took ~4 s of CPU on this 2-core machine, ~1 s with the
 * renderer (and its compiled code) kept. The page still loads a new document each time.
 */
const ONE_RENDERER = ['--renderer-process-limit=1', '--disable-site-isolation-trials'];

/**
 * `expect.poll` with room for the page to settle. Vitest's default gives up after 1 s, and a poll
 * that reads an element already on the page (old content until a fetch lands) then has 1 s for a
 * chain of API round trips, which a loaded 2-core CI machine can exceed.
 */
export function poll<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 10_000 });
}

/**
 * How long one Playwright call (a wait, a click, a navigation) may take on a dashboard page: under
 * every suite's test timeout (30 s or more), so a wait that never ends fails with Playwright's own
 * message, naming what it waited for, and not with vitest's bare "Test timed out" (Playwright's
 * default is 30 s, the same as most suites' timeout, so vitest's came first). The slowest single
 * steps measured with three busy loops on this 2-core machine took under 5 s (a fresh page load with
 * its first request); a call given its own `timeout` keeps it.
 */
export const WAIT_MS = 15_000;

/** A dashboard server on a free loopback port and a Chromium page on it. */
export interface DashboardSession {
  base: string;
  page: Page;
  close(): Promise<void>;
}

/**
 * The dashboard over `app` (default: the shipped pretrained agents, no runs) and a 1280 × 900 page.
 * Console errors and warnings and page errors go to `problems` when given, for a "console stays
 * clean" check.
 */
export interface DashboardOptions {
  app?: Express;
  problems?: string[];
  page?: BrowserContextOptions;
  /** A file's shared Chromium (`useSharedBrowser`): the page opens in a context of its own there instead of in a new browser. */
  browser?: () => Browser;
}

export async function openDashboard(options: DashboardOptions = {}): Promise<DashboardSession> {
  const { server, url: base } = await listen(options.app ?? createApp({ runsDirs: [], agentsDir: DEFAULT_AGENTS_DIR }), { host: '127.0.0.1', port: 0 });
  // The page's scripts are built (esbuild) and compressed on the first request: here, in the hook's
  // time, not in the first test's first page load.
  const shared = options.browser?.();
  const [browser] = await Promise.all([shared ?? launchChromium(ONE_RENDERER), warmWebAssets()]);
  // A new context (Browser.newPage makes one per page): its own storage, cache and viewport, in a shared browser too.
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, ...options.page });
  page.setDefaultTimeout(WAIT_MS);
  const problems = options.problems;
  if (problems) {
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(`console ${m.type()}: ${m.text()} (${m.location().url})`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  }
  return {
    base,
    page,
    close: async () => {
      await (shared ? page.close() : browser.close()); // closing the page closes its context
      await closeServer(server);
    },
  };
}

/**
 * One Chromium for the suites of a file that holds several, each with its own `useDashboard`:
 * call it in the file's outer suite, before the inner ones, and pass the getter it returns as
 * `useDashboard`'s `browser` option. Each suite still gets a server and a page of its own, in a
 * context of its own (fresh sessionStorage, localStorage, cache and viewport), as a browser of its
 * own would give it; what it saves is a Chromium launch and close per suite.
 */
export function useSharedBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium(ONE_RENDERER);
  }, 60_000);
  afterAll(() => browser?.close());
  return () => {
    if (!browser) throw new Error('useSharedBrowser: the browser is launched in its beforeAll, before the suites inside it open their pages');
    return browser;
  };
}

/**
 * A suite's dashboard, opened before its tests and closed after them: `ready` receives the session
 * (to keep its `base` and `page`, and to open the view the tests share). `options` may be a
 * function that prepares the world first (train runs, build the app), in the hook's time.
 */
export function useDashboard(ready: (session: DashboardSession) => unknown, options: DashboardOptions | (() => Promise<DashboardOptions>) = {}, hookTimeoutMs = 60_000): void {
  let session: DashboardSession | undefined;
  beforeAll(async () => {
    session = await openDashboard(typeof options === 'function' ? await options() : options);
    await ready(session);
  }, hookTimeoutMs);
  afterAll(() => session?.close());
}

/**
 * Opens `url` in a new document. `page.goto` to a URL that differs only in its hash returns before
 * the router's `hashchange` has drawn the new view, so a selector can still match the previous
 * view's content (a CI run clicked the old inspector's button, whose answer went to a detached
 * view). Going through about:blank leaves nothing of the old view to match.
 */
export async function openFresh(page: Page, url: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(url);
}

/** Moves the replay's scrubber to `step` (or its end) as a user's drag does: value, then an input event. */
export function scrubTo(page: Page, step: number | 'end'): Promise<void> {
  return page.$eval(
    '.scrubber',
    (el, step) => {
      const input = el as HTMLInputElement;
      input.value = step === 'end' ? input.max : String(step);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    step,
  );
}

/** Opens run `id`'s episode replay of `seed` and plays `steps` steps of it, the whole episode on the scrubber. */
export async function playShortEpisode(page: Page, base: string, id: string, seed: number, steps: number): Promise<void> {
  // A new document: after another replay, `[data-download-gif]` and the form would still be the old view's.
  await openFresh(page, `${base}#/runs/${id}/replay?seed=${seed}`);
  await page.waitForSelector('[data-download-gif]');
  await page.fill('#max-steps', String(steps));
  await page.click('button[type="submit"]');
  await poll(() => page.getAttribute('.scrubber', 'max')).toBe(String(steps));
}

/** Saves the replay's episode with its ⤓ GIF button; returns the suggested file name and the GIF as a viewer shows it. */
export async function downloadReplayGif(page: Page): Promise<{ name: string; gif: ReturnType<typeof decodeGif> }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-download-gif]')]);
  return { name: download.suggestedFilename(), gif: decodeGif(readFileSync((await download.path())!)) };
}

/** Saves the replay's episode with its ⤓ GIF button; returns the file's bytes, for comparing two saves byte for byte. */
export async function downloadReplayGifBytes(page: Page): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-download-gif]')]);
  return readFileSync((await download.path())!);
}
