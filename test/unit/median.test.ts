import { describe, expect, it } from 'vitest';
import { median } from '../../src/core/median.ts';

describe('median', () => {
  it('is the middle value, the mean of the two middle ones for an even count, NaN when empty; the input stays unsorted', () => {
    const xs = [5, 1, 3];
    expect(median(xs)).toBe(3);
    expect(xs).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
