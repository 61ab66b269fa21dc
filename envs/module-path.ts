/**
 * What is wrong with a path given as an env module (`--env-module`, `--env ./path:Id`) that is on
 * disk but is not a module file. A folder was reported as "not found" (CLI review: the user could
 * see the folder was there), and `--env ./envs:LineWalk-v0` as an unknown env id: both now say it
 * is a folder and that the module file inside it is wanted, naming the module files it holds.
 */
import { existsSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ConfigError } from '../src/core/errors.ts';
import { isFolder } from '../src/core/read-file.ts';

/** The extensions Node (with qlens's TypeScript loader) imports an env module from. */
export const MODULE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];

/** Module files named in the message, at most: a folder of many scripts should not flood the line. */
const LISTED = 5;

/**
 * The error for `path` (as the user gave it) when it is a folder; null otherwise (a file, whose
 * import then speaks for itself, or nothing there, which the caller reports as not found).
 */
export function moduleFolderError(path: string, field: string): ConfigError | null {
  if (!isFolder(path)) return null;
  return new ConfigError(field, `environment module ${path} is a folder: give the module file that registers your env (allowed: ${ALLOWED}${holding(path)})`);
}

/**
 * For `--env <value>`, which reads a module only from a name with a module extension: the error when
 * `path` (the value, or its part before `:Id`) is a folder or a file of another kind, rather than the
 * unknown env id it would otherwise be reported as; null when nothing is there.
 */
export function notAModuleFile(path: string, field: string): ConfigError | null {
  if (!existsSync(path)) return null;
  return moduleFolderError(path, field) ?? new ConfigError(field, `environment module ${path} is not a JavaScript or TypeScript file (allowed: ${ALLOWED})`);
}

const ALLOWED = `a ${MODULE_EXTENSIONS.join(', ')} file`;

/** `; it holds a.js, b.ts`: the module files directly in `dir`, so the fix is one copy away. */
function holding(dir: string): string {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => MODULE_EXTENSIONS.includes(extname(n).toLowerCase())).sort();
  } catch {
    return ''; // unreadable: the folder is still named
  }
  if (names.length === 0) return '; it holds none';
  const shown = names.slice(0, LISTED).map((n) => join(dir, n));
  return `; it holds ${shown.join(', ')}${names.length > LISTED ? ` and ${names.length - LISTED} more` : ''}`;
}
