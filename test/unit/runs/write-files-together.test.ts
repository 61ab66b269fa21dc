/**
 * writeFilesTogether: files written as one, so a failure part way (here a file whose folder does
 * not exist, after others were already written) changes none of the files already there.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFilesTogether } from '../../../src/runs/atomic.ts';

const folderWith = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'qlens-together-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};
const contents = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('writeFilesTogether', () => {
  it('replaces the files, removes the old ones it is told to, and leaves the rest', () => {
    const dir = folderWith({ 'a.json': 'old a', 'stale.bin': 'old', 'notes.txt': 'mine' });
    writeFilesTogether(dir, new Map<string, string | Uint8Array>([['a.json', 'new a'], ['b.bin', new Uint8Array([1, 2])]]), ['a.json', 'b.bin', 'stale.bin']);
    expect(contents(dir)).toEqual({ 'a.json': 'new a', 'b.bin': '\u0001\u0002', 'notes.txt': 'mine' });
  });

  it('changes nothing when a write fails after others succeeded, and leaves no staging behind', () => {
    const dir = folderWith({ 'a.json': 'old a', 'stale.bin': 'old' });
    const files = new Map([['a.json', 'new a'], ['c.txt', 'new c'], ['missing/d.txt', 'd']]);
    expect(() => writeFilesTogether(dir, files, ['stale.bin'])).toThrow(/ENOENT/);
    expect(contents(dir)).toEqual({ 'a.json': 'old a', 'stale.bin': 'old' });
  });

  it('names the user’s file, not a staging name, in the error', () => {
    const dir = folderWith({});
    let message = '';
    try {
      writeFilesTogether(dir, new Map([['missing/d.txt', 'd']]));
    } catch (err) {
      message = (err as NodeJS.ErrnoException).path ?? '';
    }
    expect(message).toBe(join(dir, 'missing/d.txt'));
  });

  it('refuses a name that is a folder before writing anything', () => {
    const dir = folderWith({ 'a.json': 'old a' });
    mkdirSync(join(dir, 'model-card.json'));
    expect(() => writeFilesTogether(dir, new Map([['a.json', 'new a'], ['model-card.json', '{}']]))).toThrow(`${join(dir, 'model-card.json')} is a folder, where a file goes`);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('old a');
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'model-card.json']);
  });
});
