/**
 * The CART baseline (src/explain/cart.ts) against an independent implementation: ml-cart grown
 * deep and regrown best-first to the budget (ml-cart-budget.ts). Both are exact CART, so they must
 * predict the same on any state, at every budget.
 */
import { DecisionTreeRegression } from 'ml-cart';
import { describe, expect, it } from 'vitest';
import { fitCartBestFirst, predictCart, sortFeatureOrders } from '../../../src/explain/cart.ts';
import { cartpoleStream, randomStates } from './fixtures.ts';
import { cartWithLeafBudget, predictBudgetTree } from './ml-cart-budget.ts';

/** ml-cart keeps nodes of at most `minNumSamples` (3) rows as leaves: fewer than 4 rows. */
const ML_CART_MIN_SPLIT = 4;

describe('fitCartBestFirst', () => {
  const data = cartpoleStream(800, 3);
  const X = Array.from({ length: data.n }, (_, r) => Array.from(data.obs.subarray(r * 4, r * 4 + 4)));
  const y = Float64Array.from({ length: data.n }, (_, r) => data.q[r * 2]!);
  const probe = randomStates(300, 4);

  it('equals ml-cart regrown best-first at every leaf budget, and fits better with each leaf', () => {
    let previous = Infinity;
    for (const leaves of [1, 2, 5, 16, 40, 120]) {
      const ours = fitCartBestFirst(data.obs, 4, y, data.n, leaves, ML_CART_MIN_SPLIT);
      const oracle = cartWithLeafBudget(X, Array.from(y), leaves);
      expect(ours.leaves).toBe(leaves);
      expect(oracle.leaves).toBe(leaves);
      for (let r = 0; r < 300; r++) expect(predictCart(ours.root, probe, r * 4)).toBeCloseTo(predictBudgetTree(oracle.root, probe, r * 4), 10);
      let sse = 0;
      for (let r = 0; r < data.n; r++) sse += (predictCart(ours.root, data.obs, r * 4) - y[r]!) ** 2;
      expect(sse).toBeLessThan(previous);
      previous = sse;
    }
  });

  it('grown without a budget, predicts as ml-cart’s own deep tree', () => {
    const ours = fitCartBestFirst(data.obs, 4, y, data.n, Number.MAX_SAFE_INTEGER, ML_CART_MIN_SPLIT);
    const cart = new DecisionTreeRegression({ minNumSamples: 3 });
    cart.train(X, Array.from(y));
    for (let r = 0; r < 300; r++) {
      const x = Array.from(probe.subarray(r * 4, r * 4 + 4));
      expect(predictCart(ours.root, x, 0)).toBeCloseTo(cart.predict([x])[0]!, 10);
    }
  });

  it('splits between distinct values only, sending x < threshold left, and never splits constant targets', () => {
    // Feature 0 repeats values; the best split separates the 1s from the 2s whatever their order.
    const x = [2, 1, 1, 2, 1, 2];
    const t = fitCartBestFirst(x, 1, [5, 0, 0, 5, 0, 5], 6, 10);
    expect(t.root).toEqual({ feature: 0, threshold: 1.5, left: { value: 0 }, right: { value: 5 } });
    expect(t.leaves).toBe(2);
    const constant = fitCartBestFirst([1, 2, 3, 4, 5, 6], 1, [0.1, 0.1, 0.1, 0.1, 0.1, 0.1], 6, 10);
    expect(constant.leaves).toBe(1);
    expect(constant.root).toEqual({ value: expect.closeTo(0.1, 15) });
    // Adjacent floats: the midpoint rounds onto the lower value, so the threshold is the upper one.
    const lo = 1;
    const hi = 1 + Number.EPSILON;
    const tight = fitCartBestFirst([lo, hi, lo, hi], 1, [0, 1, 0, 1], 4, 2, 2);
    expect(tight.root).toMatchObject({ threshold: hi });
    expect(predictCart(tight.root, [lo], 0)).toBe(0);
    expect(predictCart(tight.root, [hi], 0)).toBe(1);
  });

  it('is deterministic, and a shared presort gives the same tree and is left as it was', () => {
    const a = fitCartBestFirst(data.obs, 4, y, data.n, 30);
    const b = fitCartBestFirst(data.obs, 4, y, data.n, 30);
    expect(a).toEqual(b);
    const orders = sortFeatureOrders(data.obs, 4, data.n);
    const before = orders.map((o) => Array.from(o));
    expect(fitCartBestFirst(data.obs, 4, y, data.n, 30, 2, orders)).toEqual(a);
    expect(orders.map((o) => Array.from(o))).toEqual(before);
  });
});
