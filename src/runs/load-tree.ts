/** Opens a run's `tree.json` (the LMUT of its saved network) with the file named in every error. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, NotFoundError } from '../core/errors.ts';
import { readFileNamed } from '../core/read-file.ts';
import { loadTreeFile } from '../explain/index.ts';
import type { LinearModelUTree } from '../lmut/index.ts';
import { assertRunDir, readRunConfig, RUN_FILES } from './run-files.ts';

/**
 * The run's tree, or `treeFile` when given: a tree grown elsewhere for this run's agent (`qlens
 * mimic --out`), which must fit the run's observations and actions.
 */
export function loadRunTree(dir: string, treeFile?: string): LinearModelUTree {
  assertRunDir(dir); // a mistyped --run, not a run waiting for `qlens mimic`
  if (treeFile !== undefined) {
    const tree = loadTreeFile(readFileNamed(treeFile, 'utf8'), treeFile);
    const { featureNames, actionNames } = readRunConfig(dir).envSpec;
    if (tree.obsDim !== featureNames.length || tree.nActions !== actionNames.length) {
      throw new ConfigError('tree', `${treeFile}: a tree of ${tree.obsDim} features and ${tree.nActions} actions does not fit the run ${dir} (${featureNames.length} features, ${actionNames.length} actions)`);
    }
    return tree;
  }
  const path = join(dir, RUN_FILES.tree);
  if (!existsSync(path)) {
    throw new NotFoundError(`${dir} has no ${RUN_FILES.tree}: train with the online mimic (the default) or run \`qlens mimic --run ${dir}\``);
  }
  return loadTreeFile(readFileNamed(path, 'utf8'), path);
}
