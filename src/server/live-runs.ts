/**
 * Runs training in this process (`qlens start`), as the dashboard sees them. The training loop
 * writes every event to `metrics.jsonl` first and then calls `publish`, so the file stays the one
 * source of truth: a listener is only told "there is more, read from your cursor". That keeps
 * replay-then-live streams free of gaps and duplicates, and lets a reconnecting browser resume
 * from the byte cursor it last saw.
 *
 * While a run is live its in-memory network plays rollouts, so the replay view shows the current
 * policy even before the first checkpoint is on disk.
 */
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import type { TrainEvent } from '../dqn/events.ts';
import type { QFunction } from '../core/q-function.ts';
import { readRunConfig } from '../runs/run-files.ts';
import type { RunStatus } from './dto.ts';

/** What the runs list shows for a live run without waiting for `summary.json`. */
export interface LiveProgress {
  step: number;
  episodes: number;
  lastReturn: number | null;
  recentReturns: number[];
  bestEvalMean: number | null;
  solved: boolean;
}

export interface LiveRun {
  readonly dir: string;
  running: boolean;
  status: RunStatus;
  progress: LiveProgress;
  /** The network being trained; used for rollouts while `running`. */
  network?: QFunction;
  /** Episodes of a complete evaluation: like the trainer, only complete ones count as best. */
  evalEpisodes: number;
  /** Trains with the online mimic, so a tree.json comes when training ends (read once from config.json). */
  growsTree: boolean;
}

export interface BeginOptions {
  network?: QFunction;
  evalEpisodes?: number;
}

export type LiveSignal = { kind: 'event' } | { kind: 'end'; status: RunStatus };

export class LiveRuns {
  private readonly runs = new Map<string, LiveRun>();
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open dashboard stream; many tabs are fine.
    this.emitter.setMaxListeners(0);
  }

  /** Announces a run that has started training in this process. */
  begin(dir: string, { network, evalEpisodes = 0 }: BeginOptions = {}): LiveRun {
    const key = resolve(dir);
    const run: LiveRun = {
      dir: key,
      running: true,
      status: 'running',
      network,
      evalEpisodes,
      growsTree: growsTree(key),
      progress: { step: 0, episodes: 0, lastReturn: null, recentReturns: [], bestEvalMean: null, solved: false },
    };
    this.runs.set(key, run);
    return run;
  }

  /**
   * Call after the event is in `metrics.jsonl` (TrainingRun's `onEvent` callback runs after the
   * write). Any run event is accepted; the training ones also update the list's counters.
   */
  publish(dir: string, anyEvent: { type: string; step: number }): void {
    const run = this.runs.get(resolve(dir));
    if (!run) return;
    const event = anyEvent as TrainEvent;
    const p = run.progress;
    p.step = Math.max(p.step, event.step);
    if (event.type === 'episode') {
      p.episodes = event.episode;
      p.lastReturn = event.return;
      p.recentReturns.push(event.return);
      if (p.recentReturns.length > 100) p.recentReturns.shift();
    } else if (event.type === 'eval' && event.episodes >= run.evalEpisodes) {
      p.bestEvalMean = p.bestEvalMean === null ? event.meanReturn : Math.max(p.bestEvalMean, event.meanReturn);
      p.solved ||= event.solved;
    }
    this.emitter.emit(run.dir, { kind: 'event' } satisfies LiveSignal);
  }

  /** The run stopped (finished, interrupted or failed); its files are final. */
  end(dir: string, status: RunStatus): void {
    const run = this.runs.get(resolve(dir));
    if (!run) return;
    run.running = false;
    run.status = status;
    run.network = undefined; // the trainer may dispose it; rollouts now load the saved model
    this.emitter.emit(run.dir, { kind: 'end', status } satisfies LiveSignal);
  }

  get(dir: string): LiveRun | undefined {
    return this.runs.get(resolve(dir));
  }

  list(): LiveRun[] {
    return [...this.runs.values()];
  }

  /** Open streams following the run in `dir` (diagnostics; tests check streams clean up). */
  listenerCount(dir: string): number {
    return this.emitter.listenerCount(resolve(dir));
  }

  /** Listens for news about the run in `dir`; returns the function that stops listening. */
  subscribe(dir: string, listener: (signal: LiveSignal) => void): () => void {
    const key = resolve(dir);
    this.emitter.on(key, listener);
    return () => this.emitter.off(key, listener);
  }
}

function growsTree(dir: string): boolean {
  try {
    return readRunConfig(dir).mimic != null;
  } catch {
    return false; // a config that cannot be read: the ordinary no-tree advice
  }
}
