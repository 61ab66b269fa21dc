/**
 * A tidy top-down layout of the nodes on screen (the root, and the children of every open node):
 * each visible leaf or closed branch gets the next slot from the left, a parent sits centred over
 * its children, and each level is a row. Linear in the visible nodes, so re-laying out after every
 * open or close is cheap even with thousands on screen. `hit` finds the node under a point with a
 * binary search in its row, so clicks never scan the whole tree.
 */
import type { TreeNodeDto } from '../../src/server/dto.ts';
import type { TreeStore } from './store.ts';

export const NODE_W = 200;
export const NODE_H = 46;
export const GAP_X = 18;
export const LEVEL_H = 84;

export interface Placed {
  node: TreeNodeDto;
  /** Centre of the box, layout units. */
  x: number;
  /** Top of the box. */
  y: number;
  /** Children are shown. */
  open: boolean;
  parent: Placed | null;
}

export interface Layout {
  placed: Placed[];
  byId: Map<number, Placed>;
  /** Per depth, sorted by x. */
  rows: Placed[][];
  width: number;
  height: number;
}

export function layoutTree(store: TreeStore, expanded: ReadonlySet<number>): Layout {
  const placed: Placed[] = [];
  const byId = new Map<number, Placed>();
  const rows: Placed[][] = [];
  let slot = 0;
  const visit = (id: number, parent: Placed | null, depth: number): Placed => {
    const node = store.nodes.get(id)!;
    const open = !node.isLeaf && expanded.has(id) && store.childrenLoaded(id);
    const p: Placed = { node, x: 0, y: depth * LEVEL_H, open, parent };
    placed.push(p);
    byId.set(id, p);
    (rows[depth] ??= []).push(p);
    if (open) {
      const kids = node.children.map((c) => visit(c, p, depth + 1));
      p.x = (kids[0]!.x + kids[kids.length - 1]!.x) / 2;
    } else {
      p.x = slot * (NODE_W + GAP_X) + NODE_W / 2;
      slot++;
    }
    return p;
  };
  visit(store.rootId, null, 0);
  // Children are visited left to right, so each row is already sorted by x.
  return { placed, byId, rows, width: Math.max(1, slot) * (NODE_W + GAP_X) - GAP_X, height: rows.length * LEVEL_H - (LEVEL_H - NODE_H) };
}

/** The node whose box contains the layout point (x, y), if any. */
export function hit(layout: Layout, x: number, y: number): Placed | null {
  const depth = Math.floor(y / LEVEL_H);
  const row = layout.rows[depth];
  if (!row || y - depth * LEVEL_H > NODE_H) return null;
  let lo = 0;
  let hi = row.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = row[mid]!;
    if (x < p.x - NODE_W / 2) hi = mid - 1;
    else if (x > p.x + NODE_W / 2) lo = mid + 1;
    else return p;
  }
  return null;
}

/** The placed nodes of rows `d0..d1` whose boxes overlap [x0, x1]. */
export function nodesWithin(layout: Layout, x0: number, x1: number, d0: number, d1: number): Placed[] {
  const out: Placed[] = [];
  for (let d = Math.max(0, d0); d <= Math.min(layout.rows.length - 1, d1); d++) {
    const row = layout.rows[d]!;
    let lo = 0;
    let hi = row.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (row[mid]!.x + NODE_W / 2 < x0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < row.length && row[i]!.x - NODE_W / 2 <= x1; i++) out.push(row[i]!);
  }
  return out;
}
