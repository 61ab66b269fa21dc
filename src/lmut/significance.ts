/**
 * Whether a leaf's best candidate split is worth making (the test of the splitting phase):
 *
 * 1. it removes at least `minRelativeGain` of the leaf's squared error;
 * 2. it lowers the Bayesian information criterion of the leaf's memory, i.e. it pays for the new
 *    child's parameters: a noisy but linear leaf does not split on its first few hundred samples;
 * 3. with `significance: 'hoeffding'` (river / FIMT-DD), the best feature's gain beats the second
 *    best's with confidence 1 − δ: ratio < 1 − ε, ε = sqrt(ln(1/δ) / 2n), or ε < tieThreshold.
 */
import type { LmutConfig } from './config.ts';
import type { SplitSearchResult } from './split.ts';

/**
 * Hoeffding bound (river `_hoeffding_bound`): with probability 1 − δ the true mean of a variable
 * with range R lies within ε = sqrt(R² ln(1/δ) / (2n)) of the mean of n observations.
 */
export function hoeffdingBound(range: number, confidence: number, n: number): number {
  return Math.sqrt((range * range * Math.log(1 / confidence)) / (2 * n));
}

/**
 * The smallest relative SSE reduction g for which splitting lowers the BIC N·ln(SSE/N) + p·ln N
 * of Gaussian errors: N·ln(1/(1−g)) > p·ln N, with `extraParams` the parameters a split adds and
 * N the labels it is judged on.
 */
export function bicMinimumGain(extraParams: number, labels: number): number {
  return labels > 1 ? 1 - Math.exp((-extraParams * Math.log(labels)) / labels) : 1;
}

/**
 * `samples`: what the leaf has seen (Hoeffding's n); `k`: its actions; `rows`: memory rows the
 * search used; `paramsPerChild`: regression parameters per action of one child.
 */
export function isSignificant(result: SplitSearchResult, samples: number, k: number, rows: number, paramsPerChild: number, c: LmutConfig): boolean {
  const best = result.byFeature[0];
  if (!best || result.parentSse <= 0 || best.gain <= 0) return false;
  const relative = best.gain / result.parentSse;
  if (relative < c.minRelativeGain || relative < bicMinimumGain(paramsPerChild * k + 1, rows * k)) return false;
  if (c.significance === 'hoeffding') {
    const ratio = (result.byFeature[1]?.gain ?? 0) / best.gain;
    const eps = hoeffdingBound(1, c.splitConfidence, samples);
    if (!(ratio < 1 - eps || eps < c.tieThreshold)) return false;
  }
  return true;
}
