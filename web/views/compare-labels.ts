/**
 * What the Compare view calls each run, in its legends, its tables' keys and its notes alike: short,
 * because a legend of eight folder names (`CartPole-v1__cleanrl__1__1732312275`) crowds the chart,
 * and unique within the comparison. A label names only what tells the runs apart: the seed where
 * seeds differ, the preset where presets differ, "pretrained" for a shipped agent beside trained
 * runs ("seed 1", "seed 1 · pretrained", "seed 2"). Runs still alike after that are told apart by
 * the settings they differ in ("learningRate 0.0005"), and identical ones by their order ("run 2").
 * The full name is in every hover label and the summary table.
 */
import { differingKeys, settingText } from './compare-settings.ts';

export interface LabelSource {
  id: string;
  /** The folder (or agent) name. */
  name: string;
  preset: string;
  seed: number | undefined;
  /** A shipped pretrained agent (not a run of the runs folder). */
  pretrained: boolean;
  /** Every resolved setting, flattened (compare-settings.ts `flattenConfig`): for runs alike in seed, preset and source. */
  settings: ReadonlyMap<string, unknown>;
}

/** Settings a label may name beyond seed and preset, at most this many per run. */
const MAX_SETTINGS = 2;

export function shortLabels(runs: readonly LabelSource[]): string[] {
  const parts = runs.map(() => [] as string[]);
  const varies = (f: (r: LabelSource) => unknown) => new Set(runs.map(f)).size > 1;
  if (varies((r) => r.seed)) runs.forEach((r, i) => parts[i]!.push(r.seed === undefined ? 'no seed' : `seed ${r.seed}`));
  if (varies((r) => r.preset)) runs.forEach((r, i) => parts[i]!.push(r.preset));
  if (varies((r) => r.pretrained)) runs.forEach((r, i) => r.pretrained && parts[i]!.push('pretrained'));
  // Runs whose labels coincide: the settings they differ in, then their order among them.
  for (const group of duplicates(parts.map((p) => p.join(' · ')))) {
    // The same settings the table of differing settings lists (the seed never: a group shares it).
    const keys = differingKeys(group.map((i) => runs[i]!.settings)).slice(0, MAX_SETTINGS);
    for (const i of group) parts[i]!.push(...keys.map((k) => `${k} ${settingText(runs[i]!.settings.get(k))}`));
  }
  for (const group of duplicates(parts.map((p) => p.join(' · ')))) group.forEach((i, k) => parts[i]!.push(`run ${k + 1}`));
  return parts.map((p) => p.join(' · '));
}

/** Index groups of equal labels (two or more each). */
function duplicates(labels: readonly string[]): number[][] {
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => byLabel.set(l, [...(byLabel.get(l) ?? []), i]));
  return [...byLabel.values()].filter((g) => g.length > 1);
}
