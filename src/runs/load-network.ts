/**
 * Opens the network of a run (or pretrained agent) directory for inference: the final
 * `model.json`/`weights.bin` when the run finished, otherwise the newest checkpoint's.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, FileFormatError, NotFoundError } from '../core/errors.ts';
import { readFileNamed } from '../core/read-file.ts';
import { Rng } from '../core/rng.ts';
import type { EngineName, QNetwork } from '../dqn/network-types.ts';
import { createQNetwork } from '../dqn/network.ts';
import { listCheckpoints, openCheckpoint } from './checkpoint-store.ts';
import { readJsonFile } from './json-file.ts';
import { decodeWeights, parseModelJson } from './network-file.ts';
import { RUN_FILES, type RunConfigFile, readRunConfig, readSummary, trainingUnderway } from './run-files.ts';
import { registerRunEnv } from './run-env.ts';

export interface LoadedRun {
  dir: string;
  config: RunConfigFile;
  network: QNetwork;
  /** Where the weights came from: `final` or `checkpoint <step>`. */
  source: string;
  /** The checkpoint's step when the weights came from one, else null. */
  checkpoint: number | null;
  /** For people: summary.json's `model` for a final network (`best eval (step …)`, `last (step …)`), else `source`. */
  label: string;
}

/**
 * Whether the run's network is its model.json: it has one, and is not training past it (after a
 * resume, model.json is the earlier segment's until training ends; the newest checkpoint is the
 * network meanwhile). The network cache keys its entries by the same rule.
 */
export function savedModelIsCurrent(dir: string): boolean {
  return existsSync(join(dir, RUN_FILES.model)) && !(trainingUnderway(dir) && listCheckpoints(dir).length > 0);
}

/**
 * `importEnvModule`: a run on the user's own env has its module imported, so callers can play
 * episodes on it (the commands a user runs on a run they name); the dashboard server says false,
 * as it imports only modules it was started with (src/server/run-env.ts). `checkpoint`: that
 * checkpoint's network (a step, or `last`: the newest) instead of the saved one, as rl-zoo's
 * `enjoy --load-checkpoint` / `--load-last-checkpoint`.
 */
export async function loadRunNetwork(dir: string, engine: EngineName = 'fused', { importEnvModule = true, checkpoint }: { importEnvModule?: boolean; checkpoint?: number | 'last' } = {}): Promise<LoadedRun> {
  const config = readRunConfig(dir);
  if (importEnvModule) await registerRunEnv(config, dir);
  let modelPath = join(dir, RUN_FILES.model);
  let weightsBytes: Uint8Array;
  let source = 'final';
  let fromCheckpoint: number | null = null;
  let modelJson: unknown;
  let weightsPath: string;
  if (checkpoint === undefined && savedModelIsCurrent(dir)) {
    modelJson = readJsonFile(modelPath);
    const model = parseModelJson(modelJson, modelPath);
    weightsPath = join(dir, model.weightsManifest[0]!.paths[0]!);
    if (!existsSync(weightsPath)) throw new FileFormatError(weightsPath, `is missing (${RUN_FILES.model} names it as its weights file)`);
    weightsBytes = readFileNamed(weightsPath);
  } else {
    const steps = listCheckpoints(dir);
    if (checkpoint !== undefined && steps.length === 0) throw new NotFoundError(`${dir} has no checkpoint (nothing in checkpoints/; a published agent keeps only its final network)`);
    if (steps.length === 0) throw new NotFoundError(`${dir}: no saved network (no ${RUN_FILES.model} and no checkpoint yet): let the run train until its first checkpoint, or train a new one`);
    if (typeof checkpoint === 'number' && !steps.includes(checkpoint)) throw new ConfigError('checkpoint', `Invalid --checkpoint: ${checkpoint} (allowed: last, or a step ${dir} kept a checkpoint of: ${[...steps].sort((a, b) => a - b).join(', ')})`);
    const cp = openCheckpoint(dir, checkpoint === 'last' ? undefined : checkpoint);
    modelPath = join(cp.dir, 'model.json');
    modelJson = cp.readJson('model.json');
    weightsBytes = cp.read('weights.bin');
    weightsPath = join(cp.dir, 'weights.bin');
    source = `checkpoint ${cp.step}`;
    fromCheckpoint = cp.step;
  }
  const model = parseModelJson(modelJson, modelPath);
  const weights = decodeWeights(weightsBytes, model.weightsManifest[0]!.weights, weightsPath);
  const network = await createQNetwork(model.spec, { engine, rng: new Rng(0) });
  network.setWeights(weights, 'online');
  network.setWeights(weights, 'target');
  return { dir, config, network, source, checkpoint: fromCheckpoint, label: (source === 'final' ? modelLabel(dir) : undefined) ?? source };
}

/** summary.json says which network model.json holds (best evaluated or last), when it knows; a broken summary only loses the label. */
function modelLabel(dir: string): string | undefined {
  try {
    return readSummary(dir)?.model;
  } catch {
    return undefined;
  }
}
