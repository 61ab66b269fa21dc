/**
 * Each feature's range under the agent's own play, and which features of a state lie outside it:
 * there the tree extrapolates its linear models. Shared by the server (influence ranges, which also
 * bound the what-if sliders), `qlens explain` and the Inspector's verdict, which is why it imports
 * nothing: the browser bundle takes it as is.
 */

/**
 * "The agent's own play" wherever qlens reads a state against it: the dashboard's feature influence,
 * the what-if sliders' ranges and the Inspector's "outside the agent's own play" note, and `qlens
 * explain`'s, all on the same held-out greedy episodes, so the CLI and the dashboard agree.
 */
export const OWN_PLAY = { episodes: 20, seed: 0 } as const;

/**
 * The Shapley methods' background in the dashboard and `qlens importance`: every state of these
 * greedy episodes, sampled down to 100 (seeds disjoint from the tree's training).
 */
export const BACKGROUND_PLAY = { episodes: 5, seed: 0 } as const;

export interface FeatureRange {
  feature: number;
  featureName: string;
  min: number;
  max: number;
  mean: number;
}

/** `k` row indices spread evenly over `n` rows of play (all of them when n ≤ k), so every episode is represented. */
export function evenlySpaced(n: number, k: number): number[] {
  const m = Math.min(n, Math.max(0, Math.floor(k)));
  return Array.from({ length: m }, (_, j) => Math.floor((j * n) / m));
}

/** `k` states spread evenly over `n` states of play stored row-major in `obs` (`d` features each). */
export function evenlySpacedStates(obs: Float32Array, n: number, d: number, k: number): number[][] {
  return evenlySpaced(n, k).map((r) => Array.from(obs.subarray(r * d, (r + 1) * d)));
}

/** Min, max and mean of every feature over `n` states stored row-major in `obs`. */
export function featureRanges(obs: ArrayLike<number>, n: number, featureNames: readonly string[]): FeatureRange[] {
  const d = featureNames.length;
  return featureNames.map((featureName, f) => {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (let r = 0; r < n; r++) {
      const v = obs[r * d + f]!;
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    return { feature: f, featureName, min, max, mean: n ? sum / n : 0 };
  });
}

/**
 * The ranges `state` lies outside of. A hair of slack (1e-3 of the range): sin θ = −1 is inside
 * play whose lowest float32 value was −0.99999.
 */
export function outsideRanges(state: ArrayLike<number>, ranges: readonly FeatureRange[]): FeatureRange[] {
  return ranges.filter((r) => {
    const slack = 1e-3 * (r.max - r.min);
    return state[r.feature]! < r.min - slack || state[r.feature]! > r.max + slack;
  });
}

/**
 * The note on a state outside the agent's own play, in one wording for `qlens explain` and the
 * Inspector. `items` name each feature outside with its value and play range, formatted by the caller.
 */
export function outsidePlayNote(items: readonly string[], episodes: number): string {
  return `This state lies outside the agent’s own play (${episodes} greedy episodes): ${items.join(', ')}. The tree extrapolates its linear models here.`;
}
