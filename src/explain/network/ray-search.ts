/**
 * The counterfactual search's measuring tool: along many rays from the state at once, the first
 * point where the greedy action flips. Coordinates are scaled (u = (s − x) / σ, so a unit is one
 * standard deviation of the agent's play) and a ray's length is measured in the chosen norm, so
 * the radius at which a ray first flips is the size of the change it found.
 *
 * Each ray is scanned at `coarse` evenly spaced points up to its limit (the box exit, or the best
 * radius known so far: only shorter crossings are of interest), then the first flipping interval
 * is bisected. Every returned crossing is a point the network was actually evaluated at and flips.
 */
import { evaluateRows } from './evaluate.ts';
import type { QEvaluator } from './types.ts';

export type Norm = 'l1' | 'l2';

export interface RaySpace {
  model: QEvaluator;
  state: Float32Array;
  scale: number[];
  /** Box in scaled coordinates: lo ≤ 0 ≤ hi per feature. */
  lo: number[];
  hi: number[];
  norm: Norm;
  /** Whether Q values (a row of nActions) count as flipped. */
  flipped(q: Float64Array, row: number): boolean;
  /** How far the row is from flipping: > 0 past the boundary (drives the gradient directions). */
  margin(q: Float64Array, row: number): number;
  /** Evaluations spent so far (the search's cost). */
  evaluations: number;
}

export function normOf(u: ArrayLike<number>, norm: Norm): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += norm === 'l1' ? Math.abs(u[i]!) : u[i]! * u[i]!;
  return norm === 'l1' ? s : Math.sqrt(s);
}

/** `u` scaled to unit norm (undefined for the zero vector). */
export function unit(u: number[], norm: Norm): number[] | undefined {
  const n = normOf(u, norm);
  return n > 0 && Number.isFinite(n) ? u.map((v) => v / n) : undefined;
}

/** How far along unit direction `dir` the box allows. */
export function boxExit(space: RaySpace, dir: number[]): number {
  let t = Infinity;
  dir.forEach((v, i) => {
    if (v > 0) t = Math.min(t, space.hi[i]! / v);
    else if (v < 0) t = Math.min(t, space.lo[i]! / v);
  });
  return t;
}

/** The state at scaled offset `u`, as the float32 row the network reads. */
export function stateAt(space: RaySpace, u: ArrayLike<number>, out: Float32Array, at = 0): void {
  const d = space.state.length;
  for (let i = 0; i < d; i++) out[at + i] = space.state[i]! + space.scale[i]! * u[i]!;
}

/** Q of the network at scaled offsets (row-major `n × d`), counted in `space.evaluations`. */
function qAtOffsets(space: RaySpace, offsets: Float64Array, n: number) {
  const d = space.state.length;
  const rows = new Float32Array(n * d);
  for (let r = 0; r < n; r++) stateAt(space, offsets.subarray(r * d, (r + 1) * d), rows, r * d);
  space.evaluations += n;
  return evaluateRows(space.model, rows, n);
}

/** Evaluates scaled offsets (row-major `n × d`) and says which flip. */
export function flipsAt(space: RaySpace, offsets: Float64Array, n: number): boolean[] {
  const q = qAtOffsets(space, offsets, n);
  return Array.from({ length: n }, (_, r) => space.flipped(q, r));
}

/** The flip margin at scaled offsets (row-major `n × d`). */
export function marginsAt(space: RaySpace, offsets: Float64Array, n: number): number[] {
  const q = qAtOffsets(space, offsets, n);
  return Array.from({ length: n }, (_, r) => space.margin(q, r));
}

/** First flipping radius along each unit direction, searching (0, limit]; Infinity where none. */
export function firstCrossings(space: RaySpace, dirs: number[][], limits: number[], coarse = 32, bisections = 30): number[] {
  const d = space.state.length;
  const live = dirs.map((_, j) => j).filter((j) => limits[j]! > 0 && Number.isFinite(limits[j]!));
  const lower = new Array<number>(dirs.length).fill(0);
  const upper = new Array<number>(dirs.length).fill(Infinity);
  const scan = new Float64Array(live.length * coarse * d);
  live.forEach((j, k) => {
    for (let c = 0; c < coarse; c++) {
      const t = (limits[j]! * (c + 1)) / coarse;
      for (let i = 0; i < d; i++) scan[(k * coarse + c) * d + i] = t * dirs[j]![i]!;
    }
  });
  const scanned = flipsAt(space, scan, live.length * coarse);
  const bracketed: number[] = [];
  live.forEach((j, k) => {
    for (let c = 0; c < coarse; c++) {
      if (!scanned[k * coarse + c]) continue;
      lower[j] = (limits[j]! * c) / coarse;
      upper[j] = (limits[j]! * (c + 1)) / coarse;
      bracketed.push(j);
      return;
    }
  });
  const probe = new Float64Array(bracketed.length * d);
  for (let it = 0; it < bisections && bracketed.length > 0; it++) {
    bracketed.forEach((j, k) => {
      const t = (lower[j]! + upper[j]!) / 2;
      for (let i = 0; i < d; i++) probe[k * d + i] = t * dirs[j]![i]!;
    });
    const f = flipsAt(space, probe, bracketed.length);
    bracketed.forEach((j, k) => {
      if (f[k]) upper[j] = (lower[j]! + upper[j]!) / 2;
      else lower[j] = (lower[j]! + upper[j]!) / 2;
    });
  }
  return upper;
}
