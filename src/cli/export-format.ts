/**
 * `qlens export`'s format: `--format` as given, else the one `--out`'s extension names, as
 * matplotlib's `savefig` and Graphviz's `-O` read the format from the file name (`--out tree.dot`
 * needs no `--format dot`). `.txt` names none: the dashboard downloads both the text tree
 * (`-tree.txt`) and the rules (`-rules.txt`) under it, so guessing one would be wrong half the time.
 */
import { extname } from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { type CodeLanguage, EXPORT_FORMATS, type ExportFormat } from '../explain/export/options.ts';

/** Extension (lower case) → the language of `--format code` it names (a policy.py is Python). */
export const LANGUAGE_OF_EXTENSION: Readonly<Record<string, CodeLanguage>> = { '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.py': 'py' };

/** Extension (lower case) → the format it names; code's extensions are its languages'. */
const FORMAT_OF_EXTENSION: Readonly<Record<string, ExportFormat>> = {
  '.json': 'json',
  '.dot': 'dot',
  '.gv': 'dot',
  '.rules': 'rules',
  '.html': 'html',
  '.htm': 'html',
  ...Object.fromEntries(Object.keys(LANGUAGE_OF_EXTENSION).map((ext) => [ext, 'code' as const])),
};

/** For --help and README: which extensions stand for which format (`.json, .dot/.gv, …, and .js/…/.py for code`). */
export const FORMAT_EXTENSIONS_TEXT = (() => {
  const byFormat = new Map<ExportFormat, string[]>();
  for (const [ext, format] of Object.entries(FORMAT_OF_EXTENSION)) byFormat.set(format, [...(byFormat.get(format) ?? []), ext]);
  const code = byFormat.get('code')!.join('/');
  byFormat.delete('code');
  return `${[...byFormat.values()].map((exts) => exts.join('/')).join(', ')}, and ${code} for code`;
})();

const ALLOWED = `one of ${EXPORT_FORMATS.join(', ')}`;

/** The format `out`'s extension names, or undefined (no --out, no extension, `.txt`, any other). */
export function formatOfExtension(out: string | undefined): ExportFormat | undefined {
  return out === undefined ? undefined : FORMAT_OF_EXTENSION[extname(out).toLowerCase()];
}

/**
 * The format to write. An explicit `--format` wins over the extension (the user may want JSON in a
 * `.txt`, or a name their tooling expects), with a note when the extension names another format,
 * since `--out tree.dot --format json` is more often a slip than a wish.
 */
export function exportFormat(given: string | undefined, out: string | undefined): ExportFormat {
  const implied = formatOfExtension(out);
  if (given === undefined) {
    if (implied !== undefined) return implied;
    throw new ConfigError('format', `Give --format: ${missingWhy(out)} (allowed: ${ALLOWED})`);
  }
  if (!(EXPORT_FORMATS as readonly string[]).includes(given)) throw ConfigError.invalidValue('format', JSON.stringify(given), ALLOWED, '--format');
  if (implied !== undefined && implied !== given) process.stderr.write(`note: writing --format ${given} to ${out}, though its extension ${extname(out!)} stands for --format ${implied}\n`);
  return given as ExportFormat;
}

/** Why the format could not be taken from `--out`. */
function missingWhy(out: string | undefined): string {
  if (out === undefined) return 'without --out there is no file extension to take it from';
  const ext = extname(out);
  if (ext === '') return `--out ${out} has no extension to take it from`;
  if (ext.toLowerCase() === '.txt') return `--out ${out} may hold text or rules, which both save as .txt`;
  return `--out ${out}: its extension ${ext} names no format`;
}
