/**
 * DQN speed (issue #3), one JSON object on stdout:
 *
 * (a) `cleanrlStepsPerSec`: env steps/s training CartPole-v1 with CleanRL dqn.py's defaults for
 *     100,000 steps (the `cleanrl` preset: lr 2.5e-4, buffer 10k, γ 0.99, τ 1, target every 500,
 *     batch 128, ε 1→0.05 over half, learning starts 10k, train every 10, MLP 120-84, MSE, Adam),
 *     no evaluations, no checkpoints, no mimic; timed like CleanRL's SPS (loop only, after setup).
 *     Beside it the same loop in PyTorch 1.13 on one thread (bench/baselines/torch_dqn.py) measured
 *     in this run when Debian's python3-torch is installed, and the reference figure.
 * (b) `solveSeconds`: wall time until the CartPole preset's greedy evaluation reaches 475 over 100
 *     episodes, per seed, and the median.
 * (c) `latency`: train-step and act latency per engine/backend on the CleanRL network.
 *
 * Usage: npx tsx bench/dqn.ts [--quick]   (--quick: 20k CleanRL steps, one solve seed)
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listEnvs } from '../envs/index.ts';
import { median } from '../src/core/median.ts';
import { Rng } from '../src/core/rng.ts';
import { resolveDqnConfig } from '../src/dqn/config.ts';
import type { NetworkSpec, QNetwork, ReplayBatch, TrainHyper } from '../src/dqn/network-types.ts';
import { createQNetwork } from '../src/dqn/network.ts';
import { loadPreset } from '../src/dqn/presets.ts';
import { selectBackend } from '../src/dqn/tfjs/backend.ts';
import { TrainingRun } from '../src/runs/training-run.ts';
import { benchTempDir } from './temp-dir.ts';

const quick = process.argv.includes('--quick');
const PYTORCH_REFERENCE_STEPS_PER_SEC = 5900; // issue #3: CleanRL dqn.py, PyTorch 1.13, one thread, these machines
const TARGET_STEPS_PER_SEC = 9000;
const runsDir = benchTempDir('qlens-bench-dqn-');

async function cleanrlThroughput(steps: number): Promise<number> {
  const config = resolveDqnConfig({ env: 'CartPole-v1', totalTimesteps: steps, evalFreq: 0, checkpointFreq: 0, saveReplay: false, seed: 1 }, listEnvs());
  const run = await TrainingRun.start(config, { runsDir, preset: 'cleanrl' });
  const t0 = performance.now();
  await run.run();
  return steps / ((performance.now() - t0) / 1000);
}

function pytorchThroughput(steps: number): number | null {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return null;
  try {
    const out = execFileSync(python, [join(import.meta.dirname, 'baselines/torch_dqn.py'), String(steps), '1'], { encoding: 'utf8', timeout: 30 * 60_000 });
    return (JSON.parse(out.trim().split('\n').pop()!) as { stepsPerSec: number }).stepsPerSec;
  } catch {
    return null; // python3-torch not installed: report the reference figure only
  }
}

async function solveSeconds(seed: number): Promise<number | null> {
  const preset = loadPreset('CartPole-v1');
  const config = resolveDqnConfig({ ...preset.dqn, env: preset.env, seed, checkpointFreq: 0 }, listEnvs());
  const run = await TrainingRun.start(config, { runsDir, preset: preset.name });
  const t0 = performance.now();
  let solvedAt: number | null = null;
  await run.run({ onEvent: (e) => { if (e.type === 'eval' && e.solved && solvedAt === null) solvedAt = (performance.now() - t0) / 1000; } });
  return solvedAt;
}

function randomBatch(spec: NetworkSpec, size: number, rng: Rng): ReplayBatch {
  const f = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
  return {
    size,
    observations: f(size * spec.obsDim),
    nextObservations: f(size * spec.obsDim),
    actions: Int32Array.from({ length: size }, () => rng.int(spec.nActions)),
    rewards: Float32Array.from({ length: size }, () => 1),
    terminated: Float32Array.from({ length: size }, () => (rng.next() < 0.05 ? 1 : 0)),
  };
}

function latency(net: QNetwork, spec: NetworkSpec, trainSteps: number) {
  const rng = new Rng(3);
  const batch = randomBatch(spec, 128, rng);
  const hyper: TrainHyper = { gamma: 0.99, loss: 'mse', doubleDqn: false, maxGradNorm: Infinity, learningRate: 2.5e-4, adamEpsilon: 1e-8 };
  for (let i = 0; i < 20; i++) net.trainStep(batch, hyper);
  let t0 = performance.now();
  for (let i = 0; i < trainSteps; i++) net.trainStep(batch, hyper);
  const trainStepMs = (performance.now() - t0) / trainSteps;
  const obs = batch.observations.subarray(0, spec.obsDim);
  for (let i = 0; i < 200; i++) net.act(obs);
  const acts = 5000;
  t0 = performance.now();
  for (let i = 0; i < acts; i++) net.act(obs);
  const actUs = ((performance.now() - t0) / acts) * 1000;
  return { trainStepMs: +trainStepMs.toFixed(4), actUs: +actUs.toFixed(2) };
}

async function latencies() {
  const spec: NetworkSpec = { obsDim: 4, nActions: 2, hidden: [120, 84], dueling: false };
  const out: Record<string, { trainStepMs: number; actUs: number }> = {};
  out.fused = latency(await createQNetwork(spec, { engine: 'fused', rng: new Rng(1) }), spec, 2000);
  for (const backend of ['node', 'wasm', 'cpu'] as const) {
    try {
      await selectBackend(backend);
    } catch {
      continue; // not available on this machine (tfjs-node is optional)
    }
    out[`tfjs-${backend}`] = latency(await createQNetwork(spec, { engine: 'tfjs', rng: new Rng(1) }), spec, backend === 'cpu' ? 100 : 500);
  }
  return out;
}

const steps = quick ? 20_000 : 100_000;
const cleanrlStepsPerSec = await cleanrlThroughput(steps);
const seeds = quick ? [1] : [1, 2, 3];
const solve: (number | null)[] = [];
for (const seed of seeds) solve.push(await solveSeconds(seed));
const solvedTimes = solve.filter((s): s is number => s !== null);
const lat = await latencies();
const pytorch = quick ? null : pytorchThroughput(steps);

console.log(
  JSON.stringify({
    bench: 'dqn',
    backend: { engine: 'fused (WebAssembly SIMD)', tfjs: await selectBackend('auto') },
    steps,
    cleanrlStepsPerSec: Math.round(cleanrlStepsPerSec),
    targetStepsPerSec: TARGET_STEPS_PER_SEC,
    meetsTarget: cleanrlStepsPerSec >= TARGET_STEPS_PER_SEC,
    pytorchStepsPerSecSameRun: pytorch === null ? null : Math.round(pytorch),
    ratioVsPytorchSameRun: pytorch === null ? null : +(cleanrlStepsPerSec / pytorch).toFixed(2),
    pytorchReferenceStepsPerSec: PYTORCH_REFERENCE_STEPS_PER_SEC,
    ratioVsPytorchReference: +(cleanrlStepsPerSec / PYTORCH_REFERENCE_STEPS_PER_SEC).toFixed(2),
    solveSeconds: solve.map((s) => (s === null ? null : +s.toFixed(2))),
    solveSecondsMedian: solvedTimes.length === seeds.length ? +median(solvedTimes).toFixed(2) : null,
    solveTargetSeconds: 20,
    latency: lat,
    node: process.version,
  }),
);
