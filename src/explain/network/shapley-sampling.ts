/**
 * Shapley values by permutation sampling (Štrumbelj & Kononenko 2014, "Explaining prediction
 * models and individual predictions with feature contributions", ApproShapley), with antithetic
 * permutations (each permutation is followed by its reverse: Mitchell, Cooper, Frank & Holmes
 * 2022 show this cuts the variance for models dominated by low-order effects).
 *
 * One sample: a permutation π and a background state b. Starting from b, the features are switched
 * to the state's values in π's order; each switch's change in Q is that feature's marginal
 * contribution, and a sample's marginals sum to Q(x) − Q(b) exactly.
 *
 * Variance control, both exact consequences of the estimator's definition:
 * - Background states are used in turn, not drawn, so with `permutations` a multiple of
 *   2 × background size every state weighs the same and Σ φ = Q(x) − E_b Q(b) exactly.
 * - For one background state, antithetic pairs are drawn without replacement (while unused ones
 *   remain), a finite-population sample: with few features (CartPole's 4 have 12 pairs) repeats
 *   would waste budget and add variance.
 *
 * Cost: the samples visit coalitions (b, S); each distinct one is evaluated once. With few features
 * prefixes repeat a lot (4 features have 16 coalitions per background state), so `evaluations`
 * is often far below permutations × (d + 1).
 */
import type { Rng } from '../../core/rng.ts';
import type { Background } from './coalitions.ts';
import { elapsedMs, evaluateRows } from './evaluate.ts';
import type { Attribution, QEvaluator } from './types.ts';

export interface SamplingShapley extends Attribution {
  method: 'shap';
  /** Standard error of each value, [action][feature], from the spread over antithetic pairs. */
  standardError: number[][];
  permutations: number;
}

export function samplingShapley(model: QEvaluator, state: Float32Array, background: Background, permutations: number, rng: Rng): SamplingShapley {
  const t0 = performance.now();
  const d = model.obsDim;
  const A = model.nActions;
  const pairs = Math.max(1, Math.ceil(permutations / 2));
  const orders = drawOrders(d, pairs, background.n, rng);
  const plan = new CoalitionPlan(d);
  // steps[p][k]: the row of sample p after k switches (k = 0: the background state itself).
  const steps = new Int32Array(2 * pairs * (d + 1));
  for (let p = 0; p < 2 * pairs; p++) {
    const b = Math.floor(p / 2) % background.n;
    steps[p * (d + 1)] = plan.start(b);
    for (let k = 1; k <= d; k++) steps[p * (d + 1) + k] = plan.add(orders[p * d + k - 1]!);
  }
  const q = evaluateRows(model, plan.rows(state, background), plan.size);
  const pairSums = new Float64Array(pairs * A * d);
  for (let p = 0; p < 2 * pairs; p++) {
    for (let k = 1; k <= d; k++) {
      const feature = orders[p * d + k - 1]!;
      const now = steps[p * (d + 1) + k]! * A;
      const before = steps[p * (d + 1) + k - 1]! * A;
      for (let a = 0; a < A; a++) pairSums[(Math.floor(p / 2) * A + a) * d + feature]! += (q[now + a]! - q[before + a]!) / 2;
    }
  }
  const { values, standardError } = pairStatistics(pairSums, pairs, A, d, finitePopulation(d, pairs, background.n));
  const base = new Array<number>(A).fill(0);
  for (let p = 0; p < 2 * pairs; p++) for (let a = 0; a < A; a++) base[a]! += q[steps[p * (d + 1)]! * A + a]! / (2 * pairs);
  const full = steps[d]!; // sample 0 after all switches: the state itself
  return {
    method: 'shap',
    state: Array.from(state),
    values,
    base,
    output: Array.from({ length: A }, (_, a) => q[full * A + a]!),
    evaluations: plan.size,
    milliseconds: elapsedMs(t0),
    standardError,
    permutations: 2 * pairs,
  };
}

/** Feature orders, row-major `(2·pairs) × d`: pair p is a permutation then its reverse. */
function drawOrders(d: number, pairs: number, backgroundSize: number, rng: Rng): Int32Array {
  const orders = new Int32Array(2 * pairs * d);
  const distinct = distinctPairs(d);
  const used: Set<string>[] = Array.from({ length: Math.min(pairs, backgroundSize) }, () => new Set());
  const order = Int32Array.from({ length: d }, (_, i) => i);
  for (let p = 0; p < pairs; p++) {
    const seen = used[p % backgroundSize]!;
    if (seen.size >= distinct) seen.clear(); // every pair used for this background state: start a new round
    for (;;) {
      rng.shuffle(order);
      if (d > 1 && order[0]! > order[d - 1]!) order.reverse(); // one representative per antithetic pair
      const key = order.join(',');
      if (distinct === Infinity || !seen.has(key)) {
        if (distinct !== Infinity) seen.add(key);
        break;
      }
    }
    for (let k = 0; k < d; k++) {
      orders[2 * p * d + k] = order[k]!;
      orders[(2 * p + 1) * d + k] = order[d - 1 - k]!;
    }
  }
  return orders;
}

/** Number of antithetic pairs d!/2 when small enough to sample without replacement, else Infinity. */
function distinctPairs(d: number): number {
  if (d > 10) return Infinity;
  let f = 1;
  for (let i = 2; i <= d; i++) f *= i;
  return Math.max(1, f / 2);
}

/** Without-replacement correction of the variance: 1 − (pairs per background state − 1)/(N − 1). */
function finitePopulation(d: number, pairs: number, backgroundSize: number): number {
  const N = distinctPairs(d);
  const perState = pairs / backgroundSize;
  if (N === Infinity || perState > N || N <= 1) return 1;
  return Math.max(0, 1 - (perState - 1) / (N - 1));
}

function pairStatistics(pairSums: Float64Array, pairs: number, A: number, d: number, correction: number) {
  const values = Array.from({ length: A }, () => new Array<number>(d).fill(0));
  const standardError = Array.from({ length: A }, () => new Array<number>(d).fill(0));
  for (let a = 0; a < A; a++) {
    for (let i = 0; i < d; i++) {
      let sum = 0;
      let sumSq = 0;
      for (let j = 0; j < pairs; j++) {
        const v = pairSums[(j * A + a) * d + i]!;
        sum += v;
        sumSq += v * v;
      }
      const mean = sum / pairs;
      values[a]![i] = mean;
      const variance = pairs > 1 ? Math.max(0, sumSq / pairs - mean * mean) / (pairs - 1) : 0;
      standardError[a]![i] = Math.sqrt(variance * correction);
    }
  }
  return { values, standardError };
}

/**
 * Distinct (background state, coalition) rows, numbered in first-use order. A sample walks
 * `start(b)` then `add(feature)` d times. Coalitions are bit masks keyed with their background
 * state when d ≤ 30; wider states skip the sharing (their prefixes rarely repeat anyway).
 */
class CoalitionPlan {
  private readonly index = new Map<number, number>();
  private readonly masks: number[][] = [];
  private readonly owners: number[] = [];
  private b = 0;
  private members: number[] = [];
  private bits = 0;

  constructor(private readonly d: number) {}

  get size(): number {
    return this.owners.length;
  }

  start(b: number): number {
    this.b = b;
    this.members = [];
    this.bits = 0;
    return this.lookup();
  }

  add(feature: number): number {
    this.members = [...this.members, feature];
    if (this.d <= 30) this.bits += 2 ** feature;
    return this.lookup();
  }

  private lookup(): number {
    const key = this.d <= 30 ? this.b * 2 ** this.d + this.bits : -1;
    const known = key >= 0 ? this.index.get(key) : undefined;
    if (known !== undefined) return known;
    const r = this.owners.length;
    if (key >= 0) this.index.set(key, r);
    this.owners.push(this.b);
    this.masks.push(this.members);
    return r;
  }

  rows(state: Float32Array, background: Background): Float32Array {
    const d = this.d;
    const out = new Float32Array(this.owners.length * d);
    this.owners.forEach((b, r) => {
      out.set(background.rows.subarray(b * d, (b + 1) * d), r * d);
      for (const i of this.masks[r]!) out[r * d + i] = state[i]!;
    });
    return out;
  }
}
