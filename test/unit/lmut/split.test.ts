import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { SampleMemory } from '../../../src/lmut/memory.ts';
import { bicMinimumGain, hoeffdingBound } from '../../../src/lmut/significance.ts';
import { candidateCuts, SplitSearch } from '../../../src/lmut/split.ts';

function memoryOf(n: number, f: (x: number[]) => number[], seed = 1): SampleMemory {
  const rng = new Rng(seed);
  const mem = new SampleMemory(2, 2, n, 'reservoir');
  for (let r = 0; r < n; r++) {
    const x = [rng.uniform(-1, 1), rng.uniform(-1, 1)];
    mem.add(x, 0, f(x), 0, rng);
  }
  return mem;
}

const settings = { candidates: 16, minSamplesSplit: 10, ridge: 1e-6, advantageWeight: 1 };

describe('split search', () => {
  it('hoeffdingBound follows river: sqrt(R² ln(1/δ) / 2n)', () => {
    expect(hoeffdingBound(1, 1e-7, 200)).toBeCloseTo(Math.sqrt(Math.log(1e7) / 400), 12);
    expect(hoeffdingBound(2, 0.05, 50)).toBeCloseTo(Math.sqrt((4 * Math.log(20)) / 100), 12);
  });

  it('bicMinimumGain: a split must pay p·ln(N)/N, to first order', () => {
    expect(bicMinimumGain(11, 400)).toBeCloseTo(1 - Math.exp((-11 * Math.log(400)) / 400), 12);
    expect(bicMinimumGain(11, 1e6)).toBeCloseTo((11 * Math.log(1e6)) / 1e6, 7);
    expect(bicMinimumGain(3, 1)).toBe(1);
  });

  it('candidate cuts sit between distinct values and respect the minimum child size', () => {
    const sorted = Float32Array.of(1, 1, 1, 2, 2, 3, 4, 5, 6, 7);
    const cuts = Array.from(candidateCuts(sorted, 4, 2));
    expect(cuts).toEqual([1.5, 2.5, 3.5, 5.5]);
    expect(Array.from(candidateCuts(Float32Array.of(3, 3, 3, 3), 4, 1))).toEqual([]);
  });

  it('variance: gain is n × the size-weighted variance reduction, summed over actions', () => {
    const mem = memoryOf(400, ([a]) => [a! <= 0.2 ? 1 : 5, a! <= 0.2 ? -2 : 0]);
    const result = new SplitSearch(2, 2, { ...settings, criterion: 'variance' }).find(mem, null);
    const best = result.byFeature[0]!;
    expect(best.feature).toBe(0);
    expect(Math.abs(best.threshold - 0.2)).toBeLessThan(0.01);
    // Direct computation of var_N − Σ (n_c/n) var_c on the memory.
    const rows = Array.from({ length: mem.count }, (_, r) => Array.from(mem.data.subarray(r * 4, r * 4 + 4)));
    const v = (xs: number[]) => {
      const m = xs.reduce((s, x) => s + x, 0) / xs.length;
      return xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
    };
    const left = rows.filter((r) => r[0]! <= best.threshold);
    const right = rows.filter((r) => r[0]! > best.threshold);
    let vr = 0;
    for (const c of [2, 3]) vr += v(rows.map((r) => r[c]!)) - (left.length / rows.length) * v(left.map((r) => r[c]!)) - (right.length / rows.length) * v(right.map((r) => r[c]!));
    expect(best.gain / rows.length).toBeCloseTo(vr, 6);
    expect(best.left).toBe(left.length);
    expect(result.parentSse).toBeCloseTo(best.gain, 6); // a perfect split removes all error
  });

  it('residual: finds a kink the variance criterion misplaces, and ignores a linear trend', () => {
    // |x0 − 0.3|: symmetric around the kink, so the best constant split is not at the kink.
    const mem = memoryOf(800, ([a, b]) => [Math.abs(a! - 0.3) + 0.5 * b!, 2 * Math.abs(a! - 0.3)]);
    const res = new SplitSearch(2, 2, { ...settings, criterion: 'residual' }).find(mem, null);
    expect(res.byFeature[0]!.feature).toBe(0);
    expect(Math.abs(res.byFeature[0]!.threshold - 0.3)).toBeLessThan(0.01);
    expect(res.byFeature[0]!.gain / res.parentSse).toBeGreaterThan(0.99);
    const variance = new SplitSearch(2, 2, { ...settings, criterion: 'variance' }).find(mem, null);
    expect(Math.abs(variance.byFeature[0]!.threshold - 0.3)).toBeGreaterThan(0.1);
    // A purely linear target: nothing for the residual criterion to gain.
    const linear = memoryOf(800, ([a, b]) => [3 * a! - b!, a! + 2 * b!]);
    const lin = new SplitSearch(2, 2, { ...settings, criterion: 'residual' }).find(linear, null);
    expect(lin.parentSse).toBeLessThan(1e-6);
  });
});
