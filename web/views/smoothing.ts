/**
 * TensorBoard's scalar smoothing, point by point so a live run can extend it: an exponential
 * moving average started at 0 and debiased by 1 − wⁿ (n: finite points so far), exactly as
 * TensorBoard's `classicSmoothing` computes it:
 *
 *   last = last * w + (1 - w) * point;   smoothed = last / (1 - w^n)
 *
 * Non-finite points are passed through and not counted. TensorBoard leaves a series that is constant
 * throughout unsmoothed (its #786: 1 − wⁿ rounding would wobble a flat line); here a point keeps
 * its raw value while the series has been constant so far. Once the series varies, the points
 * already drawn stay at that constant c where TensorBoard would recompute them as
 * c·(1 − wⁿ)/(1 − wⁿ): the same number up to the last bit of rounding.
 */

/** TensorBoard's default weight. */
export const DEFAULT_SMOOTHING = 0.6;
export const MAX_SMOOTHING = 0.99;

/** A weight from user input or storage: clamped to 0 … 0.99 and rounded to hundredths; the default when unreadable. */
export function clampSmoothing(value: unknown): number {
  const w = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(w)) return DEFAULT_SMOOTHING;
  return Math.round(100 * Math.min(MAX_SMOOTHING, Math.max(0, w))) / 100;
}

export class Smoother {
  private last = 0;
  private numAccum = 0;
  private first: number | undefined;
  private constant = true;

  constructor(readonly weight: number) {}

  /** The smoothed value at `point`, given every point passed before it. */
  next(point: number): number {
    if (!Number.isFinite(point)) return point;
    const w = this.weight;
    if (this.first === undefined) this.first = point;
    else if (point !== this.first) this.constant = false;
    this.last = this.last * w + (1 - w) * point;
    this.numAccum++;
    let debiasWeight = 1;
    if (w !== 1) debiasWeight = 1 - Math.pow(w, this.numAccum);
    return this.constant ? point : this.last / debiasWeight;
  }
}

/** A whole series smoothed with weight `w`. */
export function smooth(points: readonly number[], w: number): number[] {
  const s = new Smoother(w);
  return points.map((p) => s.next(p));
}
