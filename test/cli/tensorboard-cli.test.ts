/**
 * `train --tensorboard` logs a run to TensorBoard as it trains; `qlens tensorboard` writes a finished
 * run's log. Both hold the same values at the same steps (only the wall times differ).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMetrics } from '../../src/runs/metrics.ts';
import { readSummary } from '../../src/runs/run-files.ts';
import { readEventFile } from '../unit/runs/read-event-file.ts';
import { qlensInProcess as qlens } from './qlens-in-process.ts';
import { startQlens } from './qlens-process.ts';

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

  it('keeps a resumed run’s live log as the export has it: the final tree Ctrl-C grew goes with the rewound log', async () => {
    const out = join(work, 'interrupted');
    const live = join(work, 'live-resumed');
    // Long enough to be interrupted while it trains; the online mimic grows a final tree at Ctrl-C.
    const { child, done } = startQlens(['train', '--env', 'CartPole-v1', '--steps', '5000000', '--no-progress', '--set', 'learningStarts=500', '--set', 'hidden=32,32', '--set', 'evalFreq=0', '--set', 'checkpointFreq=0', '--out', out, '--tensorboard', live]);
    const runDir = () => (existsSync(out) ? readdirSync(out).map((d) => join(out, d))[0] : undefined);
    const end = Date.now() + 60_000;
    // Until the run has logged an episode past learningStarts (so the tree has something to learn).
    while (!(runDir() && readMetrics(join(runDir()!, 'metrics.jsonl'), (e) => e.type === 'episode' && e.step > 1500).length > 0)) {
      if (Date.now() > end) throw new Error('the run did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGINT');
    expect((await done).code).toBe(130);
    const run = runDir()!;
    const logFolder = join(live, basename(run));
    const finalOf = (file: string) => readEventFile(readFileSync(file)).filter((p) => p.values.some((v) => v.tag === 'lmut/final_agreement'));
    expect(finalOf(join(logFolder, readdirSync(logFolder)[0]!))).toHaveLength(1); // Ctrl-C's final tree, logged live
    const step = readSummary(run)!.step;
    const resumed = await qlens(['train', '--resume', run, '--steps', String(step + 1000), '--no-progress', '--tensorboard', live]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const exported = await qlens(['tensorboard', '--run', run, '--out', join(work, 'resumed-export')]);
    expect(exported.code, exported.stderr).toBe(0);
    const exportDir = join(work, 'resumed-export', basename(run));
    // Scalars only: each file opens with its own file-version record.
    const points = (files: string[]) => files.flatMap((f) => readEventFile(readFileSync(f)).filter((p) => p.values.length > 0).map(({ step, values }) => ({ step, values })));
    const liveFiles = readdirSync(logFolder).sort().map((f) => join(logFolder, f)); // TensorBoard's order
    expect(liveFiles).toHaveLength(2); // the earlier segment's, rewritten, and the resumed one's
    const livePoints = points(liveFiles);
    expect(livePoints.filter((p) => p.values.some((v) => v.tag === 'lmut/final_agreement')).map((p) => p.step)).toEqual([step + 1000]);
    expect(livePoints).toEqual(points(readdirSync(exportDir).map((f) => join(exportDir, f))));
  }, 150_000);

  it('refuses what would mix two logs in one TensorBoard run, and a run with nothing logged', async () => {
    const run = join(work, 'runs', readdirSync(join(work, 'runs'))[0]!);
    // The run was logged live into `live`: an export there would be read as the same run, twice.
    const twice = await qlens(['tensorboard', '--run', run, '--out', join(work, 'live')]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/^error: .* already holds TensorBoard logs \(events\.out\.tfevents\..*\.qlens\): of this run, written live by `train --tensorboard`, or of another run with the folder name .*: use that log, or give another --out\n$/);
    const agent = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1');
    const copy = join(work, 'copies', 'CartPole-v1');
    cpSync(agent, copy, { recursive: true });
    const sameName = await qlens(['tensorboard', '--run', agent, '--run', copy, '--out', join(work, 'both')]);
    expect(sameName).toMatchObject({ code: 1, stdout: '', stderr: `error: --run ${agent} and --run ${copy} are both named CartPole-v1, and each run's log goes in <logdir>/<run name>/: write them to different --out folders\n` });
    const imported = await qlens(['import', '--sb3', join(import.meta.dirname, '../fixtures/sb3/dqn-CartPole-v1.zip'), '--env', 'CartPole-v1', '--out', join(work, 'imported')]);
    expect(imported.code, imported.stderr).toBe(0);
    const importedRun = join(work, 'imported', readdirSync(join(work, 'imported'))[0]!);
    const empty = await qlens(['tensorboard', '--run', importedRun, '--out', join(work, 'tb-imported')]);
    expect(empty).toMatchObject({ code: 1, stderr: `error: ${importedRun} has no training log to write: its metrics.jsonl holds no events (it was imported from Stable-Baselines3, which logged its training to its own tensorboard_log)\n` });
  }, 60_000);

  it('refuses a --tensorboard folder it cannot make before any run is created', async () => {
    const file = join(work, 'a-file');
    writeFileSync(file, '');
    const r = await qlens(['train', '--env', 'CartPole-v1', '--steps', '1000', '--out', join(work, 'never'), '--tensorboard', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: cannot use ${file}: already exists as a file (a directory is needed)\n`);
    expect(existsSync(join(work, 'never'))).toBe(false);
  });

  it('refuses --tensorboard with --print-config, and a folder that is not a run', async () => {
    const printed = await qlens(['train', '--print-config', '--tensorboard', join(work, 'x')]);
    expect(printed.code).toBe(1);
    expect(printed.stderr).toContain('--tensorboard');
    const notRun = await qlens(['tensorboard', '--run', work, '--out', join(work, 'y')]);
    expect(notRun.code).toBe(1);
    expect(notRun.stderr).toMatch(/^error: .* is not a run directory/);
  });
});
