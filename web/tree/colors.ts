/**
 * Node colours. By greedy action: a light tint of the action's colour (the same colours as every
 * chart), so text stays readable. By Q: V = max over actions of Q at the node's mean state, on a
 * light-to-dark blue scale shared by the whole tree (the server sends the tree's Q range), bucketed
 * into a few steps so the zoomed-out view draws one path per colour.
 */
import type { TreeNodeDto } from '../../src/server/dto.ts';
import { actionColor } from '../plotly.ts';

export type ColorMode = 'action' | 'q';

export interface NodeColors {
  fill: string;
  stroke: string;
  text: string;
}

/** Light to dark; text turns white on the darker half. */
const Q_SCALE = ['#f7fbff', '#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#08306b'];

function hex(c: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number];
}

/** `c` mixed with white: `amount` 0 = c, 1 = white. */
function tint(c: string, amount: number): string {
  const [r, g, b] = hex(c);
  const m = (v: number) => Math.round(v + (255 - v) * amount);
  return `rgb(${m(r)}, ${m(g)}, ${m(b)})`;
}

export { actionColor };

/** V(node) = max_a Q(mean state, a), over the actions the node models. */
export function nodeValue(n: TreeNodeDto): number {
  let v = -Infinity;
  for (const q of n.q) if (q !== null && q > v) v = q;
  return v;
}

export function qBucket(v: number, range: [number, number]): number {
  const span = range[1] - range[0];
  const t = span > 0 ? (v - range[0]) / span : 0.5;
  return Math.max(0, Math.min(Q_SCALE.length - 1, Math.round(t * (Q_SCALE.length - 1))));
}

export function nodeColors(n: TreeNodeDto, mode: ColorMode, qRange: [number, number]): NodeColors {
  if (mode === 'action') {
    const c = actionColor(n.greedyAction);
    return { fill: tint(c, 0.78), stroke: c, text: '#1f2328' };
  }
  const b = qBucket(nodeValue(n), qRange);
  return { fill: Q_SCALE[b]!, stroke: '#5d6571', text: b >= 5 ? '#ffffff' : '#1f2328' };
}

export const Q_GRADIENT = `linear-gradient(to right, ${Q_SCALE.join(', ')})`;
