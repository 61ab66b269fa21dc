/**
 * One launch of the main job as a new user sees it: a real process runs
 * `node src/cli/bin.js start --out <tmp> --port 0` (what `npm start` runs) with an empty cache,
 * as on a fresh clone: the CLI is compiled first (src/cli/compiled.js), and tsx's transpile cache
 * is off. Chromium opens the URL it prints,
 * with every request to anything but that server refused (no CDN, no network), clicks the live run
 * in the runs list and waits for the returns chart to hold a point, then for the "Solved at step"
 * figure. Times are from the process launch; Chromium is started first so its own start-up is not
 * counted.
 *
 * Shared by test/e2e/start.test.ts (does it work, offline, without page errors) and bench/start.ts
 * (how fast: issue 5's "live curves within 5 s, a solved agent within 60 s").
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startQlens } from '../cli/qlens-process.ts';
import { launchChromium } from './browser.ts';

const CACHE_PARENT = join(import.meta.dirname, '../../node_modules/.cache');

export interface StartTimes {
  urlMs: number;
  curvesMs: number;
  solvedMs: number;
  solvedStep: number;
}

export interface StartSessionResult extends StartTimes {
  /** Requests the page made to anything but the dashboard (all refused). */
  outside: string[];
  /** Uncaught errors in the page. */
  pageErrors: string[];
}

/** Resolves with the first capture of `pattern` in the process's output. */
function waitForLine(child: ChildProcess, pattern: RegExp, out: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = pattern.exec(out.join(''));
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`qlens start exited with ${code} before printing ${pattern}:\n${out.join('')}`)));
    check();
  });
}

/** Runs one launch to the solved figure; `giveUpMs` bounds the whole wait. Always cleans up. */
export async function startSession(giveUpMs: number): Promise<StartSessionResult> {
  let browser: Browser | undefined;
  let child: ChildProcess | undefined;
  const out = mkdtempSync(join(tmpdir(), 'qlens-start-'));
  // An empty compile cache of its own, inside node_modules as the real one is (its imports of
  // packages resolve from there).
  mkdirSync(CACHE_PARENT, { recursive: true });
  const cache = mkdtempSync(join(CACHE_PARENT, 'qlens-fresh-'));
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    const output: string[] = [];
    const t0 = performance.now();
    // Port 0: the system picks a free one, and the process prints the URL it bound.
    ({ child } = startQlens(['start', '--out', join(out, 'runs'), '--port', '0', '--no-progress'], { TSX_DISABLE_CACHE: '1', QLENS_CACHE_DIR: cache, NO_COLOR: '1' }));
    child.stdout!.setEncoding('utf8').on('data', (s: string) => output.push(s));
    child.stderr!.setEncoding('utf8').on('data', (s: string) => output.push(s));
    const url = await waitForLine(child, /qlens dashboard: (\S+)/, output);
    const urlMs = performance.now() - t0;
    const runId = basename(await waitForLine(child, /into (\S+)\n/, output));

    const origin = new URL(url).origin;
    const outside: string[] = [];
    await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : (outside.push(route.request().url()), route.abort())));

    await page.goto(url);
    await page.click(`tr[data-run="${runId}"] td:nth-child(2)`);
    const left = () => Math.max(1_000, giveUpMs - (performance.now() - t0));
    await page.waitForFunction(() => ((document.querySelector('[data-chart="returns"]') as unknown as { data?: { x: unknown[] }[] })?.data?.[0]?.x.length ?? 0) > 0, null, { timeout: left(), polling: 50 });
    const curvesMs = performance.now() - t0;
    // The stats are re-rendered as metrics arrive, so the figure is looked up afresh on every poll.
    const solvedText = await page.waitForFunction(
      () => {
        const stat = [...document.querySelectorAll('.stat')].find((s) => s.textContent?.includes('Solved at step'));
        const text = stat?.querySelector('.stat-value')?.textContent ?? '';
        return /^[\d,]+$/.test(text) ? text : null;
      },
      null,
      { timeout: left(), polling: 100 },
    );
    const solvedMs = performance.now() - t0;
    const solvedStep = Number((await solvedText.jsonValue())!.replace(/,/g, ''));
    return { urlMs: Math.round(urlMs), curvesMs: Math.round(curvesMs), solvedMs: Math.round(solvedMs), solvedStep, outside, pageErrors };
  } finally {
    await browser?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGINT'); // Ctrl-C: the dashboard closes and the process exits
      const timer = setTimeout(() => child!.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(out, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
}
