/**
 * Number formatting shared by the text, DOT, HTML and table outputs. Exporters must be
 * deterministic (golden tests pin them), so everything goes through these two functions.
 *
 * Precision is in significant digits rather than scikit-learn's `decimals`: CartPole's pole angle
 * splits near 0.05 rad while its cart position spans ±2.4, and two decimals would print most
 * angle thresholds as 0.05 or 0.
 */

/** Default significant digits of exported numbers. */
export const DEFAULT_PRECISION = 4;

/** `v` to `precision` significant digits, without trailing zeros or a negative zero. */
export function formatNumber(v: number, precision = DEFAULT_PRECISION): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  const rounded = Number(v.toPrecision(precision));
  return rounded === 0 ? '0' : String(rounded);
}

/**
 * Every action's Q for one state or leaf, with the significant digits that tell the largest from the
 * runner-up (CartPole's Q-values are ~58 apart by ~1e-3: `58.22` twice beside "greedy by 0.00063"
 * reads as a contradiction). At most 6 digits more than `precision`; closer than that, a near tie.
 */
export function formatQs(values: readonly number[], precision = DEFAULT_PRECISION): string[] {
  const order = values.map((v, a) => a).filter((a) => Number.isFinite(values[a]!)).sort((a, b) => values[b]! - values[a]!);
  const [best, second] = order;
  for (let p = precision; p <= precision + 6; p++) {
    const texts = values.map((v) => formatNumber(v, p));
    if (best === undefined || second === undefined || values[best] === values[second] || texts[best] !== texts[second]) return texts;
  }
  return values.map((v) => formatNumber(v, precision + 6));
}

/** `+ 1.5` / `- 1.5`, for writing sums of terms. */
export function signedTerm(v: number, precision = DEFAULT_PRECISION): string {
  return v < 0 ? `- ${formatNumber(-v, precision)}` : `+ ${formatNumber(v, precision)}`;
}

const COUNT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count for people: `100052` as `100,052` (fixed locale, so exports stay deterministic). */
export function formatCount(n: number): string {
  return COUNT_FORMAT.format(n);
}

/** `0.1234` as `12.3%`. */
export function formatPercent(share: number, digits = 1): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(digits)}%` : '—';
}

/** `a`, `a and b`, `a, b and c`. */
export function joinAnd(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
