/**
 * `npx tsx bench/start.ts [--runs N]`: issue 5's main-job bound, measured as a new user meets it —
 * `npm start`'s process launched fresh (empty compile cache, tsx cache off), Chromium offline, times from the launch to
 * the live run's first curve point and to the "Solved at step" figure (test/e2e/start-session.ts).
 * Prints one JSON object: every launch, the medians, and their ratios to the bounds (5 s, 60 s).
 * Needs Chromium; run it on an otherwise idle machine (the load average is printed with the result).
 */
import { loadavg } from 'node:os';
import { median } from '../src/core/median.ts';
import { HAVE_BROWSER, SKIP_REASON } from '../test/e2e/browser.ts';
import { startSession, type StartTimes } from '../test/e2e/start-session.ts';

const CURVES_BOUND_MS = 5_000;
const SOLVED_BOUND_MS = 60_000;

function runsArg(): number {
  const i = process.argv.indexOf('--runs');
  const n = i < 0 ? 3 : Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 20) {
    console.error(`error: invalid --runs: ${process.argv[i + 1]} (allowed: an integer in [1, 20])`);
    process.exit(1);
  }
  return n;
}

if (!HAVE_BROWSER) {
  console.error(SKIP_REASON);
  process.exit(1);
}
const runs = runsArg();
const launches: StartTimes[] = [];
const loadBefore = loadavg()[0]!;
for (let i = 0; i < runs; i++) {
  const { outside, pageErrors, ...times } = await startSession(90_000);
  if (outside.length || pageErrors.length) throw new Error(`launch ${i + 1}: outside requests ${JSON.stringify(outside)}, page errors ${JSON.stringify(pageErrors)}`);
  launches.push(times);
}
const curvesMs = median(launches.map((l) => l.curvesMs));
const solvedMs = median(launches.map((l) => l.solvedMs));
console.log(
  JSON.stringify({
    bench: 'npm start',
    runs,
    loadAverage1m: Math.round(loadBefore * 100) / 100,
    launches,
    medianCurvesMs: curvesMs,
    curvesBoundMs: CURVES_BOUND_MS,
    curvesRatioToBound: Math.round((curvesMs / CURVES_BOUND_MS) * 1000) / 1000,
    medianSolvedMs: solvedMs,
    solvedBoundMs: SOLVED_BOUND_MS,
    solvedRatioToBound: Math.round((solvedMs / SOLVED_BOUND_MS) * 1000) / 1000,
  }),
);
