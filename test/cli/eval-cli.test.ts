import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listEnvs } from '../../envs/index.ts';
import { resolveDqnConfig } from '../../src/dqn/config.ts';
import { listCheckpoints } from '../../src/runs/checkpoint-store.ts';
import { loadRunNetwork } from '../../src/runs/load-network.ts';
import { TrainingRun } from '../../src/runs/training-run.ts';
import { qlensInProcess as qlens } from './qlens-in-process.ts'; // as the executable runs it, without a process per command

const pretrained = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1');

describe('qlens eval', () => {
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

describe('qlens eval on a broken agent folder', () => {
  it('names a folder where a file should be in one line, exit 1, not as a bug in qlens', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'qlens-dir-as-file-'));
    cpSync(pretrained, copy, { recursive: true });
    rmSync(join(copy, 'weights.bin'));
    mkdirSync(join(copy, 'weights.bin'));
    const r = await qlens(['eval', '--run', copy, '--episodes', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`error: ${join(copy, 'weights.bin')}: is a directory (a file name is needed)`);
  });

  it('plays a checkpoint the run kept with --checkpoint <step|last>, as rl-zoo\'s enjoy --load-checkpoint', async () => {
    const config = resolveDqnConfig({ env: 'CartPole-v1', seed: 5, totalTimesteps: 1500, learningStarts: 200, hidden: [16], evalFreq: 0, checkpointFreq: 500 }, listEnvs());
    const dir = (await (await TrainingRun.start(config, { runsDir: mkdtempSync(join(tmpdir(), 'qlens-eval-cp-')), preset: 'test', plugins: [] })).run()).dir;
    // Checkpoints come at the first episode end past each 500 steps, and at the end.
    const [first, second, last] = listCheckpoints(dir).sort((a, b) => a - b);
    expect([first, second, last]).toEqual([expect.any(Number), expect.any(Number), 1500]);
    const weights = async (args: string[]) => JSON.parse((await qlens(['eval', '--run', dir, '--episodes', '2', '--json', ...args])).stdout).weights;
    expect(await weights([])).not.toMatch(/^checkpoint/);
    expect(await weights(['--checkpoint', String(second)])).toBe(`checkpoint ${second}`);
    expect(await weights(['--checkpoint', 'last'])).toBe('checkpoint 1500');
    // Each is that checkpoint's network: the first answers otherwise than the last.
    const state = Float32Array.from([0.01, 0.2, -0.03, -0.3]);
    const q = async (checkpoint: number | 'last') => Array.from((await loadRunNetwork(dir, 'fused', { checkpoint })).network.qValues(state));
    expect(await q('last')).toEqual(await q(1500));
    expect(await q(first!)).not.toEqual(await q(1500));
    expect(await qlens(['eval', '--run', dir, '--checkpoint', String(first! + 1)])).toMatchObject({ code: 1, stderr: `error: Invalid --checkpoint: ${first! + 1} (allowed: last, or a step ${dir} kept a checkpoint of: ${first}, ${second}, 1500)\n` });
    expect(await qlens(['eval', '--run', dir, '--checkpoint', 'newest'])).toMatchObject({ code: 1, stderr: 'error: Invalid --checkpoint: "newest" (allowed: last, or the step of a checkpoint the run kept)\n' });
    expect(await qlens(['eval', '--run', pretrained, '--checkpoint', 'last'])).toMatchObject({ code: 1, stderr: `error: ${pretrained} has no checkpoint (nothing in checkpoints/; a published agent keeps only its final network)\n` });
  });
});
