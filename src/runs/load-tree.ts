/** Opens a run's `tree.json` (the LMUT of its saved network) with the file named in every error. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, NotFoundError } from '../core/errors.ts';
import { isFolder, readFileNamed } from '../core/read-file.ts';
import { loadTreeFile } from '../explain/index.ts';
import type { LinearModelUTree } from '../lmut/index.ts';
import { checkpointsDir, listCheckpoints } from './checkpoint-store.ts';
import { assertRunDir, readRunConfig, RUN_FILES, trainingUnderway } from './run-files.ts';

/** Where a run's tree is read from: its final tree.json, or the online tree of a checkpoint. */
export interface RunTreeFile {
  path: string;
  /** `final` (tree.json) or `checkpoint <step>` (the online mimic's tree saved with that checkpoint). */
  source: string;
  /** `<mtimeMs>:<size>` of the file: changes when it is rewritten. */
  version: string;
}

/**
 * The tree that explains a run: `tree.json` once training has ended, else the online tree of the
 * newest checkpoint (a run still training, resumed after an earlier tree.json was written, or one
 * that stopped before its final tree was grown),
 * which tracks the network the dashboard uses meanwhile (the newest checkpoint's, network-cache.ts).
 * Null when there is neither (trained without the mimic, or no checkpoint yet). A checkpoint's
 * folder is renamed into place only when complete, so its tree.json is never half written; it is
 * read without verifying the whole checkpoint, whose replay buffer can be hundreds of megabytes.
 * `running`: whether summary.json says the run trains, when the caller has read it already.
 */
export function runTreeFile(dir: string, running?: boolean): RunTreeFile | null {
  const final = join(dir, RUN_FILES.tree);
  const finalVersion = fileVersion(final);
  const underway = finalVersion !== null && (running ?? trainingUnderway(dir));
  if (finalVersion !== null && !underway) return { path: final, source: 'final', version: finalVersion };
  for (const step of listCheckpointsQuietly(dir)) {
    const path = checkpointTreePath(dir, step);
    const version = fileVersion(path);
    if (version !== null) return { path, source: `checkpoint ${step}`, version };
  }
  return finalVersion !== null ? { path: final, source: 'final', version: finalVersion } : null;
}

/** The online tree saved with the checkpoint of `step`, or null when it has none. */
export function checkpointTreeFile(dir: string, step: number): string | null {
  const path = checkpointTreePath(dir, step);
  return fileVersion(path) === null ? null : path;
}

/** Whether `loadRunTree(dir, treeFile, checkpoint)` has a tree to give: one given, or the run's (or that checkpoint's). */
export function hasRunTree(dir: string, treeFile?: string, checkpoint?: number): boolean {
  if (treeFile !== undefined) return true;
  return checkpoint === undefined ? runTreeFile(dir) !== null : checkpointTreeFile(dir, checkpoint) !== null;
}

function checkpointTreePath(dir: string, step: number): string {
  return join(checkpointsDir(dir), String(step), RUN_FILES.tree);
}

function listCheckpointsQuietly(dir: string): number[] {
  try {
    return listCheckpoints(dir);
  } catch {
    return []; // a checkpoint folder pruned while it was listed: no tree from it
  }
}


function fileVersion(path: string): string | null {
  try {
    const st = statSync(path);
    return st.isFile() ? `${st.mtimeMs}:${st.size}` : null;
  } catch {
    return null;
  }
}

/**
 * The run's tree (tree.json, or while it trains its newest checkpoint's online tree: runTreeFile),
 * or `treeFile` when given: a tree grown elsewhere for this run's agent (`qlens
 * mimic --out`), which must fit the run's observations and actions. With `checkpoint` (a step the
 * run kept), the online tree saved with that checkpoint, which mimics its network.
 */
export function loadRunTree(dir: string, treeFile?: string, checkpoint?: number): LinearModelUTree {
  assertRunDir(dir); // a mistyped --run, not a run waiting for `qlens mimic`
  if (treeFile === undefined && checkpoint !== undefined) {
    const path = checkpointTreeFile(dir, checkpoint);
    if (path === null) throw new NotFoundError(`checkpoint ${checkpoint} of ${dir} holds no tree (the run trained without the online mimic): give a tree with --tree`);
    return loadTreeFile(readFileNamed(path, 'utf8'), path);
  }
  if (treeFile !== undefined) {
    // `qlens mimic --out <folder>` writes the folder's tree.json: the folder names it as well.
    if (isFolder(treeFile)) treeFile = join(treeFile, RUN_FILES.tree);
    const tree = loadTreeFile(readFileNamed(treeFile, 'utf8'), treeFile);
    const { featureNames, actionNames } = readRunConfig(dir).envSpec;
    if (tree.obsDim !== featureNames.length || tree.nActions !== actionNames.length) {
      throw new ConfigError('tree', `${treeFile}: a tree of ${tree.obsDim} features and ${tree.nActions} actions does not fit the run ${dir} (${featureNames.length} features, ${actionNames.length} actions)`);
    }
    return tree;
  }
  const file = runTreeFile(dir);
  if (file === null) {
    throw new NotFoundError(`${dir} has no ${RUN_FILES.tree}: train with the online mimic (the default) or run \`qlens mimic --run ${dir}\``);
  }
  // The dashboard shows the same tree for such a run; a command says so, as it does for an imported env module.
  if (file.source !== 'final') process.stderr.write(`${dir} has no ${RUN_FILES.tree} yet: using the online tree of its newest checkpoint (${file.path})\n`);
  return loadTreeFile(readFileNamed(file.path, 'utf8'), file.path);
}
