/**
 * A final tree that fails to write (a plugin's finish throws) leaves the run resumable: the summary
 * names the failure and that training had ended, the lock is released, and a resume finishes the
 * run without training further.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listEnvs } from '../../../envs/index.ts';
import { resolveDqnConfig } from '../../../src/dqn/config.ts';
import { LOCK_FILE } from '../../../src/runs/run-lock.ts';
import { readSummary } from '../../../src/runs/run-files.ts';
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

    const resumed = await TrainingRun.resume(run.dir, { plugins: [failing] });
    expect(resumed.unfinished).toBe('completed');
    const result = await resumed.run();
    expect(result).toMatchObject({ reason: 'completed', step: 600 });
    expect(finishes).toBe(2);
    const summary = readSummary(run.dir)!;
    expect(summary.status).toBe('completed');
    expect(summary.finishing).toBeUndefined();
    expect(summary.error).toBeUndefined();
  });
});
