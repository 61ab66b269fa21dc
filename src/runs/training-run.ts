/**
 * A training run with a home on disk: resolves the config, creates (or reopens) the run directory,
 * wires the trainer's events to `metrics.jsonl`, writes checkpoints at episode boundaries and on
 * Ctrl-C, and leaves `model.json`/`weights.bin` and `summary.json` behind. Plugins (the online LMUT
 * mimic) add hooks and their own checkpoint files without the loop knowing about them.
 */
import { ConfigError } from '../core/errors.ts';
import { join } from 'node:path';
import { envModuleOf, make } from '../../envs/index.ts';
import type { EnvSpec } from '../core/env.ts';
import { Rng } from '../core/rng.ts';
import type { DqnConfig } from '../dqn/config.ts';
import type { RunEvent, TrainEvent } from '../dqn/events.ts';
export type { RunEvent } from '../dqn/events.ts';
import type { NetworkSpec, QNetwork } from '../dqn/network-types.ts';
import { createQNetwork } from '../dqn/network.ts';
import { DqnTrainer, type StopReason, type TrainHooks } from '../dqn/trainer.ts';
import { writeFileAtomic, writeJsonAtomic } from './atomic.ts';
import { type Checkpoint, type CheckpointContent, openCheckpoint, saveCheckpoint } from './checkpoint-store.ts';
import { readTrainerState, restoreBest, restoreNetwork, restoreReplay, trainerCheckpointFiles } from './checkpoint-content.ts';
import { MetricsWriter, truncateMetrics } from './metrics.ts';
import { encodeWeights, modelJson } from './network-file.ts';
import { lockRun } from './run-lock.ts';
import { RUN_FILES, createRunDir, envSpecJson, readRunConfig, readSummary, writeRunConfig, writeSummary } from './run-files.ts';
export { envSpecJson } from './run-files.ts';
import { registerRunEnv } from './run-env.ts';
import { withResumeSource } from './resume-source.ts';
import { qlensSourceCommit, type SourceCommit } from './source-commit.ts';

/** Something riding along a run (e.g. the online LMUT), with a say in checkpoints. */
export interface RunPlugin {
  hooks?: TrainHooks;
  /** Receives the run's event sink before training starts. */
  attach?(emit: (event: RunEvent) => void): void;
  /** Extra files for each checkpoint. */
  checkpointFiles?(): Record<string, CheckpointContent>;
  /** Restores the plugin from a checkpoint when a run resumes. */
  restore?(checkpoint: Checkpoint): void;
  /** Called once when the run ends, with the run directory (write final artefacts here). */
  finish?(dir: string, trainer: DqnTrainer): void | Promise<void>;
  /** The plugin's resolved config, saved in config.json. */
  config?: Record<string, unknown>;
}

/** An event log of a run besides metrics.jsonl (`TrainingRun.alsoLogTo`). */
export interface RunLog {
  write(event: RunEvent): void;
  close(): void;
}

export interface RunCallbacks {
  onEvent?(event: RunEvent): void;
  onCheckpoint?(step: number, dir: string): void;
  /** Training has stopped and is checkpointed; the plugins' end-of-run work (the final tree, its fidelity) starts. */
  onFinishing?(reason: StopReason): void;
}

export interface RunResult {
  dir: string;
  reason: StopReason;
  step: number;
  episodes: number;
  wallSeconds: number;
  solvedAtStep: number | null;
}

export function specOf(envSpec: EnvSpec, config: DqnConfig): NetworkSpec {
  return { obsDim: envSpec.featureNames.length, nActions: envSpec.actionNames.length, hidden: config.hidden, dueling: config.dueling };
}

export interface ResumeOptions {
  plugins?: RunPlugin[];
  /** A new total of environment steps (`train --resume --steps N`). */
  totalTimesteps?: number;
  /** The qlens code resuming (default: this checkout's commit; null: not a qlens checkout). For tests. */
  source?: SourceCommit | null;
}

export class TrainingRun {
  private readonly metrics: MetricsWriter;
  private readonly logs: RunLog[] = [];
  private readonly started = performance.now();
  private readonly wallBefore: number;

  private constructor(
    readonly dir: string,
    readonly config: DqnConfig,
    readonly trainer: DqnTrainer,
    readonly backend: string,
    private readonly plugins: RunPlugin[],
    wallBefore: number,
    /** Gives the run folder back (run-lock.ts), once training has ended either way. */
    private readonly release: () => void,
  ) {
    this.metrics = new MetricsWriter(join(dir, RUN_FILES.metrics));
    this.wallBefore = wallBefore;
  }

  /** Creates a run directory for `config` under `runsDir` and a trainer ready to `run()`. */
  static async start(config: DqnConfig, opts: { runsDir: string; preset: string; plugins?: RunPlugin[] }): Promise<TrainingRun> {
    const backend = await backendFor(config);
    const env = make(config.env);
    const network = await createQNetwork(specOf(env.spec, config), { engine: config.engine, rng: new Rng(config.seed).fork('init') });
    const dir = createRunDir(opts.runsDir, config, opts.preset);
    const release = lockRun(dir);
    const plugins = opts.plugins ?? [];
    const source = qlensSourceCommit();
    writeRunConfig(dir, {
      format: 'qlens-run',
      version: 1,
      preset: opts.preset,
      createdAt: new Date().toISOString(),
      engine: config.engine,
      backend,
      envSpec: envSpecJson(env.spec),
      ...(envModuleOf(config.env) !== undefined ? { envModule: envModuleOf(config.env) } : {}),
      // Now, not at publish time: by then the checkout may have moved on, or publish may run elsewhere.
      ...(source !== undefined ? { source } : {}),
      dqn: { ...config },
      mimic: plugins.find((p) => p.config)?.config ?? null,
    });
    const trainer = new DqnTrainer(config, env, make(config.env), network, {}, undefined);
    return new TrainingRun(dir, config, trainer, backend, plugins, 0, release);
  }

  /**
   * Reopens `dir` at its newest complete checkpoint: network, optimizer, replay, counters, RNG
   * streams and plugin state come back, and `metrics.jsonl` is cut back to the checkpoint, so the
   * continued run writes exactly what an uninterrupted one would have.
   */
  static async resume(dir: string, opts: ResumeOptions = {}): Promise<TrainingRun> {
    const file = readRunConfig(dir);
    // Before anything is read for resuming or written: another process may be training this run.
    const release = lockRun(dir);
    try {
      return await TrainingRun.reopen(dir, file, opts, release);
    } catch (err) {
      release();
      throw err;
    }
  }

  private static async reopen(dir: string, file: ReturnType<typeof readRunConfig>, opts: ResumeOptions, release: () => void): Promise<TrainingRun> {
    await registerRunEnv(file, dir);
    const config = Object.freeze({ ...(file.dqn as DqnConfig), ...(opts.totalTimesteps !== undefined ? { totalTimesteps: opts.totalTimesteps } : {}) });
    const cp = openCheckpoint(dir);
    const summary = readSummary(dir);
    // Training had ended when the process was killed writing the final tree: only that is left, unless a new total asks for more.
    const unfinished = summary?.status === 'running' && summary.finishing && opts.totalTimesteps === undefined ? summary.finishing : null;
    if (opts.totalTimesteps !== undefined) {
      if (!(Number.isInteger(opts.totalTimesteps) && opts.totalTimesteps > cp.step)) {
        throw ConfigError.invalidValue('totalTimesteps', String(opts.totalTimesteps), `an integer above ${cp.step}, the step of the checkpoint the run resumes from`);
      }
      // The new target belongs to the run: a later resume, the summary and the model card read it from config.json.
      const from = (file.dqn as DqnConfig).totalTimesteps;
      if (opts.totalTimesteps !== from) {
        // And so does the change: ε's schedule follows the total from here on, so the model card must know the first total and where it changed.
        // A run killed writing its final tree (summary `finishing`) had trained every step, as a completed one.
        const finished = summary?.status === 'completed' || summary?.status === 'solved' || summary?.finishing !== undefined;
        const changes = [...(file.totalChanges ?? [])];
        // A second change at the same checkpoint replaces the first, which never trained a step.
        const last = changes.at(-1)?.atStep === cp.step ? changes.pop() : undefined;
        const change = last ? { ...last, to: opts.totalTimesteps } : { atStep: cp.step, from, to: opts.totalTimesteps, finished };
        if (change.to !== change.from) changes.push(change);
        file = { ...file, totalChanges: changes.length > 0 ? changes : undefined, dqn: { ...file.dqn, totalTimesteps: opts.totalTimesteps } };
        writeRunConfig(dir, file);
      }
    }
    // The steps from here on are this code's: the model card must not credit them to the commit the run started with.
    // (A resume that only writes the final tree trains no step.)
    if (!unfinished) {
      const resumedSources = withResumeSource(file, cp.step, opts.source === undefined ? qlensSourceCommit() : (opts.source ?? undefined));
      if (resumedSources !== file.resumedSources) writeRunConfig(dir, { ...file, resumedSources });
    }
    const backend = await backendFor(config);
    const env = make(config.env);
    const network = await createQNetwork(specOf(env.spec, config), { engine: config.engine, rng: new Rng(config.seed).fork('init') });
    restoreNetwork(cp, network);
    const { state, metricsBytes, bestStep } = readTrainerState(cp);
    const trainer = new DqnTrainer(config, env, make(config.env), network, {}, state);
    restoreReplay(cp, trainer);
    restoreBest(cp, trainer, bestStep);
    const plugins = opts.plugins ?? [];
    for (const p of plugins) p.restore?.(cp);
    truncateMetrics(join(dir, RUN_FILES.metrics), metricsBytes);
    const run = new TrainingRun(dir, config, trainer, backend, plugins, summary?.wallSeconds ?? 0, release);
    run.unfinished = unfinished;
    return run;
  }

  get network(): QNetwork {
    return this.trainer.network;
  }

  /** Asks the loop to stop at the next step; `run()` then checkpoints and resolves `interrupted`. */
  stop(): void {
    this.trainer.stopRequested = true;
  }

  private callbacks: RunCallbacks = {};
  private modelSource: string | undefined;
  /** Training had ended this way when the process was killed writing the final tree (summary `finishing`): `run()` only finishes. */
  unfinished: 'completed' | 'solved' | null = null;
  /** Training is over and the final tree is being grown: a stop request can no longer end it sooner. */
  finishingNow = false;

  async run(callbacks: RunCallbacks = {}): Promise<RunResult> {
    this.callbacks = callbacks;
    const { trainer, plugins } = this;
    const emit = (event: RunEvent) => {
      this.metrics.write(event);
      for (const log of this.logs) log.write(event);
      this.callbacks.onEvent?.(event);
    };
    const onEvent = (event: TrainEvent) => {
      emit(event);
      for (const p of plugins) p.hooks?.onEvent?.(event);
    };
    for (const p of plugins) p.attach?.(emit);
    const stepHooks = plugins.map((p) => p.hooks?.onStep).filter((f) => f !== undefined);
    Object.assign(trainer.hooks, {
      onEvent,
      onStep: stepHooks.length ? (step: number, obs: Float32Array, net: QNetwork) => stepHooks.forEach((f) => f(step, obs, net)) : undefined,
      onCheckpointDue: () => this.checkpoint('running'),
    } satisfies TrainHooks);
    const finishes = plugins.some((p) => p.finish);
    let reason: StopReason;
    if (this.unfinished) {
      reason = this.unfinished; // the checkpoint at the end of training is on disk already
      this.summary('running', { finishing: reason });
    } else {
      this.summary('running');
      try {
        reason = await trainer.run();
      } catch (err) {
        this.summary('failed', { error: (err as Error).message });
        this.closeLogs();
        this.release();
        throw err;
      }
      // Until the final tree is written the run is not done: a kill meanwhile leaves `finishing` for `train --resume`.
      // An interrupted run says so at once: resuming it trains on, and finishes then.
      this.releasingOnError(() => (finishes && reason !== 'interrupted' ? this.checkpoint('running', reason) : this.checkpoint(reason)));
    }
    this.releasingOnError(() => this.writeFinalModel());
    this.finishingNow = finishes;
    if (finishes) this.callbacks.onFinishing?.(reason);
    try {
      for (const p of plugins) await p.finish?.(this.dir, trainer);
    } catch (err) {
      // The trained network and its checkpoint are safe: `train --resume` tries the final tree again.
      const error = `writing the final tree failed: ${(err as Error).message}`;
      this.summary(reason === 'interrupted' ? 'interrupted' : 'running', reason === 'interrupted' ? { error } : { finishing: reason, error });
      this.closeLogs();
      this.release();
      throw err;
    }
    this.summary(reason);
    this.closeLogs();
    this.release();
    return {
      dir: this.dir,
      reason,
      step: trainer.step,
      episodes: trainer.episodes,
      wallSeconds: this.wallSeconds(),
      solvedAtStep: trainer.solvedAtStep,
    };
  }

  /**
   * Another log of every event besides metrics.jsonl (`train --tensorboard`), written as they come
   * and closed when the run ends. Not saved in checkpoints: a resumed run is given it again.
   */
  alsoLogTo(log: RunLog): void {
    this.logs.push(log);
  }

  private closeLogs(): void {
    try {
      this.metrics.close();
    } finally {
      for (const log of this.logs) log.close();
    }
  }

  /** `work`, and if it throws (a full disk), the logs closed and the run folder given back before the error goes on. */
  private releasingOnError(work: () => void): void {
    try {
      work();
    } catch (err) {
      this.closeLogs();
      this.release();
      throw err;
    }
  }

  private checkpoint(status: 'running' | StopReason, finishing?: 'completed' | 'solved'): void {
    this.metrics.flush();
    const files = trainerCheckpointFiles(this.trainer, this.metrics.bytes, this.config.saveReplay);
    for (const p of this.plugins) Object.assign(files, p.checkpointFiles?.() ?? {});
    const dir = saveCheckpoint(this.dir, this.trainer.step, files);
    this.summary(status, finishing ? { finishing } : {});
    this.callbacks.onCheckpoint?.(this.trainer.step, dir);
  }

  /**
   * `model.json` holds the network users should keep: the best greedily evaluated one when
   * evaluations ran (SB3's best_model), else the last. `summary.json` says which.
   */
  private writeFinalModel(): void {
    const best = this.trainer.bestWeights;
    const weights = best ? best.weights : this.network.getWeights('online');
    // Two decimals: a mean over 3 episodes is 187.33, not 187.33333333333334.
    this.modelSource = best ? `best eval (step ${best.step}, mean return ${Number(this.trainer.bestEvalMean!.toFixed(2))})` : `last (step ${this.trainer.step})`;
    writeFileAtomic(join(this.dir, RUN_FILES.weights), encodeWeights(weights));
    writeJsonAtomic(join(this.dir, RUN_FILES.model), modelJson(this.network.spec, weights));
  }

  private wallSeconds(): number {
    return this.wallBefore + (performance.now() - this.started) / 1000;
  }

  private summary(status: 'running' | 'completed' | 'solved' | 'interrupted' | 'failed', extra: { error?: string; finishing?: 'completed' | 'solved' } = {}): void {
    const t = this.trainer;
    writeSummary(this.dir, {
      status,
      step: t.step,
      episodes: t.episodes,
      wallSeconds: this.wallSeconds(),
      solvedAtStep: t.solvedAtStep,
      bestEvalMean: t.bestEvalMean,
      meanReturn100: t.recentReturns.length ? t.recentReturns.reduce((a, b) => a + b, 0) / t.recentReturns.length : null,
      ...(this.modelSource ? { model: this.modelSource } : {}),
      ...extra,
    });
  }
}

/**
 * The tfjs backend the engine runs on: chosen (and tfjs loaded, ~0.6-0.9 s) only for the tfjs
 * engine; the fused engine is plain TypeScript and records `none`.
 */
async function backendFor(config: DqnConfig): Promise<string> {
  if (config.engine !== 'tfjs') return 'none';
  const { selectBackend } = await import('../dqn/tfjs/backend.ts');
  return selectBackend(config.backend);
}
