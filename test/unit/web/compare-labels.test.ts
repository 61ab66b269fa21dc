/**
 * What the Compare view's legends call runs (web/views/compare-labels.ts), its palette
 * (web/views/compare-palette.ts) and its wall-time format (web/views/compare-table.ts).
 */
import { describe, expect, it } from 'vitest';
import { ACTION_COLORS } from '../../../web/plotly.ts';
import { shortLabels } from '../../../web/views/compare-labels.ts';
import { RUN_PALETTE, runStyle } from '../../../web/views/compare-palette.ts';
import { fmtDuration } from '../../../web/views/compare-table.ts';

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

// CIE76 ΔE in normal, deuteranope and protanope vision (Machado et al. 2009), as in method-palette.test.ts.
const srgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
const DEUTERANOPIA = [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]];
const PROTANOPIA = [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]];
const see = (m: number[][], v: number[]) => m.map((r) => Math.min(1, Math.max(0, r[0]! * v[0]! + r[1]! * v[1]! + r[2]! * v[2]!)));
function lab([r, g, b]: number[]): number[] {
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((0.4124 * r! + 0.3576 * g! + 0.1805 * b!) / 0.95047);
  const y = f(0.2126 * r! + 0.7152 * g! + 0.0722 * b!);
  const z = f((0.0193 * r! + 0.1192 * g! + 0.9505 * b!) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}
function distance(a: string, b: string): number {
  const views = (hex: string) => [srgb(hex), see(DEUTERANOPIA, srgb(hex)), see(PROTANOPIA, srgb(hex))].map(lab);
  const [va, vb] = [views(a), views(b)];
  return Math.min(...va.map((p, i) => Math.hypot(p[0]! - vb[i]![0]!, p[1]! - vb[i]![1]!, p[2]! - vb[i]![2]!)));
}

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
      for (let j = i + 1; j < RUN_PALETTE.length; j++) expect(distance(RUN_PALETTE[i]!.color, RUN_PALETTE[j]!.color), `${i} vs ${j}`).toBeGreaterThan(16);
    }
    const [a, b, c] = RUN_PALETTE.map((s) => s.color);
    expect(Math.min(distance(a!, b!), distance(a!, c!), distance(b!, c!))).toBeGreaterThan(50);
    // Legible on the white plot: no colour as faint as Okabe–Ito's yellow (ΔE 22 from white).
    for (const s of RUN_PALETTE) expect(distance(s.color, '#ffffff'), s.color).toBeGreaterThan(35);
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
