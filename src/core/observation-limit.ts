/**
 * The largest |feature| the server accepts in an observation (`POST …/explain`, `…/q`,
 * `…/attributions`): far outside any environment's range, and small enough that no Q-value
 * overflows to Infinity. Dependency-free so that the dashboard checks typed values against the
 * same limit before it sends anything (web/views/inspector.ts), and `--state` reads no more (state-text.ts).
 */
export const MAX_ABS_FEATURE = 1e9;

/** `1e9`: the limit as people write it. */
export const MAX_ABS_FEATURE_TEXT = MAX_ABS_FEATURE.toExponential().replace('e+', 'e');

/** What the server and the dashboard say a feature may be. */
export const FEATURE_ALLOWED = `finite numbers with |x| ≤ ${MAX_ABS_FEATURE_TEXT}`;

/** Whether `v` is a feature value the server accepts. */
export function featureInLimit(v: number): boolean {
  return Number.isFinite(v) && Math.abs(v) <= MAX_ABS_FEATURE;
}
