/**
 * Replays Gymnasium's own trajectories (test/fixtures/gymnasium, see its README) through
 * `make(id)`: same starting state, same actions, and the observations must agree within 1e-5
 * relative, with identical rewards, `terminated` and `truncated` at every step.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { make } from '../../../envs/index.ts';

interface GoldenCase {
  name: string;
  state: number[];
  actions: number[];
  observations: number[][];
  rewards: number[];
  terminated: (0 | 1)[];
  truncated: (0 | 1)[];
  finalState: number[];
}
interface GoldenFile {
  format: string;
  envId: string;
  cases: GoldenCase[];
}

const RELATIVE = 1e-5;
/** Below this magnitude "relative" has no meaning (float32 noise around 0); compare absolutely. */
const FLOOR = 1e-6;

function load(file: string): GoldenFile {
  const doc = JSON.parse(readFileSync(new URL(`../../fixtures/gymnasium/${file}`, import.meta.url), 'utf8')) as GoldenFile;
  expect(doc.format).toBe('qlens-gymnasium-golden');
  return doc;
}

/** Largest |a − b| / max(|b|, FLOOR) over the pairs. */
function relError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    worst = Math.max(worst, Math.abs(actual[i]! - e) / Math.max(Math.abs(e), FLOOR));
  }
  return worst;
}

const files = ['cartpole.json', 'mountain-car.json', 'acrobot.json'];

for (const file of files) {
  const golden = load(file);
  describe(`${golden.envId} matches Gymnasium (${file})`, () => {
    it('covers full episodes and both kinds of episode end', () => {
      expect(golden.cases.some((c) => c.truncated.includes(1))).toBe(true);
      expect(golden.cases.some((c) => c.terminated.includes(1))).toBe(true);
      expect(Math.max(...golden.cases.map((c) => c.actions.length))).toBeGreaterThanOrEqual(200);
    });

    it.each(golden.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const env = make(golden.envId);
      env.reset({ seed: 0 });
      env.setState(c.state);
      for (let t = 0; t < c.actions.length; t++) {
        const r = env.step(c.actions[t]!);
        const where = `${c.name} step ${t + 1}`;
        expect(r.observation).toBeInstanceOf(Float32Array);
        expect(relError(r.observation, c.observations[t]!), where).toBeLessThanOrEqual(RELATIVE);
        expect(r.reward, where).toBe(c.rewards[t]);
        expect(r.terminated, where).toBe(c.terminated[t] === 1);
        expect(r.truncated, where).toBe(c.truncated[t] === 1);
      }
      expect(relError(env.getState(), c.finalState)).toBeLessThanOrEqual(RELATIVE);
    });
  });
}
