/**
 * A run killed while it writes its final tree (after training ended) is not "completed": its
 * summary says training ended and the final files are missing, and `qlens train --resume` writes
 * them, the same as an uninterrupted run's, without training a step more.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runQlens, startQlens } from './qlens-process.ts';

const TRAIN = ['train', '--env', 'CartPole-v1', '--seed', '3', '--steps', '2000', '--set', 'learningStarts=200', '--set', 'hidden=16', '--set', 'evalFreq=0', '--no-progress'];
const summaryOf = (run: string) => JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
const runIn = (dir: string) => join(dir, readdirSync(dir)[0]!);

describe('qlens train killed while writing its final tree (process)', () => {
  it('leaves a run that says so, and --resume writes the final files as an uninterrupted run has them', async () => {
    const killedDir = mkdtempSync(join(tmpdir(), 'qlens-killed-finishing-'));
    const { child, done } = startQlens([...TRAIN, '--out', killedDir]);
    // The final tree starts once the summary says training ended: kill then, as tsx does to a busy child on Ctrl-C.
    const deadline = Date.now() + 90_000;
    let killed = false;
    while (!killed && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      const run = readdirSync(killedDir)[0];
      if (run && existsSync(join(killedDir, run, 'summary.json')) && summaryOf(join(killedDir, run)).finishing) killed = child.kill('SIGKILL');
    }
    expect(killed).toBe(true);
    expect((await done).signal).toBe('SIGKILL');
    const run = runIn(killedDir);
    expect(summaryOf(run)).toMatchObject({ status: 'running', finishing: 'completed', step: 2000 });
    expect(existsSync(join(run, 'fidelity.json'))).toBe(false);

    const resumed = await runQlens(['train', '--resume', run, '--no-progress']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`note: ${run} ended training (completed at step 2000) but was stopped while writing its final tree: writing it now`);
    expect(summaryOf(run)).toMatchObject({ status: 'completed', step: 2000 });
    expect(summaryOf(run).finishing).toBeUndefined();

    const wholeDir = mkdtempSync(join(tmpdir(), 'qlens-whole-'));
    expect((await runQlens([...TRAIN, '--out', wholeDir])).code).toBe(0);
    const whole = runIn(wholeDir);
    for (const file of ['weights.bin', 'tree.json', 'experience.bin']) expect(readFileSync(join(run, file)), file).toEqual(readFileSync(join(whole, file)));
    const fidelity = (dir: string) => JSON.parse(readFileSync(join(dir, 'fidelity.json'), 'utf8')).report;
    expect(fidelity(run).models.length).toBeGreaterThan(0);
    expect(fidelity(run)).toEqual(fidelity(whole));
  });
});
