import { describe, expect, it } from 'vitest';
import { DEFAULT_SMOOTHING, Smoother, clampSmoothing, smooth } from '../../../web/views/smoothing.ts';
import { TrainingSeries } from '../../../web/views/training-series.ts';
import type { RunEvent } from '../../../src/server/dto.ts';

describe('TensorBoard smoothing', () => {
  it('is TensorBoard’s debiased EMA: last = last·w + (1 − w)·point, divided by 1 − wⁿ', () => {
    // By hand, w = 0.6, points 10, 20, 30:
    //   n=1: last = 0·0.6 + 0.4·10 = 4;        4 / (1 − 0.6)   = 10
    //   n=2: last = 4·0.6 + 0.4·20 = 10.4;     10.4 / (1 − 0.36) = 16.25
    //   n=3: last = 10.4·0.6 + 0.4·30 = 18.24; 18.24 / (1 − 0.216) = 23.265306122448…
    const out = smooth([10, 20, 30], 0.6);
    expect(out[0]).toBeCloseTo(10, 12);
    expect(out[1]).toBeCloseTo(16.25, 12);
    expect(out[2]).toBeCloseTo(18.24 / 0.784, 12);
    expect(out[2]).toBeCloseTo(23.265306122449, 10);
    // w = 0.9, points 1, 0: 0.1 / 0.1 = 1, then 0.09 / 0.19
    expect(smooth([1, 0], 0.9)[1]).toBeCloseTo(0.09 / 0.19, 12);
    expect(DEFAULT_SMOOTHING).toBe(0.6);
  });

  it('leaves the series as is at weight 0, and constant series flat (TensorBoard #786)', () => {
    expect(smooth([3, -1, 7.5], 0)).toEqual([3, -1, 7.5]);
    expect(smooth([-500, -500, -500, -500], 0.99)).toEqual([-500, -500, -500, -500]);
    // Constant so far, then varying: the prefix stays raw, then the EMA (counted from the start) goes on.
    const s = smooth([-500, -500, -300], 0.5);
    expect(s.slice(0, 2)).toEqual([-500, -500]);
    // last: −250, −375, −337.5; debias 1 − 0.125 = 0.875
    expect(s[2]).toBeCloseTo(-337.5 / 0.875, 12);
  });

  it('passes non-finite points through without counting them', () => {
    const out = smooth([10, Number.NaN, 20], 0.6);
    expect(out[0]).toBeCloseTo(10, 12);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeCloseTo(16.25, 12);
  });

  it('reads a weight from input or storage within 0 … 0.99', () => {
    expect(clampSmoothing('0.85')).toBe(0.85);
    expect(clampSmoothing(1)).toBe(0.99);
    expect(clampSmoothing(-3)).toBe(0);
    expect(clampSmoothing(null)).toBe(0.6);
    expect(clampSmoothing('x')).toBe(0.6);
    expect(clampSmoothing('')).toBe(0.6);
    expect(clampSmoothing(0.123)).toBe(0.12);
  });
});

describe('TrainingSeries smoothing', () => {
  const episodes = (returns: number[], from = 0): RunEvent[] =>
    returns.map((r, i) => ({ type: 'episode', step: 10 * (from + i + 1), episode: from + i + 1, return: r, length: 10, epsilon: 0.5 }));
  const train = (losses: number[]): RunEvent[] =>
    losses.map((loss, i) => ({ type: 'train', step: 100 * (i + 1), trainSteps: i + 1, loss, meanQ: 1, epsilon: 0.5, sps: 100, meanReturn100: null }));

  it('smooths returns and loss incrementally: each batch adds only its own smoothed points', () => {
    const series = new TrainingSeries(0, 0.6);
    const first = series.add(episodes([10, 20]));
    expect(first.returnsSmooth.x).toEqual([10, 20]);
    const second = series.add([...episodes([30], 2), ...train([1, 0.5, 0.25])]);
    expect(second.returnsSmooth.x).toEqual([30]);
    expect(second.returnsSmooth.y[0]).toBeCloseTo(18.24 / 0.784, 12);
    expect(series.all.returnsSmooth.y).toEqual(smooth([10, 20, 30], 0.6));
    expect(series.all.lossSmooth.x).toEqual([100, 200, 300]);
    expect(series.all.lossSmooth.y).toEqual(smooth([1, 0.5, 0.25], 0.6));
  });

  it('re-smooths in place when the weight changes, and goes on with the new weight', () => {
    const series = new TrainingSeries(0, 0.6);
    series.add([...episodes([10, 20, 30]), ...train([4, 2])]);
    const ys = series.all.returnsSmooth.y;
    series.setSmoothing(0.9);
    expect(series.smoothing).toBe(0.9);
    expect(series.all.returnsSmooth.y).toBe(ys); // same array: the charts' columns stay valid
    expect(ys).toEqual(smooth([10, 20, 30], 0.9));
    const delta = series.add([...episodes([40], 3), ...train([1])]);
    expect(delta.returnsSmooth.y).toEqual([smooth([10, 20, 30, 40], 0.9)[3]]);
    expect(series.all.returnsSmooth.y).toEqual(smooth([10, 20, 30, 40], 0.9));
    expect(series.all.lossSmooth.y).toEqual(smooth([4, 2, 1], 0.9));
    series.setSmoothing(0);
    expect(series.all.returnsSmooth.y).toEqual([10, 20, 30, 40]);
    expect(new Smoother(0).weight).toBe(0);
  });
});
