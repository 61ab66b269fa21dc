/**
 * Thresholds in the rules export are printed with the digits that keep every float32 observation
 * on its side of the split: read back, `x <= printed` must hold exactly when the tree's `x <= t` does.
 */
import { describe, expect, it } from 'vitest';
import { formatNumber, formatThreshold } from '../../../src/explain/format.ts';

const f32 = new Float32Array(1);
const bits = new Uint32Array(f32.buffer);
const fromBits = (b: number) => ((bits[0] = b), f32[0]!);
const bitsOf = (x: number) => ((f32[0] = x), bits[0]!);

/** Pairs of float32 values 1-3 steps apart, over many magnitudes and both signs; the threshold is their midpoint as the tree takes it. */
function thresholdCases(n: number): { t: number; between: number[] }[] {
  let seed = 11;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  return Array.from({ length: n }, (_, i) => {
    const a = Math.fround((rand() - 0.5) * 10 ** (Math.floor(rand() * 10) - 5));
    const from = bitsOf(a);
    const to = from + 1 + (i % 3); // away from zero for either sign
    const b = fromBits(to);
    const between = Array.from({ length: to - from + 1 }, (_, k) => fromBits(from + k));
    return { t: (a + b) / 2, between };
  });
}

const misrouted = (print: (t: number) => string, cases: { t: number; between: number[] }[]) =>
  cases.filter(({ t, between }) => between.some((x) => x <= Number(print(t)) !== x <= t)).length;

describe('formatThreshold', () => {
  const cases = thresholdCases(20_000);

  it('sends every float32 value the way the threshold does, where 8 fixed digits do not', () => {
    expect(misrouted((t) => formatThreshold(t, 8), cases)).toBe(0);
    expect(misrouted((t) => formatThreshold(t, 4), cases)).toBe(0);
    expect(misrouted((t) => formatNumber(t, 8), cases)).toBeGreaterThan(100);
  });

  it('prints no more digits than it needs', () => {
    expect(formatThreshold(0.05, 8)).toBe('0.05');
    expect(formatThreshold(-0.5, 4)).toBe('-0.5');
    expect(formatThreshold(0, 8)).toBe('0');
    expect(formatThreshold(0.000116719023932, 8)).toBe('0.000116719024');
    expect(formatThreshold(1e39, 8)).toBe('1e+39'); // beyond float32: as it is
  });
});
