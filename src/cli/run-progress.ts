/**
 * The progress display of a training run, for both training loops (`qlens train` and the
 * dashboard's `serveWhileTraining`): a resumed run continues its episode count and recent returns,
 * evaluations stopped early are noted, and the pause while the final tree grows is announced.
 */
import { registration } from '../../envs/index.ts';
import type { TrainingRun } from '../runs/training-run.ts';
import { TrainProgress } from './progress.ts';

export function runProgress(run: TrainingRun, show: boolean): TrainProgress {
  const resumed = run.trainer.step > 0;
  const history = resumed && show ? { episodes: run.trainer.episodes, returns: [...run.trainer.recentReturns] } : undefined;
  return new TrainProgress(run.config.totalTimesteps, run.trainer.step, show, history, run.config.evalEpisodes, registration(run.config.env)?.rewardThreshold);
}

/** What to print when training ends and the final tree starts growing (it can take seconds). */
export function finishingMessage(reason: string): string {
  const interrupted = reason === 'interrupted' ? ' (the checkpoint is written: Ctrl-C again quits at once, and the run stays resumable)' : '';
  return `growing the final tree for the saved network and measuring its fidelity…${interrupted}`;
}
