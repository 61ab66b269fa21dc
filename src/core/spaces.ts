/**
 * Gymnasium's two spaces that classic control needs: `Discrete` (actions) and `Box` (float32
 * observations). `contains` is the validity check every env uses on its inputs; `sample` draws from
 * the space with a seeded `Rng`; `toJSON` is what run files and the API carry.
 */
import type { Rng } from './rng.ts';

export type SpaceJSON =
  | { kind: 'discrete'; n: number; start: number }
  | { kind: 'box'; shape: number[]; low: number[]; high: number[]; dtype: 'float32' };

export interface Space<T> {
  readonly shape: readonly number[];
  contains(x: unknown): x is T;
  sample(rng: Rng): T;
  toJSON(): SpaceJSON;
  /** Short human form, used in error messages: `Discrete(2)`, `Box(4,)`. */
  toString(): string;
}

/** The integers `start, …, start + n − 1`. */
export class Discrete implements Space<number> {
  readonly shape: readonly number[] = [];

  constructor(
    readonly n: number,
    readonly start = 0,
  ) {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Discrete n must be a positive integer, got ${n}`);
    if (!Number.isInteger(start)) throw new RangeError(`Discrete start must be an integer, got ${start}`);
  }

  contains(x: unknown): x is number {
    return typeof x === 'number' && Number.isInteger(x) && x >= this.start && x < this.start + this.n;
  }

  sample(rng: Rng): number {
    return this.start + rng.int(this.n);
  }

  toJSON(): SpaceJSON {
    return { kind: 'discrete', n: this.n, start: this.start };
  }

  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}

/** A float32 box `low <= x <= high` (bounds may be ±Infinity), one dimension. */
export class Box implements Space<Float32Array> {
  readonly shape: readonly number[];
  readonly low: Float32Array;
  readonly high: Float32Array;

  constructor(low: ArrayLike<number>, high: ArrayLike<number>) {
    if (low.length !== high.length || low.length === 0) {
      throw new RangeError(`Box low and high must have the same non-zero length, got ${low.length} and ${high.length}`);
    }
    // Bounds are stored as float32, like Gymnasium's Box(dtype=np.float32).
    this.low = Float32Array.from(low);
    this.high = Float32Array.from(high);
    for (let i = 0; i < this.low.length; i++) {
      if (Number.isNaN(this.low[i]) || Number.isNaN(this.high[i]) || this.low[i]! > this.high[i]!) {
        throw new RangeError(`Box bound ${i} is invalid: low=${this.low[i]}, high=${this.high[i]}`);
      }
    }
    this.shape = [this.low.length];
  }

  get size(): number {
    return this.low.length;
  }

  contains(x: unknown): x is Float32Array {
    if (!(x instanceof Float32Array) || x.length !== this.low.length) return false;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (!(v >= this.low[i]! && v <= this.high[i]!)) return false; // also rejects NaN
    }
    return true;
  }

  /**
   * Gymnasium's sampling rule: uniform on bounded dimensions, normal on unbounded ones, shifted
   * exponential on half-bounded ones.
   */
  sample(rng: Rng): Float32Array {
    const out = new Float32Array(this.low.length);
    for (let i = 0; i < out.length; i++) {
      const lo = this.low[i]!;
      const hi = this.high[i]!;
      const loBounded = Number.isFinite(lo);
      const hiBounded = Number.isFinite(hi);
      let v: number;
      if (loBounded && hiBounded) v = rng.uniform(lo, hi);
      else if (!loBounded && !hiBounded) v = rng.normal();
      else if (loBounded) v = lo - Math.log(1 - rng.next());
      else v = hi + Math.log(1 - rng.next());
      out[i] = Math.min(Math.max(v, lo), hi);
    }
    return out;
  }

  toJSON(): SpaceJSON {
    return { kind: 'box', shape: [this.low.length], low: Array.from(this.low), high: Array.from(this.high), dtype: 'float32' };
  }

  toString(): string {
    return `Box(${this.low.length},)`;
  }
}

/** Rebuilds a space from its JSON form. */
export function spaceFromJSON(json: SpaceJSON): Discrete | Box {
  if (json.kind === 'discrete') return new Discrete(json.n, json.start);
  // JSON has no Infinity: `JSON.stringify` writes null, which we read back as the unbounded side.
  const low = (json.low as (number | null)[]).map((v) => v ?? -Infinity);
  const high = (json.high as (number | null)[]).map((v) => v ?? Infinity);
  return new Box(low, high);
}
