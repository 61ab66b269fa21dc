/** `--env` ids nothing registers get the id the user likely meant (CLI review: `CartPol-v1`, `cartpole-v1`). */
import { describe, expect, it } from 'vitest';
import { resolveEnvArg } from '../../../envs/index.ts';
import { closestEnvId } from '../../../src/core/env-ids.ts';

const KNOWN = ['CartPole-v1', 'MountainCar-v0', 'Acrobot-v1', 'FlappyBird-v0'];

describe('closestEnvId', () => {
  it.each([
    ['CartPol-v1', 'CartPole-v1'], // a typo
    ['cartpole-v1', 'CartPole-v1'], // another capitalisation
    ['Mountain_Car-v0', 'MountainCar-v0'],
    ['Acrobot', 'Acrobot-v1'], // no version: two characters short, yet plainly meant
    ['CartPole-v0', 'CartPole-v1'], // a version qlens does not have
    ['flappybird', 'FlappyBird-v0'],
  ])('%s -> %s', (typed, meant) => {
    expect(closestEnvId(typed, KNOWN)).toBe(meant);
  });

  it('suggests nothing for an id far from every known one', () => {
    expect(closestEnvId('Pong-v5', KNOWN)).toBeNull();
    expect(closestEnvId('LunarLander-v3', KNOWN)).toBeNull();
  });

  it('suggests the latest version of a name registered at several', () => {
    expect(closestEnvId('Walk', ['Walk-v2', 'Walk-v10', 'Walk-v1'])).toBe('Walk-v10');
  });
});

describe('resolveEnvArg', () => {
  it('refuses an unknown id with the guess before the allowed ids', async () => {
    await expect(resolveEnvArg('CartPol-v1')).rejects.toThrow(/^Invalid --env: "CartPol-v1" \(did you mean CartPole-v1\? allowed: one of CartPole-v1, .*\)$/);
    await expect(resolveEnvArg('Pong-v5')).rejects.toThrow(/^Invalid --env: "Pong-v5" \(allowed: one of CartPole-v1, /);
    expect(await resolveEnvArg('CartPole-v1')).toBe('CartPole-v1');
  });
});
