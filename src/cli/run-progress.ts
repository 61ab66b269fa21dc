/**
 * The progress display of a training run, for both training loops (`qlens train` and the
 * dashboard's `serveWhileTraining`): a resumed run continues its episode count and recent returns,
 * evaluations stopped early are noted, and the pause while the final tree grows is announced.
 */
import { registration } from '../../envs/index.ts';
import type { MimicEvent } from '../dqn/events.ts';
import { readSummary } from '../runs/run-files.ts';
import type { RunResult, TrainingRun } from '../runs/training-run.ts';
import { leafCount } from '../explain/format.ts';
import { TrainProgress } from './progress.ts';

export function runProgress(run: TrainingRun, show: boolean): TrainProgress {
  const resumed = run.trainer.step > 0;
  const history = resumed && show ? { episodes: run.trainer.episodes, returns: [...run.trainer.recentReturns] } : undefined;
  return new TrainProgress(run.config.totalTimesteps, run.trainer.step, show, history, run.config.evalEpisodes, registration(run.config.env)?.rewardThreshold);
}

/**
 * What to print when training ends and the final tree starts growing (it can take seconds). A second
 * Ctrl-C is answered between its phases (online.ts `breathe`), not inside one: the review measured
 * 2.4 s before it took effect, so "at once" was not true.
 */
export function finishingMessage(reason: string): string {
  const interrupted = reason === 'interrupted' ? ' (the checkpoint is written: Ctrl-C again quits within a few seconds, once the step under way ends, and the run stays resumable)' : '';
  return `growing the final tree for the saved network and measuring its fidelity…${interrupted}`;
}

/** The figures that close a run, for `--json`: which network was saved and how faithful its tree is. */
export function runOutcome(result: RunResult, finalTree: MimicEvent | null) {
  const summary = readSummary(result.dir);
  return {
    ...result,
    savedNetwork: summary?.model ?? null,
    bestEvalMean: summary?.bestEvalMean ?? null,
    /** Mean return of the last 100 training episodes (SB3's rollout/ep_rew_mean): known for runs too short to evaluate. */
    meanReturn100: summary?.meanReturn100 ?? null,
    tree: finalTree && { leaves: finalTree.leaves, heldOutStates: finalTree.heldOut, agreement: finalTree.agreement, rmse: finalTree.rmse },
  };
}

/** The same as lines under the closing status line: a user should not have to open summary.json to learn what training produced. */
export function outcomeLines(outcome: ReturnType<typeof runOutcome>): string[] {
  const lines: string[] = [];
  if (outcome.savedNetwork) lines.push(`saved network (model.json): ${outcome.savedNetwork}`);
  const t = outcome.tree;
  if (t) {
    lines.push(`tree (tree.json): ${leafCount(t.leaves)}, picks the saved network's action on ${(100 * t.agreement).toFixed(1)} % of ${t.heldOutStates} held-out greedy states (fidelity.json compares it with CART and a linear model)`);
  }
  return lines;
}
