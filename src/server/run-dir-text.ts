/** How a run directory is named in help texts: relative to where the server was started when inside it, so it can be pasted into a terminal there. */
import { isAbsolute, relative } from 'node:path';

export function runDirText(dir: string): string {
  const rel = relative(process.cwd(), dir);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : dir;
}
