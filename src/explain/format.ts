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

const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

/** The float32 value next to the float32 value `x`, towards +Infinity (`up`) or -Infinity. */
function nextFloat32(x: number, up: boolean): number {
  if (x === 0) return up ? 2 ** -149 : -(2 ** -149);
  f32[0] = x;
  f32Bits[0] = f32Bits[0]! + ((x > 0) === up ? 1 : -1);
  return f32[0];
}

/**
 * A split threshold `t` (tested as `x <= t`) to at least `precision` significant digits, and to more
 * where those would move it across a float32 value: read back, it sends every float32 observation
 * (what environments produce) the same way the tree does. At a fixed 8 digits, 0.7 % of thresholds
 * between neighbouring float32 values moved across one (0.00011671902393… printed 0.00011671902).
 */
export function formatThreshold(t: number, precision: number): string {
  const nearest = Math.fround(t);
  if (!Number.isFinite(nearest)) return formatNumber(t, 17);
  const lo = nearest <= t ? nearest : nextFloat32(nearest, false); // the largest float32 x with x <= t
  const hi = nextFloat32(lo, true); // no float32 lies in (lo, hi): any threshold in [lo, hi) splits as t does
  for (let p = precision; p < 17; p++) {
    const printed = Number(t.toPrecision(p));
    if (printed >= lo && printed < hi) return formatNumber(printed, p);
  }
  return formatNumber(t, 17);
}

/**
 * Significant digits worth printing of a Q-value: the networks compute in float32, whose ~7 digits
 * end there (58.21898); Q-values closer than that are a near tie, and more digits would be noise.
 */
export const Q_MAX_DIGITS = 7;

/**
 * The first of `formats` (coarsest first) that prints the largest of `values` differently from the
 * runner-up (the largest value below it; actions tied at the top need no telling apart), or null
 * when there is no runner-up or none of them does. The CLI and the dashboard each pass their own
 * number printing; which digits to show is decided here, once.
 */
export function formatThatSeparatesTop(values: readonly number[], formats: readonly ((v: number) => string)[]): ((v: number) => string) | null {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return null;
  const top = Math.max(...finite);
  const below = finite.filter((v) => v < top);
  if (below.length === 0) return null;
  const second = Math.max(...below);
  return formats.find((f) => f(top) !== f(second)) ?? null;
}

/**
 * The first of `digits` (fewest first) at which a leaf's linear formulas, printed and read back
 * (`readBack(v, digits, isWeight)`: what a reader gets from `v` as the caller prints it), still pick
 * `pick` at the leaf's mean state; the last when none does. Leaf Q of all actions sit close
 * (CartPole's near 58, 0.003 apart), so at 4 digits 16 of its 170 leaves printed formulas that pick
 * the other action beside a "greedy at mean" that names this one. The HTML report and the
 * dashboard each print their own way; which digits to show is decided here, once.
 */
export function digitsThatKeepPick(
  models: readonly { action: number; intercept: number; weights: readonly number[] }[],
  mean: readonly number[],
  pick: number,
  digits: readonly number[],
  readBack: (v: number, digits: number, isWeight: boolean) => number,
): number {
  if (models.length < 2) return digits[0]!; // below an action split a leaf models one action
  const picked = (d: number) => {
    let best = -1;
    let bestQ = -Infinity;
    for (const m of models) {
      const q = m.weights.reduce((sum, w, i) => sum + readBack(w, d, true) * mean[i]!, readBack(m.intercept, d, false));
      if (q > bestQ) [best, bestQ] = [m.action, q]; // ties to the first, as argmax
    }
    return best;
  };
  return digits.find((d) => picked(d) === pick) ?? digits.at(-1)!;
}

/**
 * Every action's Q for one state or leaf, with the significant digits that tell the largest from the
 * runner-up (CartPole's Q-values are ~58 apart by ~1e-3: `58.22` twice beside "greedy by 0.00063"
 * reads as a contradiction), up to Q_MAX_DIGITS; closer than that, a near tie at `precision`.
 */
export function formatQs(values: readonly number[], precision = DEFAULT_PRECISION): string[] {
  const formats = Array.from({ length: Math.max(1, Q_MAX_DIGITS - precision + 1) }, (_, k) => (v: number) => formatNumber(v, precision + k));
  const f = formatThatSeparatesTop(values, formats) ?? formats[0]!;
  return values.map(f);
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

/** `1 leaf`, `256 leaves`: a count with its noun (CLI review: "tree of 1 leaves"). */
export function leafCount(n: number): string {
  return `${n} ${n === 1 ? 'leaf' : 'leaves'}`;
}
