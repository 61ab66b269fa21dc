/**
 * A leaf memory's storage: a child that reserves room for its parent's rows up front holds the same
 * rows in the same storage size as one that grew row by row (and as a memory read back from JSON),
 * so memory figures and files do not depend on how the rows arrived.
 */
import { describe, expect, it } from 'vitest';
import { SampleMemory } from '../../../src/lmut/memory.ts';

const d = 3;
const k = 2;
const rows = (n: number) => Float32Array.from({ length: n * (d + k) }, (_, i) => Math.sin(i) * 10);

describe('sample memory storage', () => {
  for (const n of [1, 31, 32, 33, 500, 999, 1000]) {
    it(`reserving room for ${n} rows gives the storage pushing them one by one reaches`, () => {
      const src = rows(n);
      const grown = new SampleMemory(d, k, 1000, 'reservoir');
      const reserved = new SampleMemory(d, k, 1000, 'reservoir');
      reserved.reserve(n);
      for (let r = 0; r < n; r++) {
        grown.push(src, r * (d + k));
        reserved.push(src, r * (d + k));
      }
      expect(reserved.count).toBe(n);
      expect(reserved.seen).toBe(n);
      expect(reserved.bytes).toBe(grown.bytes);
      expect(Array.from(reserved.data)).toEqual(Array.from(grown.data));
      expect(Array.from(reserved.data.subarray(0, n * (d + k)))).toEqual(Array.from(src));
      const back = SampleMemory.fromJSON({ count: n, seen: n, rows: src }, d, k, 1000, 'reservoir');
      expect(back.bytes).toBe(grown.bytes);
    });
  }

  it('keeps the rows it holds when it reserves more, and never shrinks', () => {
    const src = rows(40);
    const mem = new SampleMemory(d, k, 1000, 'window');
    for (let r = 0; r < 40; r++) mem.push(src, r * (d + k));
    const before = mem.bytes;
    mem.reserve(10);
    expect(mem.bytes).toBe(before);
    mem.reserve(300);
    expect(mem.bytes).toBe(4 * 512 * (d + k));
    expect(Array.from(mem.data.subarray(0, 40 * (d + k)))).toEqual(Array.from(src));
  });

  it('stops at its capacity', () => {
    const mem = new SampleMemory(d, k, 100, 'reservoir');
    mem.reserve(5000);
    expect(mem.bytes).toBe(SampleMemory.maxBytes(d, k, 100));
  });
});
