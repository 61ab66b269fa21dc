import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listEnvs, make } from '../../../envs/index.ts';
import { type DqnConfig, resolveDqnConfig } from '../../../src/dqn/config.ts';
import { deterministicPart, type TrainEvent } from '../../../src/dqn/events.ts';
import { listCheckpoints } from '../../../src/runs/checkpoint-store.ts';
import { readMetrics } from '../../../src/runs/metrics.ts';
import { EXPERIENCE_FILE } from '../../../src/mimic/experience-recorder.ts';
import { mimicPlugins, mimicPluginsFromRun } from '../../../src/mimic/plugin.ts';
import { readRunConfig, readSummary, RUN_FILES } from '../../../src/runs/run-files.ts';
import { TrainingRun } from '../../../src/runs/training-run.ts';

const SHORT = {
  env: 'CartPole-v1',
  totalTimesteps: 4000,
  learningStarts: 500,
  trainFreq: 2,
  batchSize: 32,
  bufferSize: 2000,
  hidden: [32, 32],
  targetUpdateInterval: 200,
  explorationFraction: 0.5,
  logFreq: 100,
  evalFreq: 1000,
  evalEpisodes: 5,
  checkpointFreq: 0,
};

/** The online tree and the experience recorder, as `qlens train` adds them (small, so the test stays quick). */
const MIMIC = { fidelityFreq: 500, finalActivePlayStates: 2000, lmut: { maxLeaves: 16 } };
const withMimic = (config: DqnConfig) => mimicPlugins(MIMIC, make(config.env).spec, config);

async function train(options: Record<string, unknown>, runsDir = mkdtempSync(join(tmpdir(), 'qlens-run-')), mimic = false) {
  const config = resolveDqnConfig({ ...SHORT, ...options }, listEnvs());
  const run = await TrainingRun.start(config, { runsDir, preset: 'test', plugins: mimic ? withMimic(config) : [] });
  const result = await run.run();
  return { run, result, events: readMetrics(join(result.dir, 'metrics.jsonl')) as unknown as TrainEvent[] };
}

const stable = (events: TrainEvent[]) => events.map(deterministicPart);

describe('TrainingRun', () => {
  it('same seed, same engine: identical returns, losses and evaluations', async () => {
    const a = await train({ seed: 5 });
    const b = await train({ seed: 5 });
    const c = await train({ seed: 6 });
    expect(a.events.some((e) => e.type === 'train')).toBe(true);
    expect(a.events.some((e) => e.type === 'eval')).toBe(true);
    // CartPole pays 1 per step: an evaluation's mean length is its mean return (SB3's eval/mean_ep_length).
    for (const e of a.events) if (e.type === 'eval') expect(e.meanLength).toBeCloseTo(e.meanReturn, 9);
    expect(stable(b.events)).toEqual(stable(a.events));
    expect(stable(c.events)).not.toEqual(stable(a.events));
  });

  it('logs episode returns as the rewards add up on paper (FlappyBird: 0.1 a step alive)', async () => {
    const { events } = await train({ env: 'FlappyBird-v0', totalTimesteps: 1500, evalFreq: 0 });
    const returns = events.filter((e) => e.type === 'episode').map((e) => (e as { return: number }).return);
    expect(returns.length).toBeGreaterThan(10);
    for (const r of returns) expect(r).toBe(Number(r.toFixed(1)));
    expect(returns.some((r) => !Number.isInteger(r))).toBe(true);
  });

  it('writes config, summary, checkpoints and the final model', async () => {
    const { result } = await train({ seed: 1, checkpointFreq: 1000 });
    const files = readdirSync(result.dir).sort();
    expect(files).toEqual(expect.arrayContaining(['config.json', 'metrics.jsonl', 'model.json', 'weights.bin', 'summary.json', 'checkpoints']));
    expect(listCheckpoints(result.dir)[0]).toBe(4000);
    const summary = readSummary(result.dir)!;
    expect(summary.status).toBe('completed');
    expect(summary.step).toBe(4000);
    expect(summary.model).toMatch(/^best eval \(step \d+, mean return/);
    // The mean is written with at most two decimals (a mean over 3 episodes is 187.33, not 187.333…).
    const thirds = readSummary((await train({ seed: 1, evalEpisodes: 3 })).result.dir)!;
    expect(thirds.model).toMatch(/mean return -?\d+(\.\d{1,2})?\)$/);
  });

  it('a run resumed from a mid-run checkpoint continues exactly like an uninterrupted one', async () => {
    const straight = await train({ seed: 9, checkpointFreq: 1500 });
    // Same run, stopped right after its first checkpoint, then resumed from disk.
    const runsDir = mkdtempSync(join(tmpdir(), 'qlens-run-'));
    const first = await TrainingRun.start(resolveDqnConfig({ ...SHORT, seed: 9, checkpointFreq: 1500 }, listEnvs()), { runsDir, preset: 'test' });
    const stopAfterCheckpoint = { onCheckpoint: () => first.stop() };
    const partial = await first.run(stopAfterCheckpoint);
    expect(partial.reason).toBe('interrupted');
    // The stop lands before the next step, so the interrupt checkpoint is the periodic one (an episode end).
    expect(listCheckpoints(partial.dir)).toHaveLength(1);
    const checkpointStep = listCheckpoints(partial.dir)[0]!;
    expect(checkpointStep).toBeGreaterThanOrEqual(1500);
    expect(checkpointStep).toBeLessThan(4000);
    const resumed = await TrainingRun.resume(partial.dir);
    expect(resumed.trainer.step).toBe(checkpointStep);
    const done = await resumed.run();
    expect(done.reason).toBe('completed');
    const events = readMetrics(join(partial.dir, 'metrics.jsonl')) as unknown as TrainEvent[];
    expect(stable(events)).toEqual(stable(straight.events));
  });

  it.each([false, true])('a stop in the middle of an episode (Ctrl-C) waits for the episode to end, so the resumed run is exact (online tree: %s)', async (mimic) => {
    const straight = await train({ seed: 11 }, undefined, mimic);
    const runsDir = mkdtempSync(join(tmpdir(), 'qlens-run-'));
    const config = resolveDqnConfig({ ...SHORT, seed: 11 }, listEnvs());
    const first = await TrainingRun.start(config, { runsDir, preset: 'test', plugins: mimic ? withMimic(config) : [] });
    // Ask to stop at the first training log line past step 1,700: some step inside an episode.
    let askedAt = -1;
    const partial = await first.run({
      onEvent: (e) => {
        if (askedAt < 0 && e.type === 'train' && e.step > 1700) {
          askedAt = e.step;
          first.stop();
        }
      },
    });
    expect(partial.reason).toBe('interrupted');
    const stoppedAt = listCheckpoints(partial.dir)[0]!;
    const episodeEnds = (readMetrics(join(partial.dir, 'metrics.jsonl')) as unknown as TrainEvent[]).filter((e) => e.type === 'episode').map((e) => e.step);
    expect(stoppedAt).toBeGreaterThanOrEqual(askedAt);
    expect(episodeEnds.at(-1)).toBe(stoppedAt); // the checkpoint closes an episode
    const done = await (await TrainingRun.resume(partial.dir, { plugins: mimicPluginsFromRun(readRunConfig(partial.dir)) })).run();
    expect(done.reason).toBe('completed');
    const events = readMetrics(join(partial.dir, 'metrics.jsonl')) as unknown as TrainEvent[];
    expect(stable(events)).toEqual(stable(straight.events));
    if (mimic) {
      // The stop came between two of the mimic's batches: the resumed tree must not learn them in other batches.
      expect((events as { type: string }[]).filter((e) => e.type === 'mimic').length).toBeGreaterThan(3);
      for (const file of [RUN_FILES.treeOnline, RUN_FILES.tree, EXPERIENCE_FILE]) {
        expect(readFileSync(join(partial.dir, file)).equals(readFileSync(join(straight.result.dir, file))), file).toBe(true);
      }
    }
  });
});
