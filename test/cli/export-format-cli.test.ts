/** `qlens export --out <file>` without --format writes the format the extension names, code in the language it names (CLI review). */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { qlensInProcess as qlens } from './qlens-in-process.ts';

const pretrained = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1');
const dir = mkdtempSync(join(tmpdir(), 'qlens-export-format-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('qlens export without --format', { timeout: 60_000 }, () => {
  it.each([
    ['tree.json', (s: string) => expect(JSON.parse(s)).toMatchObject({ format: 'qlens-lmut' })],
    ['tree.gv', (s: string) => expect(s).toMatch(/^digraph LMUT \{/)],
    ['tree.rules', (s: string) => expect(s).toMatch(/^Rule 1 \(leaf #\d+/)],
    ['report.html', (s: string) => expect(s).toMatch(/^<!doctype html>/i)],
    ['policy.py', (s: string) => expect(s).toMatch(/^# Standalone greedy policy/)],
    ['policy.ts', (s: string) => expect(s).toMatch(/: number\[\]|Float64Array|: readonly/)],
  ])('--out %s', async (name, check) => {
    const out = join(dir, name);
    expect(await qlens(['export', '--run', pretrained, '--out', out])).toMatchObject({ code: 0, stderr: '', stdout: `wrote ${out}\n` });
    check(readFileSync(out, 'utf8'));
  });

  it('asks for --format when the extension names none, and writes nothing', async () => {
    const out = join(dir, 'tree.txt');
    expect(await qlens(['export', '--run', pretrained, '--out', out])).toMatchObject({
      code: 1,
      stderr: `error: Give --format: --out ${out} may hold text or rules, which both save as .txt (allowed: one of json, dot, text, rules, html, code)\n`,
    });
    expect(existsSync(out)).toBe(false);
    expect(await qlens(['export', '--run', pretrained])).toMatchObject({ code: 1, stderr: 'error: Give --format: without --out there is no file extension to take it from (allowed: one of json, dot, text, rules, html, code)\n' });
  });

  it('keeps an explicit --format that contradicts the extension, with a note', async () => {
    const out = join(dir, 'really-json.dot');
    const r = await qlens(['export', '--run', pretrained, '--format', 'json', '--out', out]);
    expect(r).toMatchObject({ code: 0, stderr: `note: writing --format json to ${out}, though its extension .dot stands for --format dot\n` });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ format: 'qlens-lmut' });
  });
});
