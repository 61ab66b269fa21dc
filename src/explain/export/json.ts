/**
 * JSON export: the tree's own versioned file format in its compact `model` form (splits, counts,
 * label variances and every node's linear models; no leaf memories). Numbers are float64 and
 * round-trip through JSON exactly, so a loaded tree predicts bit-identically.
 */
import { LinearModelUTree } from '../../lmut/index.ts';

export interface JsonExportOptions {
  /** Indentation passed to JSON.stringify; 0 writes one line. @default 2 */
  indent?: number;
}

/** The tree as `qlens-lmut` JSON text (model form), ending with a newline. */
export function exportTreeJSON(tree: LinearModelUTree, options: JsonExportOptions = {}): string {
  return `${JSON.stringify(tree.toJSON({ form: 'model' }), null, options.indent ?? 2)}\n`;
}

/**
 * Loads a tree file's text (either form). Anything wrong — not JSON, another format or version, a
 * broken structure — throws `FileFormatError` whose message starts with `fileName`.
 */
export function loadTreeFile(text: string, fileName: string): LinearModelUTree {
  return LinearModelUTree.fromJSON(text, fileName);
}
