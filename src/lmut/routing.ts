/**
 * Routing and evaluation: how a state finds its leaf and how a leaf turns it into Q-values. The
 * tree's Q and the per-feature decomposition are computed here from the same numbers, in the same
 * order, so baseline + contributions reproduces the Q exactly.
 */
import type { LmutNode } from './node.ts';
import type { QDecomposition } from './types.ts';

/** Follows one edge: threshold test (`x[f] <= t` goes left), or the action's child below an action split. */
export function step(node: LmutNode, obs: ArrayLike<number>, xo: number, action: number): LmutNode {
  const s = node.split!;
  if (s.kind === 'action') return node.children[action]!;
  return node.children[obs[xo + s.feature]! <= s.threshold ? 0 : 1]!;
}

/** The leaf `obs[xo ..]` reaches (for `action`, which only matters below an action split). */
export function route(node: LmutNode, obs: ArrayLike<number>, xo: number, action: number): LmutNode {
  let n = node;
  while (n.split) n = step(n, obs, xo, action);
  return n;
}

export function countLeaves(n: LmutNode): number {
  return n.isLeaf ? 1 : n.children.reduce((s, c) => s + countLeaves(c), 0);
}

/** Q̄_{L,c} + Σ_i w_{L,c,i}(s_i − μ_{L,i}) for output c of `leaf` at the state `obs[xo ..]`. */
function evaluate(leaf: LmutNode, c: number, obs: ArrayLike<number>, xo: number, d: number): number {
  const p = leaf.params();
  let v = p.baseline[c]!;
  for (let i = 0; i < d; i++) v += p.weights[c * d + i]! * (obs[xo + i]! - p.mean[i]!);
  return v;
}

/** Writes Q(s, ·) of the state at `obs[xo ..]` into `out[oo ..]`. */
export function predictInto(root: LmutNode, obs: ArrayLike<number>, xo: number, out: Float64Array, oo: number, d: number, nActions: number): void {
  for (let a = 0; a < nActions; a++) {
    const leaf = route(root, obs, xo, a);
    if (leaf.actions.length === 1) {
      out[oo + a] = evaluate(leaf, 0, obs, xo, d); // below an action split: this action only
      continue;
    }
    for (let b = 0; b < nActions; b++) out[oo + b] = evaluate(leaf, b, obs, xo, d);
    return;
  }
}

/** Per action: baseline, the per-feature terms and their sum (equal to `predictInto`'s value). */
export function decomposeAt(root: LmutNode, obs: ArrayLike<number>, d: number, nActions: number): QDecomposition[] {
  return Array.from({ length: nActions }, (_, a) => {
    const leaf = route(root, obs, 0, a);
    const p = leaf.params();
    const c = leaf.actions.length === 1 ? 0 : a;
    const contributions = Array.from({ length: d }, (_, i) => p.weights[c * d + i]! * (obs[i]! - p.mean[i]!));
    let q = p.baseline[c]!;
    for (let i = 0; i < d; i++) q += contributions[i]!;
    return { action: a, leafId: leaf.id, baseline: p.baseline[c]!, contributions, q };
  });
}
