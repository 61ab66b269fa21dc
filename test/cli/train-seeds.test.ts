import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunConfig } from '../../src/runs/run-files.ts';
import { runQlens, startQlens } from './qlens-process.ts';

const LINE_WALK = join(import.meta.dirname, '../fixtures/envs/line-walk.js');
const SMALL = ['--env', LINE_WALK, '--no-progress', '--set', 'learningStarts=500'];

describe('qlens train --seeds (process)', () => {
  it('trains one run per seed with the same settings and reports them together', async () => {
    const out = mkdtempSync(join(tmpdir(), 'qlens-seeds-'));
    const json = await runQlens(['train', ...SMALL, '--seeds', '2,5', '--steps', '3000', '--out', out, '--json']);
    expect(json.stderr).toBe('');
    const outcomes = JSON.parse(json.stdout) as { dir: string; step: number; reason: string }[];
    expect(outcomes.map((o) => [readRunConfig(o.dir).dqn.seed, o.step, o.reason])).toEqual([[2, 3000, 'completed'], [5, 3000, 'completed']]);
    expect(readdirSync(out)).toHaveLength(2);
    const table = await runQlens(['train', ...SMALL, '--seeds', '1-2', '--steps', '2000', '--out', out]);
    expect(table.stderr).toBe('');
    expect(table.stdout).toMatch(/\nseed +outcome +steps +solved at +return\(100\) +best eval +tree agreement +wall s +run\n/);
    // Too short to evaluate: the last 100 training episodes' mean return is the run's return.
    expect(table.stdout).toMatch(/\n +1 +completed +2000 +- +-[\d.]+ +- .* LineWalk-v0__cleanrl__1__\d+\n +2 +completed +2000 +- +-[\d.]+ +- .* LineWalk-v0__cleanrl__2__\d+\n/);
    expect(table.stdout).toMatch(/\nreturn\(100\) over 2 of 2 seeds: -[\d.]+ ± [\d.]+ /);
    expect(table.stdout).toContain(`side by side: qlens serve --runs ${out}, then open #/compare?runs=LineWalk-v0__cleanrl__1__`);
  }, 120_000);

  it('stops at Ctrl-C with the run in progress checkpointed, starts no further seed, and exits 130', async () => {
    const out = mkdtempSync(join(tmpdir(), 'qlens-seeds-stop-'));
    const { child, done } = startQlens(['train', ...SMALL, '--seeds', '1-3', '--steps', '2000000', '--out', out, '--set', 'checkpointFreq=0']);
    const end = Date.now() + 60_000;
    const metrics = () => readdirSync(out).some((d) => existsSync(join(out, d, 'metrics.jsonl')));
    while (!metrics() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGINT');
    const stopped = await done;
    expect(stopped.code).toBe(130);
    expect(readdirSync(out)).toHaveLength(1);
    expect(stopped.stdout).toContain('stopping: writing a checkpoint');
    expect(stopped.stdout).toMatch(/\n +1 +interrupted +\d+ /);
    expect(stopped.stdout).not.toMatch(/\n +2 +/);
    expect(stopped.stdout).toContain('not started: seeds 2, 3');
  }, 120_000);

  it('refuses --seeds beside --seed, --resume or --serve, and a malformed list', async () => {
    expect(await runQlens(['train', '--seeds', '1-2', '--seed', '3'])).toMatchObject({ code: 1, stderr: 'error: --seed does nothing with --seeds (it trains one new run per seed, one after another)\n' });
    expect(await runQlens(['train', '--seeds', '1-2', '--serve'])).toMatchObject({ code: 1, stderr: 'error: --serve does nothing with --seeds (it trains one new run per seed, one after another)\n' });
    const bad = await runQlens(['train', '--seeds', '2-1']);
    expect(bad).toMatchObject({ code: 1, stderr: 'error: Invalid --seeds: "2-1" (allowed: a list such as 1,2,3 or a range such as 1-5 (at most 100 distinct whole numbers from 0 to 2147483647))\n' });
    expect(await runQlens(['train', '--seeds', '1-2', '--set', 'seed=5'])).toMatchObject({ code: 1, stderr: 'error: --set seed cannot be combined with --seeds (each run takes its seed from the list)\n' });
  }, 60_000);
});
