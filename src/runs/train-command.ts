/**
 * The `qlens train` command that started a run (`resumeCommands` gives how it was continued): its preset plus every setting that differs from
 * the preset (`--steps`, `--seed`, `--engine`, `--set key=value`), the online tree's settings that
 * differ from the preset's (`--lmut key=value`), and `--no-mimic` when no tree learned alongside. Model cards print it, so "Trained by" can be pasted into a terminal.
 */
import { listEnvs } from '../../envs/index.ts';
import { resolveDqnConfig } from '../dqn/config.ts';
import { loadPreset } from '../dqn/presets.ts';
import { resolveMimicConfig } from '../mimic/config.ts';
import { shellWord } from '../core/shell-word.ts';
import type { RunConfigFile } from './run-files.ts';

/** Settings with flags of their own (`qlens train`'s errors name them too); the rest go through `--set`. */
export const FLAG_OF_FIELD: Readonly<Record<string, string>> = { env: '--env', seed: '--seed', totalTimesteps: '--steps', engine: '--engine', backend: '--backend' };
/** Not training settings: where the run was written and how it was resumed. */
const SKIP = new Set(['env']);

export function trainCommand(config: RunConfigFile): string {
  // A run resumed with another --steps began with its first total, which shaped ε until the change: that is the total to start with.
  const first = config.totalChanges?.[0]?.from;
  const dqn = { ...config.dqn, ...(first !== undefined ? { totalTimesteps: first } : {}) } as Record<string, unknown>;
  const env = String(dqn.env);
  // The user's own env is named by its module, as `train --env` took it (Gymnasium's module:EnvId).
  const parts = ['qlens train', `--env ${config.envModule !== undefined ? shellWord(`${config.envModule}:${env}`) : env}`];
  let base: Record<string, unknown> = {};
  let baseMimic: unknown = {};
  try {
    const preset = loadPreset(config.preset, env);
    base = resolveDqnConfig({ ...preset.dqn, env }, listEnvs()) as unknown as Record<string, unknown>;
    baseMimic = preset.mimic ?? {};
    parts.push(`--preset ${config.preset}`);
  } catch {
    // A preset file that is gone: spell out every setting against the defaults instead, which are the cleanrl
    // preset's; named, since without --preset train takes the env's own preset (CartPole-v1's for CartPole-v1).
    base = resolveDqnConfig({ env }, listEnvs()) as unknown as Record<string, unknown>;
    parts.push('--preset cleanrl');
  }
  const shown = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v));
  const differs = (key: string) => JSON.stringify(dqn[key]) !== JSON.stringify(base[key]);
  // Flags first (the seed always: it is what tells two runs of one preset apart), then --set in config order.
  for (const [key, flag] of Object.entries(FLAG_OF_FIELD)) if (!SKIP.has(key) && key in dqn && (key === 'seed' || differs(key))) parts.push(`${flag} ${shown(dqn[key])}`);
  for (const key of Object.keys(dqn)) if (!(key in FLAG_OF_FIELD) && !SKIP.has(key) && differs(key)) parts.push(`--set ${key}=${shown(dqn[key])}`);
  if (!config.mimic) parts.push('--no-mimic');
  else {
    // Only the tree's settings have a flag (--lmut); the mimic's others come from the preset.
    const lmut = (config.mimic.lmut ?? {}) as Record<string, unknown>;
    const baseLmut = resolveMimicConfig(baseMimic).lmut as unknown as Record<string, unknown>;
    for (const key of Object.keys(lmut)) if (JSON.stringify(lmut[key]) !== JSON.stringify(baseLmut[key])) parts.push(`--lmut ${key}=${shown(lmut[key])}`);
  }
  return parts.join(' ');
}

/** How a run was continued with another total: `qlens train --resume <run> --steps N` from step `atStep`, after it had `finished` or been stopped. */
export interface ResumeStep {
  atStep: number;
  steps: number;
  finished: boolean;
}

export function resumeCommands(config: RunConfigFile): ResumeStep[] {
  return (config.totalChanges ?? []).map((c) => ({ atStep: c.atStep, steps: c.to, finished: c.finished }));
}
