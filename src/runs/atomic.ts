/**
 * Crash-safe file writes. Every artefact is written to a temporary name in the same directory,
 * flushed to disk, then renamed over the final name: rename is atomic on POSIX file systems, so a
 * reader (or a run resumed after SIGKILL) sees either the old file or the new one, never half of one.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/** A temp path next to `path` that no other writer in this or another process will pick. */
export function tempPathFor(path: string): string {
  counter += 1;
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${counter}`);
}

/** Writes `data` to `path` atomically (temp file, fsync, rename, fsync of the directory). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = tempPathFor(path);
  try {
    writeThroughTemp(tmp, path, data);
  } catch (err) {
    // The temporary name is ours: a refusal (missing folder, no permission) concerns the user's path.
    const e = err as NodeJS.ErrnoException;
    if (e && e.path === tmp) e.path = path;
    throw err;
  }
  fsyncDir(dirname(path));
}

function writeThroughTemp(tmp: string, path: string, data: string | Uint8Array): void {
  const fd = openSync(tmp, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true }); // e.g. `path` is a directory: leave nothing behind
    throw err;
  }
}

/** Pretty JSON with a trailing newline, written atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Makes a rename durable: the directory entry itself must reach the disk. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on directories; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
