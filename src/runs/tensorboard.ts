/**
 * A run's log as TensorBoard scalars under Stable-Baselines3's DQN tag names, so that `tensorboard
 * --logdir` overlays qlens runs and SB3 runs of the same env on the same charts:
 * `rollout/ep_rew_mean` and `rollout/ep_len_mean` (over the last 100 episodes, as SB3's
 * ep_info_buffer), `rollout/exploration_rate`, `train/loss`, `train/n_updates`, `train/learning_rate`, `time/fps`,
 * `eval/mean_reward` and `eval/mean_ep_length` (SB3's EvalCallback; runs logged before qlens kept eval lengths
 * lack the second). What SB3 has no name for goes under qlens's own:
 * `train/mean_q`, `eval/std_reward`, and the tree's fidelity under `lmut/` (the online tree) and
 * `lmut/final_*` (the tree of the saved network).
 *
 * Two ways in: `train --tensorboard <logdir>` writes as the run trains (`TensorBoardLog`, fed every
 * event), and `qlens tensorboard` writes a finished run's metrics.jsonl (`runTensorBoardFile`).
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError, NotFoundError } from '../core/errors.ts';
import { isFolder } from '../core/read-file.ts';
import type { RunEvent } from '../dqn/events.ts';
import type { RunLog } from './training-run.ts';
import { type MetricEvent, readMetricsLines } from './metrics.ts';
import { RUN_FILES, readRunConfig, readSummary } from './run-files.ts';
import { writeFileAtomic } from './atomic.ts';
import { EventFileWriter, eventFileName, fileVersionRecord, type Scalar, scalarsRecord } from './tfevents.ts';

/** SB3's ep_info_buffer: the rollout means are over this many latest episodes. */
const EPISODE_WINDOW = 100;

/** Turns run events into scalars, keeping the last 100 episodes for SB3's rolling means. */
export class ScalarsOfEvents {
  private readonly returns: number[] = [];
  private readonly lengths: number[] = [];

  /** `learningRate`: the run's (constant) rate, logged with every training line as SB3 logs its current one. */
  constructor(private readonly learningRate: number | null = null) {}

  of(event: RunEvent | MetricEvent): Scalar[] {
    const e = event as RunEvent;
    switch (e.type) {
      case 'episode': {
        this.returns.push(num(e.return));
        this.lengths.push(num(e.length));
        if (this.returns.length > EPISODE_WINDOW) {
          this.returns.shift();
          this.lengths.shift();
        }
        return [
          { tag: 'rollout/ep_rew_mean', value: mean(this.returns) },
          { tag: 'rollout/ep_len_mean', value: mean(this.lengths) },
          { tag: 'rollout/exploration_rate', value: num(e.epsilon) },
        ];
      }
      case 'train':
        return [
          { tag: 'train/loss', value: num(e.loss) },
          { tag: 'train/n_updates', value: num(e.trainSteps) },
          ...(this.learningRate === null ? [] : [{ tag: 'train/learning_rate', value: this.learningRate }]),
          { tag: 'train/mean_q', value: num(e.meanQ) },
          // Since the previous training line (SB3's is the mean since training started): a slowdown shows where it happens.
          { tag: 'time/fps', value: num(e.sps) },
        ];
      case 'eval':
        return [
          { tag: 'eval/mean_reward', value: num(e.meanReturn) },
          ...(e.meanLength === undefined ? [] : [{ tag: 'eval/mean_ep_length', value: num(e.meanLength) }]),
          { tag: 'eval/std_reward', value: num(e.stdReturn) },
        ];
      case 'mimic': {
        const prefix = e.phase === 'final' ? 'lmut/final_' : 'lmut/';
        return [
          { tag: `${prefix}rmse`, value: num(e.rmse) },
          { tag: `${prefix}mae`, value: num(e.mae) },
          { tag: `${prefix}agreement`, value: num(e.agreement) },
          { tag: `${prefix}leaves`, value: num(e.leaves) },
          { tag: `${prefix}depth`, value: num(e.depth) },
        ];
      }
      default:
        return []; // a type a later qlens logs: nothing to chart here
    }
  }
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** metrics.jsonl writes a NaN (a diverged loss) as null: it stays NaN here, as the live log has it. */
const num = (v: unknown) => (typeof v === 'number' ? v : Number.NaN);

/**
 * Live: every event of a training run goes to an event file in `<logDir>/<run name>/` (SB3 writes
 * `<tensorboard_log>/DQN_1/`). A resumed run gets a new file there, its rolling means seeded with
 * the episodes logged before the checkpoint.
 */
export class TensorBoardLog implements RunLog {
  private readonly scalars: ScalarsOfEvents;
  private readonly writer: EventFileWriter;

  constructor(logDir: string, runDir: string, history: readonly MetricEvent[] = [], learningRate: number | null = null) {
    this.scalars = new ScalarsOfEvents(learningRate);
    this.writer = new EventFileWriter(runLogDir(logDir, runDir));
    for (const event of history) this.scalars.of(event);
  }

  write(event: RunEvent): void {
    this.writer.scalars(event.step, this.scalars.of(event));
  }

  close(): void {
    this.writer.close();
  }
}

/** A run's log as an event file, ready to write (`runTensorBoardFile`). */
export interface RunTensorBoardFile {
  path: string;
  bytes: Uint8Array;
  events: number;
  scalars: number;
  stillTraining: boolean;
  /** Lines of metrics.jsonl that held no event and were left out (the rest is converted), or null. */
  skippedLines: { file: string; count: number; first: number } | null;
}

/**
 * A run's whole metrics.jsonl as the event file `<logDir>/<run name>/events…qlens-export`, checked
 * and built but not written, so a command given several runs writes none when one is refused.
 * Written at once under a name of its own, exporting the run again replaces it rather than adding a
 * second copy of every point. The log keeps no clock, so each event's wall time is placed between
 * the run's creation and its last update in proportion to its step (TensorBoard's "Relative" axis
 * then reads as the run's wall time).
 */
export function runTensorBoardFile(runDir: string, logDir: string): RunTensorBoardFile {
  const config = readRunConfig(runDir); // a folder that is no run is named here
  const summary = readSummary(runDir);
  const { events, records, scalars, start, skippedLines } = logRecords(runDir, config, summary);
  if (events === 0) {
    const why = config.backend === 'imported' ? 'it was imported from Stable-Baselines3, which logged its training to its own tensorboard_log' : 'it has not logged an episode yet';
    throw new NotFoundError(`${runDir} has no training log to write: its ${RUN_FILES.metrics} holds no events (${why})`);
  }
  const dir = runLogPath(logDir, runDir);
  const name = eventFileName(start, 'qlens-export');
  // TensorBoard reads every event file of a folder as one run: a live log of this run, or another
  // run of the same folder name, would be mixed with this one point by point (and steps that go
  // back make it drop points as a restart's). Replacing our own earlier export is fine.
  const others = isFolder(dir) ? readdirSync(dir).filter((f) => f.includes('tfevents') && f !== name) : [];
  if (others.length > 0) {
    throw new ConfigError('out', `${dir} already holds TensorBoard logs (${others.join(', ')}): of this run, written live by \`train --tensorboard\`, or of another run with the folder name ${basename(dir)}. TensorBoard would read them as one run and mix their points: use that log, or give another --out`);
  }
  return { path: join(dir, name), bytes: Buffer.concat(records), events, scalars, stillTraining: summary?.status === 'running', skippedLines };
}

/**
 * The event records of a run's metrics.jsonl (the file version first). The log keeps no clock, so
 * each event's wall time is placed between the run's creation and its last update in proportion
 * to its step.
 */
function logRecords(
  runDir: string, config: ReturnType<typeof readRunConfig>, summary: ReturnType<typeof readSummary>,
): { events: number; records: Uint8Array[]; scalars: number; start: number; skippedLines: RunTensorBoardFile['skippedLines'] } {
  const metricsPath = join(runDir, RUN_FILES.metrics);
  const { events, skipped, firstSkippedLine } = readMetricsLines(metricsPath);
  const created = Date.parse(config.createdAt) / 1000;
  const start = Number.isFinite(created) ? created : Date.now() / 1000; // a hand-edited createdAt: no NaN in file names or times
  // A loop, not Math.max(...): a 2M-step run logs more events than a call takes arguments.
  const lastStep = events.reduce((most, e) => Math.max(most, e.step), Math.max(1, summary?.step ?? 0));
  const seconds = summary?.wallSeconds ?? 0;
  const scalars = new ScalarsOfEvents(learningRateOf(config.dqn));
  const records = [fileVersionRecord(start)];
  let written = 0;
  for (const event of events) {
    const values = scalars.of(event);
    if (values.length === 0) continue;
    records.push(scalarsRecord(event.step, values, start + (seconds * event.step) / lastStep));
    written += values.length;
  }
  const skippedLines = skipped === 0 ? null : { file: metricsPath, count: skipped, first: firstSkippedLine! };
  return { events: events.length, records, scalars: written, start, skippedLines };
}

/**
 * Before a resumed run logs live again: the event files earlier segments wrote into its log folder
 * are made true to the log it resumes from. Resuming rewinds metrics.jsonl to the checkpoint, but
 * what those files logged after it stays in them: the final tree Ctrl-C grows for the saved network
 * (`lmut/final_*`), which the resumed run replaces with its own, and after a crash every step since
 * the last checkpoint, which the resumed run plays again. TensorBoard reads all files of a folder
 * as one run, so they showed beside the resumed run's points (and `qlens tensorboard`'s export of
 * the finished run differed from the live log). They become one file built from the rewound log,
 * under the first one's name (TensorBoard reads files in name order, before the new segment's),
 * with wall times placed by step as the export's are: the live file's real times are lost.
 */
export function rewriteLiveLogForResume(logDir: string, runDir: string): void {
  const dir = runLogPath(logDir, runDir);
  const earlier = isFolder(dir) ? readdirSync(dir).filter((f) => f.includes('tfevents') && !f.endsWith('.qlens-export')).sort() : [];
  if (earlier.length === 0) return;
  writeFileAtomic(join(dir, earlier[0]!), Buffer.concat(logRecords(runDir, readRunConfig(runDir), readSummary(runDir)).records));
  for (const name of earlier.slice(1)) rmSync(join(dir, name));
}

/** Writes what `runTensorBoardFile` built, atomically, making its folder. */
export function writeTensorBoardFile(file: RunTensorBoardFile): void {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileAtomic(file.path, file.bytes);
}

/** `<logDir>/<run name>/`: one TensorBoard run per qlens run, as SB3 gives each its `DQN_<n>`. */
export function runLogPath(logDir: string, runDir: string): string {
  return join(logDir, basename(resolve(runDir)));
}

/** `runLogPath`, made if missing. */
function runLogDir(logDir: string, runDir: string): string {
  const dir = runLogPath(logDir, runDir);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The run's learning rate from its config.json (an imported or older run may lack one). */
function learningRateOf(dqn: unknown): number | null {
  const rate = (dqn as { learningRate?: unknown } | null)?.learningRate;
  return typeof rate === 'number' ? rate : null;
}
