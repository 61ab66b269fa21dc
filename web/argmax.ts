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
