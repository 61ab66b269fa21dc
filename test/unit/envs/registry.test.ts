/** `make`, `listEnvs`, `register` and the TimeLimit wrapper `make` applies. */
import { describe, expect, it } from 'vitest';
import { AcrobotEnv, CartPoleEnv, FlappyBirdEnv, MountainCarEnv, TimeLimit, listEnvs, make, register } from '../../../envs/index.ts';
import { ConfigError, EnvError } from '../../../src/core/errors.ts';

describe('registry', () => {
  it('lists the registered ids in registration order', () => {
    expect(listEnvs().slice(0, 4)).toEqual(['CartPole-v1', 'MountainCar-v0', 'Acrobot-v1', 'FlappyBird-v0']);
  });

  it.each([
    ['CartPole-v1', CartPoleEnv, 500, 475],
    ['MountainCar-v0', MountainCarEnv, 200, -110],
    ['Acrobot-v1', AcrobotEnv, 500, -100],
    ['FlappyBird-v0', FlappyBirdEnv, 1000, 100],
  ])('make(%s) wraps the env in its Gymnasium time limit and reward threshold', (id, cls, limit, threshold) => {
    const env = make(id);
    expect(env).toBeInstanceOf(TimeLimit);
    expect((env as TimeLimit).env).toBeInstanceOf(cls);
    expect(env.spec).toMatchObject({ id, maxEpisodeSteps: limit, rewardThreshold: threshold });
    expect(new cls().spec.rewardThreshold).toBe(threshold);
    expect(new cls().spec.maxEpisodeSteps).toBeUndefined(); // the raw env has no time limit
  });

  it('builds a fresh env on every call', () => {
    const a = make('CartPole-v1');
    const b = make('CartPole-v1');
    a.reset({ seed: 0 });
    expect(() => b.step(0)).toThrow('CartPole-v1: Call reset before step');
  });

  it('names the known ids when the id is unknown', () => {
    expect(() => make('CartPol-v1')).toThrow(
      new EnvError(`Unknown environment id "CartPol-v1" (known: ${listEnvs().join(', ')})`),
    );
    expect(listEnvs().join(', ')).toContain('CartPole-v1, MountainCar-v0, Acrobot-v1');
  });

  it.each([
    [{ maxEpisodeSteps: 0 }, 'Invalid maxEpisodeSteps: 0 (allowed: an integer >= 1)'],
    [{ maxEpisodeSteps: 2.5 }, 'Invalid maxEpisodeSteps: 2.5 (allowed: an integer >= 1)'],
    [{ maxEpisodeSteps: '5' }, 'Invalid maxEpisodeSteps: "5" (allowed: an integer >= 1)'],
    [{ maxSteps: 5 }, 'Unknown make option "maxSteps" (allowed: maxEpisodeSteps)'],
  ])('rejects make options %j', (options, message) => {
    let error: unknown;
    try {
      make('CartPole-v1', options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(message);
  });

  it('refuses to register an id twice', () => {
    expect(() => register({ id: 'CartPole-v1', create: () => new CartPoleEnv(), maxEpisodeSteps: 500 })).toThrow(
      new EnvError('Environment id "CartPole-v1" is already registered'),
    );
  });

  it('registers new ids as data, with or without a time limit', () => {
    register({ id: 'test/MountainCarNoLimit-v0', create: () => new MountainCarEnv() });
    register({ id: 'test/AcrobotShort-v1', create: () => new AcrobotEnv(), maxEpisodeSteps: 2, rewardThreshold: -50 });
    expect(make('test/MountainCarNoLimit-v0')).toBeInstanceOf(MountainCarEnv);
    const short = make('test/AcrobotShort-v1');
    // the registration, not the class, decides the spec (Gymnasium's CartPole-v0/v1 share a class)
    expect(short.spec).toMatchObject({ id: 'test/AcrobotShort-v1', maxEpisodeSteps: 2, rewardThreshold: -50 });
    short.reset({ seed: 0 });
    expect([short.step(1).truncated, short.step(1).truncated]).toEqual([false, true]);
  });
});

describe('TimeLimit', () => {
  it('counts steps from reset, truncates at the limit, and leaves terminated alone', () => {
    const env = new TimeLimit(new CartPoleEnv(), 2);
    env.reset({ seed: 0 });
    expect(env.elapsedSteps).toBe(0);
    expect(env.step(1)).toMatchObject({ terminated: false, truncated: false });
    expect(env.step(1)).toMatchObject({ terminated: false, truncated: true });
    expect(env.elapsedSteps).toBe(2);
    env.setState([2.4, 1, 0, 0]);
    expect(env.step(1)).toMatchObject({ terminated: true, truncated: true }); // both can hold
    env.reset();
    expect(env.elapsedSteps).toBe(0);
  });

  it('passes getState, setState and render through without touching the counter', () => {
    const inner = new MountainCarEnv();
    const env = new TimeLimit(inner, 10);
    env.reset({ seed: 0 });
    env.step(1);
    env.setState([-0.3, 0.01]);
    expect(Array.from(env.getState())).toEqual([-0.3, 0.01]);
    expect(Array.from(inner.getState())).toEqual([-0.3, 0.01]);
    expect(env.render()).toEqual(inner.render());
    expect(env.elapsedSteps).toBe(1);
  });

  it('does not count a step that threw', () => {
    const env = new TimeLimit(new CartPoleEnv(), 5);
    env.reset({ seed: 0 });
    expect(() => env.step(7)).toThrow('CartPole-v1: invalid action 7 (allowed: Discrete(2), an integer in [0, 1])');
    expect(env.elapsedSteps).toBe(0);
  });

  it.each([[0], [1.5], [Number.NaN]])('rejects a limit of %s', (limit) => {
    expect(() => new TimeLimit(new CartPoleEnv(), limit)).toThrow(
      new EnvError(`CartPole-v1: maxEpisodeSteps must be an integer >= 1, got ${limit}`),
    );
  });

  it('shares the spaces and extends the spec with maxEpisodeSteps', () => {
    const inner = new AcrobotEnv();
    const env = new TimeLimit(inner, 7);
    expect(env.observationSpace).toBe(inner.observationSpace);
    expect(env.actionSpace).toBe(inner.actionSpace);
    expect(env.spec).toEqual({ ...inner.spec, maxEpisodeSteps: 7 });
  });
});
