/**
 * Which coalitions KernelSHAP evaluates, and their weights — the scheme of the `shap` package's
 * KernelExplainer (Lundberg & Lee 2017, §4.1 and the reference implementation):
 *
 * The Shapley kernel gives coalition size s total weight (d−1) / (s(d−s)), shared equally by its
 * C(d, s) subsets. Sizes are taken from the outside in (1 and d−1 first: the heaviest), paired
 * with their complements; a size is enumerated completely while the budget covers all its subsets.
 * The rest of the budget samples subsets of the remaining sizes in proportion to their kernel
 * mass, each with its complement, and duplicates add up their weight. Sampled weights are then
 * scaled to the kernel mass the enumerated sizes left over.
 *
 * When the budget covers all 2^d − 2 coalitions (d ≤ 11 at the default budget) everything is
 * enumerated and KernelSHAP's regression returns the exact Shapley values of the value function.
 */
import type { Rng } from '../../core/rng.ts';
import { binomial } from './coalitions.ts';

export interface CoalitionDesign {
  /** Row-major `m × d`, 1 = the feature takes the explained state's value. */
  masks: Uint8Array;
  weights: Float64Array;
  m: number;
  /** Whether every coalition was enumerated (then the answer is exact). */
  complete: boolean;
}

/** shap's default budget: 2d + 2048 coalitions, capped at the 2^d − 2 that exist. */
export function defaultKernelBudget(d: number): number {
  return Math.min(2 * d + 2048, d <= 30 ? 2 ** d - 2 : Infinity);
}

export function kernelCoalitions(d: number, budget: number, rng: Rng): CoalitionDesign {
  const maxCoalitions = d <= 30 ? 2 ** d - 2 : Infinity;
  let left = Math.min(budget, maxCoalitions);
  const sizes = Math.ceil((d - 1) / 2);
  const pairedSizes = Math.floor((d - 1) / 2);
  const kernel = Array.from({ length: sizes }, (_, j) => ((d - 1) / ((j + 1) * (d - j - 1))) * (j + 1 <= pairedSizes ? 2 : 1));
  const total = kernel.reduce((s, w) => s + w, 0);
  const weightOfSize = kernel.map((w) => w / total);
  const masks: number[][] = [];
  const weights: number[] = [];
  const add = (mask: number[], w: number) => { masks.push(mask); weights.push(w); };

  let fullSizes = 0;
  let remaining = [...weightOfSize];
  for (let j = 0; j < sizes; j++) {
    const size = j + 1;
    const paired = size <= pairedSizes;
    const count = binomial(d, size) * (paired ? 2 : 1);
    if (left * remaining[j]! / count < 1 - 1e-8) break;
    fullSizes++;
    left -= count;
    if (remaining[j]! < 1) remaining = remaining.map((w) => w / (1 - remaining[j]!));
    const w = weightOfSize[j]! / binomial(d, size) / (paired ? 2 : 1);
    for (const subset of combinations(d, size)) {
      const mask = new Array<number>(d).fill(0);
      for (const i of subset) mask[i] = 1;
      add(mask, w);
      if (paired) add(mask.map((v) => 1 - v), w);
    }
  }

  const fixed = masks.length;
  if (fullSizes < sizes && left > 0) {
    // Remaining sizes in proportion to kernel mass (halved for paired sizes: each draw adds two).
    const probs = weightOfSize.map((w, j) => (j < fullSizes ? 0 : j + 1 <= pairedSizes ? w / 2 : w));
    const probTotal = probs.reduce((s, p) => s + p, 0);
    const seen = new Map<string, number>();
    for (let draw = 0; left > 0 && draw < 4 * budget; draw++) {
      const size = pickSize(probs, probTotal, rng) + 1;
      const order = Array.from({ length: d }, (_, i) => i);
      rng.shuffle(order);
      const mask = new Array<number>(d).fill(0);
      for (let k = 0; k < size; k++) mask[order[k]!] = 1;
      const key = mask.join('');
      const at = seen.get(key);
      if (at === undefined) {
        seen.set(key, masks.length);
        add(mask, 1);
        left--;
      } else {
        weights[at]! += 1;
      }
      if (size <= pairedSizes && (at !== undefined || left > 0)) {
        if (at === undefined) { add(mask.map((v) => 1 - v), 1); left--; } else weights[at + 1]! += 1;
      }
    }
    const leftoverMass = weightOfSize.slice(fullSizes).reduce((s, w) => s + w, 0);
    const sampled = weights.slice(fixed).reduce((s, w) => s + w, 0);
    for (let k = fixed; k < weights.length; k++) weights[k]! *= leftoverMass / sampled;
  }
  const flat = new Uint8Array(masks.length * d);
  masks.forEach((mask, c) => flat.set(mask, c * d));
  return { masks: flat, weights: Float64Array.from(weights), m: masks.length, complete: fullSizes === sizes };
}

function pickSize(probs: number[], total: number, rng: Rng): number {
  let u = rng.next() * total;
  for (let j = 0; j < probs.length; j++) {
    u -= probs[j]!;
    if (u < 0 && probs[j]! > 0) return j;
  }
  return probs.findLastIndex((p) => p > 0);
}

/** All k-subsets of {0, …, n−1} in lexicographic order. */
export function* combinations(n: number, k: number): Generator<number[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  if (k > n) return;
  for (;;) {
    yield [...idx];
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    idx[i]!++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
  }
}
