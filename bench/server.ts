/**
 * Dashboard server speed (issue #5), one JSON object on stdout:
 *
 *   explainP50Ms, explainP99Ms, throughputPerSec, errors   POST /api/runs/:id/explain under 50
 *       concurrent keep-alive clients, on a run whose tree has ≥ 2,000 leaves (`leaves`);
 *   baseline                                               the same load on GET /api/envs (a
 *       constant answer: the cost of HTTP + Express alone), and explain's p99 as a ratio of it;
 *   nodeFloor                                              the same load on a bare `node:http`
 *       server answering a fixed explain response: what this machine and load generator allow at all;
 *   treeViewFirstRenderMs                                  Chromium opening the Tree view of that
 *       run: navigation start until the view has drawn its first nodes (null without Chromium).
 *
 * The tree: an LMUT with `maxLeaves: 2000` learns a deliberately rugged synthetic Q function over
 * CartPole's observation ranges until it has 2,000 leaves (~3 s); it is saved in its full form
 * (leaf memories and all) beside a real CartPole network from a short training run, as a run does.
 *
 * The machine has 2 cores and the load generator shares them, so the clients run in a worker
 * thread (its own event loop and core) and the server keeps the main thread: latencies include
 * the client's own HTTP work but not a shared event loop. Each phase warms up first (JIT), then
 * runs `--rounds` rounds of a bounded number of requests or seconds, whichever ends first; the
 * round with the median p99 is reported (other processes on a shared machine make single rounds
 * swing by ±30 %).
 *
 * Usage: npx tsx bench/server.ts [--requests N] [--seconds S] [--rounds R] [--no-browser]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { listEnvs } from '../envs/index.ts';
import { Rng } from '../src/core/rng.ts';
import { resolveDqnConfig } from '../src/dqn/config.ts';
import { LinearModelUTree } from '../src/lmut/index.ts';
import { TrainingRun } from '../src/runs/training-run.ts';
import { createApp } from '../src/server/app.ts';
import { closeServer, listen } from '../src/server/listen.ts';
import { HAVE_BROWSER, launchChromium } from '../test/e2e/browser.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const CLIENTS = 50;
const REQUESTS = arg('requests', 40_000);
const SECONDS = arg('seconds', 6);
const ROUNDS = arg('rounds', 3);
const LEAVES = 2000;
const FEATURES = ['cart_position', 'cart_velocity', 'pole_angle', 'pole_angular_velocity'];
/** Where CartPole's states live (the velocities' practical range). */
const LOW = [-2.4, -3, -0.21, -3.5];
const HIGH = [2.4, 3, 0.21, 3.5];

function randomState(rng: Rng): number[] {
  return LOW.map((lo, i) => lo + rng.next() * (HIGH[i]! - lo));
}

/** Smooth in places, rippled in others: enough structure that every leaf of the budget is worth a split. */
function syntheticQ(x: number[]): [number, number] {
  const base = Math.sin(3 * x[0]!) * Math.cos(2 * x[1]!) + 10 * Math.sin(20 * x[2]!) + Math.abs(x[3]!) ** 1.5;
  const push = Math.sin(5 * x[3]! + x[0]!);
  return [base + push, base - push + 0.5 * Math.cos(7 * x[2]! * x[1]!)];
}

function growTree(): LinearModelUTree {
  const tree = new LinearModelUTree(4, 2, { maxLeaves: LEAVES, gracePeriod: 50, minSamplesSplit: 10, memorySize: 200, maxDepth: 30, seed: 1 }, { featureNames: FEATURES, actionNames: ['push_left', 'push_right'] });
  const rng = new Rng(7);
  const B = 512;
  const obs = new Float32Array(B * 4);
  const q = new Float32Array(B * 2);
  for (let batches = 0; tree.summary.leaves < LEAVES; batches++) {
    if (batches > 10_000) throw new Error(`the synthetic stream stopped growing the tree at ${tree.summary.leaves} leaves`);
    for (let r = 0; r < B; r++) {
      const x = randomState(rng);
      obs.set(x, r * 4);
      q.set(syntheticQ(x), r * 2);
    }
    tree.learn(obs, q, B);
  }
  return tree;
}

function writeTree(dir: string): number {
  const tree = growTree();
  writeFileSync(join(dir, 'tree.json'), JSON.stringify(tree.toJSON()));
  return tree.summary.leaves;
}

/**
 * The load generator: plain JavaScript in a worker thread. Like autocannon it speaks HTTP/1.1 on raw
 * keep-alive sockets with prebuilt requests and a minimal response parser (status line, headers,
 * Content-Length), one request in flight per client (a closed loop). Node's own http client costs
 * ~60 µs per request; on 2 shared cores that cost would be measured as server latency.
 */
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const { port, path, method, bodies, clients, requests, seconds } = workerData;
const head = (body) => method + ' ' + path + ' HTTP/1.1\\r\\nHost: 127.0.0.1:' + port + '\\r\\nConnection: keep-alive\\r\\n' +
  (body ? 'Content-Type: application/json\\r\\nContent-Length: ' + Buffer.byteLength(body) + '\\r\\n' : '') + '\\r\\n' + (body || '');
const prebuilt = (bodies || [null]).map((b) => Buffer.from(head(b)));
const latencies = [];
const statuses = {};
let sent = 0, errors = 0, open = clients;
const t0 = performance.now();
const over = () => sent >= requests || performance.now() - t0 >= seconds * 1000;
function finished() {
  if (--open === 0) parentPort.postMessage({ latencies, errors, statuses, seconds: (performance.now() - t0) / 1000 });
}
for (let c = 0; c < clients; c++) {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  let buf = Buffer.alloc(0), start = 0, need = -1, status = 0, done = false;
  const stop = () => { if (!done) { done = true; socket.destroy(); finished(); } };
  const next = () => {
    if (over()) return stop();
    start = performance.now();
    socket.write(prebuilt[sent++ % prebuilt.length]);
  };
  socket.on('connect', next);
  socket.on('data', (chunk) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    if (need < 0) {
      const end = buf.indexOf('\\r\\n\\r\\n');
      if (end < 0) return;
      const text = buf.toString('latin1', 0, end);
      status = Number(text.slice(9, 12));
      const m = /content-length: *(\\d+)/i.exec(text);
      need = end + 4 + (m ? Number(m[1]) : 0);
    }
    if (buf.length < need) return;
    latencies.push(performance.now() - start);
    statuses[status] = (statuses[status] || 0) + 1;
    if (status !== 200) errors++;
    buf = buf.subarray(need);
    need = -1;
    next();
  });
  socket.on('error', () => { errors++; stop(); });
  // The server hanging up on a client before the run is over is a failure too.
  socket.on('close', () => { if (!done && !over()) errors++; stop(); });
}
`;

interface LoadResult {
  latencies: number[];
  errors: number;
  statuses: Record<string, number>;
  seconds: number;
}

function load(port: number, path: string, method: 'GET' | 'POST', bodies: string[] | null, requests: number, seconds: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData: { port, path, method, bodies, clients: CLIENTS, requests, seconds } });
    worker.once('message', (m: LoadResult) => void worker.terminate().then(() => resolve(m)));
    worker.once('error', reject);
  });
}

const quantile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

function summarise(r: LoadResult) {
  const s = [...r.latencies].sort((a, b) => a - b);
  return { p50Ms: round(quantile(s, 0.5)), p99Ms: round(quantile(s, 0.99)), maxMs: round(s.at(-1) ?? NaN), requests: s.length, throughputPerSec: Math.round(s.length / r.seconds), errors: r.errors, statuses: r.statuses };
}

/**
 * Warm-up, then the measured phase. `serverBusy`: share of the measured time the server's event
 * loop was working (1 = saturated: the server, not the load generator, sets the pace).
 */
async function measureOnce(port: number, path: string, method: 'GET' | 'POST', bodies: string[] | null) {
  const before = performance.eventLoopUtilization();
  const result = summarise(await load(port, path, method, bodies, REQUESTS, SECONDS));
  return { ...result, serverBusy: round(performance.eventLoopUtilization(before).utilization) };
}

/** `ROUNDS` measured rounds after one warm-up; the round with the median p99 is reported, with every round's p99 (like bench/envs.ts's median of repeats: this machine is shared). */
async function measure(port: number, path: string, method: 'GET' | 'POST', bodies: string[] | null) {
  await load(port, path, method, bodies, 5000, 3);
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await measureOnce(port, path, method, bodies));
  const sorted = [...rounds].sort((a, b) => a.p99Ms - b.p99Ms);
  return { ...sorted[Math.floor(sorted.length / 2)]!, p99MsPerRound: rounds.map((r) => r.p99Ms) };
}

async function treeViewFirstRender(base: string, runId: string): Promise<number | null> {
  if (!HAVE_BROWSER || process.argv.includes('--no-browser')) return null;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const times: number[] = [];
    // The first visit also builds the web bundle on the server; later visits are what a user sees.
    for (let k = 0; k < 4; k++) {
      await page.goto(`${base}#/runs/${encodeURIComponent(runId)}/tree?k=${k}`, { waitUntil: 'commit' });
      await page.waitForFunction(() => performance.getEntriesByName('qlens:tree-rendered').length > 0, null, { timeout: 30_000 });
      times.push(await page.evaluate(() => performance.getEntriesByName('qlens:tree-rendered')[0]!.startTime));
      await page.goto('about:blank');
    }
    return round(Math.min(...times.slice(1)), 1);
  } finally {
    await browser.close();
  }
}

/** A bare Node server that answers every request with `body`: the floor under any route's latency. */
async function nodeFloor(path: string, bodies: string[], body: string) {
  const bare = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body));
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  try {
    return await measure((bare.address() as { port: number }).port, path, 'POST', bodies);
  } finally {
    await closeServer(bare);
  }
}

async function main(): Promise<Record<string, unknown>> {
  const loadBefore = loadavg()[0]!;
  const root = mkdtempSync(join(tmpdir(), 'qlens-bench-server-'));
  try {
    const config = resolveDqnConfig({ env: 'CartPole-v1', seed: 1, totalTimesteps: 2000, learningStarts: 500, evalFreq: 0, checkpointFreq: 0, saveReplay: false }, listEnvs());
    const run = await TrainingRun.start(config, { runsDir: join(root, 'runs'), preset: 'bench' });
    await run.run();
    // Only the file is kept: the server loads its own copy, and a second tree in this heap would
    // only make the server's garbage collections slower than they are in `qlens serve`.
    const leaves = writeTree(run.dir);
    const runId = run.dir.split('/').pop()!;

    const app = createApp({ runsDirs: [join(root, 'runs')], agentsDir: null, log: () => undefined });
    const { server, port, url } = await listen(app, { host: '127.0.0.1', port: 0 });
    const rng = new Rng(99);
    const bodies = Array.from({ length: 4096 }, () => JSON.stringify({ observation: randomState(rng) }));
    const explainPath = `/api/runs/${encodeURIComponent(runId)}/explain`;
    // The first request loads the tree (tens of MB of JSON) and the network: not part of the measurement.
    const first = await fetch(`${url}api/runs/${runId}/explain`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[0] });
    const sample = await first.text();
    if (first.status !== 200) throw new Error(`explain answered ${first.status}: ${sample}`);
    const baseline = await measure(port, '/api/envs', 'GET', null);
    const explain = await measure(port, explainPath, 'POST', bodies);
    const firstRender = await treeViewFirstRender(url, runId);
    await closeServer(server);
    const floor = await nodeFloor(explainPath, bodies, sample);
    return {
      explainP50Ms: explain.p50Ms,
      explainP99Ms: explain.p99Ms,
      throughputPerSec: explain.throughputPerSec,
      errors: explain.errors,
      leaves,
      treeViewFirstRenderMs: firstRender,
      clients: CLIENTS,
      explain,
      baseline: { route: 'GET /api/envs', ...baseline },
      explainP99OverBaselineP99: round(explain.p99Ms / baseline.p99Ms),
      explainThroughputOverBaseline: round(explain.throughputPerSec / baseline.throughputPerSec),
      nodeFloor: { route: 'bare node:http, fixed explain response', ...floor },
      explainP99OverNodeFloorP99: round(explain.p99Ms / floor.p99Ms),
      // Other processes take cores from both server and clients: the load average says how busy the machine was.
      machine: { cpus: availableParallelism(), loadAverage1mBefore: round(loadBefore), loadAverage1mAfter: round(loadavg()[0]!) },
      node: process.version,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

try {
  console.log(JSON.stringify(await main()));
} catch (err) {
  // One line: tfjs-wasm's rejection handler would otherwise print its whole minified source.
  console.error(`bench/server.ts failed: ${(err as Error).message}`);
  process.exit(1);
}
