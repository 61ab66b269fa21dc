/**
 * Sufficient statistics of the samples that reached a leaf: count, feature means, feature
 * co-moments, label means and feature–label co-moments, all float64 and updated with Welford's
 * recurrence (a running mean plus centred co-moments), so that a leaf whose labels sit around
 * Q ≈ 1000 (the authors' CartPole data) loses no precision to cancellation (lmut-paper.md §7.4).
 *
 * `full` statistics keep the d×d feature co-moment matrix (what the exact ridge leaf model needs,
 * O(d²) per sample); diagonal ones keep only the d variances (enough for SGD/Adam leaves on wide
 * inputs). An optional fading factor (FIMT) down-weights old samples.
 */

export interface StatsJSON {
  full: boolean;
  n: number;
  meanX: number[];
  cxx: number[];
  meanY: number[];
  cxy: number[];
  cyy: number[];
  /**
   * Σ (y_c − ν_c)(y_c' − ν_c') for every pair c < c' (row-major upper triangle, k(k−1)/2 values):
   * what scores a split under `advantageWeight` (budget.ts). Trees saved before it was kept lack it.
   */
  cyyCross?: number[];
  /** The unfaded feature spread (`LeafStats.longVarX`); trees saved before it existed lack it. */
  longRun?: { n: number; mean: number[]; m2: number[] };
}

export class LeafStats {
  /** Total weight (the number of samples when nothing fades). */
  n = 0;
  /** Bumped on every change: lets a cached model tell that it is stale. */
  version = 0;
  readonly meanX: Float64Array;
  /** Σ (x_i − μ_i)(x_j − μ_j): row-major d×d (upper triangle kept) when full, else the d diagonal terms. */
  readonly cxx: Float64Array;
  readonly meanY: Float64Array;
  /** Σ (x_i − μ_i)(y_k − ν_k), row-major d×k. */
  readonly cxy: Float64Array;
  /** Σ (y_k − ν_k)². */
  readonly cyy: Float64Array;
  /** Σ (y_c − ν_c)(y_c' − ν_c') for c < c', row-major upper triangle (`labelComoment`). */
  readonly cyyCross: Float64Array;
  private readonly dx: Float64Array;
  private readonly dyOld: Float64Array;
  private readonly dyNew: Float64Array;
  /**
   * Every sample at full weight (Welford): how far each feature has ever ranged in this leaf. With
   * fading, a feature that stops varying has a faded variance that decays towards 0, and a model
   * standardised by it takes any old wobble for a steep slope (a held-out state a little off the
   * recent value was predicted at Q ≈ 4e11); the leaf model floors its scale by this spread.
   * Kept only once a sample has faded (null before): until then it is the faded statistics
   * themselves, so trees grown without fading (Active Play, Experience Training) pay nothing.
   */
  private long: { n: number; meanX: Float64Array; m2X: Float64Array } | null = null;

  constructor(
    readonly d: number,
    readonly k: number,
    readonly full: boolean,
  ) {
    this.meanX = new Float64Array(d);
    this.cxx = new Float64Array(full ? d * d : d);
    this.meanY = new Float64Array(k);
    this.cxy = new Float64Array(d * k);
    this.cyy = new Float64Array(k);
    this.cyyCross = new Float64Array(LeafStats.crossLength(k));
    this.dx = new Float64Array(d);
    this.dyOld = new Float64Array(k);
    this.dyNew = new Float64Array(k);
  }

  /** Position of the pair c < c2 in `cyyCross`. */
  private crossIndex(c: number, c2: number): number {
    return c * this.k - (c * (c + 1)) / 2 + (c2 - c - 1);
  }

  /** Σ (y_c − ν_c)(y_c2 − ν_c2) for any two labels (c = c2: `cyy`). */
  labelComoment(c: number, c2: number): number {
    if (c === c2) return this.cyy[c]!;
    return c < c2 ? this.cyyCross[this.crossIndex(c, c2)]! : this.cyyCross[this.crossIndex(c2, c)]!;
  }

  /** Adds one sample: features `x[xo .. xo+d)`, labels `y[yo .. yo+k)`. */
  add(x: ArrayLike<number>, xo: number, y: ArrayLike<number>, yo: number, fading = 1): void {
    const { d, k, meanX, cxx, meanY, cxy, cyy, dx, dyOld, dyNew, cyyCross } = this;
    if (fading < 1 && this.n > 0) {
      this.longRun(); // before the first fade: the statistics so far are still unfaded
      this.scale(fading);
    }
    const long = this.long;
    if (long) {
      const inv = 1 / ++long.n;
      for (let i = 0; i < d; i++) {
        const delta = x[xo + i]! - long.meanX[i]!;
        long.meanX[i] = long.meanX[i]! + delta * inv;
        long.m2X[i] = long.m2X[i]! + delta * (x[xo + i]! - long.meanX[i]!);
      }
    }
    const n = this.n + 1;
    this.n = n;
    this.version++;
    const inv = 1 / n;
    for (let i = 0; i < d; i++) {
      const delta = x[xo + i]! - meanX[i]!;
      dx[i] = delta; // deviation from the old mean
      meanX[i] = meanX[i]! + delta * inv;
    }
    // C += (x − μ_old)(x − μ_new)ᵀ — Welford's co-moment update.
    if (this.full) {
      for (let i = 0; i < d; i++) {
        const di = dx[i]!;
        const row = i * d;
        for (let j = i; j < d; j++) cxx[row + j] = cxx[row + j]! + di * (x[xo + j]! - meanX[j]!);
      }
    } else {
      for (let i = 0; i < d; i++) cxx[i] = cxx[i]! + dx[i]! * (x[xo + i]! - meanX[i]!);
    }
    for (let c = 0; c < k; c++) {
      const yv = y[yo + c]!;
      const dy = yv - meanY[c]!;
      const m = meanY[c]! + dy * inv;
      meanY[c] = m;
      dyOld[c] = dy;
      dyNew[c] = yv - m;
      cyy[c] = cyy[c]! + dy * dyNew[c]!;
      for (let i = 0; i < d; i++) cxy[i * k + c] = cxy[i * k + c]! + dx[i]! * dyNew[c]!;
    }
    let t = 0;
    for (let c = 0; c < k; c++) for (let c2 = c + 1; c2 < k; c2++) cyyCross[t] = cyyCross[t++]! + dyOld[c]! * dyNew[c2]!;
  }

  /** Multiplies every weight by `f` (fading); means are unchanged. */
  private scale(f: number): void {
    this.n *= f;
    const { cxx, cxy, cyy, d, full } = this;
    if (full) {
      for (let i = 0; i < d; i++) for (let j = i; j < d; j++) cxx[i * d + j] = cxx[i * d + j]! * f;
    } else {
      for (let i = 0; i < cxx.length; i++) cxx[i] = cxx[i]! * f;
    }
    for (let i = 0; i < cxy.length; i++) cxy[i] = cxy[i]! * f;
    for (let i = 0; i < cyy.length; i++) cyy[i] = cyy[i]! * f;
    for (let i = 0; i < this.cyyCross.length; i++) this.cyyCross[i] = this.cyyCross[i]! * f;
  }

  /** Σ(x_i−μ_i)(x_j−μ_j) for any i, j (full) or i = j (diagonal). */
  comoment(i: number, j: number): number {
    if (!this.full) return i === j ? this.cxx[i]! : 0;
    return i <= j ? this.cxx[i * this.d + j]! : this.cxx[j * this.d + i]!;
  }

  /** Population variance of feature i (0 when empty). */
  varX(i: number): number {
    return this.n > 0 ? Math.max(0, this.full ? this.cxx[i * this.d + i]! : this.cxx[i]!) / this.n : 0;
  }

  /** Population variance of feature i over every sample at full weight: `varX` when nothing fades. */
  longVarX(i: number): number {
    const long = this.long;
    if (!long) return this.varX(i);
    return long.n > 0 ? Math.max(0, long.m2X[i]!) / long.n : 0;
  }

  /** The long-run spread, started from the statistics as they are (exact while nothing has faded). */
  private longRun(): { n: number; meanX: Float64Array; m2X: Float64Array } {
    if (!this.long) {
      const m2X = new Float64Array(this.d);
      for (let i = 0; i < this.d; i++) m2X[i] = this.full ? this.cxx[i * this.d + i]! : this.cxx[i]!;
      this.long = { n: this.n, meanX: Float64Array.from(this.meanX), m2X };
    }
    return this.long;
  }

  /** Population variance of label c (np.var, ddof 0). */
  varY(c: number): number {
    return this.n > 0 ? Math.max(0, this.cyy[c]!) / this.n : 0;
  }

  /** Folds `other` into this (Chan et al.'s parallel merge); used when pruning collapses a subtree. */
  merge(other: LeafStats): void {
    if (other.n === 0) return;
    if (this.n === 0) {
      this.copyFrom(other);
      return;
    }
    this.mergeLongRun(other); // first: a side without one starts it from its statistics before they merge
    const { d, k, full } = this;
    const na = this.n;
    const nb = other.n;
    const n = na + nb;
    const f = (na * nb) / n;
    const deltaX = new Float64Array(d);
    for (let i = 0; i < d; i++) deltaX[i] = other.meanX[i]! - this.meanX[i]!;
    const deltaY = new Float64Array(k);
    for (let c = 0; c < k; c++) deltaY[c] = other.meanY[c]! - this.meanY[c]!;
    if (full) {
      for (let i = 0; i < d; i++) {
        for (let j = i; j < d; j++) this.cxx[i * d + j] = this.cxx[i * d + j]! + other.cxx[i * d + j]! + f * deltaX[i]! * deltaX[j]!;
      }
    } else {
      for (let i = 0; i < d; i++) this.cxx[i] = this.cxx[i]! + other.cxx[i]! + f * deltaX[i]! * deltaX[i]!;
    }
    for (let i = 0; i < d; i++) {
      for (let c = 0; c < k; c++) this.cxy[i * k + c] = this.cxy[i * k + c]! + other.cxy[i * k + c]! + f * deltaX[i]! * deltaY[c]!;
    }
    for (let c = 0; c < k; c++) this.cyy[c] = this.cyy[c]! + other.cyy[c]! + f * deltaY[c]! * deltaY[c]!;
    let t = 0;
    for (let c = 0; c < k; c++) for (let c2 = c + 1; c2 < k; c2++, t++) this.cyyCross[t] = this.cyyCross[t]! + other.cyyCross[t]! + f * deltaY[c]! * deltaY[c2]!;
    for (let i = 0; i < d; i++) this.meanX[i] = this.meanX[i]! + (deltaX[i]! * nb) / n;
    for (let c = 0; c < k; c++) this.meanY[c] = this.meanY[c]! + (deltaY[c]! * nb) / n;
    this.n = n;
    this.version++;
  }

  /** The long-run spreads merge as the statistics do, when either side keeps one. */
  private mergeLongRun(other: LeafStats): void {
    if (!this.long && !other.long) return;
    const a = this.longRun();
    const b = other.long ?? { n: other.n, meanX: other.meanX, m2X: Float64Array.from({ length: this.d }, (_, i) => (other.full ? other.cxx[i * this.d + i]! : other.cxx[i]!)) };
    if (b.n === 0) return;
    const n = a.n + b.n;
    for (let i = 0; i < this.d; i++) {
      const delta = b.meanX[i]! - a.meanX[i]!;
      a.m2X[i] = a.m2X[i]! + b.m2X[i]! + (delta * delta * a.n * b.n) / n;
      a.meanX[i] = a.meanX[i]! + (delta * b.n) / n;
    }
    a.n = n;
  }

  private copyFrom(o: LeafStats): void {
    this.long = o.long && { n: o.long.n, meanX: Float64Array.from(o.long.meanX), m2X: Float64Array.from(o.long.m2X) };
    this.n = o.n;
    this.meanX.set(o.meanX);
    this.cxx.set(o.cxx);
    this.meanY.set(o.meanY);
    this.cxy.set(o.cxy);
    this.cyy.set(o.cyy);
    this.cyyCross.set(o.cyyCross);
    this.version++;
  }

  /** Bytes held by the typed arrays (for the memory bound). */
  get bytes(): number {
    return 8 * (this.meanX.length * (this.long ? 4 : 2) + this.cxx.length + this.meanY.length + this.cxy.length + this.cyy.length + this.cyyCross.length);
  }

  toJSON(): StatsJSON {
    return {
      full: this.full,
      n: this.n,
      meanX: Array.from(this.meanX),
      cxx: Array.from(this.cxx),
      meanY: Array.from(this.meanY),
      cxy: Array.from(this.cxy),
      cyy: Array.from(this.cyy),
      ...(this.k > 1 ? { cyyCross: Array.from(this.cyyCross) } : {}),
      ...(this.long ? { longRun: { n: this.long.n, mean: Array.from(this.long.meanX), m2: Array.from(this.long.m2X) } } : {}),
    };
  }

  /** Rebuilds statistics saved by `toJSON`; lengths are checked by the caller (serialize.ts). */
  static fromJSON(j: StatsJSON, d: number, k: number): LeafStats {
    const s = new LeafStats(d, k, j.full);
    s.n = j.n;
    s.meanX.set(j.meanX);
    s.cxx.set(j.cxx);
    s.meanY.set(j.meanY);
    s.cxy.set(j.cxy);
    s.cyy.set(j.cyy);
    if (j.cyyCross) s.cyyCross.set(j.cyyCross);
    else {
      // Saved before they were kept: the labels taken as perfectly correlated (a Q-network's actions
      // move together with the state's value), the largest co-moments their variances allow.
      let t = 0;
      for (let c = 0; c < k; c++) for (let c2 = c + 1; c2 < k; c2++) s.cyyCross[t++] = Math.sqrt(Math.max(0, j.cyy[c]!) * Math.max(0, j.cyy[c2]!));
    }
    // Without one (never faded, or saved before it was kept) it starts from these statistics at the next fade.
    if (j.longRun) s.long = { n: j.longRun.n, meanX: Float64Array.from(j.longRun.mean), m2X: Float64Array.from(j.longRun.m2) };
    return s;
  }

  /** Expected array lengths of a saved form (for validation). */
  static lengths(full: boolean, d: number, k: number): Record<'meanX' | 'cxx' | 'meanY' | 'cxy' | 'cyy', number> {
    return { meanX: d, cxx: full ? d * d : d, meanY: k, cxy: d * k, cyy: k };
  }

  /** The most bytes one leaf's statistics hold: with fading, also each feature's unfaded spread (`long`, 2 × d). */
  static maxBytes(d: number, k: number, full: boolean, fades: boolean): number {
    return new LeafStats(d, k, full).bytes + (fades ? 16 * d : 0);
  }

  /** Expected length of `cyyCross` when a saved form has it. */
  static crossLength(k: number): number {
    return (k * (k - 1)) / 2;
  }
}
