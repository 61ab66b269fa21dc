import { describe, expect, it } from 'vitest';
import { featureRanges, outsideRanges } from '../../../src/explain/play-range.ts';

describe('play ranges', () => {
  const ranges = featureRanges(Float32Array.of(0, -1, 2, 0.99999, -4, 0.5), 3, ['x', 'cos']);

  it('gives each feature its min, max and mean over the states', () => {
    expect(ranges.map((r) => [r.featureName, r.min, r.max])).toEqual([['x', -4, 2], ['cos', -1, expect.closeTo(0.99999, 5)]]);
    expect(ranges[0]!.mean).toBeCloseTo(-2 / 3, 12);
  });

  it('names the features a state lies outside of, with a hair of slack at the edges', () => {
    expect(outsideRanges([2.5, 0], ranges).map((r) => r.featureName)).toEqual(['x']);
    // cos = 1 against play up to 0.99999 (float32) is inside; −1.1 is outside.
    expect(outsideRanges([0, 1], ranges)).toEqual([]);
    expect(outsideRanges([0, -1.1], ranges).map((r) => r.featureName)).toEqual(['cos']);
  });
});
