/** Option checks shared by the exporters (plain-English errors naming the field, as mljs's checkOptions). */
import { ConfigError } from '../../core/errors.ts';

/** `maxDepth` as given, or Infinity when absent; an integer >= 0 otherwise. */
export function checkMaxDepth(maxDepth: number | undefined): number {
  if (maxDepth === undefined) return Infinity;
  if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new ConfigError('maxDepth', `Invalid maxDepth: ${maxDepth} (allowed: an integer >= 0)`);
  return maxDepth;
}

/** What `qlens export` and the export API can write. */
export const EXPORT_FORMATS = ['json', 'dot', 'text', 'rules', 'html', 'code'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The formats each setting applies to: given with another format it is a mistake, not a no-op (CLI and API refuse it). */
export const FORMAT_SETTINGS: Readonly<Record<'maxDepth' | 'language' | 'precision', readonly ExportFormat[]>> = { maxDepth: ['dot', 'text'], language: ['code'], precision: ['dot', 'text', 'rules'] };

/** The languages of `--format code`, and the file extension that implies each (`--out policy.py`). */
export const CODE_LANGUAGES = ['js', 'ts', 'py'] as const;
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];
