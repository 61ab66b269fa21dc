/**
 * The smallest in-bounds change that flips the greedy action, as a search over directions: the
 * minimum of ‖u‖ subject to "flipped at x + σ∘u" equals the minimum over unit directions of the
 * radius at which the ray first flips (every in-box point is reached by the straight ray to it,
 * the box being convex), so the search minimises that radius (ray-search.ts).
 *
 * 1. Seeds: both directions of every axis (a one-feature change, often the L1 optimum), the
 *    margin's gradient direction (the optimum when the boundary is flat), the directions to
 *    background states the network acts differently in (known flips), and random directions.
 * 2. Local refinement of the best few: perturbed directions with an adaptive step (a (1+λ)
 *    evolution strategy on the sphere), plus the boundary's normal at the current crossing — the
 *    L2 optimum of the tangent plane, which makes the refinement converge like DeepFool (Moosavi-
 *    Dezfooli et al. 2016) on a ReLU network's piecewise-linear boundary.
 * 3. Coordinate refinement: each coordinate of the best point is shrunk toward 0 as far as the
 *    flip survives (by bisection), which only lowers the norm; this sparsifies L1 answers.
 */
import type { Rng } from '../../core/rng.ts';
import { boxExit, firstCrossings, flipsAt, marginsAt, normOf, type RaySpace, unit } from './ray-search.ts';

export interface SearchSettings {
  randomDirections: number;
  refineIterations: number;
  /** Directions refined in parallel. */
  keep: number;
  /** Extra seed directions (scaled offsets toward states known to flip). */
  seeds: number[][];
}

export interface SearchResult {
  /** Scaled offset of the best flip, or undefined when nothing in the box flips. */
  u: number[] | undefined;
  radius: number;
  /** Per axis direction (feature i: [lower, higher]): the flipping radius along it, Infinity if none. */
  axes: [number, number][];
}

interface Candidate { dir: number[]; radius: number; step: number }

export function searchCounterfactual(space: RaySpace, settings: SearchSettings, rng: Rng): SearchResult {
  const d = space.state.length;
  const { norm } = space;
  const axisDirs = Array.from({ length: 2 * d }, (_, k) => Array.from({ length: d }, (_, i) => (i === k >> 1 ? (k % 2 ? 1 : -1) : 0)));
  const gradient = marginGradient(space, new Array<number>(d).fill(0));
  const seeds = [
    ...axisDirs,
    ...[gradient, gradient.map(Math.sign)].map((g) => unit(g, norm)).filter((u) => u !== undefined),
    ...settings.seeds.map((s) => unit(s, norm)).filter((u) => u !== undefined),
    ...Array.from({ length: settings.randomDirections }, () => unit(randomDirection(d, norm, rng), norm)!),
  ];
  const radii = firstCrossings(space, seeds, seeds.map((dir) => boxExit(space, dir)));
  const axes = Array.from({ length: d }, (_, i): [number, number] => [radii[2 * i]!, radii[2 * i + 1]!]);
  let pool: Candidate[] = seeds.map((dir, j) => ({ dir, radius: radii[j]!, step: 0.3 }))
    .filter((c) => Number.isFinite(c.radius))
    .sort((a, b) => a.radius - b.radius)
    .slice(0, settings.keep);
  if (pool.length === 0) return { u: undefined, radius: Infinity, axes };

  pool = refineDirections(space, pool, settings.refineIterations, rng);
  let best = pool[0]!.dir.map((v) => v * pool[0]!.radius);
  for (let round = 0; round < 2; round++) {
    best = shrinkCoordinates(space, best);
    const dir = unit(best, norm);
    if (!dir) break; // already flipped at the state itself
    const again = refineDirections(space, [{ dir, radius: normOf(best, norm), step: 0.05 }], Math.ceil(settings.refineIterations / 3), rng);
    if (again[0]!.radius < normOf(best, norm)) best = again[0]!.dir.map((v) => v * again[0]!.radius);
  }
  best = shrinkCoordinates(space, best); // last, so L1 answers keep the zeros it finds
  return { u: best, radius: normOf(best, norm), axes };
}

function refineDirections(space: RaySpace, pool: Candidate[], iterations: number, rng: Rng): Candidate[] {
  const { norm } = space;
  const d = space.state.length;
  const proposalsPer = 6;
  for (let it = 0; it < iterations; it++) {
    const proposals: number[][] = [];
    const owners: number[] = [];
    pool.forEach((c, k) => {
      if (c.step < 1e-4) return;
      const normal = marginGradient(space, c.dir.map((v) => v * c.radius));
      const toward = unit(normal.map((g) => g * Math.sign(dot(normal, c.dir) || 1)), 'l2');
      if (toward && norm === 'l2') { proposals.push(toward); owners.push(k); }
      for (let p = 0; p < proposalsPer; p++) {
        const noise = randomDirection(d, 'l2', rng);
        const moved = unit(c.dir.map((v, i) => v + c.step * noise[i]!), norm);
        if (moved) { proposals.push(moved); owners.push(k); }
      }
    });
    if (proposals.length === 0) break;
    const limits = proposals.map((dir, j) => Math.min(boxExit(space, dir), pool[owners[j]!]!.radius));
    const radii = firstCrossings(space, proposals, limits, 12, 24);
    const improved = new Set<number>();
    proposals.forEach((dir, j) => {
      const c = pool[owners[j]!]!;
      if (radii[j]! < c.radius) { c.dir = dir; c.radius = radii[j]!; improved.add(owners[j]!); }
    });
    pool.forEach((c, k) => { c.step = improved.has(k) ? Math.min(1, c.step * 1.5) : c.step / 2; });
  }
  return pool.sort((a, b) => a.radius - b.radius);
}

/** Shrinks each coordinate of a flipping offset toward 0 while it still flips. */
function shrinkCoordinates(space: RaySpace, u: number[]): number[] {
  const d = u.length;
  const best = [...u];
  for (let i = 0; i < d; i++) {
    if (best[i] === 0) continue;
    // The smallest λ ∈ [0, 1] with u_i scaled by λ still flipping: scan, then bisect.
    const coarse = 16;
    const probe = new Float64Array(coarse * d);
    for (let c = 0; c < coarse; c++) for (let j = 0; j < d; j++) probe[c * d + j] = j === i ? (best[i]! * c) / coarse : best[j]!;
    const f = flipsAt(space, probe, coarse);
    const first = f.indexOf(true);
    if (first === 0) { best[i] = 0; continue; }
    let lo = first < 0 ? (coarse - 1) / coarse : (first - 1) / coarse;
    let hi = first < 0 ? 1 : first / coarse;
    const one = new Float64Array(d);
    for (let it = 0; it < 24; it++) {
      const mid = (lo + hi) / 2;
      for (let j = 0; j < d; j++) one[j] = j === i ? best[i]! * mid : best[j]!;
      if (flipsAt(space, one, 1)[0]) hi = mid; else lo = mid;
    }
    best[i] = best[i]! * hi;
  }
  return best;
}

/**
 * Finite-difference gradient (in scaled units) of the flip margin at offset u: how much the best
 * other action's Q gains on the current one. Central differences; exact on a linear piece.
 */
function marginGradient(space: RaySpace, u: number[]): number[] {
  const d = u.length;
  const h = 1e-3;
  const probe = new Float64Array(2 * d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      probe[2 * i * d + j] = u[j]! + (i === j ? h : 0);
      probe[(2 * i + 1) * d + j] = u[j]! - (i === j ? h : 0);
    }
  }
  const m = marginsAt(space, probe, 2 * d);
  return Array.from({ length: d }, (_, i) => (m[2 * i]! - m[2 * i + 1]!) / (2 * h));
}

function randomDirection(d: number, norm: 'l1' | 'l2', rng: Rng): number[] {
  // Gaussian directions are uniform on the L2 sphere; Laplace ones on the L1 sphere.
  return Array.from({ length: d }, () => (norm === 'l2' ? rng.normal() : (rng.next() < 0.5 ? -1 : 1) * -Math.log(1 - rng.next())));
}

function dot(a: number[], b: number[]): number {
  return a.reduce((s, v, i) => s + v * b[i]!, 0);
}
