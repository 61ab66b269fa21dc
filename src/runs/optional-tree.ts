/**
 * The run's tree for a command whose main work is the network's (`explain --method`, `record
 * --policy network`, `importance`): the tree only adds a column, a caption or an agreement there.
 * A corrupted tree.json (a half-copied run, a hand edit) should not stop such a command, so it is
 * skipped with a warning naming the file and how to grow it again; the command goes on as for a
 * run trained without the mimic. Commands the tree is the point of (`export`, `explain` without
 * --method, `record --policy tree`, `publish`) call loadRunTree and keep its error.
 */
import { FileFormatError } from '../core/errors.ts';
import type { LinearModelUTree } from '../lmut/index.ts';
import { hasRunTree, loadRunTree } from './load-tree.ts';

/**
 * loadRunTree's tree, or undefined when the run has none or its own tree file does not load;
 * `without` says what the command does instead (the end of the warning). A tree given with
 * `--tree` is loaded as asked: the user named that file, so its error stands.
 */
export function loadTreeIfReadable(dir: string, treeFile: string | undefined, checkpoint: number | undefined, without: string): LinearModelUTree | undefined {
  if (!hasRunTree(dir, treeFile, checkpoint)) return undefined;
  if (treeFile !== undefined) return loadRunTree(dir, treeFile, checkpoint);
  try {
    return loadRunTree(dir, undefined, checkpoint);
  } catch (err) {
    // Only a file that is there but does not read as a tree; a missing run or an unreadable folder stays an error.
    if (!(err instanceof FileFormatError)) throw err;
    const regrow = checkpoint === undefined ? ` (\`qlens mimic --run ${dir} --force\` grows it again)` : '';
    process.stderr.write(`warning: skipping the tree: ${err.message}${regrow}; ${without}\n`);
    return undefined;
  }
}
