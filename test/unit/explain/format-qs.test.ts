import { describe, expect, it } from 'vitest';
import { formatNumber, formatQs } from '../../../src/explain/format.ts';

describe('formatQs', () => {
  it('adds the digits that tell the greedy Q from the runner-up, and no more', () => {
    expect([58.21898, 58.21899].map((v) => formatNumber(v))).toEqual(['58.22', '58.22']); // the problem
    expect(formatQs([58.21898, 58.21899])).toEqual(['58.21898', '58.21899']);
    expect(formatQs([57.805, 57.797])).toEqual(['57.805', '57.797']);
    expect(formatQs([1.5, -2.25, 3])).toEqual(['1.5', '-2.25', '3']); // already apart: as formatNumber
    expect(formatQs([-42.0414, -42.172, -42.0415])).toEqual(['-42.0414', '-42.172', '-42.0415']);
  });

  it('leaves exact ties and a single action alone, and stops at six extra digits', () => {
    expect(formatQs([58.2, 58.2])).toEqual(['58.2', '58.2']);
    expect(formatQs([7])).toEqual(['7']);
    expect(formatQs([1, 1 + 1e-12])).toEqual(['1', '1']);
    expect(formatQs([Number.NaN, 2])).toEqual(['NaN', '2']);
  });
});
