/** Opens a run's `tree.json` (the LMUT of its saved network) with the file named in every error. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NotFoundError } from '../core/errors.ts';
import { readFileNamed } from '../core/read-file.ts';
import { loadTreeFile } from '../explain/index.ts';
import type { LinearModelUTree } from '../lmut/index.ts';
import { assertRunDir, RUN_FILES } from './run-files.ts';

export function loadRunTree(dir: string): LinearModelUTree {
  const path = join(dir, RUN_FILES.tree);
  assertRunDir(dir); // a mistyped --run, not a run waiting for `qlens mimic`
  if (!existsSync(path)) {
    throw new NotFoundError(`${dir} has no ${RUN_FILES.tree}: train with the online mimic (the default) or run \`qlens mimic --run ${dir}\``);
  }
  return loadTreeFile(readFileNamed(path, 'utf8'), path);
}
