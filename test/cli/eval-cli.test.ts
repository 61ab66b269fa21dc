import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { qlensInProcess as qlens } from './qlens-in-process.ts'; // as the executable runs it, without a process per command

const pretrained = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1');

describe('qlens eval (process)', () => {
  it('calls an agent solved only on a 100-episode mean, as Gymnasium does', async () => {
    const few = await qlens(['eval', '--run', pretrained, '--episodes', '3']);
    expect(few.code).toBe(0);
    expect(few.stdout).toContain('  reward threshold 475: mean at or above it over 3 episodes (solving is judged on the mean of 100)\n');
    expect(few.stdout).not.toMatch(/: solved/);
    // The JSON and the model card judge the same way: no verdict from 3 episodes.
    const fewJson = await qlens(['eval', '--run', pretrained, '--episodes', '3', '--json']);
    expect(JSON.parse(fewJson.stdout)).toMatchObject({ episodes: 3, meanReturn: 500, solved: null, meanLength: 500, lengths: [500, 500, 500] });
    expect(few.stdout).toContain('  mean episode length 500.0 steps  (min 500, max 500)\n');
    // With exploration, as at the end of training: seeded, and no verdict (solving is judged on greedy play).
    const explore = await qlens(['eval', '--run', pretrained, '--episodes', '3', '--epsilon', '0.3', '--json']);
    const exploreAgain = await qlens(['eval', '--run', pretrained, '--episodes', '3', '--epsilon', '0.3', '--json']);
    expect(JSON.parse(explore.stdout)).toMatchObject({ epsilon: 0.3, solved: null });
    expect(JSON.parse(explore.stdout).returns).toEqual(JSON.parse(exploreAgain.stdout).returns);
    expect((await qlens(['eval', '--run', pretrained, '--episodes', '3', '--epsilon', '0'])).stdout).toBe(few.stdout);
    expect(await qlens(['eval', '--run', pretrained, '--epsilon', '1.5'])).toMatchObject({ code: 1, stderr: 'error: Invalid --epsilon: "1.5" (allowed: a number in [0, 1])\n' });
    const full = await qlens(['eval', '--run', pretrained, '--episodes', '100']);
    expect(full.stdout).toContain('  reward threshold 475: solved\n');
  });
});

describe('qlens eval on a broken agent folder (process)', () => {
  it('names a folder where a file should be in one line, exit 1, not as a bug in qlens', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'qlens-dir-as-file-'));
    cpSync(pretrained, copy, { recursive: true });
    rmSync(join(copy, 'weights.bin'));
    mkdirSync(join(copy, 'weights.bin'));
    const r = await qlens(['eval', '--run', copy, '--episodes', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`error: ${join(copy, 'weights.bin')}: is a directory (a file name is needed)`);
  });
});
