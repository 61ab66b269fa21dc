import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import { ReplayBuffer } from '../../src/replay/replay-buffer.ts';

const obs = (v: number) => new Float32Array([v, v + 0.5]);

describe('ReplayBuffer', () => {
  it('samples only filled slots before it is full', () => {
    const buf = new ReplayBuffer(100, 2, 64, createRng(0));
    for (let i = 0; i < 3; i++) buf.add(obs(i), obs(i + 1), i % 2, i, false, false);
    expect(buf.size).toBe(3);
    const batch = buf.sample();
    for (let i = 0; i < batch.size; i++) {
      const v = batch.observations[i * 2]!;
      expect([0, 1, 2]).toContain(v);
      expect(batch.nextObservations[i * 2]).toBe(v + 1);
      expect(batch.rewards[i]).toBe(v);
      expect(batch.actions[i]).toBe(v % 2);
    }
  });

  it('wraps around as a ring and overwrites the oldest transitions', () => {
    const buf = new ReplayBuffer(5, 2, 32, createRng(1));
    for (let i = 0; i < 12; i++) buf.add(obs(i), obs(i + 1), 0, i, false, false);
    expect(buf.full).toBe(true);
    expect(buf.size).toBe(5);
    const seen = new Set(Array.from(buf.sample().rewards));
    for (const r of seen) expect(r).toBeGreaterThanOrEqual(7);
  });

  it('keeps terminated apart from truncated: only terminated stops bootstrapping', () => {
    const buf = new ReplayBuffer(2, 2, 16, createRng(2));
    buf.add(obs(0), obs(1), 0, 1, true, false);
    buf.add(obs(5), obs(6), 1, 1, false, true);
    const batch = buf.sample();
    for (let i = 0; i < batch.size; i++) {
      expect(batch.terminated[i]).toBe(batch.observations[i * 2] === 0 ? 1 : 0);
    }
    expect(Array.from(buf.truncated)).toEqual([0, 1]);
  });

  it('is deterministic for a seed and rejects wrong widths and empty sampling', () => {
    const fill = (seed: number) => {
      const buf = new ReplayBuffer(50, 2, 8, createRng(seed));
      for (let i = 0; i < 50; i++) buf.add(obs(i), obs(i), 0, i, false, false);
      return Array.from(buf.sample().rewards);
    };
    expect(fill(7)).toEqual(fill(7));
    expect(fill(7)).not.toEqual(fill(8));
    const buf = new ReplayBuffer(4, 2, 2, createRng(0));
    expect(() => buf.sample()).toThrow('replay: cannot sample from an empty buffer');
    expect(() => buf.add(new Float32Array(3), obs(0), 0, 0, false, false)).toThrow('replay: observation width 3/2, expected 2');
  });
});
