import { describe, expect, it } from 'vitest';
import { tightestBounds } from '../../../src/explain/interval-bounds.ts';

describe('tightestBounds', () => {
  it('keeps the tightest bound of each side per feature, in the order the path first tests them', () => {
    const bounds = tightestBounds([
      { feature: 2, op: '<=', threshold: 0.5 },
      { feature: 0, op: '>', threshold: -1 },
      { feature: 2, op: '>', threshold: -0.3 },
      { feature: 2, op: '<=', threshold: 0.1 },
      { feature: 0, op: '>', threshold: -2 },
      { feature: 2, op: '<=', threshold: 0.4 },
    ]);
    expect(bounds).toEqual([
      { feature: 2, lower: -0.3, upper: 0.1, tests: 4 },
      { feature: 0, lower: -1, upper: null, tests: 2 },
    ]);
  });

  it('gives nothing for a path without tests', () => {
    expect(tightestBounds([])).toEqual([]);
  });
});
