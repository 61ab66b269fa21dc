import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../../../src/core/errors.ts';
import { readFileNamed } from '../../../src/core/read-file.ts';
import { readJsonFile } from '../../../src/runs/json-file.ts';

describe('readFileNamed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qlens-read-'));
  writeFileSync(join(dir, 'a.json'), '{"x":1}');
  mkdirSync(join(dir, 'folder.json'));

  it('reads a file as bytes or text', () => {
    expect(readFileNamed(join(dir, 'a.json'), 'utf8')).toBe('{"x":1}');
    expect(readFileNamed(join(dir, 'a.json')).length).toBe(7);
  });

  it('names the path when it is a folder or missing (Node names no path for a folder)', () => {
    expect(() => readFileNamed(join(dir, 'folder.json'))).toThrow(new FileFormatError(join(dir, 'folder.json'), 'is a directory (a file name is needed)'));
    expect(() => readJsonFile(join(dir, 'folder.json'))).toThrow(`${join(dir, 'folder.json')}: is a directory`);
    expect(() => readJsonFile(join(dir, 'none.json'))).toThrow(`${join(dir, 'none.json')}: file not found`);
  });

  it('keeps a JSON error on one line, though JSON.parse quotes the text with its line breaks', () => {
    writeFileSync(join(dir, 'nope.json'), 'nope\n');
    expect(() => readJsonFile(join(dir, 'nope.json'))).toThrow(/: not valid JSON \(Unexpected token .*"nope\\n" is not valid JSON\)$/);
    try {
      readJsonFile(join(dir, 'nope.json'));
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
    }
  });
});
