/**
 * A final tree that fails to write (a plugin's finish throws) leaves the run resumable: the summary
 * names the failure and that training had ended, the lock is released, and a resume finishes the
 * run without training further.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listEnvs } from '../../../envs/index.ts';
import { resolveDqnConfig } from '../../../src/dqn/config.ts';
import { LOCK_FILE } from '../../../src/runs/run-lock.ts';
import { readRunConfig, readSummary } from '../../../src/runs/run-files.ts';
import { type RunPlugin, TrainingRun } from '../../../src/runs/training-run.ts';
import { runQlens } from '../../cli/qlens-process.ts';

const config = resolveDqnConfig({ env: 'CartPole-v1', seed: 2, totalTimesteps: 600, learningStarts: 200, hidden: [16], evalFreq: 0, checkpointFreq: 0 }, listEnvs());

describe('TrainingRun whose final tree fails', () => {
  it('keeps the run resumable, and a resume finishes it without training a step', async () => {
    let finishes = 0;
    const failing: RunPlugin = {
      finish: async () => {
        finishes += 1;
        if (finishes === 1) throw new Error('disk full');
      },
    };
    const run = await TrainingRun.start(config, { runsDir: mkdtempSync(join(tmpdir(), 'qlens-finish-fails-')), preset: 'test', plugins: [failing] });
    await expect(run.run()).rejects.toThrow('disk full');
    expect(readSummary(run.dir)).toMatchObject({ status: 'running', finishing: 'completed', step: 600, error: 'writing the final tree failed: disk full' });
    expect(existsSync(join(run.dir, LOCK_FILE))).toBe(false);
    const publish = await runQlens(['publish', '--run', run.dir, '--out', join(run.dir, 'agent'), '--episodes', '2']);
    expect(publish.code).not.toBe(0);
    expect(publish.stderr).toContain(`${run.dir}: training ended but the run was stopped while writing its final tree: finish it with \`qlens train --resume ${run.dir}\` first, then publish it`);
    expect(existsSync(join(run.dir, 'agent'))).toBe(false);

    // Resumed by other code, it trains no step: no later code is credited with any.
    const resumed = await TrainingRun.resume(run.dir, { plugins: [failing], source: { commit: 'e'.repeat(40), dirty: false } });
    expect(resumed.unfinished).toBe('completed');
    expect(readRunConfig(run.dir).resumedSources).toBeUndefined();
    const result = await resumed.run();
    expect(result).toMatchObject({ reason: 'completed', step: 600 });
    expect(finishes).toBe(2);
    const summary = readSummary(run.dir)!;
    expect(summary.status).toBe('completed');
    expect(summary.finishing).toBeUndefined();
    expect(summary.error).toBeUndefined();
  });

  it('counts it as finished when a resume raises its total: it had trained every step', async () => {
    const failing: RunPlugin = { finish: async () => { throw new Error('disk full'); } };
    const run = await TrainingRun.start(config, { runsDir: mkdtempSync(join(tmpdir(), 'qlens-finish-raised-')), preset: 'test', plugins: [failing] });
    await expect(run.run()).rejects.toThrow('disk full');
    const more = await TrainingRun.resume(run.dir, { totalTimesteps: 800 });
    expect(more.unfinished).toBeNull();
    expect(readRunConfig(run.dir).totalChanges).toEqual([{ atStep: 600, from: 600, to: 800, finished: true }]);
    expect((await more.run()).step).toBe(800);
  });

  it('publish names a run whose process died part way and how to finish it', async () => {
    const run = await TrainingRun.start(config, { runsDir: mkdtempSync(join(tmpdir(), 'qlens-died-')), preset: 'test' });
    await run.run();
    const path = join(run.dir, 'summary.json');
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), status: 'running', step: 400 }));
    const publish = await runQlens(['publish', '--run', run.dir, '--out', join(run.dir, 'agent'), '--episodes', '2']);
    expect(publish.code).not.toBe(0);
    expect(publish.stderr).toContain(`${run.dir}: the run was stopped at step 400 (its process is gone): finish it with \`qlens train --resume ${run.dir}\` first, then publish it`);
  });
});
