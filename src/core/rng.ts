/**
 * Seeded, forkable, serialisable random numbers.
 *
 * The generator is xoshiro128** (Blackman & Vigna) on 32-bit integer arithmetic, so the same seed
 * gives the same stream on every machine and JavaScript engine (no `Math.random`, no floating-point
 * state). `fork(label)` derives an independent stream for one purpose (env resets, exploration,
 * replay sampling, weight init) so adding a draw in one place never shifts the numbers of another.
 */

/** The JSON form of an Rng: enough to continue the exact stream after a restart. */
export interface RngState {
  format: 'qlens-rng';
  version: 1;
  state: [number, number, number, number];
}

const TWO_POW_32 = 4294967296;

/** splitmix32: spreads a 32-bit seed into well-mixed state words. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a over the UTF-16 code units of a label: a stable 32-bit hash for `fork`. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** A generator seeded from a non-negative integer seed (values above 2^32 are folded in). */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(`seed must be an integer in [0, ${Number.MAX_SAFE_INTEGER}], got ${seed}`);
    }
    const mix = splitmix32((seed >>> 0) ^ Math.imul(Math.floor(seed / TWO_POW_32), 0x27d4eb2d));
    this.s0 = mix();
    this.s1 = mix();
    this.s2 = mix();
    this.s3 = mix();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer in [0, maxExclusive), without modulo bias. */
  int(maxExclusive: number): number {
    if (!Number.isInteger(maxExclusive) || maxExclusive <= 0 || maxExclusive > TWO_POW_32) {
      throw new RangeError(`int(maxExclusive) needs an integer in [1, 2^32], got ${maxExclusive}`);
    }
    // Rejection sampling keeps every value equally likely.
    const limit = TWO_POW_32 - (TWO_POW_32 % maxExclusive);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % maxExclusive;
  }

  /** Standard normal by Box–Muller (no cached spare, so the state stays four words). */
  normal(mean = 0, std = 1): number {
    let u = this.next();
    while (u === 0) u = this.next();
    const v = this.next();
    return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(items: T[] | Int32Array | Uint32Array): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
  }

  /**
   * At most `k` distinct indices of [0, n), in increasing order: all of them when n <= k, else the
   * first `k` of a shuffle. A seeded sample rather than an even stride, because consecutive states
   * of a policy are correlated (a balancing CartPole alternates actions: a stride of 10 samples one
   * phase of it).
   */
  sampleIndices(n: number, k: number): number[] {
    const all = Int32Array.from({ length: n }, (_, i) => i);
    if (n <= k) return Array.from(all);
    this.shuffle(all);
    return Array.from(all.subarray(0, k)).sort((a, b) => a - b);
  }

  /**
   * An independent generator for one purpose. Depends on this generator's current state and the
   * label, and does not advance this generator: forking twice with one label gives equal streams.
   */
  fork(label: string): Rng {
    const child = Object.create(Rng.prototype) as Rng;
    const mix = splitmix32(this.s0 ^ rotl(this.s1, 13) ^ rotl(this.s2, 7) ^ rotl(this.s3, 19) ^ hashLabel(label));
    child.s0 = mix();
    child.s1 = mix();
    child.s2 = mix();
    child.s3 = mix();
    if ((child.s0 | child.s1 | child.s2 | child.s3) === 0) child.s0 = 1;
    return child;
  }

  toJSON(): RngState {
    return { format: 'qlens-rng', version: 1, state: [this.s0, this.s1, this.s2, this.s3] };
  }

  /** Restores a generator saved with `toJSON`; throws on anything else. */
  static fromJSON(json: unknown): Rng {
    const j = json as Partial<RngState> | null;
    const words = j?.state;
    const valid =
      j?.format === 'qlens-rng' &&
      j.version === 1 &&
      Array.isArray(words) &&
      words.length === 4 &&
      words.every((w) => Number.isInteger(w) && w >= 0 && w < TWO_POW_32) &&
      words.some((w) => w !== 0);
    if (!valid) throw new TypeError('not a qlens-rng state (expected {format:"qlens-rng", version:1, state:[4 uint32]})');
    const rng = Object.create(Rng.prototype) as Rng;
    [rng.s0, rng.s1, rng.s2, rng.s3] = words as [number, number, number, number];
    return rng;
  }
}

/** Shorthand for `new Rng(seed)`. */
export function createRng(seed: number): Rng {
  return new Rng(seed);
}
