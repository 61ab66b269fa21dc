/**
 * What the Compare view's legends call runs (web/views/compare-labels.ts), its palette
 * (web/views/compare-palette.ts) and its wall-time format (web/views/compare-table.ts).
 */
import { describe, expect, it } from 'vitest';
import { ACTION_COLORS } from '../../../web/plotly.ts';
import { shortLabels } from '../../../web/views/compare-labels.ts';
import { RUN_PALETTE, runStyle } from '../../../web/views/compare-palette.ts';
import { differingSettings, flattenConfig, type RunConfig } from '../../../web/views/compare-settings.ts';
import { fmtDuration } from '../../../web/views/compare-table.ts';
import { colourDistance } from './colour-distance.ts';

interface RunOptions {
  seed?: number;
  pretrained?: boolean;
  settings?: Record<string, unknown>;
}
const run = (id: string, preset: string, { seed, pretrained = false, settings = {} }: RunOptions = {}) => ({ id, name: id, preset, seed, pretrained, settings: new Map(Object.entries({ seed, ...settings })) });

describe('shortLabels', () => {
  it('names only what tells the runs apart: the seed, the preset, or both', () => {
    expect(shortLabels([run('a', 'cleanrl', { seed: 1 }), run('b', 'cleanrl', { seed: 2 })])).toEqual(['seed 1', 'seed 2']);
    expect(shortLabels([run('a', 'cleanrl', { seed: 1 }), run('b', 'cleanrl', { seed: 2 }), run('c', 'CartPole-v1', { seed: 1 })])).toEqual(['seed 1 · cleanrl', 'seed 2 · cleanrl', 'seed 1 · CartPole-v1']);
    expect(shortLabels([run('a', 'cleanrl', { seed: 1 }), run('b', 'zoo', { seed: 1 })])).toEqual(['cleanrl', 'zoo']);
  });

  it('marks a pretrained agent beside trained runs, instead of falling back to folder names', () => {
    // The review's comparison: two trained runs (seeds 2 and 1) and the shipped agent (seed 1, same preset).
    const runs = [run('CartPole-v1__CartPole-v1__2__1795469038', 'CartPole-v1', { seed: 2 }), run('CartPole-v1__CartPole-v1__1__1795468933', 'CartPole-v1', { seed: 1 }), run('pretrained~CartPole-v1', 'CartPole-v1', { seed: 1, pretrained: true })];
    expect(shortLabels(runs)).toEqual(['seed 2', 'seed 1', 'seed 1 · pretrained']);
  });

  it('tells runs alike in seed and preset apart by the settings they differ in, then by their order', () => {
    const lr = [run('a', 'cleanrl', { seed: 1, settings: { learningRate: 0.001 } }), run('b', 'cleanrl', { seed: 1, settings: { learningRate: 0.0005 } }), run('c', 'cleanrl', { seed: 2, settings: { learningRate: 0.001 } })];
    expect(shortLabels(lr)).toEqual(['seed 1 · learningRate 0.001', 'seed 1 · learningRate 0.0005', 'seed 2']);
    expect(shortLabels([run('x', 'cleanrl', { seed: 1 }), run('x~2', 'cleanrl', { seed: 1 })])).toEqual(['run 1', 'run 2']);
  });

  it('names the settings the table of differing settings lists: a run without the mimic is “mimic off”, not also each mimic setting it lacks', () => {
    const configs: RunConfig[] = [
      { dqn: { seed: 1, learningRate: 0.001 }, mimic: null },
      { dqn: { seed: 1, learningRate: 0.001 }, mimic: { fidelityFreq: 5000, lmut: { maxLeaves: 200 } } },
    ];
    const runs = configs.map((config, i) => ({ id: `r${i}`, name: `r${i}`, preset: 'cleanrl', seed: 1, pretrained: false, settings: flattenConfig(config) }));
    expect(shortLabels(runs)).toEqual(['mimic off', 'mimic on']);
    expect(differingSettings(configs).map((r) => r.key)).toEqual(['mimic']);
  });

  it('gives every run a label of its own', () => {
    const runs = [run('a', 'p', { seed: 1, settings: { gamma: 0.9 } }), run('b', 'p', { seed: 1, settings: { gamma: 0.9 } }), run('c', 'p', { seed: 1, settings: { gamma: 0.99 } }), run('d', 'q', { seed: 3, pretrained: true })];
    const labels = shortLabels(runs);
    expect(new Set(labels).size).toBe(runs.length);
    expect(labels.every((l) => l.length > 0 && l.length <= 40)).toBe(true);
  });
});

describe('run palette', () => {
  it('has eight looks, none an action’s colour, each run’s colour and symbol its own', () => {
    expect(RUN_PALETTE).toHaveLength(8);
    const colors = RUN_PALETTE.map((s) => s.color.toLowerCase());
    expect(new Set(colors).size).toBe(8);
    expect(new Set(RUN_PALETTE.map((s) => s.symbol)).size).toBe(8);
    for (const c of colors) expect(ACTION_COLORS.map((a) => a.toLowerCase())).not.toContain(c);
    expect(runStyle(8)).toBe(RUN_PALETTE[0]);
  });

  it('keeps every two runs ≥ 16 ΔE apart to colour-blind eyes too, and the first three far apart', () => {
    for (let i = 0; i < RUN_PALETTE.length; i++) {
      for (let j = i + 1; j < RUN_PALETTE.length; j++) expect(colourDistance(RUN_PALETTE[i]!.color, RUN_PALETTE[j]!.color), `${i} vs ${j}`).toBeGreaterThan(16);
    }
    const [a, b, c] = RUN_PALETTE.map((s) => s.color);
    expect(Math.min(colourDistance(a!, b!), colourDistance(a!, c!), colourDistance(b!, c!))).toBeGreaterThan(50);
    // Legible on the white plot: no colour as faint as Okabe–Ito's yellow (ΔE 22 from white).
    for (const s of RUN_PALETTE) expect(colourDistance(s.color, '#ffffff'), s.color).toBeGreaterThan(35);
  });
});

describe('fmtDuration', () => {
  it('reads at a glance', () => {
    expect(fmtDuration(9.5177)).toBe('9.5 s');
    expect(fmtDuration(42.4)).toBe('42 s');
    expect(fmtDuration(125)).toBe('2 min 05 s');
    // Rounding never shows an impossible reading: 59.7 s is a minute, 9.97 s ten seconds.
    expect(fmtDuration(59.7)).toBe('1 min 00 s');
    expect(fmtDuration(9.97)).toBe('10 s');
    expect(fmtDuration(0.04)).toBe('0.0 s');
    expect(fmtDuration(4320)).toBe('1 h 12 min');
    expect(fmtDuration(null)).toBe('–');
    expect(fmtDuration(Number.NaN)).toBe('–');
  });
});
