/** `qlens export` takes its format from `--out`'s extension when `--format` is left out (CLI review). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportFormat, formatOfExtension } from '../../../src/cli/export-format.ts';

const ALLOWED = '(allowed: one of json, dot, text, rules, html, code)';

afterEach(() => vi.restoreAllMocks());

describe('exportFormat', () => {
  it.each([
    ['tree.json', 'json'],
    ['tree.dot', 'dot'],
    ['tree.GV', 'dot'],
    ['tree.rules', 'rules'],
    ['report.html', 'html'],
    ['report.htm', 'html'],
    ['policy.js', 'code'],
    ['policy.mjs', 'code'],
    ['policy.cjs', 'code'],
    ['policy.ts', 'code'],
    ['out/policy.py', 'code'],
  ])('--out %s without --format writes %s', (out, format) => {
    expect(exportFormat(undefined, out)).toBe(format);
  });

  it('asks for --format, with the allowed values, when the extension names none', () => {
    expect(() => exportFormat(undefined, 'tree.txt')).toThrow(`Give --format: --out tree.txt may hold text or rules, which both save as .txt ${ALLOWED}`);
    expect(() => exportFormat(undefined, 'tree.svg')).toThrow(`Give --format: --out tree.svg: its extension .svg names no format ${ALLOWED}`);
    expect(() => exportFormat(undefined, 'tree')).toThrow(`Give --format: --out tree has no extension to take it from ${ALLOWED}`);
    expect(() => exportFormat(undefined, undefined)).toThrow(`Give --format: without --out there is no file extension to take it from ${ALLOWED}`);
  });

  it('keeps an explicit --format over the extension, with a note when they differ', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(exportFormat('json', 'tree.dot')).toBe('json');
    expect(stderr).toHaveBeenCalledWith('note: writing --format json to tree.dot, though its extension .dot stands for --format dot\n');
    stderr.mockClear();
    expect(exportFormat('text', 'tree.txt')).toBe('text');
    expect(exportFormat('dot', 'tree.dot')).toBe('dot');
    expect(stderr).not.toHaveBeenCalled();
  });

  it('refuses an unknown --format by name', () => {
    expect(() => exportFormat('svg', 'tree.svg')).toThrow(`Invalid --format: "svg" ${ALLOWED}`);
  });

  it('formatOfExtension names nothing for .txt, unknown extensions and stdout', () => {
    expect(formatOfExtension('a.txt')).toBeUndefined();
    expect(formatOfExtension('a.md')).toBeUndefined();
    expect(formatOfExtension(undefined)).toBeUndefined();
  });
});
