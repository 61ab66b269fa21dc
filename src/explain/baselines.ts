/**
 * The baselines the LMUT is always shown beside (DESIGN.md §4 "Fidelity"), fitted on the same
 * training states and network labels:
 *  - CART: one regression tree per action, grown best-first to the LMUT's number of leaves
 *    (cart.ts, scikit-learn's `max_leaf_nodes`). The LMUT has one linear model per action in each
 *    leaf, CART one constant per action per leaf, so both spend the same number of regions. Below
 *    an action split each LMUT leaf models one action, and each CART tree gets that action's count.
 *  - Linear: one ml-regression MultivariateLinearRegression with an intercept, all actions at once
 *    (a single leaf's worth of linear models).
 * Both are QFunctions, so the caller can also play their greedy policies in an environment.
 *
 * CART sees every training row unless `cartMaxRows` caps it (a seeded subsample; the report says
 * how many): a baseline fitted on less data than the LMUT would flatter the LMUT.
 */
import { MultivariateLinearRegression } from 'ml-regression';
import { ConfigError, DataError } from '../core/errors.ts';
import { argmax, type QFunction } from '../core/q-function.ts';
import { Rng } from '../core/rng.ts';
import { type CartTree, fitCartBestFirst, predictCart, sortFeatureOrders } from './cart.ts';
import { checkLabelled, type LabelledStates } from './data.ts';

export interface BaselineOptions {
  obsDim: number;
  nActions: number;
  /**
   * Leaves of each CART tree: the LMUT's leaf count, or one count per action (an LMUT split on the
   * action at its root gives each action only its own subtree's leaves: `leavesPerAction`).
   */
  leaves: number | readonly number[];
  /** CART is fitted on at most this many training rows (a seeded subsample). @default all rows */
  cartMaxRows?: number;
  /** CART nodes with fewer rows stay leaves (scikit-learn's `min_samples_split`). @default 2 */
  cartMinSamples?: number;
  /** Seed of the CART subsample. @default 0 */
  seed?: number;
}

/** What fidelity needs from any model: float64 Q for a batch. */
export interface BatchQ extends QFunction {
  qBatch64(obs: ArrayLike<number>, n: number): Float64Array;
}

abstract class BaselineQ implements BatchQ {
  constructor(
    readonly obsDim: number,
    readonly nActions: number,
  ) {}
  protected abstract predictRow(obs: ArrayLike<number>, xo: number, out: Float64Array, oo: number): void;
  qBatch64(obs: ArrayLike<number>, n: number): Float64Array {
    if (obs.length < n * this.obsDim) throw new DataError(`qBatch: obs has ${obs.length} values; expected ${n} × ${this.obsDim}`);
    const out = new Float64Array(n * this.nActions);
    for (let r = 0; r < n; r++) this.predictRow(obs, r * this.obsDim, out, r * this.nActions);
    return out;
  }
  qBatch(obs: Float32Array, n: number): Float32Array {
    return Float32Array.from(this.qBatch64(obs, n));
  }
  qValues(obs: Float32Array): Float32Array {
    return this.qBatch(obs, 1);
  }
  act(obs: ArrayLike<number>): number {
    return argmax(this.qBatch64(obs, 1));
  }
}

export class CartBaseline extends BaselineQ {
  constructor(
    obsDim: number,
    nActions: number,
    /** One budgeted tree per action. */
    readonly trees: CartTree[],
    /** Training rows CART was fitted on (after subsampling). */
    readonly trainRows: number,
  ) {
    super(obsDim, nActions);
  }
  /** Leaves per action's tree. */
  get leaves(): number[] {
    return this.trees.map((t) => t.leaves);
  }
  protected predictRow(obs: ArrayLike<number>, xo: number, out: Float64Array, oo: number): void {
    for (let a = 0; a < this.nActions; a++) out[oo + a] = predictCart(this.trees[a]!.root, obs, xo);
  }
}

export class LinearBaseline extends BaselineQ {
  constructor(
    obsDim: number,
    nActions: number,
    /** (obsDim + 1) × nActions, ml-regression's layout: row i weights feature i, the last row is the intercept. */
    readonly weights: number[][],
    /** Training rows the model was fitted on. */
    readonly trainRows: number,
  ) {
    super(obsDim, nActions);
  }
  protected predictRow(obs: ArrayLike<number>, xo: number, out: Float64Array, oo: number): void {
    const d = this.obsDim;
    for (let a = 0; a < this.nActions; a++) {
      let v = this.weights[d]![a]!;
      for (let i = 0; i < d; i++) v += this.weights[i]![a]! * obs[xo + i]!;
      out[oo + a] = v;
    }
  }
}

export interface Baselines {
  cart: CartBaseline;
  linear: LinearBaseline;
}

export function fitBaselines(train: LabelledStates, options: BaselineOptions): Baselines {
  return { cart: fitCart(train, options), linear: fitLinear(train, options) };
}

export function fitCart(train: LabelledStates, options: BaselineOptions): CartBaseline {
  const { obsDim: d, nActions: A } = options;
  const budgets = typeof options.leaves === 'number' ? new Array<number>(A).fill(options.leaves) : [...options.leaves];
  if (budgets.length !== A) throw new ConfigError('leaves', `Invalid leaves: ${budgets.length} counts for ${A} actions (allowed: one count, or one per action)`);
  for (const leaves of budgets) if (!Number.isInteger(leaves) || leaves < 1) throw new ConfigError('leaves', `Invalid leaves: ${leaves} (allowed: an integer >= 1)`);
  checkLabelled(train, d, A, 'CART training set', 2); // before the default below, which is the row count
  const maxRows = options.cartMaxRows ?? train.n;
  if (!Number.isInteger(maxRows) || maxRows < 2) throw new ConfigError('cartMaxRows', `Invalid cartMaxRows: ${maxRows} (allowed: an integer >= 2)`);
  const rows = new Rng(options.seed ?? 0).fork('cart-subsample').sampleIndices(train.n, maxRows);
  const x = new Float64Array(rows.length * d);
  rows.forEach((r, i) => {
    for (let f = 0; f < d; f++) x[i * d + f] = train.obs[r * d + f]!;
  });
  const orders = sortFeatureOrders(x, d, rows.length);
  const trees = Array.from({ length: A }, (_, a) => {
    const y = Float64Array.from(rows, (r) => train.q[r * A + a]!);
    return fitCartBestFirst(x, d, y, rows.length, budgets[a]!, options.cartMinSamples ?? 2, orders);
  });
  return new CartBaseline(d, A, trees, rows.length);
}

/** The fewest training states the baselines fit on: the linear model has a weight per feature and a bias. */
export const minTrainingStates = (obsDim: number) => obsDim + 1;

export function fitLinear(train: LabelledStates, options: Pick<BaselineOptions, 'obsDim' | 'nActions'>): LinearBaseline {
  const { obsDim: d, nActions: A } = options;
  checkLabelled(train, d, A, 'linear training set', minTrainingStates(d));
  const X = Array.from({ length: train.n }, (_, r) => Array.from({ length: d }, (_, i) => train.obs[r * d + i]!));
  const Y = Array.from({ length: train.n }, (_, r) => Array.from({ length: A }, (_, a) => train.q[r * A + a]!));
  const model = new MultivariateLinearRegression(X, Y, { intercept: true, statistics: false });
  return new LinearBaseline(d, A, model.weights.map((row) => [...row]), train.n);
}

