/**
 * TensorBoard event files: the writer's bytes equal those TensorBoard's own code writes for the same
 * events (fixture from make-events.py), and a run's log comes out under SB3's tag names with the
 * values of its metrics.jsonl, written once however often it is exported.
 */
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMetrics } from '../../../src/runs/metrics.ts';
import { runTensorBoardFile, writeTensorBoardFile } from '../../../src/runs/tensorboard.ts';
import { fileVersionRecord, scalarsRecord } from '../../../src/runs/tfevents.ts';
import { readEventFile } from './read-event-file.ts';

const FIXTURE = join(import.meta.dirname, '../../fixtures/tensorboard/events.out.tfevents.fixture');
const AGENT = join(import.meta.dirname, '../../../agents/pretrained/CartPole-v1');

/** What `qlens tensorboard` does for one run. */
function writeRunTensorBoard(runDir: string, logDir: string) {
  const file = runTensorBoardFile(runDir, logDir);
  writeTensorBoardFile(file);
  return file;
}

describe('TensorBoard event files', () => {
  it('writes the bytes TensorBoard itself writes for the same events', () => {
    const ours = Buffer.concat([
      fileVersionRecord(1700000000.25),
      scalarsRecord(42000, [{ tag: 'rollout/ep_rew_mean', value: 187.5 }, { tag: 'rollout/exploration_rate', value: 0.05 }, { tag: 'lmut/agreement', value: 0.986 }], 1700000012.5),
      scalarsRecord(3_000_000_000, [{ tag: 'train/loss', value: -0.125 }], 1700000099),
    ]);
    expect(ours.equals(readFileSync(FIXTURE))).toBe(true);
    expect(readEventFile(ours)[2]).toEqual({ wallTime: 1700000099, step: 3_000_000_000, values: [{ tag: 'train/loss', value: -0.125 }] });
  });

  it("writes a run's log under Stable-Baselines3's tags, with its values, once however often it is exported", () => {
    const logDir = mkdtempSync(join(tmpdir(), 'qlens-tb-'));
    writeRunTensorBoard(AGENT, logDir);
    const { path, events } = writeRunTensorBoard(AGENT, logDir);
    expect(readdirSync(join(logDir, 'CartPole-v1'))).toEqual([basename(path)]);
    const written = readEventFile(readFileSync(path));
    expect(written[0]!.fileVersion).toBe('brain.Event:2');
    const metrics = readMetrics(join(AGENT, 'metrics.jsonl'));
    expect(events).toBe(metrics.length);
    const series = (tag: string) => written.flatMap((e) => e.values.filter((v) => v.tag === tag).map((v) => ({ step: e.step, value: v.value })));

    const episodes = metrics.filter((e) => e.type === 'episode') as unknown as { step: number; return: number; length: number }[];
    const rewards = series('rollout/ep_rew_mean');
    expect(rewards).toHaveLength(episodes.length);
    const last100 = episodes.slice(-100).map((e) => e.return);
    expect(rewards.at(-1)!.step).toBe(episodes.at(-1)!.step);
    expect(rewards.at(-1)!.value).toBeCloseTo(last100.reduce((a, b) => a + b, 0) / 100, 4);

    const evals = metrics.filter((e) => e.type === 'eval') as unknown as { step: number; meanReturn: number }[];
    expect(series('eval/mean_reward')).toEqual(evals.map((e) => ({ step: e.step, value: Math.fround(e.meanReturn) })));
    const trains = metrics.filter((e) => e.type === 'train') as unknown as { step: number; loss: number; trainSteps: number }[];
    expect(series('train/loss')).toEqual(trains.map((e) => ({ step: e.step, value: Math.fround(e.loss) })));
    expect(series('train/n_updates').map((p) => p.value)).toEqual(trains.map((e) => e.trainSteps));
    const { dqn } = JSON.parse(readFileSync(join(AGENT, 'config.json'), 'utf8')) as { dqn: { learningRate: number } };
    expect(series('train/learning_rate').map((p) => p.value)).toEqual(trains.map(() => Math.fround(dqn.learningRate)));
    const final = metrics.find((e) => e.type === 'mimic' && e.phase === 'final') as unknown as { step: number; agreement: number };
    expect(series('lmut/final_agreement')).toEqual([{ step: final.step, value: Math.fround(final.agreement) }]);
    // Wall times run from the run's creation over its training seconds, in step order.
    const walls = written.slice(1).map((e) => e.wallTime);
    expect(walls.every((w, i) => i === 0 || w >= walls[i - 1]!)).toBe(true);
  });

  it('keeps a diverged loss as NaN (metrics.jsonl writes it as null), and takes a log of any length', () => {
    const run = mkdtempSync(join(tmpdir(), 'qlens-tb-nan-'));
    cpSync(AGENT, run, { recursive: true });
    // 200,000 events: more than Math.max(...steps) takes as arguments.
    const lines = Array.from({ length: 200_000 }, (_, i) => `{"type":"episode","step":${50_000 + i},"episode":${1000 + i},"return":10,"length":10,"epsilon":0.02}`);
    lines.push(JSON.stringify({ type: 'train', step: 400_000, trainSteps: 9, loss: null, meanQ: 1, epsilon: 0.02, sps: 100, meanReturn100: null }));
    appendFileSync(join(run, 'metrics.jsonl'), `${lines.join('\n')}\n`);
    const file = runTensorBoardFile(run, join(run, 'tb'));
    expect(file.events).toBeGreaterThan(200_000);
    // Only the last record is read back (each is its u64 length, a 4-byte check, the data, a 4-byte check).
    const view = new DataView(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
    let at = 0;
    for (let next = 0; next < file.bytes.length; next = at + 16 + Number(view.getBigUint64(at, true))) at = next;
    const [last] = readEventFile(file.bytes.subarray(at)) as [ReturnType<typeof readEventFile>[number]];
    expect(last.step).toBe(400_000);
    expect(last.values.find((v) => v.tag === 'train/loss')!.value).toBeNaN();
  });

  it("logs an evaluation's mean episode length as SB3's eval/mean_ep_length, where the run logged one", () => {
    const run = mkdtempSync(join(tmpdir(), 'qlens-tb-eplen-'));
    cpSync(AGENT, run, { recursive: true });
    // The shipped agent's log predates eval lengths: it gets no such scalar, rather than a made-up one.
    const before = readEventFile(runTensorBoardFile(run, join(run, 'tb')).bytes);
    expect(before.some((e) => e.values.some((v) => v.tag === 'eval/mean_ep_length'))).toBe(false);
    const evalEvent = { type: 'eval', step: 999_999, episodes: 4, meanReturn: 120.5, stdReturn: 3, minReturn: 117, maxReturn: 124, meanLength: 121.25, solved: false };
    appendFileSync(join(run, 'metrics.jsonl'), `${JSON.stringify(evalEvent)}\n`);
    const after = readEventFile(runTensorBoardFile(run, join(run, 'tb')).bytes).at(-1)!;
    expect(after.step).toBe(999_999);
    expect(after.values).toEqual([
      { tag: 'eval/mean_reward', value: 120.5 },
      { tag: 'eval/mean_ep_length', value: 121.25 },
      { tag: 'eval/std_reward', value: 3 },
    ]);
  });

  it('names a folder that is not a run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qlens-tb-norun-'));
    expect(() => writeRunTensorBoard(dir, join(dir, 'tb'))).toThrow(/not a run directory/);
  });
});
