/**
 * A folder given as an env module (CLI review): `--env-module <folder>` said "not found" of a folder
 * the user could see, and `--env ./folder:Id` called it an unknown env id. Both now say it is a
 * folder, that a module file is wanted, and which module files it holds.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { qlensInProcess as qlens } from './qlens-in-process.ts';

const work = mkdtempSync(join(tmpdir(), 'qlens-env-folder-'));
const folder = join(work, 'my-envs');
mkdirSync(folder);
writeFileSync(join(folder, 'walk.js'), 'export default [];\n');
writeFileSync(join(folder, 'notes.md'), 'not code\n');
const empty = join(work, 'empty.js'); // a folder named like a module
mkdirSync(empty);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ALLOWED = 'allowed: a .js, .mjs, .cjs, .ts, .mts, .cts file';

describe('an env module path that is a folder', () => {
  it('--env-module <folder> says it is a folder and names the module files inside', async () => {
    expect(await qlens(['envs', '--env-module', folder])).toMatchObject({
      code: 1,
      stderr: `error: environment module ${folder} is a folder: give the module file that registers your env (${ALLOWED}; it holds ${join(folder, 'walk.js')})\n`,
    });
    expect(await qlens(['envs', '--env-module', empty])).toMatchObject({
      code: 1,
      stderr: `error: environment module ${empty} is a folder: give the module file that registers your env (${ALLOWED}; it holds none)\n`,
    });
  });

  it('--env <folder>:Id and --env <folder> say the same, not that the env id is unknown', async () => {
    const expected = `error: environment module ${folder} is a folder: give the module file that registers your env (${ALLOWED}; it holds ${join(folder, 'walk.js')})\n`;
    expect(await qlens(['train', '--env', `${folder}:Walk-v0`])).toMatchObject({ code: 1, stderr: expected });
    expect(await qlens(['train', '--env', folder])).toMatchObject({ code: 1, stderr: expected });
  });

  it('--env <file that is not a module>:Id names the file', async () => {
    const notes = join(folder, 'notes.md');
    expect(await qlens(['train', '--env', `${notes}:Walk-v0`])).toMatchObject({ code: 1, stderr: `error: environment module ${notes} is not a JavaScript or TypeScript file (${ALLOWED})\n` });
  });

  it('a module path with nothing there is still "not found"', async () => {
    const missing = join(work, 'nope.js');
    expect(await qlens(['envs', '--env-module', missing])).toMatchObject({ code: 1, stderr: `error: environment module not found: ${missing}\n` });
  });
});
