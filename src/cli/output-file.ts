/**
 * Files a command writes where the user says (`export --out`, `importance --csv`): missing parent
 * folders are created first, as `mimic --out`, `--save-data` and SB3's `model.save` do, so
 * `--out reports/today/tree.html` works in a fresh checkout. The write itself is atomic like every
 * other artefact's (src/runs/atomic.ts): an interrupted export never leaves half a file.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { QlensError } from '../core/errors.ts';
import { FS_REASONS, isFolder } from '../core/read-file.ts';
import { EXPERIENCE_FILE } from '../mimic/experience-recorder.ts';
import { writeFileAtomic } from '../runs/atomic.ts';
import { CHECKPOINT_MANIFEST } from '../runs/checkpoint-store.ts';
import { RUN_FILES } from '../runs/run-files.ts';

/** Files qlens reads back from a run folder or a `mimic --out` folder. */
const KEPT_FILES: ReadonlySet<string> = new Set([...Object.values(RUN_FILES), EXPERIENCE_FILE]);

/**
 * What `path` is when it names one of the files qlens reads back ("the run's own tree.json"), else
 * null: an export written over a run's tree.json left every later command on that run failing
 * with "not valid JSON".
 */
function keptFile(path: string): string | null {
  const name = basename(path);
  const dir = dirname(path);
  // A checkpoint's files are checked against its manifest: one replaced fails --resume and --checkpoint.
  if (existsSync(join(dir, CHECKPOINT_MANIFEST)) && (existsSync(path) || name === CHECKPOINT_MANIFEST)) return `the checkpoint's own ${name}`;
  if (!KEPT_FILES.has(name)) return null; // present or not: one written there would be read back too
  if (existsSync(join(dir, RUN_FILES.config))) return `the run's own ${name}`;
  return existsSync(join(dir, RUN_FILES.tree)) && existsSync(join(dir, RUN_FILES.fidelity)) ? `the ${name} qlens mimic wrote there` : null;
}

/**
 * Refuses a path that names a folder, before any work is spent on what goes there: written to,
 * `ex/` reached the file system as "a part of the path is a file, not a directory".
 */
export function checkOutputFile(path: string): void {
  // Worded as the file system's refusals are (run-cli.ts): `cannot use <path>: <reason>`.
  if (/[\\/]$/.test(path)) throw new QlensError(`cannot use ${path}: ends with a slash, so it names a folder (a file name is needed)`);
  if (isFolder(path)) throw new QlensError(`cannot use ${path}: ${FS_REASONS.EISDIR}`);
  const kept = keptFile(path);
  if (kept) throw new QlensError(`cannot use ${path}: it is ${kept}, which qlens reads back; write to another file`);
}

export function writeOutputFile(path: string, data: string | Uint8Array): void {
  checkOutputFile(path);
  // A folder that cannot be made (a file has its name) is named by the error: the part to fix.
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, data);
}
