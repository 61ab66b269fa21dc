import { fmtNum } from './format.ts';

/** Index of the largest value, ties to the lowest index (numpy's argmax, as the server's). */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** The best action other than `a` (ties to the lowest index): the one `a` had to beat. */
export function runnerUp(q: readonly number[], a: number): number {
  let best = -1;
  q.forEach((v, b) => {
    if (b !== a && (best < 0 || v > q[best]!)) best = b;
  });
  return best;
}

/** How far `q[a]` lies above the best other action: the margin that decides a greedy pick. */
export function margin(q: readonly number[], a: number): number {
  const other = runnerUp(q, a);
  return other < 0 ? Infinity : q[a]! - q[other]!;
}

/** A margin below this share of the largest |Q| is a near tie (a counterfactual lands its state just past the boundary). */
const TIE_SHARE = 1e-3;

/**
 * `q[a]`'s margin over the best other action, for people: two significant digits, so near-tied
 * Q-values (58.05 vs 58.05) still show their gap, and "(a near tie)" when it is tiny beside the Q-values.
 */
export function fmtMargin(q: readonly number[], a: number): string {
  const m = margin(q, a);
  const tie = m < TIE_SHARE * Math.max(...q.map(Math.abs));
  return `${fmtNum(m, 2)}${tie ? ' (a near tie)' : ''}`;
}
