/**
 * The training curves as growing columns of numbers. `add(events)` appends to the series and
 * returns only the new points, which the charts hand to `Plotly.extendTraces`: a live run adds a
 * few points per second without redrawing thousands.
 */
import type { MimicEvent, RunEvent } from '../../src/server/dto.ts';
import { DEFAULT_SMOOTHING, Smoother } from './smoothing.ts';

/** Episodes in the rolling mean (SB3's ep_rew_mean and our meanReturn100 use 100). */
export const ROLLING_WINDOW = 100;

export interface Column {
  x: number[];
  y: number[];
  /** Error bars above and below y (eval: up to the best and down to the worst episode, so they stay within the returns an env allows). */
  errUp?: number[];
  errDown?: number[];
}

/**
 * `evals`: complete greedy evaluations; `evalsEarly`: ones the trainer stopped after its first episodes
 * (GIVE_UP_AFTER_EPISODES) whose mean was below the threshold. The tree's series come from `mimic` events: `…Final` is the tree grown for the saved
 * network at the end (Active Play), the others the tree tracking the network while it trained.
 * `returnsSmooth` and `lossSmooth`: `returns` and `loss` smoothed as TensorBoard does (smoothing.ts).
 */
export type SeriesName =
  | 'returns' | 'returnsSmooth' | 'rolling' | 'evals' | 'evalsEarly' | 'loss' | 'lossSmooth' | 'meanQ' | 'epsilon'
  | 'leaves' | 'leavesFinal' | 'depth' | 'agreement' | 'agreementFinal' | 'rmse' | 'rmseFinal';

export type Delta = Record<SeriesName, Column>;

const emptyDelta = (): Delta => ({
  returns: { x: [], y: [] },
  returnsSmooth: { x: [], y: [] },
  rolling: { x: [], y: [] },
  evals: { x: [], y: [], errUp: [], errDown: [] },
  evalsEarly: { x: [], y: [], errUp: [], errDown: [] },
  loss: { x: [], y: [] },
  lossSmooth: { x: [], y: [] },
  meanQ: { x: [], y: [] },
  epsilon: { x: [], y: [] },
  leaves: { x: [], y: [] },
  leavesFinal: { x: [], y: [] },
  depth: { x: [], y: [] },
  agreement: { x: [], y: [] },
  agreementFinal: { x: [], y: [] },
  rmse: { x: [], y: [] },
  rmseFinal: { x: [], y: [] },
});

/** The worst and best episode of each evaluation, as logged (the error bars hold them as offsets from the mean). */
export interface EvalRange {
  min: number[];
  max: number[];
}

export class TrainingSeries {
  /**
   * `evalEpisodes`: episodes of a complete evaluation (the trainer stops one early when its first episodes' mean is below the threshold).
   * `smoothing`: TensorBoard's smoothing weight for `returnsSmooth` and `lossSmooth` (0: none).
   */
  constructor(
    private readonly evalEpisodes = 0,
    smoothing = DEFAULT_SMOOTHING,
  ) {
    this.returnSmoother = new Smoother(smoothing);
    this.lossSmoother = new Smoother(smoothing);
  }

  readonly all: Delta = emptyDelta();
  readonly evalRanges: Record<'evals' | 'evalsEarly', EvalRange> = { evals: { min: [], max: [] }, evalsEarly: { min: [], max: [] } };
  lastStep = 0;
  episodes = 0;
  lastEpsilon: number | null = null;
  bestEval: number | null = null;
  /** The best evaluation stopped after its first episodes (its mean, over how many): what there is to show when none completed. */
  bestEarlyEval: { mean: number; episodes: number } | null = null;
  solvedAtStep: number | null = null;
  /** The latest tree measurement (size and fidelity), when the run has a mimic. */
  lastMimic: MimicEvent | null = null;
  private readonly window: number[] = [];
  private windowSum = 0;
  private returnSmoother: Smoother;
  private lossSmoother: Smoother;

  get smoothing(): number {
    return this.returnSmoother.weight;
  }

  /**
   * Smooths `returnsSmooth` and `lossSmooth` again with weight `w`, in place (the arrays stay the
   * same), from their raw series; later `add`s go on with `w`. Only when the weight changes: new
   * events smooth only their own points.
   */
  setSmoothing(w: number): void {
    const redo = (raw: Column, smoothed: Column): Smoother => {
      const s = new Smoother(w);
      smoothed.x.length = 0;
      smoothed.y.length = 0;
      raw.x.forEach((x, i) => {
        smoothed.x.push(x);
        smoothed.y.push(s.next(raw.y[i]!));
      });
      return s;
    };
    this.returnSmoother = redo(this.all.returns, this.all.returnsSmooth);
    this.lossSmoother = redo(this.all.loss, this.all.lossSmooth);
  }

  /** Appends `events` and returns the points they added to each series. */
  add(events: readonly RunEvent[]): Delta {
    const delta = emptyDelta();
    const push = (name: SeriesName, x: number, y: number, range?: { min: number; max: number }) => {
      for (const target of [delta[name], this.all[name]]) {
        target.x.push(x);
        target.y.push(y);
        if (range !== undefined) {
          target.errUp!.push(range.max - y);
          target.errDown!.push(y - range.min);
        }
      }
    };
    for (const e of events) {
      this.lastStep = Math.max(this.lastStep, e.step);
      if (e.type === 'episode') {
        this.episodes = e.episode;
        this.lastEpsilon = e.epsilon;
        push('returns', e.step, e.return);
        push('returnsSmooth', e.step, this.returnSmoother.next(e.return));
        push('epsilon', e.step, e.epsilon);
        this.window.push(e.return);
        this.windowSum += e.return;
        if (this.window.length > ROLLING_WINDOW) this.windowSum -= this.window.shift()!;
        push('rolling', e.step, this.windowSum / this.window.length);
      } else if (e.type === 'train') {
        push('loss', e.step, e.loss);
        push('lossSmooth', e.step, this.lossSmoother.next(e.loss));
        push('meanQ', e.step, e.meanQ);
        this.lastEpsilon = e.epsilon;
      } else if (e.type === 'eval') {
        // Like the trainer's bestEvalMean: only complete evaluations count as best.
        const complete = e.episodes >= this.evalEpisodes;
        push(complete ? 'evals' : 'evalsEarly', e.step, e.meanReturn, { min: e.minReturn, max: e.maxReturn });
        this.evalRanges[complete ? 'evals' : 'evalsEarly'].min.push(e.minReturn);
        this.evalRanges[complete ? 'evals' : 'evalsEarly'].max.push(e.maxReturn);
        if (complete) this.bestEval = this.bestEval === null ? e.meanReturn : Math.max(this.bestEval, e.meanReturn);
        else if (this.bestEarlyEval === null || e.meanReturn > this.bestEarlyEval.mean) this.bestEarlyEval = { mean: e.meanReturn, episodes: e.episodes };
        if (e.solved && this.solvedAtStep === null) this.solvedAtStep = e.step;
      } else if (e.type === 'mimic') {
        const final = e.phase === 'final';
        push(final ? 'leavesFinal' : 'leaves', e.step, e.leaves);
        if (!final) push('depth', e.step, e.depth);
        push(final ? 'agreementFinal' : 'agreement', e.step, 100 * e.agreement);
        push(final ? 'rmseFinal' : 'rmse', e.step, e.rmse);
        this.lastMimic = e;
      }
    }
    return delta;
  }

  get meanReturn100(): number | null {
    return this.window.length ? this.windowSum / this.window.length : null;
  }

  get lastReturn(): number | null {
    const y = this.all.returns.y;
    return y.length ? y[y.length - 1]! : null;
  }
}
