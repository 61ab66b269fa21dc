import { describe, expect, it } from 'vitest';
import { fmtNum, fmtQs, fmtQTable, fmtThreshold } from '../../../web/format.ts';

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

describe('fmtQTable', () => {
  it('prints every Q of a table with one number of decimals, the most any row needs to show its pick', () => {
    const f = fmtQTable([
      [57.7761, 57.7802],
      [57.7812, 57.1],
    ]);
    expect([57.7761, 57.7802, 57.7812, 57.1].map(f)).toEqual(['57.776', '57.780', '57.781', '57.100']);
  });

  it('keeps fmtNum’s decimals for the largest |Q| when no row needs more, also for smaller values', () => {
    const f = fmtQTable([
      [-30.12, -100.46],
      [-45.5, -46.25],
    ]);
    expect([-30.12, -100.46, -45.5, -46.25].map(f)).toEqual(['−30.1', '−100.5', '−45.5', '−46.3']);
  });

  it('takes more decimals until each baseline and its terms add up, as printed, to the tree’s Q', () => {
    // The Inspector's near tie: 58.1562 − 0.0229 = 58.1333 printed as 58.16, −0.02 and 58.13.
    const qTree = [58.1153, 58.1333];
    expect([58.1562, -0.0229, 58.1333].map(fmtQTable([qTree]))).toEqual(['58.16', '−0.02', '58.13']);
    const f = fmtQTable([qTree], 4, [[58.1562, -0.0229, 58.1333]]);
    expect([58.1562, -0.0229, 58.1333].map(f)).toEqual(['58.156', '−0.023', '58.133']);
  });

  it('ignores a near tie no decimals up to the cap separate, and prints missing values as a dash', () => {
    const f = fmtQTable([[58.000000001, 58], [51.63, 49.8]]);
    expect(f(58.000000001)).toBe('58.00');
    expect(f(NaN)).toBe('–');
    expect(f(null)).toBe('–');
  });

  it('prints differences (a counterfactual’s before and after) with the same decimals', () => {
    const f = fmtQTable([
      [55.89, 55.01],
      [58.05751, 58.05762],
    ]);
    expect([55.89, 58.05751, 58.05762].map(f)).toEqual(['55.8900', '58.0575', '58.0576']);
  });
});

describe('fmtThreshold', () => {
  it('prints a split’s threshold with four significant digits and a true minus', () => {
    expect(fmtThreshold(-0.0846002)).toBe('−0.08460');
    expect(fmtThreshold(0.03315)).toBe('0.03315');
    expect(fmtThreshold(2.4)).toBe('2.400');
  });
});
