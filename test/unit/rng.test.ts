import { describe, expect, it } from 'vitest';
import { Rng, createRng } from '../../src/core/rng.ts';

describe('Rng', () => {
  it('implements xoshiro128** exactly (reference C implementation, state 1,2,3,4)', () => {
    const rng = Rng.fromJSON({ format: 'qlens-rng', version: 1, state: [1, 2, 3, 4] });
    const out = Array.from({ length: 10 }, () => rng.nextUint32());
    // Printed by Vigna's xoshiro128starstar.c compiled with gcc.
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804]);
  });

  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 100 }, () => a.next());
    const sb = Array.from({ length: 100 }, () => b.next());
    const sc = Array.from({ length: 100 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    expect(sa.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('forks deterministic, label-dependent streams without advancing the parent', () => {
    const parent = createRng(7);
    const before = parent.toJSON();
    const f1 = parent.fork('replay');
    const f2 = parent.fork('replay');
    const g = parent.fork('explore');
    expect(parent.toJSON()).toEqual(before);
    const x1 = Array.from({ length: 20 }, () => f1.nextUint32());
    expect(Array.from({ length: 20 }, () => f2.nextUint32())).toEqual(x1);
    expect(Array.from({ length: 20 }, () => g.nextUint32())).not.toEqual(x1);
  });

  it('round-trips through JSON mid-stream', () => {
    const rng = createRng(123);
    for (let i = 0; i < 17; i++) rng.next();
    const copy = Rng.fromJSON(JSON.parse(JSON.stringify(rng)));
    expect(Array.from({ length: 50 }, () => copy.next())).toEqual(Array.from({ length: 50 }, () => rng.next()));
  });

  it('rejects foreign or invalid state', () => {
    expect(() => Rng.fromJSON({ state: [1, 2, 3, 4] })).toThrow(/not a qlens-rng state/);
    expect(() => Rng.fromJSON({ format: 'qlens-rng', version: 1, state: [0, 0, 0, 0] })).toThrow(/not a qlens-rng state/);
    expect(() => new Rng(-1)).toThrow(/seed must be an integer/);
  });

  it('draws unbiased integers and roughly normal values', () => {
    const rng = createRng(1);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[rng.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    let sum = 0;
    let sq = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      sum += x;
      sq += x * x;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.03);
  });

  it('sampleIndices: k distinct indices in increasing order, the first k of a shuffle; all of them when n <= k', () => {
    const got = new Rng(5).sampleIndices(1000, 50);
    expect(got).toHaveLength(50);
    expect(new Set(got).size).toBe(50);
    expect(got.every((v, i) => v >= 0 && v < 1000 && (i === 0 || v > got[i - 1]!))).toBe(true);
    const all = Int32Array.from({ length: 1000 }, (_, i) => i);
    new Rng(5).shuffle(all);
    expect(got).toEqual(Array.from(all.subarray(0, 50)).sort((a, b) => a - b));
    expect(new Rng(5).sampleIndices(4, 10)).toEqual([0, 1, 2, 3]);
  });
});
