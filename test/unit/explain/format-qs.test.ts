import { describe, expect, it } from 'vitest';
import { formatNumber, formatQs } from '../../../src/explain/format.ts';

describe('formatQs', () => {
  it('adds the digits that tell the greedy Q from the runner-up, and no more', () => {
    expect([58.21898, 58.21899].map((v) => formatNumber(v))).toEqual(['58.22', '58.22']); // the problem
    expect(formatQs([58.21898, 58.21899])).toEqual(['58.21898', '58.21899']);
    expect(formatQs([57.805, 57.797])).toEqual(['57.805', '57.797']);
    expect(formatQs([1.5, -2.25, 3])).toEqual(['1.5', '-2.25', '3']); // already apart: as formatNumber
    expect(formatQs([-42.0414, -42.172, -42.0415])).toEqual(['-42.0414', '-42.172', '-42.0415']);
    // Two actions tied at the top still stand apart from the runner-up below them.
    expect(formatQs([58.001, 58.002, 58.002])).toEqual(['58.001', '58.002', '58.002']);
    // Past float32's 7 digits there is nothing to show: a near tie, as the dashboard prints it too.
    expect(formatQs([1234.5671, 1234.5672])).toEqual(['1235', '1235']);
  });

  it('leaves exact ties and a single action alone, and stops at float32’s seven digits', () => {
    expect(formatQs([58.2, 58.2])).toEqual(['58.2', '58.2']);
    expect(formatQs([7])).toEqual(['7']);
    expect(formatQs([1, 1 + 1e-12])).toEqual(['1', '1']);
    expect(formatQs([Number.NaN, 2])).toEqual(['NaN', '2']);
  });
});
