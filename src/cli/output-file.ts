/**
 * Files a command writes where the user says (`export --out`, `importance --csv`): missing parent
 * folders are created first, as `mimic --out`, `--save-data` and SB3's `model.save` do, so
 * `--out reports/today/tree.html` works in a fresh checkout. The write itself is atomic like every
 * other artefact's (src/runs/atomic.ts): an interrupted export never leaves half a file.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../runs/atomic.ts';

export function writeOutputFile(path: string, data: string | Uint8Array): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (err) {
    // Name the file the user gave (a part of its path is a file, say), not the folder we tried to make.
    const e = err as NodeJS.ErrnoException;
    if (e && typeof e.path === 'string') e.path = path;
    throw err;
  }
  writeFileAtomic(path, data);
}
