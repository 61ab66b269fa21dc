/**
 * Which other feature best colours a SHAP dependence plot: SHAP's `approximate_interactions`
 * (shap.utils), the heuristic `shap.plots.scatter(color=shap_values)` uses. Sort the states by the
 * plotted feature's value, cut them into runs of `inc` = clamp(n/10, 1, 50) states, and in every run
 * correlate the plotted feature's SHAP values with the other feature's values; a feature whose value
 * explains the vertical spread within runs (an interaction) sums large |r|. Imports nothing: the
 * dashboard's bundle takes it as is.
 */

/** Other features' indices, strongest apparent interaction with `feature` first (ties in feature order). */
export function approximateInteractions(feature: number, shap: readonly (readonly number[])[], states: readonly (readonly number[])[]): number[] {
  const d = states[0]?.length ?? 0;
  const order = states.map((_, k) => k).sort((a, b) => states[a]![feature]! - states[b]![feature]! || a - b);
  const ref = order.map((k) => shap[k]![feature]!);
  const inc = Math.max(Math.min(Math.floor(order.length / 10), 50), 1);
  const strength = new Array<number>(d).fill(0);
  for (let other = 0; other < d; other++) {
    if (other === feature) continue;
    const values = order.map((k) => states[k]![other]!);
    if (values.every((v) => Math.abs(v) < 1e-8)) continue; // SHAP skips an all-zero column
    for (let start = 0; start < order.length; start += inc) {
      const r = pearson(ref.slice(start, start + inc), values.slice(start, start + inc));
      if (r !== null) strength[other]! += Math.abs(r);
    }
  }
  return strength
    .map((_, i) => i)
    .filter((i) => i !== feature)
    .sort((a, b) => strength[b]! - strength[a]! || a - b);
}

/** Pearson's r, or null when either side is constant (SHAP skips such runs). */
function pearson(a: readonly number[], b: readonly number[]): number | null {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n;
    mb += b[i]! / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : null;
}
