/**
 * The beeswarm's layout (as `shap.plots.beeswarm`): dots of one feature row that would overlap
 * are pushed up and down from the row's centre line, alternately, so the row's thickness shows
 * where values pile up. Points are binned along x; the k-th point of a bin goes to layer
 * ⌈k/2⌉, above for odd k and below for even, and layers are scaled so the fullest bin fills
 * ±maxOffset. Deterministic: the same values always give the same picture.
 */
export interface SwarmOptions {
  /** Bins across the row's x range (SHAP uses 100). */
  bins?: number;
  /** Half the row's thickness, in row units (rows are 1 apart). */
  maxOffset?: number;
  /** Distance between layers before scaling down to fit (row units). */
  layerStep?: number;
}

/** A vertical offset per value, in the order given; all 0 when no two values share a bin. */
export function swarmOffsets(xs: readonly number[], { bins = 100, maxOffset = 0.4, layerStep = 0.05 }: SwarmOptions = {}): number[] {
  const n = xs.length;
  if (n === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const x of xs) {
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const width = (max - min) / bins || 1;
  const order = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]! || a - b);
  const filled = new Map<number, number>();
  const layer = new Array<number>(n).fill(0);
  for (const i of order) {
    const bin = Math.min(bins - 1, Math.floor((xs[i]! - min) / width));
    const k = filled.get(bin) ?? 0;
    filled.set(bin, k + 1);
    layer[i] = k === 0 ? 0 : (k % 2 === 1 ? 1 : -1) * Math.ceil(k / 2);
  }
  const deepest = Math.max(...layer.map(Math.abs));
  const step = deepest === 0 ? 0 : Math.min(layerStep, maxOffset / deepest);
  return layer.map((l) => l * step);
}

/** Each value's place between the feature's 5th and 95th percentiles (0 to 1, clipped), SHAP's colour scale. */
export function colourPositions(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
  let low = at(0.05);
  let high = at(0.95);
  if (high <= low) [low, high] = [sorted[0]!, sorted[sorted.length - 1]!];
  if (high <= low) return values.map(() => 0.5);
  return values.map((v) => Math.min(1, Math.max(0, (v - low) / (high - low))));
}
