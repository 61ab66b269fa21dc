/**
 * Printing sums that visibly add up: `Q = baseline + term + term …` with every number of a block
 * to the same number of decimals, rounded so the printed parts sum to the printed total exactly.
 *
 * Rounding each number on its own does not do that: five parts rounded to 5 decimals can miss the
 * rounded total by 2 in the last digit, and numbers printed to significant digits (58.29 beside
 * 0.0006421) do not even share a last digit to add at. So the decimals are chosen once per block,
 * and the parts are rounded by the largest-remainder method (as seat apportionment and percentage
 * tables do): each part is its value rounded down or up, never further than one unit of the last
 * printed digit from it, and the rounded parts add to the rounded total.
 */
import { formatThatSeparatesTop, Q_MAX_DIGITS } from './format.ts';

export interface Sum {
  total: number;
  /** Exactly (up to float rounding) adding up to `total`. */
  parts: readonly number[];
}

/** The exponent of `v`'s leading digit (0.04 → -2, 58 → 1); null for 0 and non-finite values. */
function magnitude(v: number): number | null {
  return v !== 0 && Number.isFinite(v) ? Math.floor(Math.log10(Math.abs(v))) : null;
}

const maxMagnitude = (values: readonly number[]) => Math.max(...values.map(magnitude).filter((m): m is number => m !== null));

/** Whether every value is whole in units of 10^-decimals (a hand-made 11.45 needs no 11.4500). */
function exactAt(values: readonly number[], decimals: number): boolean {
  const scale = 10 ** decimals;
  return values.every((v) => Math.abs(v * scale - Math.round(v * scale)) <= 1e-9 * Math.max(1, Math.abs(v * scale)));
}

/**
 * Decimals for a block of sums (one per action): enough for the largest part to show `precision`
 * significant digits and for the totals to show `precision` significant digits and tell the
 * largest from the runner-up; no more than the largest number's Q_MAX_DIGITS (float32 Q-values end
 * there), nor than make every number exact.
 */
export function blockDecimals(sums: readonly Sum[], precision: number): number {
  const totals = sums.map((s) => s.total);
  const terms = sums.flatMap((s) => s.parts.slice(1));
  const all = sums.flatMap((s) => [s.total, ...s.parts]);
  const digits = (m: number | null, sig: number) => (m === null || !Number.isFinite(m) ? 0 : Math.max(0, sig - 1 - m));
  const most = digits(maxMagnitude(all), Q_MAX_DIGITS);
  const formats = Array.from({ length: most + 1 }, (_, d) => (v: number) => v.toFixed(d));
  const separating = formatThatSeparatesTop(totals, formats);
  const wanted = Math.max(digits(maxMagnitude(terms), precision), digits(maxMagnitude(totals), precision), separating ? formats.indexOf(separating) : 0);
  let decimals = Math.min(wanted, most);
  while (decimals > 0 && exactAt(all, decimals - 1)) decimals -= 1;
  return decimals;
}

/**
 * `total` and each part as integers in units of 10^-decimals, the parts adding up to the total:
 * each part rounded down, then the units still missing given to the parts that lost the most.
 */
export function roundToTotal(sum: Sum, decimals: number): { total: number; parts: number[] } {
  const scale = 10 ** decimals;
  const total = Math.round(sum.total * scale);
  const scaled = sum.parts.map((p) => p * scale);
  const parts = scaled.map(Math.floor);
  // In exact arithmetic 0 ≤ missing ≤ parts.length; the clamp only guards float rounding.
  const missing = Math.min(parts.length, Math.max(0, total - parts.reduce((s, p) => s + p, 0)));
  const byRemainder = scaled.map((v, i) => i).sort((i, j) => scaled[j]! - parts[j]! - (scaled[i]! - parts[i]!) || i - j);
  for (const i of byRemainder.slice(0, missing)) parts[i]! += 1;
  return { total, parts };
}

/** An integer count of 10^-decimals units as a decimal, without a sign (`5821603`, 5 → `58.21603`). */
export function unitsText(units: number, decimals: number): string {
  const digits = String(Math.abs(units)).padStart(decimals + 1, '0');
  return decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** `units` as a signed decimal (`-0.04032`). */
export function signedUnitsText(units: number, decimals: number): string {
  return `${units < 0 ? '-' : ''}${unitsText(units, decimals)}`;
}
