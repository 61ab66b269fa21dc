import { describe, expect, it } from 'vitest';
import { actionAgreement, errorMetrics, fitBaselines, fitCart, fitLinear, formatFidelityTable, labelRange, leavesPerAction, measureFidelity } from '../../../src/explain/index.ts';
import { cartpoleStream, grownTree, handTree, randomStates, SMALL } from './fixtures.ts';

describe('fidelity metrics', () => {
  // n = 3 states, 2 actions.
  const pred = [1, 2, 3, 3, 0, 5];
  const labels = [1, 3, 2, 4, 1, 4];

  it('match a tiny case worked out by hand', () => {
    // Errors (0, −1), (1, −1), (−1, 1): squared sum 5, absolute sum 5, over 6 values. Label range 4 − 1 = 3.
    // Pearson over the pooled values: cov 10, Σdp² 46/3, Σdl² 9.5 → r = 10 / √(46/3 · 9.5).
    const all = errorMetrics(pred, labels, 3, 2);
    expect(all.rmse).toBeCloseTo(Math.sqrt(5 / 6), 14);
    expect(all.mae).toBeCloseTo(5 / 6, 14);
    expect(all.relRmse).toBeCloseTo(Math.sqrt(5 / 6) / 3, 14);
    expect(all.relMae).toBeCloseTo(5 / 18, 14);
    expect(all.pearson).toBeCloseTo(10 / Math.sqrt((46 / 3) * 9.5), 14);
    // Action 0: pred (1, 3, 0) vs (1, 2, 1): errors 0, 1, −1; range 1; r = (5/3) / √(42/9 · 6/9).
    const left = errorMetrics(pred, labels, 3, 2, 0);
    expect(left.rmse).toBeCloseTo(Math.sqrt(2 / 3), 14);
    expect(left.mae).toBeCloseTo(2 / 3, 14);
    expect(left.relMae).toBeCloseTo(2 / 3, 14);
    expect(left.pearson).toBeCloseTo(15 / Math.sqrt(252), 14);
    expect(labelRange(labels, 3, 2)).toBe(3);
    expect(labelRange(labels, 3, 2, 1)).toBe(1);
    // Greedy: model (1, 0 — the tie 3 = 3 goes to the lowest index as numpy, 1) vs network (1, 1, 1).
    expect(actionAgreement(pred, labels, 3, 2)).toBeCloseTo(2 / 3, 14);
  });

  it('are NaN, not Infinity, where the relative error or correlation is undefined', () => {
    const m = errorMetrics([1, 1], [2, 2], 2, 1);
    expect(m.rmse).toBe(1);
    expect(m.relRmse).toBeNaN();
    expect(m.pearson).toBeNaN();
  });
});

describe('baselines', () => {
  it('one CART tree per action with the tree’s leaf count, on every row unless cartMaxRows subsamples with a seed', () => {
    const data = cartpoleStream(1200, 5);
    expect(fitCart(data, { obsDim: 4, nActions: 2, leaves: 12 }).trainRows).toBe(1200);
    const cart = fitCart(data, { obsDim: 4, nActions: 2, leaves: 12, cartMaxRows: 500 });
    expect(cart.leaves).toEqual([12, 12]);
    expect(cart.trainRows).toBe(500);
    const again = fitCart(data, { obsDim: 4, nActions: 2, leaves: 12, cartMaxRows: 500 });
    expect(again.qBatch64(data.obs, 50)).toEqual(cart.qBatch64(data.obs, 50));
    expect(Array.from(cart.qValues(data.obs.subarray(0, 4)))).toEqual(Array.from(cart.qBatch(data.obs, 1)));
    expect(() => fitCart(data, { obsDim: 4, nActions: 2, leaves: 0 })).toThrow('Invalid leaves: 0 (allowed: an integer >= 1)');
  });

  it('the linear model recovers an exactly linear target (ml-regression, with intercept)', () => {
    const obs = randomStates(300, 8);
    const q = new Float64Array(600);
    for (let r = 0; r < 300; r++) {
      const s = obs.subarray(r * 4, r * 4 + 4);
      q[r * 2] = 1 + 2 * s[0]! - 3 * s[2]!;
      q[r * 2 + 1] = -0.5 * s[1]! + 4 * s[3]!;
    }
    const linear = fitLinear({ obs, q, n: 300 }, { obsDim: 4, nActions: 2 });
    expect(linear.weights.map((row) => row.map((w) => Math.round(w * 1e6) / 1e6 + 0))).toEqual([
      [2, 0],
      [0, -0.5],
      [-3, 0],
      [0, 4],
      [1, 0],
    ]);
    expect(linear.act([0, 0, -1, 0])).toBe(0);
  });
});

describe('measureFidelity', () => {
  const tree = grownTree();
  const train = cartpoleStream(1500, 11);
  const test = cartpoleStream(1000, 12);

  it('reports LMUT, CART (same leaf count) and linear side by side', () => {
    const report = measureFidelity(tree, test, { train, greedyReturns: { network: { mean: 500, episodes: 10 }, lmut: { mean: 480.5, episodes: 10, ci95: 12.25 } } });
    expect(report.models.map((m) => m.model)).toEqual(['lmut', 'cart', 'linear']);
    const [lmut, cart, linear] = report.models;
    expect(lmut!.leaves).toBe(tree.summary.leaves);
    expect(cart!.leaves).toBe(tree.summary.leaves);
    expect(linear!.leaves).toBe(1);
    expect(report).toMatchObject({ samples: 1000, trainSamples: 1500, cartTrainSamples: 1500, actionNames: ['left', 'right'] });
    expect(lmut!.rmse).toBeLessThan(linear!.rmse);
    expect(lmut!.perAction).toHaveLength(2);
    // The LMUT's numbers are those of its float64 predictions.
    const direct = errorMetrics(tree.qBatch64(test.obs, test.n), test.q, test.n, 2);
    expect(lmut).toMatchObject(direct);
    expect(report.qRange).toBe(labelRange(test.q, test.n, 2));
    const table = formatFidelityTable(report);
    expect(table).toContain('Fidelity to the network on 1,000 held-out states');
    expect(table).toMatch(/^LMUT\s+16\s/m);
    expect(table).toMatch(/^CART\s+16 × 2\s/m);
    expect(table).toMatch(/^Linear\s+1\s/m);
    expect(table).toContain('480.5 ± 12.3 (10 ep.)');
    expect(table).toMatch(/^Network\s.*500 \(10 ep\.\)$/m);
    expect(table).toContain('RMSE left');
  });

  it('gives CART an action-split tree’s leaves per action, not its total for every action', () => {
    const split = grownTree({ ...SMALL, actionSplit: true }, 20_000, 2);
    const perAction = leavesPerAction(split);
    expect(perAction.reduce((a, b) => a + b, 0)).toBe(split.summary.leaves);
    expect(leavesPerAction(tree)).toEqual([tree.summary.leaves, tree.summary.leaves]);
    const report = measureFidelity(split, test, { train });
    const cart = report.models.find((m) => m.model === 'cart')!;
    expect(cart.leaves).toBe(Math.max(...perAction));
    const cell = perAction[0] === perAction[1] ? `${perAction[0]} × 2` : `${perAction[0]} + ${perAction[1]}`;
    expect(cart.leavesPerAction).toEqual(perAction[0] === perAction[1] ? undefined : perAction);
    expect(formatFidelityTable(report)).toMatch(new RegExp(`^CART\\s+${cell.replace('+', '\\+')}\\s`, 'm'));
    expect(() => fitCart(train, { obsDim: 4, nActions: 2, leaves: [3] })).toThrow('Invalid leaves: 1 counts for 2 actions (allowed: one count, or one per action)');
  });

  it('accepts fitted baselines instead of the training set, and insists on one of them', () => {
    const baselines = fitBaselines(train, { obsDim: 4, nActions: 2, leaves: tree.summary.leaves, cartMaxRows: 600 });
    const report = measureFidelity(tree, test, { baselines });
    expect(report).toMatchObject({ trainSamples: 1500, cartTrainSamples: 600 });
    expect(formatFidelityTable(report)).toContain('fitted on 1,500 training states (CART on a subsample of 600)');
    expect(report.greedyReturns).toBeUndefined();
    expect(formatFidelityTable(report)).not.toContain('greedy return');
    expect(() => measureFidelity(handTree(), test, {})).toThrow('measureFidelity needs the training set (train) or fitted baselines (baselines)');
  });
});
