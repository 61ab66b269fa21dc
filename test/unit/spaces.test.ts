import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import { Box, Discrete, spaceFromJSON } from '../../src/core/spaces.ts';

describe('Discrete', () => {
  const space = new Discrete(3);
  it.each([
    [0, true],
    [2, true],
    [3, false],
    [-1, false],
    [1.5, false],
    [Number.NaN, false],
    ['1', false],
    [null, false],
  ])('contains(%s) is %s', (x, expected) => {
    expect(space.contains(x)).toBe(expected);
  });
  it('samples only members and round-trips JSON', () => {
    const rng = createRng(0);
    for (let i = 0; i < 100; i++) expect(space.contains(space.sample(rng))).toBe(true);
    expect(spaceFromJSON(JSON.parse(JSON.stringify(space)))).toEqual(space);
    expect(String(space)).toBe('Discrete(3)');
  });
});

describe('Box', () => {
  const box = new Box([-1, -Infinity, 0], [1, Infinity, Infinity]);
  it('checks type, length, bounds and NaN', () => {
    expect(box.contains(new Float32Array([0, 5, 3]))).toBe(true);
    expect(box.contains(new Float32Array([2, 0, 0]))).toBe(false);
    expect(box.contains(new Float32Array([0, Number.NaN, 0]))).toBe(false);
    expect(box.contains(new Float32Array([0, 0]))).toBe(false);
    expect(box.contains([0, 0, 0])).toBe(false);
  });
  it('samples inside bounded, unbounded and half-bounded dimensions', () => {
    const rng = createRng(3);
    for (let i = 0; i < 200; i++) expect(box.contains(box.sample(rng))).toBe(true);
  });
  it('round-trips JSON including infinite bounds', () => {
    const back = spaceFromJSON(JSON.parse(JSON.stringify(box))) as Box;
    expect(Array.from(back.low)).toEqual([-1, -Infinity, 0]);
    expect(Array.from(back.high)).toEqual([1, Infinity, Infinity]);
  });
  it('rejects inverted bounds', () => {
    expect(() => new Box([1], [0])).toThrow(/Box bound 0 is invalid/);
  });
});
