import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { approximateInteractions } from '../../../src/explain/network/shap-interactions.ts';

/** States of four features: f0, f1 and f2 uniform in [-1, 1], f3 always 0. */
function states(n: number, seed: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => [rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1), 0]);
}

describe('approximateInteractions (shap.utils.approximate_interactions)', () => {
  it('puts first the feature whose value explains the spread of the plotted feature’s SHAP values', () => {
    const x = states(400, 1);
    // f0's effect flips sign with f2 (an interaction); f1 plays no part in it.
    const shap = x.map((s) => [s[0]! * s[2]!, 0.1 * s[1]!, 0, 0]);
    expect(approximateInteractions(0, shap, x)).toEqual([2, 1, 3]);
    // Swapping the roles of f1 and f2 swaps the answer: it is read from the data, not the order.
    const swapped = x.map((s) => [s[0]! * s[1]!, 0, 0.1 * s[2]!, 0]);
    expect(approximateInteractions(0, swapped, x)).toEqual([1, 2, 3]);
  });

  it('leaves out the plotted feature, ranks an all-zero feature last, and breaks ties in feature order', () => {
    const x = states(50, 2);
    const flat = x.map(() => [0, 0, 0, 0]); // constant SHAP values: every run is skipped, all tie at 0
    expect(approximateInteractions(1, flat, x)).toEqual([0, 2, 3]);
    expect(approximateInteractions(3, flat, x)).toEqual([0, 1, 2]);
  });

  it('copes with fewer states than one run (n < 10) and with none', () => {
    const x = states(3, 3);
    const shap = x.map((s) => [s[0]! * s[1]!, 0, 0, 0]);
    expect(approximateInteractions(0, shap, x)).toHaveLength(3);
    expect(approximateInteractions(0, [], [])).toEqual([]);
  });
});
