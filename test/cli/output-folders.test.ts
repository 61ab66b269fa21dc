/**
 * File outputs create their missing parent folders (as `mimic --out` and SB3's save do) and are
 * written whole; a folder that cannot be made is refused in one line naming it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { qlensInProcess as qlens } from './qlens-in-process.ts'; // as the executable runs it, without a process per command

const pretrained = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1');
const tmp = mkdtempSync(join(tmpdir(), 'qlens-output-folders-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('file outputs into folders that do not exist yet', () => {
  it('export --out creates the folders and writes the file', async () => {
    const out = join(tmp, 'reports', 'today', 'tree.json');
    const r = await qlens(['export', '--run', pretrained, '--format', 'json', '--out', out]);
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: `wrote ${out}\n` });
    expect(JSON.parse(readFileSync(out, 'utf8')).format).toBeTruthy();
    expect(readdirSync(join(tmp, 'reports', 'today'))).toEqual(['tree.json']); // no temporary left beside it
  });

  it('importance --csv creates the folders and writes the CSV', async () => {
    const csv = join(tmp, 'shap', 'cartpole', 'values.csv');
    const r = await qlens(['importance', '--run', pretrained, '--states', '10', '--csv', csv]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toMatch(/^state,cart_position,/);
  });

  it('a folder that cannot be made (a file has its name) is refused in one line naming it', async () => {
    const blocker = join(tmp, 'a-file');
    writeFileSync(blocker, 'x');
    const out = join(blocker, 'sub', 'tree.json');
    const r = await qlens(['export', '--run', pretrained, '--format', 'json', '--out', out]);
    expect(r).toMatchObject({ code: 1, stderr: `error: cannot use ${join(blocker, 'sub')}: a part of the path is a file, not a directory\n` });
    expect(existsSync(out)).toBe(false);
  });
});
