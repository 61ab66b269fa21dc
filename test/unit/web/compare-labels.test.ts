/**
 * What the Compare view's legends call runs (web/views/compare-labels.ts), its palette
 * (web/views/compare-palette.ts) and its wall-time format (web/views/compare-table.ts).
 */
import { describe, expect, it } from 'vitest';
import { ACTION_COLORS } from '../../../web/plotly.ts';
import { shortLabels } from '../../../web/views/compare-labels.ts';
import { RUN_PALETTE, runStyle } from '../../../web/views/compare-palette.ts';
import { fmtDuration } from '../../../web/views/compare-table.ts';
import { colourDistance } from './colour-distance.ts';

const run = (id: string, preset: string, seed?: number, name = id) => ({ id, name, preset, seed });

describe('shortLabels', () => {
  it('calls runs by seed and preset', () => {
    expect(shortLabels([run('a', 'cleanrl', 1), run('b', 'cleanrl', 2), run('c', 'CartPole-v1', 1)])).toEqual(['seed 1 · cleanrl', 'seed 2 · cleanrl', 'seed 1 · CartPole-v1']);
    expect(shortLabels([run('a', 'cleanrl'), run('b', 'zoo')])).toEqual(['preset cleanrl', 'preset zoo']);
  });

  it('falls back to folder names for runs that share seed and preset, and to ids when those coincide too', () => {
    expect(shortLabels([run('a', 'cleanrl', 1, 'CartPole-v1__cleanrl__1__100'), run('b', 'cleanrl', 1, 'CartPole-v1__cleanrl__1__200'), run('c', 'cleanrl', 2)])).toEqual([
      'CartPole-v1__cleanrl__1__100',
      'CartPole-v1__cleanrl__1__200',
      'seed 2 · cleanrl',
    ]);
    expect(shortLabels([run('x', 'cleanrl', 1, 'same'), run('x~2', 'cleanrl', 1, 'same')])).toEqual(['x', 'x~2']);
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
