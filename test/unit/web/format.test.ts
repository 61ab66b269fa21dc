import { describe, expect, it } from 'vitest';
import { fmtColumn, fmtInt, fmtMeanReturn, fmtNetworkName, fmtReturn, fmtScaledColumn } from '../../../web/format.ts';

describe('fmtNetworkName', () => {
  it('prints the numbers in a network name as the cards do, and leaves the words alone', () => {
    expect(fmtNetworkName('best eval (step 42000, mean return -79.7)')).toBe('best eval (step 42,000, mean return −79.7)');
    expect(fmtNetworkName('best eval (step 120000, mean return -103.25)')).toBe('best eval (step 120,000, mean return −103.25)');
    expect(fmtNetworkName('last (step 999)')).toBe('last (step 999)');
    expect(fmtNetworkName('checkpoint 25000')).toBe('checkpoint 25,000');
    expect(fmtNetworkName('final')).toBe('final');
    expect(fmtNetworkName('CartPole-v1 net2')).toBe('CartPole-v1 net2');
  });
});

describe('fmtInt', () => {
  it('groups thousands and writes a true minus sign, as fmtNum does', () => {
    expect(fmtInt(-12345)).toBe('−12,345');
    expect(fmtInt(475)).toBe('475');
  });
});

describe('fmtReturn', () => {
  it('prints a whole-number return whole and anything else as fmtNum does', () => {
    expect(fmtReturn(3)).toBe('3');
    expect(fmtReturn(500)).toBe('500');
    expect(fmtReturn(-1)).toBe('−1');
    expect(fmtReturn(-12345)).toBe('−12,345');
    expect(fmtReturn(-0.5)).toBe('−0.500');
    expect(fmtReturn(null)).toBe('–');
  });
});

describe('fmtMeanReturn', () => {
  it('prints a mean return with at most two decimals, as the network’s name carries it', () => {
    expect(fmtMeanReturn(-104.25)).toBe('−104.25');
    expect(fmtNetworkName('best eval (step 1, mean return -104.25)')).toContain(fmtMeanReturn(-104.25));
    expect(fmtMeanReturn(500)).toBe('500');
    expect(fmtMeanReturn(-77.4)).toBe('−77.4');
    expect(fmtMeanReturn(1234.567)).toBe('1,234.57');
    expect(fmtMeanReturn(null)).toBe('–');
  });
});

describe('fmtColumn', () => {
  it('gives a column one number of decimals, the most any value needs up to the cap', () => {
    const f = fmtColumn([104.12, -79.7, 500]);
    expect([104.12, -79.7, 500].map(f)).toEqual(['104.12', '−79.70', '500.00']);
  });

  it('keeps whole values whole and rounds float noise away first', () => {
    expect([-109, 500, 3].map(fmtColumn([-109, 500, 3]))).toEqual(['−109', '500', '3']);
    const noisy = 0.1 * 3; // 0.30000000000000004
    const f = fmtColumn([noisy, -109, null]);
    expect([noisy, -109].map(f)).toEqual(['0.3', '−109.0']);
    expect(f(null)).toBe('–');
    expect(f(Number.NaN)).toBe('–');
  });

  it('caps the decimals and groups thousands', () => {
    expect([1234.5678, 2].map(fmtColumn([1234.5678, 2], 1))).toEqual(['1,234.6', '2.0']);
    expect(fmtColumn([0.5], 0)(0.5)).toBe('1');
  });
});

describe('fmtScaledColumn', () => {
  it('prints a column at the precision of its largest value', () => {
    const f = fmtScaledColumn([0.28763, 1.80037, 4.33012]);
    expect([0.28763, 1.80037, 4.33012].map(f)).toEqual(['0.288', '1.800', '4.330']);
    expect(fmtScaledColumn([0.9987, 0.95])(0.95)).toBe('0.9500');
    expect(fmtScaledColumn([-1.5, null])(null)).toBe('–');
  });
});
