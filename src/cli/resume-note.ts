/**
 * The line `qlens train --resume` prints before training goes on: which step it resumes from and of
 * what total. Without it the first progress line (`step 1500/4000`) was the only hint, and a user
 * could not tell a resumed run from one that restarted, nor see that --steps changed the total.
 */

/** What the note needs of the resumed run (a `TrainingRun` has it). */
export interface ResumedRun {
  trainer: { step: number };
  config: { totalTimesteps: number };
}

/**
 * `dir`: the run as the user named it; `before`: its config.json as read before resuming, whose
 * `dqn.totalTimesteps` is the total before any `--steps` given now.
 */
export function resumeNote(dir: string, run: ResumedRun, before: { dqn: Record<string, unknown> }): string {
  const { step } = run.trainer;
  const total = run.config.totalTimesteps;
  const previous = before.dqn.totalTimesteps;
  const note = `resuming ${dir} from its checkpoint at step ${step} of ${total}`;
  if (typeof previous !== 'number' || previous === total) return note;
  return `${note} (--steps ${total > previous ? 'raised' : 'lowered'} the total from ${previous})`;
}
