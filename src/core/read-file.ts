/**
 * Reading a file the user pointed at, with the path in every failure. Node's own error for a
 * directory read as a file (EISDIR) names no path, which left users with "illegal operation on a
 * directory" and no idea which of a run's files was wrong.
 */
import { readFileSync, statSync } from 'node:fs';
import { FileFormatError } from './errors.ts';

/** The file system's refusals in words, for paths the user gave (a missing folder, a file where a folder should be, no permission). */
export const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'is a directory (a file name is needed)',
  EEXIST: 'already exists as a file (a directory is needed)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

export function readFileNamed(path: string): Buffer;
export function readFileNamed(path: string, encoding: 'utf8'): string;
export function readFileNamed(path: string, encoding?: 'utf8'): Buffer | string {
  try {
    return encoding ? readFileSync(path, encoding) : readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code && FS_REASONS[code];
    if (reason) throw new FileFormatError(path, reason);
    throw err;
  }
}

/** Whether `path` is a folder; false for a file, or for nothing there (whose read then names it). */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
