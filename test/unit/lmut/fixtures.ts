/** Shared synthetic data for the LMUT tests: seeded, CartPole-shaped, smooth but nonlinear Q. */
import { Rng } from '../../../src/core/rng.ts';

export const FEATURES = ['cart_position', 'cart_velocity', 'pole_angle', 'pole_angular_velocity'];
export const ACTIONS = ['left', 'right'];
const SCALES = [0.8, 0.6, 0.08, 0.5];

/** A CartPole-ish value surface: high when the pole is upright and the cart centred; the action pushing the pole back up is better. */
export function smoothQ(obs: ArrayLike<number>, o: number, out: Float32Array | Float64Array, oo: number): void {
  const x = obs[o]!;
  const v = obs[o + 1]!;
  const th = obs[o + 2]!;
  const w = obs[o + 3]!;
  const value = 60 * Math.exp(-((th / 0.15) ** 2) - (x / 2) ** 2) + 10 * Math.tanh(-v * x) + 5 * Math.sin(2 * w);
  const adv = 6 * Math.tanh((th + 0.4 * w) / 0.05) + 2 * Math.tanh(x + v);
  out[oo] = value - adv;
  out[oo + 1] = value + adv;
}

export interface Batch {
  obs: Float32Array;
  q: Float32Array;
  n: number;
}

/** `n` states (random walk segments, so consecutive rows are correlated like RL trajectories) with smoothQ labels. */
export function cartpoleStream(n: number, seed: number): Batch {
  const rng = new Rng(seed);
  const obs = new Float32Array(n * 4);
  const q = new Float32Array(n * 2);
  const s = [0, 0, 0, 0];
  for (let r = 0; r < n; r++) {
    if (r % 50 === 0) for (let i = 0; i < 4; i++) s[i] = rng.normal(0, SCALES[i]!);
    for (let i = 0; i < 4; i++) {
      s[i] = 0.9 * s[i]! + rng.normal(0, SCALES[i]! * 0.3);
      obs[r * 4 + i] = s[i]!;
    }
    smoothQ(obs, r * 4, q, r * 2);
  }
  return { obs, q, n };
}

/** The rows of `b` that satisfy `keep` (e.g. an unrepresentative first stretch of a stream). */
export function onlyRows(b: Batch, keep: (obs: Float32Array, row: number) => boolean): Batch {
  const rows: number[] = [];
  for (let r = 0; r < b.n; r++) if (keep(b.obs, r)) rows.push(r);
  const obs = new Float32Array(rows.length * 4);
  const q = new Float32Array(rows.length * 2);
  rows.forEach((r, i) => {
    obs.set(b.obs.subarray(r * 4, r * 4 + 4), i * 4);
    q.set(b.q.subarray(r * 2, r * 2 + 2), i * 2);
  });
  return { obs, q, n: rows.length };
}

export function rmse(pred: ArrayLike<number>, q: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < q.length; i++) s += (pred[i]! - q[i]!) ** 2;
  return Math.sqrt(s / q.length);
}

/** Learns a batch in chunks of `chunk` rows. */
export function learnAll(tree: { learn(o: Float32Array, q: Float32Array, n: number): void; obsDim: number; nActions: number }, b: Batch, chunk = 256): void {
  const { obsDim: d, nActions: A } = tree;
  for (let s = 0; s < b.n; s += chunk) {
    const m = Math.min(chunk, b.n - s);
    tree.learn(b.obs.subarray(s * d, (s + m) * d), b.q.subarray(s * A, (s + m) * A), m);
  }
}

/** Least-squares linear fit (with intercept) per output: the "single linear model" baseline. */
export function linearFitRmse(train: Batch, test: Batch, d: number, A: number): number {
  const p = d + 1;
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p * A);
  const row = new Float64Array(p);
  for (let r = 0; r < train.n; r++) {
    row[0] = 1;
    for (let i = 0; i < d; i++) row[i + 1] = train.obs[r * d + i]!;
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) xtx[i * p + j]! += row[i]! * row[j]!;
      for (let a = 0; a < A; a++) xty[i * A + a]! += row[i]! * train.q[r * A + a]!;
    }
  }
  // Gauss-Jordan on the small normal equations.
  const aug = Array.from({ length: p }, (_, i) => [...Array.from(xtx.subarray(i * p, (i + 1) * p)), ...Array.from(xty.subarray(i * A, (i + 1) * A))]);
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(aug[r]![c]!) > Math.abs(aug[piv]![c]!)) piv = r;
    [aug[c], aug[piv]] = [aug[piv]!, aug[c]!];
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = aug[r]![c]! / aug[c]![c]!;
      for (let k = c; k < p + A; k++) aug[r]![k]! -= f * aug[c]![k]!;
    }
  }
  const beta = (i: number, a: number) => aug[i]![p + a]! / aug[i]![i]!;
  const pred = new Float64Array(test.n * A);
  for (let r = 0; r < test.n; r++) {
    for (let a = 0; a < A; a++) {
      let v = beta(0, a);
      for (let i = 0; i < d; i++) v += beta(i + 1, a) * test.obs[r * d + i]!;
      pred[r * A + a] = v;
    }
  }
  return rmse(pred, test.q);
}
