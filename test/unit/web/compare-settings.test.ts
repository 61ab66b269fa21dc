/**
 * "Settings that differ" (web/views/compare-settings.ts): only the settings whose values are not the
 * same in every compared run, one value per run, in the config's order; the online mimic's settings
 * compared among the runs that have one.
 */
import { describe, expect, it } from 'vitest';
import { differingSettings, flattenConfig, settingText } from '../../../web/views/compare-settings.ts';

const dqn = (extra: Record<string, unknown> = {}) => ({ env: 'CartPole-v1', seed: 1, learningRate: 0.00025, hidden: [120, 84], doubleDqn: false, ...extra });
const mimic = (extra: Record<string, unknown> = {}) => ({ fidelityFreq: 250, lmut: { gracePeriod: 30, maxLeaves: 64 }, ...extra });

describe('differingSettings', () => {
  it('lists the settings that differ (seed, learning rate), one value per run, and none that the runs share', () => {
    const rows = differingSettings([
      { dqn: dqn(), mimic: mimic() },
      { dqn: dqn({ seed: 2, learningRate: 0.0005 }), mimic: mimic() },
      { dqn: dqn({ seed: 3 }), mimic: mimic() },
    ]);
    expect(rows).toEqual([
      { key: 'seed', values: ['1', '2', '3'] },
      { key: 'learningRate', values: ['0.00025', '0.0005', '0.00025'] },
    ]);
  });

  it('is empty for runs with the same settings, and compares lists and nested mimic settings by value', () => {
    expect(differingSettings([{ dqn: dqn(), mimic: mimic() }, { dqn: dqn(), mimic: mimic() }])).toEqual([]);
    const rows = differingSettings([
      { dqn: dqn({ hidden: [64, 64] }), mimic: mimic({ lmut: { gracePeriod: 30, maxLeaves: 256 } }) },
      { dqn: dqn(), mimic: mimic() },
    ]);
    expect(rows).toEqual([
      { key: 'hidden', values: ['[64, 64]', '[120, 84]'] },
      { key: 'mimic.lmut.maxLeaves', values: ['256', '64'] },
    ]);
  });

  it('tells a run without the mimic by `mimic: off`, not by every mimic setting it lacks', () => {
    const rows = differingSettings([
      { dqn: dqn(), mimic: mimic() },
      { dqn: dqn(), mimic: null },
      { dqn: dqn(), mimic: mimic({ fidelityFreq: 500 }) },
    ]);
    expect(rows).toEqual([
      { key: 'mimic', values: ['on', 'off', 'on'] },
      { key: 'mimic.fidelityFreq', values: ['250', '–', '500'] },
    ]);
  });

  it('counts a setting one run lacks (an older config) as different, and shows it as –', () => {
    const rows = differingSettings([{ dqn: dqn(), mimic: null }, { dqn: dqn({ dueling: false }), mimic: null }]);
    expect(rows).toEqual([{ key: 'dueling', values: ['–', 'false'] }]);
    // A null value is not a missing one.
    expect(differingSettings([{ dqn: dqn({ maxGradNorm: null }), mimic: null }, { dqn: dqn(), mimic: null }])).toEqual([{ key: 'maxGradNorm', values: ['none', '–'] }]);
  });
});

describe('flattenConfig and settingText', () => {
  it('names DQN settings plainly and the mimic’s with a dotted prefix, in the config’s order', () => {
    expect([...flattenConfig({ dqn: dqn(), mimic: mimic() }).keys()]).toEqual(['env', 'seed', 'learningRate', 'hidden', 'doubleDqn', 'mimic', 'mimic.fidelityFreq', 'mimic.lmut.gracePeriod', 'mimic.lmut.maxLeaves']);
    expect([...flattenConfig({ dqn: { seed: 1 }, mimic: null })]).toEqual([['seed', 1], ['mimic', 'off']]);
  });

  it('prints values as config.json has them', () => {
    expect(settingText(1e-8)).toBe('1e-8');
    expect(settingText(0.001)).toBe('0.001');
    expect(settingText((0.001 * 6) / 5)).toBe('0.0012'); // 0.0012000000000000001
    expect(settingText([0.1 + 0.2, 64])).toBe('[0.3, 64]');
    // Shown rounded, compared exactly.
    expect(differingSettings([{ dqn: { learningRate: 0.0012 }, mimic: null }, { dqn: { learningRate: (0.001 * 6) / 5 }, mimic: null }])).toEqual([{ key: 'learningRate', values: ['0.0012', '0.0012'] }]);
    expect(settingText(true)).toBe('true');
    expect(settingText('huber')).toBe('huber');
    expect(settingText([64, 64])).toBe('[64, 64]');
    expect(settingText(undefined)).toBe('–');
    expect(settingText(null)).toBe('none');
  });
});
