/** Number formatting for people: thousands separators, sensible decimals, "–" for missing. */
import { formatThatSeparatesTop, Q_MAX_DIGITS } from '../src/explain/format.ts';

export const DASH = '–';

const intFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function fmtInt(n: number | null | undefined): string {
  // A true minus sign, as fmtNum's: −500, not -500.
  return n === null || n === undefined || !Number.isFinite(n) ? DASH : intFormat.format(n).replace(/^-/, '−');
}

/**
 * `digits` significant digits for small values, fewer for large ones: 0.0123, 1.23, 123.4, 12,345;
 * plain decimals down to 1e-6 (0.000636, not 6.36e-4), an exponent only below; and a true minus
 * sign (−), as the tables' other signed numbers have.
 */
export function fmtNum(n: number | null | undefined, digits = 3): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  const abs = Math.abs(n);
  let text: string;
  if (abs >= 1000) text = intFormat.format(abs);
  else if (abs >= 100) text = abs.toFixed(1);
  else if (abs === 0) return '0';
  else if (abs < 1e-6) text = abs.toExponential(2);
  else text = abs.toFixed(Math.max(0, digits - Math.floor(Math.log10(abs)) - 1));
  return n < 0 && Number(text.replace(/,/g, '')) !== 0 ? `−${text}` : text;
}

const fixedFormats = new Map<number, Intl.NumberFormat>();

/** `d` decimals with thousands separators and a true minus sign: 1,234.500, −58.12345. */
function fmtFixed(n: number, d: number): string {
  let f = fixedFormats.get(d);
  if (!f) fixedFormats.set(d, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })));
  const text = f.format(Math.abs(n));
  return n < 0 && Number(text.replace(/,/g, '')) !== 0 ? `−${text}` : text;
}

/** `d` decimals exactly ("500.0", "−6.5"), "–" for a missing value: for figures printed beside a fixed-format chart hover. */
export const fmtDecimals = (n: number | null | undefined, d: number) => (typeof n !== 'number' || !Number.isFinite(n) ? DASH : fmtFixed(n, d));

/** The decimals `fmtNum(n, digits)` prints for |n| = `abs` (≥ 1e-6). */
const fmtNumDecimals = (abs: number, digits: number) => (abs >= 1000 ? 0 : abs >= 100 ? 1 : Math.max(0, digits - Math.floor(Math.log10(abs)) - 1));

/**
 * The Q-values of every action in one state (or leaf), to print side by side: as `fmtNum(q, digits)`
 * when that already tells the largest from the runner-up, else all with one number of decimals, the
 * fewest that do (58.12345 vs 58.13101 → "58.12", "58.13"; 58.0012 vs 58.0049 → "58.001", "58.005"),
 * up to `Q_MAX_DIGITS` significant digits of the largest |Q|. Equal values print equal; values closer
 * than that cap are a near tie and keep `fmtNum`'s digits.
 */
export function fmtQs(values: readonly number[], digits = 4): string[] {
  const plain = values.map((v) => fmtNum(v, digits));
  const finite = values.filter(Number.isFinite);
  const scale = Math.max(...finite.map(Math.abs));
  if (!(scale >= 1e-6)) return plain; // none finite, or fmtNum's exponent form
  const cap = Math.max(0, Q_MAX_DIGITS - Math.floor(Math.log10(scale)) - 1);
  const from = fmtNumDecimals(scale, digits);
  const fixed = Array.from({ length: Math.max(0, cap - from + 1) }, (_, k) => (v: number) => fmtFixed(v, from + k));
  const f = formatThatSeparatesTop(values, [(v: number) => fmtNum(v, digits), ...fixed]);
  return f ? values.map((v, k) => (Number.isFinite(v) ? f(v) : plain[k]!)) : plain;
}

/**
 * Q-values shown together in one table or sentence (several states, leaves or columns of one state),
 * all with one number of decimals: the fewest that tell each set's largest from its runner-up, as
 * `fmtQs` does for one set, and at least what `fmtNum(q, digits)` gives the largest |Q| of them all.
 * Rows of a column then line up ("57.776" above "57.780", not above "57.78"). Returns the printer;
 * it prints any value of the table (a difference of two Q-values too) with those decimals.
 * `sums`: rows `[a, b, a + b]` that must add up as printed (a baseline, its terms and the tree's Q):
 * more decimals, up to the same cap, until they do (58.16 and −0.02 had printed beside 58.13).
 */
export function fmtQTable(sets: readonly (readonly number[])[], digits = 4, sums: readonly (readonly [number, number, number])[] = []): (v: number | null | undefined) => string {
  const finite = sets.flat().filter(Number.isFinite);
  const scale = Math.max(...finite.map(Math.abs));
  if (!(scale >= 1e-6)) return (v) => fmtNum(v, digits); // none finite, or fmtNum's exponent form
  const cap = Math.max(0, Q_MAX_DIGITS - Math.floor(Math.log10(scale)) - 1);
  const from = fmtNumDecimals(scale, digits);
  const decimals = Array.from({ length: Math.max(1, cap - from + 1) }, (_, k) => from + k);
  const formats = decimals.map((k) => (v: number) => fmtFixed(v, k));
  let d = from;
  for (const set of sets) {
    // The set's own need; a near tie that no decimals up to the cap separate asks for nothing.
    const f = formatThatSeparatesTop(set, formats);
    if (f) d = Math.max(d, decimals[formats.indexOf(f)]!);
  }
  const addsUp = (k: number) => sums.every(([a, b, total]) => Math.round(a * 10 ** k) + Math.round(b * 10 ** k) === Math.round(total * 10 ** k));
  while (d < decimals.at(-1)! && !addsUp(d)) d++;
  return (v) => fmtDecimals(v, d);
}

/**
 * A split's threshold, the same in every view (tree boxes and their tooltips, node details, rules,
 * the inspector's path): four significant digits, as the rules table has always printed them.
 */
export const fmtThreshold = (t: number) => fmtNum(t, 4);

/**
 * The printer for one column of a table (or one list of figures read side by side): every value
 * with the same number of decimals, the fewest (up to `max`) that show each value as `max` decimals
 * would, trailing zeros aside. Best evals of 104.12, −79.7 and 500 print "104.12", "−79.70",
 * "500.00", not "104.12", "−79.7", "500"; whole returns stay whole ("−109", "500"). Float noise
 * (0.1 summed ten times) is rounded away at `max` decimals first.
 */
export function fmtColumn(values: readonly (number | null | undefined)[], max = 2): (v: number | null | undefined) => string {
  let d = 0;
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const fraction = Math.abs(v).toFixed(max).split('.')[1] ?? '';
    d = Math.max(d, fraction.replace(/0+$/, '').length);
  }
  return (v) => fmtDecimals(v, d);
}

/**
 * A table cell printer for a numeric column (fmtColumn): `value` picks the row's number, and the
 * column's decimals are worked out once per table (its rows' array, so a redrawn table whose
 * numbers changed must pass a new array), not per cell.
 */
export function columnCell<T>(value: (r: T) => number | null | undefined, max: number): (r: T, all: readonly T[]) => string {
  const printers = new WeakMap<readonly T[], (v: number | null | undefined) => string>();
  return (r, all) => {
    let print = printers.get(all);
    if (!print) printers.set(all, (print = fmtColumn(all.map(value), max)));
    return print(value(r));
  };
}

/**
 * The printer for a column of measurements of one kind (errors, correlations): every value with the
 * decimals `fmtNum(v, digits)` gives the column's largest |value| (0.2876, 1.8004 and 4.3301 print
 * "0.288", "1.800", "4.330"), so the column reads at one precision.
 */
export function fmtScaledColumn(values: readonly (number | null | undefined)[], digits = 4): (v: number | null | undefined) => string {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const scale = Math.max(0, ...finite.map(Math.abs));
  if (!(scale >= 1e-6)) return (v) => fmtNum(v, digits); // all zero or tiny: fmtNum's exponent form
  const d = fmtNumDecimals(scale, digits);
  return (v) => fmtDecimals(v, d);
}

/** One episode's return: a whole number (every reward of the classic-control envs is) prints whole, "3" and "500" rather than "3.00" and "500.0". */
export const fmtReturn = (n: number | null | undefined) => (typeof n === 'number' && Number.isInteger(n) ? fmtInt(n) : fmtNum(n));

const meanReturnFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A mean of episode returns as summary.json and the network's name write it (at most two decimals): −104.25, not −104.3 here and −104.25 there. */
export function fmtMeanReturn(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? DASH : meanReturnFormat.format(n).replace(/^-/, '−');
}

/** A fraction as a percentage: 0.934 → "93.4 %". */
export function fmtPercent(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? DASH : `${(x * 100).toFixed(1)} %`;
}

/** "3 min ago", "2 days ago"; the exact time goes in a tooltip. */
export function fmtAgo(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return DASH;
  const s = Math.max(0, (now - t) / 1000);
  if (s < 60) return 'just now';
  const units: [number, string][] = [
    [86_400 * 365, 'year'],
    [86_400 * 30, 'month'],
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'min'],
  ];
  for (const [size, name] of units) {
    if (s >= size) {
      const n = Math.floor(s / size);
      return `${n} ${name}${n > 1 && name !== 'min' ? 's' : ''} ago`;
    }
  }
  return 'just now';
}

/** `push_left` → `push left`. */
export const humanize = (name: string) => name.replace(/_/g, ' ');

/**
 * The server's name of a network, as the cards print numbers: "best eval (step 42000, mean return
 * -79.7)" → "best eval (step 42,000, mean return −79.7)". The name is summary.json's text, so only
 * its numbers are touched.
 */
export const fmtNetworkName = (name: string) =>
  name.replace(/(^|[\s(])-?\d+(\.\d+)?(?=[\s,)]|$)/g, (m, lead: string) => {
    const text = m.slice(lead.length);
    const n = Number(text);
    // Integers get thousands separators; decimals keep the digits they were written with.
    return lead + (Number.isInteger(n) ? fmtInt(n) : text.replace(/^-/, '−'));
  });
