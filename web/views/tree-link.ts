/**
 * The Tree view's selected node in its link (`#/runs/<id>/tree?obs=…&node=12`): the hash with the
 * node set or removed, everything else in it kept as it was, and the `node` a route names.
 */

import { isWholeNumberText } from '../state-link.ts';
import { withParams } from '../view-params.ts';

/** `hash` with `?node=` set to `node`, or without it for null. */
export function withNode(hash: string, node: number | null): string {
  return withParams(hash, { node: node === null ? null : String(node) });
}

/** What a link's `node` says: none, a node id (a whole number ≥ 0), or something else (kept to say what was wrong). */
export type LinkedNode = { kind: 'none' } | { kind: 'node'; id: number } | { kind: 'bad'; text: string };

export function linkedNode(text: string | null): LinkedNode {
  if (text === null) return { kind: 'none' };
  return isWholeNumberText(text) ? { kind: 'node', id: Number(text) } : { kind: 'bad', text };
}
