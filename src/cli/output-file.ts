/**
 * Files a command writes where the user says (`export --out`, `importance --csv`): missing parent
 * folders are created first, as `mimic --out`, `--save-data` and SB3's `model.save` do, so
 * `--out reports/today/tree.html` works in a fresh checkout. The write itself is atomic like every
 * other artefact's (src/runs/atomic.ts): an interrupted export never leaves half a file.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { QlensError } from '../core/errors.ts';
import { FS_REASONS, isFolder } from '../core/read-file.ts';
import { writeFileAtomic } from '../runs/atomic.ts';

/**
 * Refuses a path that names a folder, before any work is spent on what goes there: written to,
 * `ex/` reached the file system as "a part of the path is a file, not a directory".
 */
export function checkOutputFile(path: string): void {
  // Worded as the file system's refusals are (run-cli.ts): `cannot use <path>: <reason>`.
  if (/[\\/]$/.test(path)) throw new QlensError(`cannot use ${path}: ends with a slash, so it names a folder (a file name is needed)`);
  if (isFolder(path)) throw new QlensError(`cannot use ${path}: ${FS_REASONS.EISDIR}`);
}

export function writeOutputFile(path: string, data: string | Uint8Array): void {
  checkOutputFile(path);
  // A folder that cannot be made (a file has its name) is named by the error: the part to fix.
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, data);
}
