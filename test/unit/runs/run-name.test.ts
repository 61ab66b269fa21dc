/** Run folder names follow CleanRL's `env__experiment__seed__time`, without the env twice. */
import { describe, expect, it } from 'vitest';
import { runName } from '../../../src/runs/run-files.ts';
import type { DqnConfig } from '../../../src/dqn/config.ts';

const config = (env: string, seed: number) => ({ env, seed }) as DqnConfig;
const at = new Date(1_700_000_000_500);

describe('runName', () => {
  it("names an env's own preset `tuned`, and any other preset by its name", () => {
    expect(runName(config('CartPole-v1', 1), 'CartPole-v1', at)).toBe('CartPole-v1__tuned__1__1700000000');
    expect(runName(config('CartPole-v1', 3), 'cleanrl', at)).toBe('CartPole-v1__cleanrl__3__1700000000');
    expect(runName(config('Acrobot-v1', 2), 'CartPole-v1', at)).toBe('Acrobot-v1__CartPole-v1__2__1700000000');
  });
});
