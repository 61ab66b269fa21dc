/** `qlens export --precision`: fewer digits for reading dot, text and rules; refused where every digit is kept. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { qlensInProcess as qlens } from './qlens-in-process.ts'; // as the executable runs it, without a process per command

const AGENT = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1');

describe('qlens export --precision', () => {
  it('rounds rules to 8 significant digits by default, and to what --precision asks', async () => {
    const full = await qlens(['export', '--run', AGENT, '--format', 'rules']);
    expect(full.code).toBe(0);
    const numbers = (text: string) => text.split('\n')[2]!.match(/\d+\.\d+/g)!;
    expect(Math.max(...numbers(full.stdout).map((n) => n.replace('.', '').replace(/^0+/, '').length))).toBe(8);
    const short = await qlens(['export', '--run', AGENT, '--format', 'rules', '--precision', '3']);
    expect(short.code).toBe(0);
    expect(Math.max(...numbers(short.stdout).map((n) => n.replace('.', '').replace(/^0+/, '').length))).toBe(3);
  });

  it('is refused with json and code, which keep every digit, and outside 1–17', async () => {
    const json = await qlens(['export', '--run', AGENT, '--format', 'json', '--precision', '3']);
    expect(json.code).not.toBe(0);
    expect(json.stderr).toBe('error: --precision does nothing with --format json (it rounds --format dot, text and rules; json keeps every digit)\n');
    const big = await qlens(['export', '--run', AGENT, '--format', 'rules', '--precision', '30']);
    expect(big.stderr).toBe('error: Invalid --precision: "30" (allowed: an integer in [1, 17])\n');
  });
});
