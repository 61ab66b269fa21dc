/**
 * A leaf's bounded sample memory: rows of `d` features followed by `k` labels, float32 (the
 * precision the network produced them in). The authors kept a sliding window of the last 3000
 * samples per leaf; we offer that (`window`) and reservoir sampling (`reservoir`, Vitter's
 * algorithm R: every sample the leaf ever saw is kept with equal probability), which represents a
 * leaf's region better when consecutive RL states are strongly correlated.
 *
 * Storage grows by doubling up to `capacity` rows, so a tree of many small leaves does not
 * reserve `capacity` rows for each of them.
 */
import { float32ToBase64 } from '../core/float32-base64.ts';
import type { Rng } from '../core/rng.ts';

export type MemoryPolicy = 'reservoir' | 'window';

export interface MemoryJSON {
  /** Rows currently held. */
  count: number;
  /** Samples offered since the memory was created (drives reservoir and window positions). */
  seen: number;
  /** count × (d + k) values, row-major, as base64 float32 (`float32ToBase64`). */
  rows: string;
}

const INITIAL_ROWS = 32;

export class SampleMemory {
  count = 0;
  seen = 0;
  data: Float32Array;
  readonly width: number;

  constructor(
    readonly d: number,
    readonly k: number,
    readonly capacity: number,
    readonly policy: MemoryPolicy,
  ) {
    this.width = d + k;
    this.data = new Float32Array(Math.min(capacity, INITIAL_ROWS) * this.width);
  }

  /** Offers one sample; `rng` decides reservoir replacement. */
  add(x: ArrayLike<number>, xo: number, y: ArrayLike<number>, yo: number, rng: Rng): void {
    this.seen++;
    let row: number;
    if (this.count < this.capacity) {
      row = this.count++;
      if (row * this.width >= this.data.length) this.grow();
    } else if (this.policy === 'window') {
      row = (this.seen - 1) % this.capacity;
    } else {
      const j = rng.int(this.seen);
      if (j >= this.capacity) return;
      row = j;
    }
    this.writeRow(row, x, xo, y, yo);
  }

  /** Appends a row without sampling (used to hand a parent's rows to its children). */
  push(src: Float32Array, offset: number): void {
    if (this.count >= this.capacity) return;
    if (this.count * this.width >= this.data.length) this.grow();
    // A plain copy: a subarray view per row was most of the cost of handing rows over.
    const { width, data } = this;
    const base = this.count * width;
    for (let i = 0; i < width; i++) data[base + i] = src[offset + i]!;
    this.count++;
    this.seen++;
  }

  /** Makes room for `rows` rows at once, the size doubling would reach (a child about to get its parent's rows). */
  reserve(rows: number): void {
    const size = grownRows(rows, this.capacity) * this.width;
    if (size <= this.data.length) return;
    const next = new Float32Array(size);
    next.set(this.data.subarray(0, this.count * this.width));
    this.data = next;
  }

  private writeRow(row: number, x: ArrayLike<number>, xo: number, y: ArrayLike<number>, yo: number): void {
    const base = row * this.width;
    const { d, k, data } = this;
    for (let i = 0; i < d; i++) data[base + i] = x[xo + i]!;
    for (let c = 0; c < k; c++) data[base + d + c] = y[yo + c]!;
  }

  private grow(): void {
    const rows = Math.min(this.capacity, Math.max(INITIAL_ROWS, 2 * (this.data.length / this.width)));
    const next = new Float32Array(rows * this.width);
    next.set(this.data);
    this.data = next;
  }

  get bytes(): number {
    return this.data.byteLength;
  }

  /** The most bytes a memory of this shape can hold. */
  static maxBytes(d: number, k: number, capacity: number): number {
    return 4 * capacity * (d + k);
  }

  toJSON(): MemoryJSON {
    return { count: this.count, seen: this.seen, rows: float32ToBase64(this.data.subarray(0, this.count * this.width)) };
  }

  /** `rows` already decoded and checked (serialize.ts); version-1 files held them as numbers. */
  static fromJSON(j: { count: number; seen: number; rows: ArrayLike<number> }, d: number, k: number, capacity: number, policy: MemoryPolicy): SampleMemory {
    const m = new SampleMemory(d, k, capacity, policy);
    m.data = new Float32Array(grownRows(j.count, capacity) * m.width);
    m.data.set(j.rows);
    m.count = j.count;
    m.seen = j.seen;
    return m;
  }
}

/** Rows of storage that doubling from INITIAL_ROWS reaches once `count` rows are held (at most `capacity`). */
function grownRows(count: number, capacity: number): number {
  let rows = Math.min(capacity, INITIAL_ROWS);
  while (rows < count && rows < capacity) rows = Math.min(capacity, 2 * rows);
  return rows;
}
