/** Index of the largest value, ties to the lowest index (numpy's argmax, as the server's). */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
