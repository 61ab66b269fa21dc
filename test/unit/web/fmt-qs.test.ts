import { describe, expect, it } from 'vitest';
import { fmtNum, fmtQs } from '../../../web/format.ts';

describe('fmtQs', () => {
  it('keeps fmtNum’s digits when they already tell the greedy Q from the runner-up', () => {
    expect(fmtQs([58.12345, 58.13101])).toEqual(['58.12', '58.13']);
    expect(fmtQs([-7.457, -7.421, -7.5])).toEqual(['−7.457', '−7.421', '−7.500']);
    expect(fmtQs([1234.5, 1300])).toEqual(['1,235', '1,300']);
  });

  it('adds decimals, the same to every action, until the greedy Q prints larger than the runner-up', () => {
    const q = [58.12345, 58.12401];
    expect(q.map((v) => fmtNum(v, 4))).toEqual(['58.12', '58.12']); // the bug: the pick is unreadable
    expect(fmtQs(q)).toEqual(['58.123', '58.124']);
    expect(fmtQs([58.0012, 58.0049, 57.5])).toEqual(['58.001', '58.005', '57.500']);
    expect(fmtQs([57.93312, 57.93349])).toEqual(['57.9331', '57.9335']);
  });

  it('keeps a true minus sign and thousands separators', () => {
    expect(fmtQs([-1234.51, -1234.58])).toEqual(['−1,234.5', '−1,234.6']);
    expect(fmtQs([-100.02, -100.04])).toEqual(['−100.02', '−100.04']);
    expect(fmtQs([-0.00010101, -0.00010102])).toEqual(['−0.00010101', '−0.00010102']);
  });

  it('prints equal values equal and stops at 7 significant digits (a near tie beyond)', () => {
    expect(fmtQs([-1.5, -1.5])).toEqual(['−1.500', '−1.500']);
    expect(fmtQs([58.1, 58.1 + 1e-9])).toEqual(['58.10', '58.10']);
    expect(fmtQs([1234.5671, 1234.5672])).toEqual(['1,235', '1,235']);
    // A tie for the top stays a tie; the best value below it is told apart.
    expect(fmtQs([58.001, 58.002, 58.002])).toEqual(['58.001', '58.002', '58.002']);
  });

  it('copes with one action, missing values and tiny magnitudes', () => {
    expect(fmtQs([58.123])).toEqual(['58.12']);
    expect(fmtQs([])).toEqual([]);
    expect(fmtQs([58.12, NaN, 58.1201])).toEqual(['58.1200', '–', '58.1201']);
    expect(fmtQs([0, 1e-7])).toEqual(['0', '1.00e-7']);
  });
});
