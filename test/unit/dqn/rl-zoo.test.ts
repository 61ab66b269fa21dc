/**
 * rl-baselines3-zoo hyper-parameters as presets: the zoo's dqn.yml sections and an agent's saved
 * config.yml become the settings SB3 would train with (SB3's defaults under the file's values), and
 * what qlens cannot honour is refused by name.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listEnvs } from '../../../envs/index.ts';
import { resolveDqnConfig } from '../../../src/dqn/config.ts';
import { loadPreset } from '../../../src/dqn/presets.ts';
import { loadRlZooPreset, SB3_DQN_DEFAULTS } from '../../../src/dqn/rl-zoo.ts';

const ZOO = join(import.meta.dirname, '../../fixtures/rl-zoo/dqn.yml');
const AGENT_CONFIG = join(import.meta.dirname, '../../fixtures/rl-zoo/config.yml');
const dir = mkdtempSync(join(tmpdir(), 'qlens-rl-zoo-'));
const yamlFile = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('rl-zoo hyper-parameters', () => {
  it('reads each env section of the zoo file as SB3 would train it', () => {
    const cartPole = loadRlZooPreset(ZOO, 'CartPole-v1');
    expect(cartPole.env).toBe('CartPole-v1');
    expect(cartPole.dqn).toEqual({
      ...SB3_DQN_DEFAULTS,
      totalTimesteps: 50_000,
      learningRate: 2.3e-3,
      batchSize: 64,
      bufferSize: 100_000,
      learningStarts: 1000,
      gamma: 0.99,
      targetUpdateInterval: 10,
      trainFreq: 256,
      gradientSteps: 128,
      explorationFraction: 0.16,
      explorationFinalEps: 0.04,
      hidden: [256, 256],
    });
    // SB3's own choices where the file is silent: Huber loss, gradients clipped at 10, ε from 1.
    expect(cartPole.dqn).toMatchObject({ loss: 'huber', maxGradNorm: 10, explorationInitialEps: 1, tau: 1 });
    // gradient_steps: -1 is SB3's "as many as the steps collected": train_freq's.
    expect(loadRlZooPreset(ZOO, 'Acrobot-v1').dqn).toMatchObject({ trainFreq: 4, gradientSteps: 4, learningStarts: 0, learningRate: 6.3e-4 });
    for (const env of ['CartPole-v1', 'MountainCar-v0', 'Acrobot-v1']) {
      const config = resolveDqnConfig({ ...loadRlZooPreset(ZOO, env).dqn, env }, listEnvs());
      expect(config.env).toBe(env);
      expect(config.hidden).toEqual([256, 256]);
    }
  });

  it('reads an agent’s saved config.yml (a Python OrderedDict) as the same settings', () => {
    expect(loadRlZooPreset(AGENT_CONFIG, 'CartPole-v1')).toEqual({ ...loadRlZooPreset(ZOO, 'CartPole-v1'), description: expect.stringContaining('config.yml') });
    expect(() => loadRlZooPreset(AGENT_CONFIG, undefined)).toThrow(`${AGENT_CONFIG} holds one agent's settings without its env: give --env`);
  });

  it('takes a file’s only env without --env, and asks for it among several', () => {
    const one = yamlFile('one.yml', 'Acrobot-v1:\n  n_timesteps: 2000\n');
    expect(loadRlZooPreset(one, undefined)).toMatchObject({ env: 'Acrobot-v1', dqn: { ...SB3_DQN_DEFAULTS, totalTimesteps: 2000 } });
    expect(() => loadRlZooPreset(ZOO, undefined)).toThrow(`${ZOO} has settings for 4 envs (atari, CartPole-v1, MountainCar-v0, Acrobot-v1): give --env`);
    expect(() => loadRlZooPreset(ZOO, 'FlappyBird-v0')).toThrow(`${ZOO} has no settings for FlappyBird-v0 (it has: atari, CartPole-v1, MountainCar-v0, Acrobot-v1)`);
  });

  it('refuses by name what it cannot honour as the zoo means it', () => {
    expect(() => loadRlZooPreset(ZOO, 'atari')).toThrow(`${ZOO}: env_wrapper: not supported (environment wrappers are not applied); remove it to train without it`);
    const refused = (settings: string) => () => loadRlZooPreset(yamlFile('bad.yml', `CartPole-v1:\n${settings}\n`), 'CartPole-v1');
    expect(refused("  policy: 'CnnPolicy'")).toThrow(': policy: "CnnPolicy" is not supported (allowed: MlpPolicy, the fully connected Q-network)');
    expect(refused("  learning_rate: lin_1e-3")).toThrow(': learning_rate: the schedule "lin_1e-3" is not supported (allowed: a constant)');
    expect(refused('  policy_kwargs: "dict(net_arch=[64], activation_fn=nn.Tanh)"')).toThrow('is not supported (allowed: dict(net_arch=[…]), the hidden layer sizes)');
    expect(refused("  train_freq: [1, 'episode']")).toThrow(': train_freq: [1,"episode"] is not supported (allowed: a number of steps, or [n, "step"])');
    expect(refused('  n_envs: 8')).toThrow(': n_envs: 8 is not supported (allowed: 1; training steps one env)');
    expect(refused('  learning_rat: 0.1')).toThrow(': learning_rat: not a DQN setting qlens knows (its settings: ');
    expect(() => loadRlZooPreset(yamlFile('broken.yml', 'CartPole-v1: [unclosed\n'), 'CartPole-v1')).toThrow(/broken\.yml: not readable as YAML \(/);
    expect(() => loadRlZooPreset(dir, 'CartPole-v1')).toThrow(`${dir}: is a directory (a file name is needed)`);
    expect(() => loadRlZooPreset(yamlFile('list.yml', '- 1\n- 2\n'), 'CartPole-v1')).toThrow('expected rl-zoo hyper-parameters (env ids mapping to settings, or one agent\'s config.yml), got a list');
  });

  it('accepts train_freq as [n, "step"], and the settings that change nothing here', () => {
    const path = yamlFile('ok.yml', "CartPole-v1:\n  train_freq: [8, 'step']\n  optimize_memory_usage: False\n  n_envs: 1\n  policy_kwargs: {net_arch: [32]}\n");
    expect(loadRlZooPreset(path, 'CartPole-v1').dqn).toEqual({ ...SB3_DQN_DEFAULTS, trainFreq: 8, hidden: [32] });
  });

  it('is a preset: --preset takes a .yml path, named by its file', () => {
    expect(loadPreset(ZOO, 'MountainCar-v0')).toMatchObject({ name: 'dqn.yml', env: 'MountainCar-v0', dqn: { learningRate: 4e-3, gradientSteps: 8 } });
    expect(() => loadPreset(join(dir, 'missing.yaml'))).toThrow(`Preset file not found: ${join(dir, 'missing.yaml')}`);
  });
});
