/**
 * A split's box label that fits its box: the threshold is the fact a reader needs, so it is always
 * printed whole; a feature name too long to fit beside it is shortened with "…" (the node's tooltip
 * and details name it in full). Widths come from `width` (the browser's text measure in the tree,
 * any function in tests).
 */
export function fitSplitLabel(name: string, test: string, maxWidth: number, width: (text: string) => number): string {
  const whole = `${name} ${test}`;
  if (width(whole) <= maxWidth) return whole;
  // The longest start of the name that fits with "…" before the test (binary search on its length).
  let lo = 0;
  let hi = name.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (width(`${name.slice(0, mid).trimEnd()}… ${test}`) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? `… ${test}` : `${name.slice(0, lo).trimEnd()}… ${test}`;
}
