/**
 * Crash-safe file writes. Every artefact is written to a temporary name in the same directory,
 * flushed to disk, then renamed over the final name: rename is atomic on POSIX file systems, so a
 * reader (or a run resumed after SIGKILL) sees either the old file or the new one, never half of one.
 */
import { closeSync, existsSync, fsyncSync, mkdtempSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
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

/**
 * Writes several files into `dir` so that a failure while writing (a full disk) changes none of
 * them: every file is first written and flushed under a staging folder inside `dir` (same file
 * system, so the moves below are renames), and only once all are on disk are they renamed over
 * their final names, which takes no space and cannot fail for want of it. `remove` names files
 * to delete once the new ones are in (an old agent's file the new one lacks). A name in `dir`
 * that is a folder is refused before anything is written.
 */
export function writeFilesTogether(dir: string, files: ReadonlyMap<string, string | Uint8Array>, remove: readonly string[] = []): void {
  for (const name of files.keys()) {
    const target = join(dir, name);
    if (existsSync(target) && statSync(target).isDirectory()) throw Object.assign(new Error(`${target} is a folder, where a file goes`), { code: 'EISDIR', path: target });
  }
  const stage = mkdtempSync(join(dir, '.staging-'));
  try {
    for (const [name, data] of files) {
      try {
        writeThroughTemp(tempPathFor(join(stage, name)), join(stage, name), data);
      } catch (err) {
        // The staging names are ours: a refusal (no space, no permission) concerns the user's file.
        const e = err as NodeJS.ErrnoException;
        if (e && typeof e.path === 'string' && e.path.startsWith(stage)) e.path = join(dir, name);
        throw err;
      }
    }
    fsyncDir(stage);
    for (const name of files.keys()) renameSync(join(stage, name), join(dir, name));
    fsyncDir(dir);
    for (const name of remove) if (!files.has(name)) rmSync(join(dir, name), { force: true });
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
