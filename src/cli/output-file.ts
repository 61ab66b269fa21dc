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
  // A folder that cannot be made (a file has its name) is named by the error: the part to fix.
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, data);
}
