/**
 * The DQN training loop (Mnih et al. 2015), shaped like CleanRL's `dqn.py`: act ε-greedily, store the
 * transition, every `trainFreq` steps after `learningStarts` take `gradientSteps` TD steps on replay
 * minibatches, every `targetUpdateInterval` steps update the target network.
 *
 * The loop's state lives on the trainer (not in locals, unlike CleanRL) for one reason: a run must
 * checkpoint and resume exactly. Checkpoints are taken at episode boundaries, where the whole state
 * is the network, the replay buffer, three RNG streams and a few counters (`TrainerState`); the next
 * episode's reset seed comes from our own RNG, so nothing hides in the environment.
 */
import type { Env } from '../core/env.ts';
import { Rng } from '../core/rng.ts';
import type { RngState } from '../core/rng.ts';
import { linearSchedule } from '../core/schedule.ts';
import { ReplayBuffer } from '../replay/replay-buffer.ts';
import type { DqnConfig } from './config.ts';
import { asAddedOnPaper, evaluatePolicy } from './evaluate.ts';
import { GIVE_UP_AFTER_EPISODES, SOLVE_EPISODES } from './solve-rules.ts';
import type { EvalEvent, TrainEvent } from './events.ts';
import type { NamedWeights, QNetwork, TrainHyper } from './network-types.ts';

/** Everything besides network weights and replay contents that a resumed run needs. */
export interface TrainerState {
  format: 'qlens-trainer';
  version: 1;
  step: number;
  episodes: number;
  trainSteps: number;
  recentReturns: number[];
  lastLoss: number | null;
  lastMeanQ: number | null;
  bestEvalMean: number | null;
  solvedAtStep: number | null;
  rng: { explore: RngState; replay: RngState; envSeeds: RngState; eval: RngState };
}

/** Subscribers; the loop does not know who listens (metrics file, progress bar, dashboard, LMUT). */
export interface TrainHooks {
  /** Every metric event, in order. */
  onEvent?(event: TrainEvent): void;
  /** After every environment step; keep it cheap. `obs` is the state the action was chosen in. */
  onStep?(step: number, obs: Float32Array, network: QNetwork): void;
  /** At the first episode boundary after each `checkpointFreq` steps: save now (state is consistent). */
  onCheckpointDue?(trainer: DqnTrainer): void | Promise<void>;
}

export type StopReason = 'completed' | 'solved' | 'interrupted';

/** Most steps a stop request waits for the current episode to end (classic-control episodes: ≤ 500). */
const STOP_GRACE_STEPS = 10_000;

export class DqnTrainer {
  step = 0;
  episodes = 0;
  trainSteps = 0;
  recentReturns: number[] = [];
  lastLoss: number | null = null;
  lastMeanQ: number | null = null;
  bestEvalMean: number | null = null;
  solvedAtStep: number | null = null;
  /** Online weights at the best greedy evaluation so far (SB3's EvalCallback `best_model`). */
  bestWeights: { step: number; weights: NamedWeights } | null = null;
  /** Set from outside (Ctrl-C, dashboard): the loop stops at the next step and reports `interrupted`. */
  stopRequested = false;
  readonly buffer: ReplayBuffer;
  private readonly exploreRng: Rng;
  private readonly replayRng: Rng;
  private readonly envSeedRng: Rng;
  private readonly evalRng: Rng;
  private readonly hyper: TrainHyper;

  constructor(
    readonly config: DqnConfig,
    readonly env: Env,
    readonly evalEnv: Env,
    readonly network: QNetwork,
    readonly hooks: TrainHooks = {},
    state?: TrainerState,
  ) {
    const root = new Rng(config.seed);
    this.exploreRng = state ? Rng.fromJSON(state.rng.explore) : root.fork('explore');
    this.replayRng = state ? Rng.fromJSON(state.rng.replay) : root.fork('replay');
    this.envSeedRng = state ? Rng.fromJSON(state.rng.envSeeds) : root.fork('env-seeds');
    this.evalRng = state ? Rng.fromJSON(state.rng.eval) : root.fork('eval');
    this.buffer = new ReplayBuffer(config.bufferSize, env.observationSpace.size, config.batchSize, this.replayRng);
    this.hyper = {
      gamma: config.gamma,
      loss: config.loss,
      doubleDqn: config.doubleDqn,
      maxGradNorm: config.maxGradNorm > 0 ? config.maxGradNorm : Infinity,
      learningRate: config.learningRate,
      adamEpsilon: config.adamEpsilon,
    };
    if (state) Object.assign(this, pickCounters(state));
  }

  /** ε at environment step `step` (CleanRL's linear schedule). */
  epsilon(step = this.step): number {
    const c = this.config;
    return linearSchedule(c.explorationInitialEps, c.explorationFinalEps, c.explorationFraction * c.totalTimesteps, step);
  }

  async run(): Promise<StopReason> {
    const c = this.config;
    const { env, network, buffer, hooks } = this;
    const threshold = env.spec.rewardThreshold;
    let obs: Float32Array = new Float32Array(0);
    let needsReset = true; // a run (or a resumed run) always starts at an episode boundary
    let episodeReturn = 0;
    let episodeLength = 0;
    let nextCheckpoint = c.checkpointFreq > 0 ? (Math.floor(this.step / c.checkpointFreq) + 1) * c.checkpointFreq : Infinity;
    let logClock = performance.now();
    let logStep = this.step;
    let yieldClock = performance.now();

    let stopBy: number | null = null;
    while (this.step < c.totalTimesteps) {
      // Stop at an episode boundary: a resumed run starts with a fresh episode, so a checkpoint taken
      // mid-episode would drop the rest of it and the resumed run would differ from an uninterrupted
      // one. An episode that never ends (no time limit) stops after STOP_GRACE_STEPS all the same.
      if (this.stopRequested) {
        stopBy ??= this.step + STOP_GRACE_STEPS;
        if (needsReset || this.step >= stopBy) return 'interrupted';
      }
      if (needsReset) {
        obs = env.reset({ seed: this.envSeedRng.int(2 ** 31) }).observation;
        needsReset = false;
      }
      // ALGO LOGIC: ε-greedy action.
      const epsilon = this.epsilon();
      const action = this.exploreRng.next() < epsilon ? env.actionSpace.sample(this.exploreRng) : network.act(obs);
      const { observation: nextObs, reward, terminated, truncated } = env.step(action);
      // On truncation `nextObs` is the real final observation (we reset below), so it still bootstraps.
      buffer.add(obs, nextObs, action, reward, terminated, truncated);
      hooks.onStep?.(this.step, obs, network);
      episodeReturn += reward;
      episodeLength += 1;
      this.step += 1;
      obs = nextObs; // CRUCIAL step easy to overlook (CleanRL)

      // ALGO LOGIC: training.
      if (this.step > c.learningStarts) {
        if (this.step % c.trainFreq === 0) {
          for (let g = 0; g < c.gradientSteps; g++) {
            const result = network.trainStep(buffer.sample(), this.hyper);
            this.lastLoss = result.loss;
            this.lastMeanQ = result.meanQ;
            this.trainSteps += 1;
          }
        }
        if (this.step % c.targetUpdateInterval === 0) network.updateTarget(c.tau);
      }

      // TRY NOT TO MODIFY: episode bookkeeping, logging, evaluation, checkpoints.
      if (terminated || truncated) {
        this.episodes += 1;
        this.recentReturns.push(episodeReturn);
        if (this.recentReturns.length > 100) this.recentReturns.shift();
        // Logged as evaluations report returns: a float sum of 0.1 rewards had read -9.299999999999999.
        hooks.onEvent?.({ type: 'episode', step: this.step, episode: this.episodes, return: asAddedOnPaper(episodeReturn), length: episodeLength, epsilon });
        episodeReturn = 0;
        episodeLength = 0;
        needsReset = true;
      }
      if (this.step % c.logFreq === 0 && this.lastLoss !== null) {
        const now = performance.now();
        const sps = ((this.step - logStep) * 1000) / Math.max(now - logClock, 1e-3);
        logClock = now;
        logStep = this.step;
        hooks.onEvent?.({
          type: 'train',
          step: this.step,
          trainSteps: this.trainSteps,
          loss: this.lastLoss,
          meanQ: this.lastMeanQ ?? 0,
          epsilon,
          sps,
          meanReturn100: this.recentReturns.length ? mean(this.recentReturns) : null,
        });
      }
      if (c.evalFreq > 0 && this.step % c.evalFreq === 0 && this.step > c.learningStarts) {
        const result = this.evaluate(threshold);
        hooks.onEvent?.(result);
        if (result.solved && this.solvedAtStep === null) this.solvedAtStep = this.step;
        if (result.solved && c.stopWhenSolved) return 'solved';
      }
      // Checkpoint at the end of a step that closed an episode: every event of this step is out.
      if (needsReset && this.step >= nextCheckpoint) {
        await hooks.onCheckpointDue?.(this);
        nextCheckpoint = (Math.floor(this.step / c.checkpointFreq) + 1) * c.checkpointFreq;
      }
      // Let the event loop breathe (server requests, Ctrl-C) without paying for it every step. Every
      // 5 ms: a dashboard request served between training slices took ~50 ms at 25 ms slices and
      // 15-30 ms at 5 ms, while 40k CartPole steps took the same time (5.1 s) either way.
      if ((this.step & 63) === 0 && performance.now() - yieldClock > 5) {
        await new Promise((resolve) => setImmediate(resolve));
        yieldClock = performance.now();
      }
    }
    return 'completed';
  }

  /** Greedy evaluation on the separate eval env; stops after the first GIVE_UP_AFTER_EPISODES episodes when their mean is below the threshold (evaluate.ts). */
  private evaluate(threshold: number | undefined): EvalEvent {
    const episodes = this.config.evalEpisodes;
    const result = evaluatePolicy(this.network, this.evalEnv, {
      episodes,
      seed: this.evalRng.int(2 ** 31),
      giveUpBelow: threshold !== undefined && episodes > GIVE_UP_AFTER_EPISODES ? { threshold, afterEpisodes: GIVE_UP_AFTER_EPISODES } : undefined,
    });
    const solved = threshold !== undefined && !result.abandoned && result.returns.length >= Math.min(episodes, SOLVE_EPISODES) && result.mean >= threshold;
    if (!result.abandoned && (this.bestEvalMean === null || result.mean > this.bestEvalMean)) {
      this.bestEvalMean = result.mean;
      this.bestWeights = { step: this.step, weights: this.network.getWeights('online') };
    }
    return {
      type: 'eval',
      step: this.step,
      episodes: result.returns.length,
      meanReturn: result.mean,
      stdReturn: result.std,
      minReturn: result.min,
      maxReturn: result.max,
      meanLength: result.lengths.reduce((a, b) => a + b, 0) / result.lengths.length,
      solved,
    };
  }

  /** The counters and RNG streams; with the network and replay contents, a complete snapshot. */
  state(): TrainerState {
    return {
      format: 'qlens-trainer',
      version: 1,
      step: this.step,
      episodes: this.episodes,
      trainSteps: this.trainSteps,
      recentReturns: [...this.recentReturns],
      lastLoss: this.lastLoss,
      lastMeanQ: this.lastMeanQ,
      bestEvalMean: this.bestEvalMean,
      solvedAtStep: this.solvedAtStep,
      rng: { explore: this.exploreRng.toJSON(), replay: this.replayRng.toJSON(), envSeeds: this.envSeedRng.toJSON(), eval: this.evalRng.toJSON() },
    };
  }
}

function pickCounters(s: TrainerState): Partial<DqnTrainer> {
  return {
    step: s.step,
    episodes: s.episodes,
    trainSteps: s.trainSteps,
    recentReturns: [...s.recentReturns],
    lastLoss: s.lastLoss,
    lastMeanQ: s.lastMeanQ,
    bestEvalMean: s.bestEvalMean,
    solvedAtStep: s.solvedAtStep,
  };
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
