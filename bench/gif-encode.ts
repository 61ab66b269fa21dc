/**
 * The replay's "⤓ GIF" in Chromium, one JSON object on stdout: a 500-step CartPole episode (the
 * pretrained agent, seed 0, which lasts to the time limit) is saved as a GIF `--rounds` times with
 * the replay paused (`paused`: the GIF's own cost to the page) and `--rounds` times while the replay
 * plays it from the start at 30 steps/s (`playing`: what a user sees), and for each round the page
 * measures
 *
 *   encodeMs        the click until the button is back (the GIF handed to the download);
 *   longestTaskMs   the longest main-thread task in that time (PerformanceObserver 'longtask',
 *                   which reports tasks over 50 ms; 0 when there were none);
 *   longTasks       how many such tasks there were;
 *   longestFrameGapMs  the longest gap between requestAnimationFrame callbacks (a stutter of the
 *                   page; ~17 ms when it keeps up);
 *   mainThreadCpuMs, longestTaskCpuMs   CPU time of the page's main thread in that time, and of
 *                   its longest task, from a Chromium trace (`RunTask` events' thread time):
 *                   unlike the wall-clock figures above, other processes on the machine barely
 *                   move them (with 2 busy cores, a 20 ms task can take 200 ms of wall clock);
 *   workerCpuMs     CPU time of dedicated workers (the GIF worker) in that time.
 *
 * Each scenario reports its median round's figures, every round, and `control`: the same probes
 * over as long without a GIF (the page's own cost: the playing replay alone has tasks of ~50 ms
 * CPU). The machine has 2 shared cores, so run it beside nothing else heavy, and compare figures
 * from the same session.
 *
 * Usage: npx tsx bench/gif-encode.ts [--rounds R]
 */
import type { Page } from 'playwright-core';
import { createApp, DEFAULT_AGENTS_DIR } from '../src/server/app.ts';
import { closeServer, listen } from '../src/server/listen.ts';
import { HAVE_BROWSER, launchChromium, scrubTo } from '../test/e2e/browser.ts';

const roundsAt = process.argv.indexOf('--rounds');
const ROUNDS = roundsAt < 0 ? 3 : Number(process.argv[roundsAt + 1]);
const STEPS = 500;

interface Round {
  encodeMs: number;
  mainThreadCpuMs: number;
  longestTaskCpuMs: number;
  workerCpuMs: number;
  longestTaskMs: number;
  longTasks: number;
  longestFrameGapMs: number;
}

/** Installs the probes in the page: long tasks, animation frames, and the click and the button's return. */
const PROBE = `(() => {
  const probe = { t0: 0, t1: 0, tasks: [], frames: [], stop: false };
  window.gifProbe = probe;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask' });
  const tick = (t) => {
    probe.frames.push(t);
    if (!probe.stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const button = document.querySelector('[data-download-gif]');
  button.addEventListener('click', () => (probe.t0 = performance.now()), { capture: true, once: true });
  new MutationObserver((_, observer) => {
    if (probe.t0 && !button.disabled) {
      probe.t1 = performance.now();
      observer.disconnect();
    }
  }).observe(button, { attributes: true, attributeFilter: ['disabled'] });
})()`;

/**
 * Starts the probes, clicks ⤓ GIF, waits for the download, and reads the probes; or, for the
 * control (`controlMs`), reads them over that long with the replay playing and no GIF made.
 */
async function round(page: Page, playing: boolean, controlMs?: number): Promise<Round> {
  // Scrubbing pauses; a playing round plays from the start (30 steps/s: ~17 s), so every round has the same replay to keep smooth.
  await scrubTo(page, 0);
  if (playing) await page.click('[aria-label="Play or pause"]');
  // A string, not a function: tsx would wrap the named functions inside in a `__name` helper the page lacks.
  await page.evaluate(PROBE);
  await page.context().browser()!.startTracing(page, { categories: ['toplevel', 'disabled-by-default-devtools.timeline'] });
  if (controlMs === undefined) {
    await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('[data-download-gif]')]);
    await page.waitForFunction(() => (window as unknown as { gifProbe: { t1: number } }).gifProbe.t1 > 0);
  } else {
    await page.evaluate(() => ((window as unknown as { gifProbe: { t0: number } }).gifProbe.t0 = performance.now()));
    await page.waitForTimeout(controlMs);
    await page.evaluate(() => ((window as unknown as { gifProbe: { t1: number } }).gifProbe.t1 = performance.now()));
  }
  const cpu = threadCpu(JSON.parse((await page.context().browser()!.stopTracing()).toString('utf8')) as Trace);
  const p = await page.evaluate(() => {
    const probe = (window as unknown as { gifProbe: { t0: number; t1: number; tasks: { start: number; duration: number }[]; frames: number[]; stop: boolean } }).gifProbe;
    probe.stop = true;
    return probe;
  });
  const during = p.tasks.filter((t) => t.start + t.duration >= p.t0 && t.start <= p.t1);
  const frames = p.frames.filter((t) => t >= p.t0 && t <= p.t1);
  let gap = 0;
  for (let i = 1; i < frames.length; i++) gap = Math.max(gap, frames[i]! - frames[i - 1]!);
  const r = (x: number) => Math.round(x);
  return { encodeMs: r(p.t1 - p.t0), ...cpu, longestTaskMs: r(Math.max(0, ...during.map((t) => t.duration))), longTasks: during.length, longestFrameGapMs: r(gap) };
}

interface Trace {
  traceEvents: { ph: string; name: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } }[];
}

/** From a Chromium trace: the CPU time of the page's main thread (and its longest task's) and of dedicated workers. */
function threadCpu(trace: Trace): Pick<Round, 'mainThreadCpuMs' | 'longestTaskCpuMs' | 'workerCpuMs'> {
  const names = new Map<string, string>();
  for (const e of trace.traceEvents) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const perThread = new Map<string, { name: string; cpu: number; longest: number }>();
  for (const e of trace.traceEvents) {
    if (e.ph !== 'X' || e.name !== 'RunTask' || e.tdur === undefined) continue;
    const key = `${e.pid}:${e.tid}`;
    const t = perThread.get(key) ?? { name: names.get(key) ?? '', cpu: 0, longest: 0 };
    t.cpu += e.tdur / 1000;
    t.longest = Math.max(t.longest, e.tdur / 1000);
    perThread.set(key, t);
  }
  const threads = [...perThread.values()];
  // The busiest renderer main thread is the page's (an idle about:blank renderer may be traced too).
  const main = threads.filter((t) => t.name === 'CrRendererMain').sort((a, b) => b.cpu - a.cpu)[0];
  const workers = threads.filter((t) => /DedicatedWorker/.test(t.name));
  const r = (x: number) => Math.round(x);
  return { mainThreadCpuMs: r(main?.cpu ?? 0), longestTaskCpuMs: r(main?.longest ?? 0), workerCpuMs: r(workers.reduce((sum, t) => sum + t.cpu, 0)) };
}

const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `ROUNDS` GIFs with the replay paused or playing, the median of each figure, and the control. */
async function scenario(page: Page, playing: boolean) {
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await round(page, playing));
  const median: Record<string, number> = {};
  for (const k of Object.keys(rounds[0]!) as (keyof Round)[]) median[k] = medianOf(rounds.map((r) => r[k]));
  // The control: as long as the median GIF took, nothing else.
  const { encodeMs: _, ...control } = await round(page, playing, median.encodeMs);
  return { ...median, control, rounds };
}

if (!HAVE_BROWSER) {
  process.stdout.write(`${JSON.stringify({ skipped: 'no Chromium' })}\n`);
} else {
  const { server, url: base } = await listen(createApp({ runsDirs: [], agentsDir: DEFAULT_AGENTS_DIR }), { host: '127.0.0.1', port: 0 });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}#/runs/pretrained~CartPole-v1/replay?seed=0`);
    await page.waitForSelector('[data-download-gif]');
    const steps = Number(await page.getAttribute('.scrubber', 'max'));
    if (steps !== STEPS) throw new Error(`expected a ${STEPS}-step episode, got ${steps}`);
    const result = { steps, paused: await scenario(page, false), playing: await scenario(page, true) };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await browser.close();
    await closeServer(server);
  }
}
