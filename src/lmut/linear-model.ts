/**
 * The per-leaf linear models (one per modelled action, sharing the leaf's inputs), behind one
 * interface so the tree does not care which learner a leaf uses:
 *
 * - `rls` — the ridge least-squares solution, solved exactly from the leaf's sufficient
 *   statistics when the model is needed. Recursive least squares computes the same estimate one
 *   sample at a time (with P₀ = I/ridge); keeping the statistics instead costs O(d²) per sample,
 *   never drifts numerically, and lets the ridge shrink a child towards its *parent's* weights
 *   (the paper's warm start, as a prior) rather than towards zero.
 * - `sgd` — normalised LMS in standardised units (step η/(1+‖z‖²), stable for η < 2).
 * - `adam` — Adam on the same standardised squared error, as in the authors' code.
 *
 * SGD/Adam learn standardised weights v (features and labels scaled by the leaf's running
 * statistics) so the step size is scale-free; the intercept is the exact running label mean,
 * which is the least-squares intercept for centred features, so Q ≈ 1000 needs no warm-up.
 */
import type { LeafStats } from './stats.ts';
import { cholesky, choleskySolve } from './solve.ts';
import type { LinearParams } from './types.ts';

export type LeafModelKind = 'rls' | 'sgd' | 'adam';

export type LearnerJSON =
  | { kind: 'rls'; prior: number[] }
  | { kind: 'sgd'; v: number[] }
  | { kind: 'adam'; v: number[]; m: number[]; s: number[]; t: number };

export interface LearnerSettings {
  kind: LeafModelKind;
  ridge: number;
  learningRate: number;
  standardize: boolean;
}

export interface LeafLearner {
  readonly kind: LeafModelKind;
  /** Learns one sample; the leaf's statistics already include it. */
  learn(stats: LeafStats, x: ArrayLike<number>, xo: number, y: ArrayLike<number>, yo: number): void;
  /** The current model (cached until the statistics change). */
  params(stats: LeafStats): LinearParams;
  readonly bytes: number;
  toJSON(): LearnerJSON;
}

/**
 * With fading, a feature's scale may not fall below this share of its long-run spread in the leaf
 * (stats.ts `longVarX`): the ridge penalises weights in standardised units, so a scale faded to
 * ~0 left a slope on that feature unpenalised. Without fading the floor never binds.
 */
const LONG_RUN_FLOOR = 0.1;

/** Scale of feature i for standardising: its standard deviation (floored, see above), or 1 if it is constant here. */
function featureScale(stats: LeafStats, i: number, standardize: boolean): number {
  if (!standardize) return 1;
  const v = Math.max(stats.varX(i), LONG_RUN_FLOOR * LONG_RUN_FLOOR * stats.longVarX(i));
  return v > 0 ? Math.sqrt(v) : 1;
}

function labelScale(stats: LeafStats, c: number): number {
  const v = stats.varY(c);
  return v > 0 ? Math.sqrt(v) : 1;
}

function emptyParams(d: number, k: number): LinearParams {
  return { mean: new Float64Array(d), baseline: new Float64Array(k), weights: new Float64Array(k * d) };
}

export class RidgeLearner implements LeafLearner {
  readonly kind = 'rls' as const;
  private cache: LinearParams | null = null;
  private cacheVersion = -1;

  /** `prior`: raw weights (k×d) the ridge shrinks towards — the parent's, or zeros at the root. */
  constructor(
    private readonly settings: LearnerSettings,
    readonly prior: Float64Array,
  ) {}

  learn(): void {
    // Nothing to do per sample: the statistics are the model's state.
  }

  params(stats: LeafStats): LinearParams {
    if (this.cache && this.cacheVersion === stats.version) return this.cache;
    this.cache = this.fit(stats);
    this.cacheVersion = stats.version;
    return this.cache;
  }

  /** Solves (Cz + λI) v = cz_y + λ v_prior in standardised units, then maps v back to raw units. */
  private fit(stats: LeafStats): LinearParams {
    const { d, k } = stats;
    const p = emptyParams(d, k);
    p.mean.set(stats.meanX);
    p.baseline.set(stats.meanY);
    if (stats.n === 0 || d === 0) {
      p.weights.set(this.prior);
      return p;
    }
    const { ridge, standardize } = this.settings;
    const scale = new Float64Array(d);
    for (let i = 0; i < d; i++) scale[i] = featureScale(stats, i, standardize);
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j <= i; j++) a[i * d + j] = stats.comoment(i, j) / (scale[i]! * scale[j]!);
      a[i * d + i] = a[i * d + i]! + ridge;
    }
    cholesky(a, d);
    const rhs = new Float64Array(d);
    for (let c = 0; c < k; c++) {
      for (let i = 0; i < d; i++) rhs[i] = stats.cxy[i * k + c]! / scale[i]! + ridge * this.prior[c * d + i]! * scale[i]!;
      choleskySolve(a, d, rhs);
      for (let i = 0; i < d; i++) p.weights[c * d + i] = rhs[i]! / scale[i]!;
    }
    return p;
  }

  get bytes(): number {
    return 8 * this.prior.length + (this.cache ? 8 * (this.cache.mean.length + this.cache.baseline.length + this.cache.weights.length) : 0);
  }

  toJSON(): LearnerJSON {
    return { kind: 'rls', prior: Array.from(this.prior) };
  }
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const ADAM_EPS = 1e-8;

export class GradientLearner implements LeafLearner {
  /** Standardised features of the current sample; shared by all leaves (they learn one at a time). */
  private static z = new Float64Array(16);
  private cache: LinearParams | null = null;
  private cacheVersion = -1;
  m: Float64Array | null = null;
  s: Float64Array | null = null;
  t = 0;

  /** `v`: standardised weights (k×d). */
  constructor(
    private readonly settings: LearnerSettings,
    readonly kind: 'sgd' | 'adam',
    readonly v: Float64Array,
  ) {
    if (kind === 'adam') {
      this.m = new Float64Array(v.length);
      this.s = new Float64Array(v.length);
    }
  }

  /** Standardised weights equivalent to the raw weights `w` under `stats`' scales (warm start). */
  static fromRaw(settings: LearnerSettings, kind: 'sgd' | 'adam', w: Float64Array, stats: LeafStats): GradientLearner {
    const { d, k } = stats;
    const v = new Float64Array(k * d);
    for (let c = 0; c < k; c++) {
      const sy = labelScale(stats, c);
      for (let i = 0; i < d; i++) v[c * d + i] = (w[c * d + i]! * featureScale(stats, i, settings.standardize)) / sy;
    }
    return new GradientLearner(settings, kind, v);
  }

  learn(stats: LeafStats, x: ArrayLike<number>, xo: number, y: ArrayLike<number>, yo: number): void {
    const { d, k } = stats;
    if (GradientLearner.z.length < d) GradientLearner.z = new Float64Array(d);
    const z = GradientLearner.z;
    const v = this.v;
    let zz = 0;
    for (let i = 0; i < d; i++) {
      const zi = (x[xo + i]! - stats.meanX[i]!) / featureScale(stats, i, this.settings.standardize);
      z[i] = zi;
      zz += zi * zi;
    }
    const lr = this.settings.learningRate;
    this.cache = null;
    if (this.kind === 'adam') this.t++;
    for (let c = 0; c < k; c++) {
      const target = (y[yo + c]! - stats.meanY[c]!) / labelScale(stats, c);
      let pred = 0;
      for (let i = 0; i < d; i++) pred += v[c * d + i]! * z[i]!;
      const err = pred - target;
      if (this.kind === 'sgd') {
        const step = (lr * err) / (1 + zz);
        for (let i = 0; i < d; i++) v[c * d + i] = v[c * d + i]! - step * z[i]!;
      } else {
        const m = this.m!;
        const s = this.s!;
        const c1 = 1 - BETA1 ** this.t;
        const c2 = 1 - BETA2 ** this.t;
        for (let i = 0; i < d; i++) {
          const j = c * d + i;
          const g = err * z[i]!;
          m[j] = BETA1 * m[j]! + (1 - BETA1) * g;
          s[j] = BETA2 * s[j]! + (1 - BETA2) * g * g;
          v[j] = v[j]! - (lr * (m[j]! / c1)) / (Math.sqrt(s[j]! / c2) + ADAM_EPS);
        }
      }
    }
  }

  /** Raw-unit model; cached per statistics version (every `learn` follows a statistics update). */
  params(stats: LeafStats): LinearParams {
    if (this.cache && this.cacheVersion === stats.version) return this.cache;
    const { d, k } = stats;
    const p = emptyParams(d, k);
    p.mean.set(stats.meanX);
    p.baseline.set(stats.meanY);
    for (let c = 0; c < k; c++) {
      const sy = labelScale(stats, c);
      for (let i = 0; i < d; i++) p.weights[c * d + i] = (this.v[c * d + i]! * sy) / featureScale(stats, i, this.settings.standardize);
    }
    this.cache = p;
    this.cacheVersion = stats.version;
    return p;
  }

  get bytes(): number {
    const cached = this.cache ? 8 * (this.cache.mean.length + this.cache.baseline.length + this.cache.weights.length) : 0;
    return 8 * (this.v.length + (this.m?.length ?? 0) + (this.s?.length ?? 0)) + cached;
  }

  toJSON(): LearnerJSON {
    if (this.kind === 'sgd') return { kind: 'sgd', v: Array.from(this.v) };
    return { kind: 'adam', v: Array.from(this.v), m: Array.from(this.m!), s: Array.from(this.s!), t: this.t };
  }
}

/** A learner for a fresh leaf whose model starts from `priorWeights` (raw units, k×d). */
export function createLearner(settings: LearnerSettings, priorWeights: Float64Array, stats: LeafStats): LeafLearner {
  if (settings.kind === 'rls') return new RidgeLearner(settings, Float64Array.from(priorWeights));
  return GradientLearner.fromRaw(settings, settings.kind, priorWeights, stats);
}

/** Rebuilds a learner from its saved form (lengths checked by serialize.ts). */
export function learnerFromJSON(settings: LearnerSettings, j: LearnerJSON): LeafLearner {
  if (j.kind === 'rls') return new RidgeLearner(settings, Float64Array.from(j.prior));
  const g = new GradientLearner(settings, j.kind, Float64Array.from(j.v));
  if (j.kind === 'adam') {
    g.m!.set(j.m);
    g.s!.set(j.s);
    g.t = j.t;
  }
  return g;
}
