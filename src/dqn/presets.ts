/**
 * Presets: tuned hyper-parameters per environment, kept as JSON in `agents/presets/<name>.json`
 * (`{ format: "qlens-preset", version: 1, env, description, dqn: {…} }`). `cleanrl` is built in and
 * means "CleanRL dqn.py's defaults", the schema's own defaults.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';
import { readTaggedJson } from '../runs/json-file.ts';
import { isYamlPreset, loadRlZooPreset } from './rl-zoo.ts';

export const PRESETS_DIR = fileURLToPath(new URL('../../agents/presets/', import.meta.url));

// Strict: a misspelt field ("decription", "mimc") would otherwise be dropped without a word.
const presetSchema = z.strictObject({
  format: z.literal('qlens-preset'),
  version: z.literal(1),
  env: z.string(),
  description: z.string(),
  dqn: z.record(z.string(), z.unknown()),
  mimic: z.record(z.string(), z.unknown()).optional(),
});
export type Preset = z.output<typeof presetSchema> & { name: string };

export function listPresets(): string[] {
  const files = existsSync(PRESETS_DIR) ? readdirSync(PRESETS_DIR).filter((f) => f.endsWith('.json')) : [];
  return ['cleanrl', ...files.map((f) => basename(f, '.json')).sort()];
}

/**
 * A preset by name (`CartPole-v1`, `cleanrl`), by path to a JSON file, or by path to rl-zoo YAML
 * hyper-parameters (rl-zoo.ts; `env`, when given, picks its section).
 */
export function loadPreset(nameOrPath: string, env?: string): Preset {
  if (nameOrPath === 'cleanrl') return { name: 'cleanrl', format: 'qlens-preset', version: 1, env: env ?? 'CartPole-v1', description: "CleanRL dqn.py's defaults", dqn: {} };
  if (isYamlPreset(nameOrPath)) {
    if (!existsSync(nameOrPath)) throw new ConfigError('preset', `Preset file not found: ${nameOrPath} (or give a preset name: ${listPresets().join(', ')})`);
    return { ...loadRlZooPreset(nameOrPath, env), name: basename(nameOrPath), format: 'qlens-preset', version: 1 };
  }
  const path = nameOrPath.endsWith('.json') ? nameOrPath : join(PRESETS_DIR, `${nameOrPath}.json`);
  if (!existsSync(path) && nameOrPath.endsWith('.json')) throw new ConfigError('preset', `Preset file not found: ${nameOrPath} (or give a preset name: ${listPresets().join(', ')})`);
  if (!existsSync(path)) {
    throw new ConfigError('preset', `Unknown preset "${nameOrPath}" (allowed: ${listPresets().join(', ')}, a path to a preset .json file, or rl-zoo hyper-parameters in a .yml file)`);
  }
  return { ...readTaggedJson(path, 'qlens-preset', 1, presetSchema), name: basename(path, '.json') };
}

/** The preset `qlens train --env <id>` uses when none is given: the env's own, else CleanRL's. */
export function defaultPresetFor(env: string): string {
  return existsSync(join(PRESETS_DIR, `${env}.json`)) ? env : 'cleanrl';
}
