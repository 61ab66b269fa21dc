/**
 * Finding and launching Debian's Chromium for the end-to-end tests. Without a browser the tests
 * skip with the reason printed, except in CI (`CI=true`), where a missing browser is a failure:
 * CI installs it, so its absence means the dashboard went untested.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM_PATH = process.env.QLENS_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_BROWSER = existsSync(CHROMIUM_PATH);
export const IN_CI = process.env.CI === 'true';

const MISSING = `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set QLENS_CHROMIUM)`;
export const SKIP_REASON = `e2e skipped: ${MISSING}`;
export const CI_FAILURE = `CI=true but ${MISSING}: the dashboard would go untested`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * `expect.poll` with room for the page to settle. Vitest's default gives up after 1 s, and a poll
 * that reads an element already on the page (old content until a fetch lands) then has 1 s for a
 * chain of API round trips, which a loaded 2-core CI machine can exceed.
 */
export function poll<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 10_000 });
}
