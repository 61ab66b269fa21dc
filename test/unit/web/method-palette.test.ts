/**
 * The network attribution methods' look (web/plotly.ts METHOD_PALETTE, web/views/attributions-methods.ts):
 * the Inspector draws the tree's per-action chart and the methods' chart one above the other, so a
 * method must never take an action's colour, nor red (the disagreement colour), in normal or
 * colour-blind vision; each method keeps one colour and one hatch, and permutation SHAP says so.
 */
import { describe, expect, it } from 'vitest';
import { ACTION_COLORS, COLORS, METHOD_PALETTE, hatchMarker } from '../../../web/plotly.ts';
import { METHODS, TREE_STYLE, methodInfo } from '../../../web/views/attributions-methods.ts';
import { colourDistance } from './colour-distance.ts';


describe('attribution method palette', () => {
  it('leaves the action palette as it was', () => {
    expect(ACTION_COLORS).toEqual(['#2457c5', '#d9730d', '#1f8a4c', '#7b4bb7', '#c93c37', '#8a8f98']);
  });

  it('gives no method an action’s colour, red or the tree’s grey, even to colour-blind eyes', () => {
    const taken = [...ACTION_COLORS, COLORS.red, TREE_STYLE.color];
    for (const m of METHODS) {
      for (const c of taken) expect(colourDistance(m.style.color, c), `${m.label} ${m.style.color} vs ${c}`).toBeGreaterThan(12);
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
    for (let i = 0; i < METHODS.length; i++) for (let j = i + 1; j < METHODS.length; j++) expect(colourDistance(METHODS[i]!.style.color, METHODS[j]!.style.color)).toBeGreaterThan(10);
  });

  it('calls the sampling SHAP “Permutation SHAP”, under the API’s id shap', () => {
    expect(methodInfo('shap').label).toBe('Permutation SHAP');
    expect(METHODS.map((m) => m.label)).not.toContain('SHAP');
  });
});
