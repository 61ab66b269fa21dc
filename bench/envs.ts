/**
 * Raw environment speed: steps per second through `make(id)` (TimeLimit included), with random
 * actions from a pre-generated array and a reset whenever an episode ends, the way a training loop
 * drives an env. Prints one JSON object:
 *
 *   {"CartPole-v1":{"stepsPerSec":...,"steps":...,"repeats":...}, ..., "node":"v20..."}
 *
 * Each env is warmed up (so the JIT has optimised `step`), then a fixed number of steps is timed
 * several times; the median is reported. Run: `npx tsx bench/envs.ts [--steps N] [--repeats R]`.
 */
import { performance } from 'node:perf_hooks';
import { median } from '../src/core/median.ts';
import { createRng } from '../src/core/rng.ts';
import { listEnvs, make } from '../envs/index.ts';
import type { Env } from '../src/core/env.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} needs a positive integer, got ${process.argv[i + 1]}`);
  return v;
}

const STEPS = arg('steps', 5_000_000);
const REPEATS = arg('repeats', 5);
const ACTIONS = 1 << 16; // power of two: the action index wraps with a mask

/** Steps `env` `steps` times; returns the number of episodes ended (so the work can't be elided). */
function run(env: Env, actions: Int32Array, steps: number): number {
  let episodes = 0;
  env.reset({ seed: episodes });
  for (let i = 0; i < steps; i++) {
    const r = env.step(actions[i & (ACTIONS - 1)]!);
    if (r.terminated || r.truncated) {
      episodes++;
      env.reset();
    }
  }
  return episodes;
}

const result: Record<string, unknown> = {};
for (const id of listEnvs()) {
  const env = make(id);
  const rng = createRng(12345);
  const actions = new Int32Array(ACTIONS);
  for (let i = 0; i < ACTIONS; i++) actions[i] = env.actionSpace.sample(rng);
  // Acrobot's RK4 step is ~20x CartPole's work: time fewer steps so the whole bench stays short.
  const steps = id.startsWith('Acrobot') ? Math.max(1, Math.floor(STEPS / 10)) : STEPS;
  run(env, actions, Math.min(steps, 1_000_000)); // warm-up
  const rates: number[] = [];
  for (let k = 0; k < REPEATS; k++) {
    const t0 = performance.now();
    run(env, actions, steps);
    const seconds = (performance.now() - t0) / 1000;
    rates.push(steps / seconds);
  }
  result[id] = { stepsPerSec: Math.round(median(rates)), steps, repeats: REPEATS };
}
result.node = process.version;
console.log(JSON.stringify(result));
