/**
 * What the Compare view's legends call each run: short, because a legend of eight folder names
 * (`CartPole-v1__cleanrl__1__1732312275`) crowds the chart. Runs are usually a sweep over seeds or
 * presets, so "seed 1 · cleanrl" tells them apart; where two runs share seed and preset, both go by
 * their folder names instead (and by their ids should those coincide too, as runs of two runs
 * folders can). The full name is in every hover label and the summary table.
 */
export interface LabelSource {
  id: string;
  /** The folder (or agent) name. */
  name: string;
  preset: string;
  seed: number | undefined;
}

export function shortLabels(runs: readonly LabelSource[]): string[] {
  const short = runs.map((r) => (r.seed === undefined ? `preset ${r.preset}` : `seed ${r.seed} · ${r.preset}`));
  const labels = short.map((s, i) => (short.indexOf(s) === short.lastIndexOf(s) ? s : runs[i]!.name));
  return labels.map((l, i) => (labels.indexOf(l) === labels.lastIndexOf(l) ? l : runs[i]!.id));
}
