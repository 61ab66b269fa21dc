/**
 * The network attribution methods' look (web/plotly.ts METHOD_PALETTE, web/views/attributions-methods.ts):
 * the Inspector draws the tree's per-action chart and the methods' chart one above the other, so a
 * method must never take an action's colour, nor red (the disagreement colour), in normal or
 * colour-blind vision; each method keeps one colour and one hatch, and permutation SHAP says so.
 */
import { describe, expect, it } from 'vitest';
import { ACTION_COLORS, COLORS, METHOD_PALETTE, hatchMarker } from '../../../web/plotly.ts';
import { METHODS, TREE_STYLE, methodInfo } from '../../../web/views/attributions-methods.ts';

const srgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
// Machado, Oliveira & Fernandes (2009), severity 1, on linear RGB.
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
/** The smallest CIE76 ΔE between two colours as seen with normal vision, deuteranopia and protanopia. */
function distance(a: string, b: string): number {
  const views = (hex: string) => [srgb(hex), see(DEUTERANOPIA, srgb(hex)), see(PROTANOPIA, srgb(hex))].map(lab);
  const [va, vb] = [views(a), views(b)];
  return Math.min(...va.map((p, i) => Math.hypot(p[0]! - vb[i]![0]!, p[1]! - vb[i]![1]!, p[2]! - vb[i]![2]!)));
}

describe('attribution method palette', () => {
  it('leaves the action palette as it was', () => {
    expect(ACTION_COLORS).toEqual(['#2457c5', '#d9730d', '#1f8a4c', '#7b4bb7', '#c93c37', '#8a8f98']);
  });

  it('gives no method an action’s colour, red or the tree’s grey, even to colour-blind eyes', () => {
    const taken = [...ACTION_COLORS, COLORS.red, TREE_STYLE.color];
    for (const m of METHODS) {
      for (const c of taken) expect(distance(m.style.color, c), `${m.label} ${m.style.color} vs ${c}`).toBeGreaterThan(12);
    }
  });

  it('gives every method its own colour and hatch, from the palette, on bars and swatches alike', () => {
    expect(new Set(METHODS.map((m) => m.style.color)).size).toBe(METHODS.length);
    expect(new Set(METHODS.map((m) => m.style.pattern)).size).toBe(METHODS.length);
    for (const m of METHODS) {
      expect(METHOD_PALETTE).toContain(m.style);
      expect(m.style.pattern).not.toBe('');
      expect(hatchMarker(m.style)).toMatchObject({ color: m.style.color, pattern: { shape: m.style.pattern, fgcolor: m.style.ink } });
    }
    for (let i = 0; i < METHODS.length; i++) for (let j = i + 1; j < METHODS.length; j++) expect(distance(METHODS[i]!.style.color, METHODS[j]!.style.color)).toBeGreaterThan(10);
  });

  it('calls the sampling SHAP “Permutation SHAP”, under the API’s id shap', () => {
    expect(methodInfo('shap').label).toBe('Permutation SHAP');
    expect(METHODS.map((m) => m.label)).not.toContain('SHAP');
  });
});
