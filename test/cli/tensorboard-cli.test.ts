/**
 * `train --tensorboard` logs a run to TensorBoard as it trains; `qlens tensorboard` writes a finished
 * run's log. Both hold the same values at the same steps (only the wall times differ).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMetrics } from '../../src/runs/metrics.ts';
import { readEventFile } from '../unit/runs/read-event-file.ts';
import { qlensInProcess as qlens } from './qlens-in-process.ts';

const work = mkdtempSync(join(tmpdir(), 'qlens-tb-cli-'));

describe('TensorBoard logs from the command line', () => {
  it('logs a run while it trains, as qlens tensorboard writes it afterwards', async () => {
    const live = join(work, 'live');
    const trained = await qlens(['train', '--env', 'CartPole-v1', '--steps', '3000', '--set', 'learningStarts=500', '--out', join(work, 'runs'), '--tensorboard', live, '--no-progress']);
    expect(trained.code, trained.stderr).toBe(0);
    const run = join(work, 'runs', readdirSync(join(work, 'runs'))[0]!);
    expect(trained.stdout).toContain(`TensorBoard log: ${join(live, basename(run))} (view with: tensorboard --logdir ${live})`);
    const liveFiles = readdirSync(join(live, basename(run)));
    expect(liveFiles).toHaveLength(1);
    expect(liveFiles[0]).toMatch(/^events\.out\.tfevents\.\d+\..+\.\d+\.qlens$/);

    const exported = await qlens(['tensorboard', '--run', run, '--out', join(work, 'after')]);
    expect(exported.code, exported.stderr).toBe(0);
    const exportedFile = join(work, 'after', basename(run), readdirSync(join(work, 'after', basename(run)))[0]!);
    expect(exported.stdout).toBe(`wrote ${exportedFile} (${/\((\d+) values/.exec(exported.stdout)![1]} values from ${readMetrics(join(run, 'metrics.jsonl')).length} logged events)\nview with: tensorboard --logdir ${join(work, 'after')}\n`);

    const points = (file: string) => readEventFile(readFileSync(file)).map(({ step, values, fileVersion }) => ({ step, values, fileVersion }));
    const livePoints = points(join(live, basename(run), liveFiles[0]!));
    expect(livePoints).toEqual(points(exportedFile));
    const episodes = readMetrics(join(run, 'metrics.jsonl'), (e) => e.type === 'episode').length;
    expect(livePoints.filter((p) => p.values.some((v) => v.tag === 'rollout/ep_rew_mean'))).toHaveLength(episodes);
    expect(livePoints.some((p) => p.values.some((v) => v.tag === 'lmut/final_agreement'))).toBe(true);
  }, 120_000);

  it('refuses --tensorboard with --print-config, and a folder that is not a run', async () => {
    const printed = await qlens(['train', '--print-config', '--tensorboard', join(work, 'x')]);
    expect(printed.code).toBe(1);
    expect(printed.stderr).toContain('--tensorboard');
    const notRun = await qlens(['tensorboard', '--run', work, '--out', join(work, 'y')]);
    expect(notRun.code).toBe(1);
    expect(notRun.stderr).toMatch(/^error: .* is not a run directory/);
  });
});
