/**
 * The tightest bounds per feature that a path's threshold tests imply: `x <= t` lowers the upper
 * bound, `x > t` raises the lower one, however often a deep path tests the same feature. Shared by
 * the rules (rules.ts) and the dashboard's split path (web/views/inspector-decision.ts), which is
 * why it imports nothing: the browser bundle takes it as is.
 */
export interface ThresholdTest {
  feature: number;
  op: '<=' | '>';
  threshold: number;
}

export interface FeatureBounds {
  feature: number;
  lower: number | null;
  upper: number | null;
  /** Tests on this feature along the path. */
  tests: number;
}

/** One entry per tested feature, in the order the path first tests them. */
export function tightestBounds(tests: Iterable<ThresholdTest>): FeatureBounds[] {
  const byFeature = new Map<number, FeatureBounds>();
  for (const t of tests) {
    const b = byFeature.get(t.feature) ?? { feature: t.feature, lower: null, upper: null, tests: 0 };
    if (t.op === '<=') b.upper = b.upper === null ? t.threshold : Math.min(b.upper, t.threshold);
    else b.lower = b.lower === null ? t.threshold : Math.max(b.lower, t.threshold);
    b.tests += 1;
    byFeature.set(t.feature, b);
  }
  return [...byFeature.values()];
}
