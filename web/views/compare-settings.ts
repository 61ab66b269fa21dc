/**
 * "Settings that differ": the resolved settings of each compared run (the run detail's `config`),
 * flattened to one name per setting, and only those whose values are not the same in every run:
 * what tells a seed sweep or a learning-rate sweep apart, without the forty settings they share.
 *
 * DQN settings keep their own names (`learningRate`, `seed`); the online mimic's are prefixed
 * (`mimic.fidelityFreq`, `mimic.lmut.maxLeaves`), and `mimic` itself reads `on` or `off`. A run
 * trained without the mimic has none of its settings: those rows compare the runs that have one and
 * show "–" for the others (its `off` already tells it apart), instead of listing every mimic setting.
 */
import type { RunDetailResponse } from '../../src/server/dto.ts';
import { DASH } from '../format.ts';

export type RunConfig = Pick<RunDetailResponse['config'], 'dqn' | 'mimic'>;

export interface SettingRow {
  key: string;
  /** One per run, in the runs' order; DASH where a run has no such setting. */
  values: string[];
}

export const MIMIC_PREFIX = 'mimic.';

/** Every setting of a run, flattened (`mimic.lmut.gracePeriod`), in the config's own order. */
export function flattenConfig(config: RunConfig): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (value: Record<string, unknown>, prefix: string) => {
    for (const [key, v] of Object.entries(value)) {
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, `${prefix}${key}.`);
      else out.set(`${prefix}${key}`, v);
    }
  };
  walk(config.dqn, '');
  out.set('mimic', config.mimic ? 'on' : 'off');
  if (config.mimic) walk(config.mimic, MIMIC_PREFIX);
  return out;
}

/**
 * A setting's value as the table shows it: numbers as config.json writes them, but to 12 significant
 * digits (a learning rate computed as 0.001 * 1.2 reads 0.0012, not 0.0012000000000000001; which
 * settings differ is still decided on the exact values), lists in brackets.
 */
export function settingText(value: unknown): string {
  if (value === undefined) return DASH;
  if (value === null) return 'none';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(12)) : v)).replace(/,/g, ', ');
}

/**
 * The names of the settings whose values are not all equal across runs (each `flattenConfig`'s
 * map), in the config's order: the rows of the settings table, and what the Compare view's labels
 * name for runs alike otherwise (compare-labels.ts), so both call the same runs different.
 */
export function differingKeys(settings: readonly ReadonlyMap<string, unknown>[]): string[] {
  const keys = [...new Set(settings.flatMap((s) => [...s.keys()]))];
  return keys.filter((key) => {
    // A mimic setting is compared among the runs that have a mimic; every other setting among all runs (missing counts as a value).
    const among = key.startsWith(MIMIC_PREFIX) ? settings.filter((s) => s.get('mimic') === 'on') : settings;
    return new Set(among.map((s) => JSON.stringify(s.get(key) ?? null) + (s.has(key) ? '' : '#missing'))).size > 1;
  });
}

/** The settings whose values are not all equal across `configs`, one value per run. */
export function differingSettings(configs: readonly RunConfig[]): SettingRow[] {
  const flat = configs.map(flattenConfig);
  return differingKeys(flat).map((key) => ({ key, values: flat.map((f) => settingText(f.get(key))) }));
}
