/**
 * The layout of a run directory (DESIGN.md §5) and its small JSON files:
 *
 *   runs/<envId>__<preset>__<seed>__<unixTime>/
 *     config.json      the fully resolved config, env spec, engine and backend actually used
 *     metrics.jsonl    one event per line, append-only
 *     checkpoints/<step>/   see checkpoint-store.ts
 *     model.json + weights.bin   the final (or best) network, tfjs layout
 *     tree.json        the LMUT of the saved network (Active Play after training), when a mimic ran
 *     tree-online.json the LMUT as it tracked the network during training
 *     fidelity.json    the tree beside CART and a linear model on held-out greedy-play states
 *     experience.bin   every state visited in training (the mimic's Experience Training data)
 *     summary.json     status and headline figures, rewritten atomically as the run progresses
 *
 * Pretrained agents in `agents/pretrained/<env>/` use the same layout, so every command that takes
 * `--run` works on them.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { NotFoundError } from '../core/errors.ts';
import { isFolder } from '../core/read-file.ts';
import type { EnvSpec } from '../core/env.ts';
import type { DqnConfig } from '../dqn/config.ts';
import { writeJsonAtomic } from './atomic.ts';
import { readTaggedJson } from './json-file.ts';

export const RUN_FILES = {
  config: 'config.json',
  metrics: 'metrics.jsonl',
  model: 'model.json',
  weights: 'weights.bin',
  tree: 'tree.json',
  treeOnline: 'tree-online.json',
  fidelity: 'fidelity.json',
  summary: 'summary.json',
} as const;

const envSpecSchema = z.object({
  id: z.string(),
  featureNames: z.array(z.string()),
  actionNames: z.array(z.string()),
  rewardThreshold: z.number().optional(),
  maxEpisodeSteps: z.number().optional(),
});

const runConfigSchema = z.object({
  format: z.literal('qlens-run'),
  version: z.literal(1),
  preset: z.string(),
  createdAt: z.string(),
  engine: z.string(),
  backend: z.string(),
  envSpec: envSpecSchema,
  /** Absolute path of the user's module that registers the env (envs/env-module.ts); absent for a built-in env. */
  // Absolute only: a relative path would be resolved against wherever a command runs, so a shared run folder could name a file of its own to import.
  envModule: z.string().refine((p) => isAbsolute(p), 'must be an absolute path (the module that registers the env)').optional(),
  /** The qlens commit that trained the run (source-commit.ts); runs started before it was recorded, or outside a qlens checkout, lack it. */
  source: z.object({ commit: z.string(), dirty: z.boolean() }).optional(),
  /**
   * Where a `train --resume` ran other qlens code than the steps before it (another commit, uncommitted
   * changes, or outside a qlens checkout: `commit` null), oldest first: the steps from `atStep` on were
   * trained by it. Runs always resumed from the same code lack it.
   */
  resumedSources: z.array(z.object({ atStep: z.number().int().nonnegative(), commit: z.string().nullable(), dirty: z.boolean() })).optional(),
  /**
   * Each `train --resume --steps N` that changed the total (training-run.ts), oldest first; `dqn.totalTimesteps`
   * holds the latest. ε decays over the total in force, so the schedule changed at `atStep`. `finished`: the run
   * had ended on its own there (completed or solved) rather than been stopped. Runs never resumed so lack it.
   */
  totalChanges: z
    .array(z.object({ atStep: z.number().int().nonnegative(), from: z.number().int().positive(), to: z.number().int().positive(), finished: z.boolean() }))
    .optional(),
  dqn: z.record(z.string(), z.unknown()),
  mimic: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type RunConfigFile = z.output<typeof runConfigSchema>;

const summarySchema = z.object({
  format: z.literal('qlens-summary'),
  version: z.literal(1),
  status: z.enum(['running', 'completed', 'solved', 'interrupted', 'failed']),
  step: z.number(),
  episodes: z.number(),
  wallSeconds: z.number(),
  solvedAtStep: z.number().nullable(),
  bestEvalMean: z.number().nullable(),
  meanReturn100: z.number().nullable(),
  updatedAt: z.string(),
  /** Which network `model.json` holds, e.g. "best eval (step 42000, mean return 500)". */
  model: z.string().optional(),
  error: z.string().optional(),
  /**
   * With status `running`: training ended (completed or solved) and the final tree, fidelity and
   * experience were being written. Found on a run whose process is gone (killed part way), it tells
   * `train --resume` to write them, not to train on.
   */
  finishing: z.enum(['completed', 'solved']).optional(),
});
export type RunSummary = z.output<typeof summarySchema>;

/**
 * `CartPole-v1__cleanrl__1__1700000000`, CleanRL's run naming (env, experiment, seed, time). An
 * env's own preset (agents/presets/<env>.json) is named `tuned` there, not the env a second time.
 */
export function runName(config: DqnConfig, preset: string, now = new Date()): string {
  const experiment = preset === config.env ? 'tuned' : preset;
  return `${config.env}__${experiment}__${config.seed}__${Math.floor(now.getTime() / 1000)}`;
}

/** Creates a fresh run directory under `runsDir`; never reuses an existing one. */
export function createRunDir(runsDir: string, config: DqnConfig, preset: string): string {
  mkdirSync(runsDir, { recursive: true });
  const base = join(runsDir, runName(config, preset));
  let dir = base;
  for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`;
  mkdirSync(dir);
  return dir;
}

export function writeRunConfig(dir: string, file: RunConfigFile): void {
  writeJsonAtomic(join(dir, RUN_FILES.config), file);
}

/** A mistyped --run is a missing folder: say so before any file in it is looked for. */
export function assertRunDir(dir: string): void {
  if (!existsSync(dir)) throw new NotFoundError(`run directory not found: ${dir}`);
  // A file named where the run's folder goes was reported as "not found" (CLI review: --run README.md).
  if (!isFolder(dir)) throw new NotFoundError(`${dir} is a file, not a run directory (give the folder a run was trained into, or a pretrained agent's)`);
}

export function readRunConfig(dir: string): RunConfigFile {
  assertRunDir(dir);
  const path = join(dir, RUN_FILES.config);
  if (!existsSync(path)) throw new NotFoundError(notARunText(dir));
  return readTaggedJson(path, 'qlens-run', 1, runConfigSchema);
}

/** A folder without config.json, with what it holds instead: a tree from `qlens mimic --out`, or runs. */
function notARunText(dir: string): string {
  const base = `${dir} is not a run directory (no ${RUN_FILES.config})`;
  if (existsSync(join(dir, RUN_FILES.tree))) return `${base}; it holds a tree: give the run it was grown for as --run and this tree as --tree ${join(dir, RUN_FILES.tree)}`;
  let runs: string[] = [];
  try {
    runs = readdirSync(dir).filter((name) => existsSync(join(dir, name, RUN_FILES.config))).sort();
  } catch {
    // not a readable folder: the plain message
  }
  return runs.length > 0 ? `${base}; it holds ${runs.length} run${runs.length === 1 ? '' : 's'}, e.g. ${join(dir, runs.at(-1)!)}` : base;
}

export function writeSummary(dir: string, summary: Omit<RunSummary, 'format' | 'version' | 'updatedAt'>): void {
  writeJsonAtomic(join(dir, RUN_FILES.summary), { format: 'qlens-summary', version: 1, ...summary, updatedAt: new Date().toISOString() });
}

export function readSummary(dir: string): RunSummary | null {
  const path = join(dir, RUN_FILES.summary);
  return existsSync(path) ? readTaggedJson(path, 'qlens-summary', 1, summarySchema) : null;
}

/**
 * Whether the run is training now, or was stopped while training (summary.json says `running`).
 * Its model.json and tree.json, when it has them, are then an earlier segment's (a run resumed
 * after Ctrl-C wrote them when it stopped): what it is now is its newest checkpoint.
 */
export function trainingUnderway(dir: string): boolean {
  try {
    return readSummary(dir)?.status === 'running';
  } catch {
    return false; // an unreadable summary is reported where it is read for itself
  }
}

/** An env's spec as config.json holds it. */
export function envSpecJson(spec: EnvSpec) {
  return {
    id: spec.id,
    featureNames: [...spec.featureNames],
    actionNames: [...spec.actionNames],
    ...(spec.rewardThreshold !== undefined ? { rewardThreshold: spec.rewardThreshold } : {}),
    ...(spec.maxEpisodeSteps !== undefined ? { maxEpisodeSteps: spec.maxEpisodeSteps } : {}),
  };
}
