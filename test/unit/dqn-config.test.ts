import { describe, expect, it } from 'vitest';
import { resolveDqnConfig } from '../../src/dqn/config.ts';

const envs = ['CartPole-v1', 'MountainCar-v0', 'Acrobot-v1'];

describe('resolveDqnConfig', () => {
  it("defaults to CleanRL dqn.py's hyper-parameters", () => {
    const c = resolveDqnConfig({}, envs);
    expect(c).toMatchObject({
      env: 'CartPole-v1',
      learningRate: 2.5e-4,
      bufferSize: 10_000,
      gamma: 0.99,
      tau: 1,
      targetUpdateInterval: 500,
      batchSize: 128,
      explorationInitialEps: 1,
      explorationFinalEps: 0.05,
      explorationFraction: 0.5,
      learningStarts: 10_000,
      trainFreq: 10,
      hidden: [120, 84],
      loss: 'mse',
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('takes one hidden layer as its size', () => {
    expect(resolveDqnConfig({ hidden: 64 }, envs).hidden).toEqual([64]);
    expect(() => resolveDqnConfig({ hidden: 0 }, envs)).toThrow('Invalid hidden[0]: 0');
  });

  it.each([
    [{ bufferSize: -1 }, 'Invalid bufferSize: -1 (allowed: an integer >= 1)'],
    [{ batchSize: 0 }, 'Invalid batchSize: 0 (allowed: an integer >= 1)'],
    [{ hidden: [64, -3] }, 'Invalid hidden[1]: -3 (allowed: a list of 1 to 8 values, each an integer in [1, 4096])'],
    [{ gamma: 1.01 }, 'Invalid gamma: 1.01 (allowed: a number in [0, 1])'],
    [{ gamma: -0.5 }, 'Invalid gamma: -0.5 (allowed: a number in [0, 1])'],
    [{ env: 'Pong-v5' }, 'Invalid env: "Pong-v5" (allowed: one of CartPole-v1, MountainCar-v0, Acrobot-v1, or your own module file as ./my-env.js:MyEnv-v0)'],
    // A preset's env gets the guess --env gets.
    [{ env: 'CartPol-v1' }, 'Invalid env: "CartPol-v1" (did you mean CartPole-v1? allowed: one of CartPole-v1, MountainCar-v0, Acrobot-v1, or your own module file as ./my-env.js:MyEnv-v0)'],
    [{ learningRate: 0 }, 'Invalid learningRate: 0 (allowed: a number in (0, 1])'],
    [{ tau: 0 }, 'Invalid tau: 0 (allowed: a number in (0, 1])'],
    [{ totalTimesteps: 'abc' }, 'Invalid totalTimesteps: "abc" (allowed: an integer >= 1)'],
    [{ loss: 'l1' }, 'Invalid loss: "l1" (allowed: one of mse, huber)'],
    [{ engine: 'gpu' }, 'Invalid engine: "gpu" (allowed: one of fused, tfjs)'],
    [{ explorationInitialEps: 0.1, explorationFinalEps: 0.5 }, 'Invalid explorationFinalEps: 0.5 (allowed: a number in [0, explorationInitialEps = 0.1])'],
    [{ bufferSize: 100, batchSize: 128 }, 'Invalid batchSize: 128 (allowed: an integer in [1, bufferSize = 100])'],
  ])('rejects %j', (options, message) => {
    expect(() => resolveDqnConfig(options, envs)).toThrow(message);
  });

  it('names unknown keys, suggests the camelCase name of a Stable-Baselines3 one, and lists the allowed ones', () => {
    expect(() => resolveDqnConfig({ learning_rate: 0.1 }, envs)).toThrow(/^Unknown DQN option "learning_rate" \(did you mean learningRate\? allowed: adamEpsilon, backend, batchSize, bufferSize, /);
    expect(() => resolveDqnConfig({ exploration_final_eps: 0.1 }, envs)).toThrow('(did you mean explorationFinalEps? allowed:');
    expect(() => resolveDqnConfig({ colour: 1 }, envs)).toThrow(/^Unknown DQN option "colour" \(allowed: /);
  });
});
