/**
 * The contract every registered environment must keep (Gymnasium's `check_env`, plus what qlens
 * relies on): observations inside the space, seeded determinism, the time limit, exact
 * termination thresholds, clear errors for misuse, and drawable frames.
 *
 * A new env registered in `envs/index.ts` is picked up by `listEnvs()`; it must also add its
 * threshold states to `THRESHOLDS` below, or the suite fails.
 */
import { describe, expect, it } from 'vitest';
import { MountainCarEnv, listEnvs, make } from '../../envs/index.ts';
import { EnvError } from '../../src/core/errors.ts';
import { createRng } from '../../src/core/rng.ts';
import type { Env, StepResult } from '../../src/core/env.ts';

/** The next float64 above / below `x` (for "one ulp past the threshold"). */
function nextAfter(x: number, direction: 1 | -1): number {
  if (x === 0) return direction * Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  view.setBigInt64(0, bits + (x > 0 === direction > 0 ? 1n : -1n));
  return view.getFloat64(0);
}

const TWELVE_DEGREES = (12 * 2 * Math.PI) / 360;
/** MountainCar: the velocity that action 1 at position 0.5 turns into exactly 0. */
const MC_ZERO_VELOCITY = -((1 - 1) * 0.001 + Math.cos(3 * 0.5) * -0.0025);

/**
 * MountainCar: the largest velocity below the fixture's whose step from position 0.49 lands on a
 * position under 0.5 (a few ulps down: 0.5 has a coarser ulp than the velocity).
 */
function velocityLandingShortOfGoal(): number {
  const env = new MountainCarEnv();
  let v = 0.009251564333467337;
  for (;;) {
    v = nextAfter(v, -1);
    env.setState([0.49, v]);
    env.step(2);
    const position = env.getState()[0]!;
    if (position < 0.5) {
      expect(position).toBe(nextAfter(0.5, -1));
      return v;
    }
  }
}

interface ThresholdCase {
  what: string;
  state: number[];
  action: number;
  terminated: boolean;
}

/**
 * States whose next step lands exactly on (not terminated: the inequalities are strict where
 * Gymnasium's are) or just past (terminated) each termination threshold.
 */
const THRESHOLDS: Record<string, ThresholdCase[]> = {
  'CartPole-v1': [
    { what: 'x exactly 2.4', state: [2.4, 0, 0, 0], action: 1, terminated: false },
    { what: 'x exactly -2.4', state: [-2.4, 0, 0, 0], action: 0, terminated: false },
    { what: 'x one ulp above 2.4', state: [nextAfter(2.4, 1), 0, 0, 0], action: 1, terminated: true },
    { what: 'x one ulp below -2.4', state: [nextAfter(-2.4, -1), 0, 0, 0], action: 0, terminated: true },
    { what: 'theta exactly 12°', state: [0, 0, TWELVE_DEGREES, 0], action: 1, terminated: false },
    { what: 'theta exactly -12°', state: [0, 0, -TWELVE_DEGREES, 0], action: 0, terminated: false },
    { what: 'theta one ulp above 12°', state: [0, 0, nextAfter(TWELVE_DEGREES, 1), 0], action: 1, terminated: true },
    { what: 'theta one ulp below -12°', state: [0, 0, nextAfter(-TWELVE_DEGREES, -1), 0], action: 0, terminated: true },
  ],
  'MountainCar-v0': [
    // MountainCar's test is non-strict: position >= 0.5 and velocity >= 0.
    { what: 'position 0.5 with velocity exactly 0', state: [0.5, MC_ZERO_VELOCITY], action: 1, terminated: true },
    { what: 'position 0.5 with velocity just below 0', state: [0.5, nextAfter(MC_ZERO_VELOCITY, -1)], action: 1, terminated: false },
    // From Gymnasium's fixture: this state's step lands on position 0.5 exactly.
    { what: 'landing exactly on position 0.5', state: [0.49, 0.009251564333467337], action: 2, terminated: true },
    { what: 'landing one ulp short of 0.5', state: [0.49, velocityLandingShortOfGoal()], action: 2, terminated: false },
  ],
  'FlappyBird-v0': [
    // A pipe pair at 60 px moves to 56, over the bird's columns (57-90); its gap spans 150-250 px.
    { what: 'top edge exactly on the gap top', state: [140, 9, 0, 60, 150, 400, 150, 500, 150, 0], action: 0, terminated: false },
    { what: 'top edge 1 px into the upper pipe', state: [139, 9, 0, 60, 150, 400, 150, 500, 150, 0], action: 0, terminated: true },
    { what: 'bottom edge exactly on the gap bottom', state: [216, 9, 0, 60, 150, 400, 150, 500, 150, 0], action: 0, terminated: false },
    { what: 'bottom edge 1 px into the lower pipe', state: [217, 9, 0, 60, 150, 400, 150, 500, 150, 0], action: 0, terminated: true },
    // The ground test is `y + 24 >= ground − 1` with the ground at 404.48: y' = 379 continues.
    { what: 'bottom edge 0.48 px above the ground test', state: [369, 9, 0, 400, 150, 500, 150, 600, 150, 0], action: 0, terminated: false },
    { what: 'reaching the ground', state: [370, 9, 0, 400, 150, 500, 150, 600, 150, 0], action: 0, terminated: true },
  ],
  'Acrobot-v1': [
    // Two adjacent float64 angles found by bisection in Gymnasium (see the golden fixture).
    { what: 'first step ends just below the target height', state: [2.1589893964169273, 0, 0, 0], action: 1, terminated: false },
    { what: 'first step ends just above the target height', state: [2.1589893964169278, 0, 0, 0], action: 1, terminated: true },
  ],
};

/** Plays one seeded episode with random actions; returns every step result. */
function rollout(env: Env, seed: number, maxSteps = Infinity): StepResult[] {
  const rng = createRng(seed + 1000);
  env.reset({ seed });
  const steps: StepResult[] = [];
  while (steps.length < maxSteps) {
    const r = env.step(env.actionSpace.sample(rng));
    steps.push(r);
    if (r.terminated || r.truncated) break;
  }
  return steps;
}

const ids = listEnvs();

/** The classic-control envs take Gymnasium's `reset({ options: { low, high } })`; FlappyBird none. */
const RESET_BOUNDS = new Set(['CartPole-v1', 'MountainCar-v0', 'Acrobot-v1']);

/** What `info` holds on reset and every step: nothing in classic control, the score in FlappyBird. */
const INFO_KEYS: Record<string, string[]> = { 'FlappyBird-v0': ['score'] };

it('registers the classic-control envs and FlappyBird', () => {
  expect(ids).toEqual(expect.arrayContaining([...RESET_BOUNDS, 'FlappyBird-v0']));
});

describe.each(ids)('%s', (id) => {
  const n = make(id).actionSpace.n;
  const allowed = `Discrete(${n}), an integer in [0, ${n - 1}]`;

  it('has a consistent spec: names for every feature, action and state value', () => {
    const env = make(id);
    const { spec } = env;
    expect(spec.id).toBe(id);
    expect(Object.isFrozen(spec)).toBe(true);
    expect(spec.featureNames).toHaveLength(env.observationSpace.size);
    expect(spec.actionNames).toHaveLength(n);
    expect(new Set(spec.featureNames).size).toBe(spec.featureNames.length);
    expect(new Set(spec.actionNames).size).toBe(spec.actionNames.length);
    expect(Number.isInteger(spec.maxEpisodeSteps)).toBe(true);
    expect(Number.isFinite(spec.rewardThreshold)).toBe(true);
    env.reset({ seed: 0 });
    expect(env.getState()).toBeInstanceOf(Float64Array);
    expect(spec.stateNames).toHaveLength(env.getState().length);
  });

  it('keeps every observation inside the observation space, from reset to the end of the episode', () => {
    const env = make(id);
    for (let seed = 0; seed < 20; seed++) {
      const first = env.reset({ seed });
      expect(first.observation).toBeInstanceOf(Float32Array);
      expect(env.observationSpace.contains(first.observation)).toBe(true);
      const infoKeys = INFO_KEYS[id] ?? [];
      expect(Object.keys(first.info)).toEqual(infoKeys);
      for (const r of rollout(env, seed)) {
        expect(Object.keys(r.info)).toEqual(infoKeys);
        expect(env.observationSpace.contains(r.observation), `seed ${seed}: ${Array.from(r.observation)}`).toBe(true);
        expect(Number.isFinite(r.reward)).toBe(true);
        expect(typeof r.terminated).toBe('boolean');
        expect(typeof r.truncated).toBe('boolean');
      }
    }
  });

  it('returns a fresh observation array every step, which the caller may keep or change', () => {
    const a = make(id);
    const b = make(id);
    const first = a.reset({ seed: 3 }).observation;
    b.reset({ seed: 3 });
    const r1 = a.step(0);
    b.step(0);
    expect(r1.observation).not.toBe(first);
    r1.observation.fill(123);
    first.fill(123);
    const r2 = a.step(0);
    expect(r2.observation).not.toBe(r1.observation);
    expect(Array.from(r2.observation)).toEqual(Array.from(b.step(0).observation));
    const state = a.getState();
    state.fill(7);
    expect(Array.from(a.getState())).toEqual(Array.from(b.getState()));
  });

  it('gives identical trajectories for the same seed and different ones for different seeds', () => {
    const record = (seed: number) => rollout(make(id), seed).map((r) => [...r.observation, r.reward, +r.terminated, +r.truncated]);
    expect(record(7)).toEqual(record(7));
    expect(record(7)[0]).not.toEqual(record(8)[0]);
  });

  it('continues the random stream on a reset without seed (Gymnasium semantics)', () => {
    const a = make(id);
    const b = make(id);
    const a1 = a.reset({ seed: 11 }).observation;
    const a2 = a.reset().observation;
    b.reset({ seed: 11 });
    expect(Array.from(b.reset().observation)).toEqual(Array.from(a2));
    expect(Array.from(a2)).not.toEqual(Array.from(a1));
    expect(Array.from(a.reset({ seed: 11 }).observation)).toEqual(Array.from(a1));
  });

  it('refuses to step before reset', () => {
    expect(() => make(id).step(0)).toThrow(new EnvError(`${id}: Call reset before step`));
  });

  it.each([
    [n, String(n)],
    [-1, '-1'],
    [0.5, '0.5'],
    [Number.NaN, 'NaN'],
    [Infinity, 'Infinity'],
    ['0', '"0"'],
    [null, 'null'],
    [undefined, 'undefined'],
    [true, 'true'],
    [[0], '[0]'],
  ])('rejects action %s, naming it and the space', (action, shown) => {
    const env = make(id);
    env.reset({ seed: 0 });
    const before = env.getState();
    expect(() => env.step(action as number)).toThrow(new EnvError(`${id}: invalid action ${shown} (allowed: ${allowed})`));
    expect(env.getState()).toEqual(before); // nothing moved
  });

  it('truncates exactly at the registered time limit, and setState does not reset the counter', () => {
    const env = make(id);
    const limit = env.spec.maxEpisodeSteps!;
    env.reset({ seed: 1 });
    const start = env.getState();
    for (let t = 1; t < limit; t++) {
      const r = env.step(1);
      expect(r.truncated, `step ${t}`).toBe(false);
      expect(r.terminated, `step ${t}`).toBe(false);
      env.setState(start); // stay near the start so the episode cannot terminate
    }
    const last = env.step(1);
    expect(last.truncated).toBe(true);
    expect(env.step(1).truncated).toBe(true); // stepping past the limit stays truncated
    env.reset({ seed: 1 });
    expect(env.step(1).truncated).toBe(false);
  });

  it('honours a maxEpisodeSteps override from make', () => {
    const env = make(id, { maxEpisodeSteps: 3 });
    expect(env.spec.maxEpisodeSteps).toBe(3);
    env.reset({ seed: 2 });
    expect([env.step(0), env.step(0), env.step(0)].map((r) => r.truncated)).toEqual([false, false, true]);
  });

  it('has threshold states for this env in the conformance table', () => {
    expect(THRESHOLDS[id]?.length ?? 0).toBeGreaterThan(0);
  });

  it.each((THRESHOLDS[id] ?? []).map((c) => [c.what, c] as const))('termination: %s', (_what, c) => {
    const env = make(id);
    env.reset({ seed: 0 });
    env.setState(c.state);
    const r = env.step(c.action);
    expect(r.terminated).toBe(c.terminated);
    expect(r.truncated).toBe(false);
  });

  it('keeps stepping after termination without crashing, like Gymnasium', () => {
    const env = make(id);
    const c = THRESHOLDS[id]!.find((t) => t.terminated)!;
    env.reset({ seed: 0 });
    env.setState(c.state);
    expect(env.step(c.action).terminated).toBe(true);
    for (let i = 0; i < 5; i++) {
      const r = env.step(0);
      expect(Number.isFinite(r.reward)).toBe(true);
      expect(Array.from(r.observation).every(Number.isFinite)).toBe(true);
    }
  });

  it('round-trips getState/setState, and the future depends on the state alone', () => {
    const a = make(id);
    const b = make(id);
    a.reset({ seed: 5 });
    a.step(1);
    b.reset({ seed: 99 });
    b.setState(a.getState());
    expect(b.getState()).toEqual(a.getState());
    for (let i = 0; i < 10; i++) expect(Array.from(b.step(i % n).observation)).toEqual(Array.from(a.step(i % n).observation));
  });

  it('lets a set state be stepped without reset', () => {
    const a = make(id);
    a.reset({ seed: 5 });
    const b = make(id);
    b.setState(a.getState());
    expect(Array.from(b.step(1).observation)).toEqual(Array.from(a.step(1).observation));
  });

  describe('setState errors name the env, the expected length and the state names', () => {
    const env = make(id);
    const names = env.spec.stateNames;
    const k = names.length;
    const expected = `${id}: setState expects ${k} finite numbers [${names.join(', ')}]`;
    it.each([
      ['too short', new Array(k - 1).fill(0), `got ${k - 1} values`],
      ['too long', new Array(k + 1).fill(0), `got ${k + 1} values`],
      ['NaN', [...new Array(k - 1).fill(0), Number.NaN], `got NaN for ${names[k - 1]} (index ${k - 1})`],
      ['Infinity', [Infinity, ...new Array(k - 1).fill(0)], `got Infinity for ${names[0]} (index 0)`],
      ['a string', ['0', ...new Array(k - 1).fill(0)], `got "0" for ${names[0]} (index 0)`],
      ['not a list', 5, 'got 5'],
      ['null', null, 'got null'],
    ])('%s', (_what, values, detail) => {
      expect(() => env.setState(values as number[])).toThrow(new EnvError(`${expected}, ${detail}`));
    });
  });

  if (RESET_BOUNDS.has(id)) {
    it.each([
      [{ low: 0.2, high: 0.1 }, 'reset option low (0.2) must not be greater than high (0.1)'],
      [{ low: 'a' }, 'reset option low must be a finite number, got "a"'],
      [{ high: Number.NaN }, 'reset option high must be a finite number, got NaN'],
    ])('rejects bad reset bounds %j', (options, message) => {
      expect(() => make(id).reset({ seed: 0, options })).toThrow(new EnvError(`${id}: ${message}`));
    });
  } else {
    it('refuses reset options it does not take, naming them', () => {
      expect(() => make(id).reset({ seed: 0, options: { low: 0.1 } })).toThrow(new EnvError(`${id}: reset takes no options, got {"low":0.1}`));
    });
  }

  it.each([[-1], [1.5], [Number.NaN]])('rejects seed %s', (seed) => {
    expect(() => make(id).reset({ seed })).toThrow(
      new EnvError(`${id}: invalid seed ${seed} (allowed: an integer in [0, ${Number.MAX_SAFE_INTEGER}])`),
    );
  });

  it('renders finite plain drawing data for random states', () => {
    const env = make(id);
    env.reset({ seed: 0 });
    const rng = createRng(4);
    const k = env.spec.stateNames.length;
    for (let i = 0; i < 200; i++) {
      env.setState(Array.from({ length: k }, () => rng.uniform(-10, 10)));
      const frame = env.render();
      expect(frame.width).toBeGreaterThan(0);
      expect(frame.height).toBeGreaterThan(0);
      expect(frame.shapes.length).toBeGreaterThan(0);
      for (const shape of frame.shapes) {
        const numbers = shape.type === 'circle' ? [shape.cx, shape.cy, shape.r] : shape.points.flat();
        expect(numbers.every(Number.isFinite), JSON.stringify(shape)).toBe(true);
      }
      expect(JSON.parse(JSON.stringify(frame))).toEqual(frame); // plain data, no class instances
    }
  });
});
