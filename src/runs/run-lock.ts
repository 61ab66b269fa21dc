/**
 * One trainer per run folder. While a process trains a run (new or resumed), `train.lock` in the
 * folder holds its pid; a second `qlens train --resume` of the same run, or a `qlens mimic` writing
 * the run's own tree, is refused instead of interleaving its writes (duplicate, out-of-order
 * metrics and a checkpoint deleted under the other process). A lock whose process is gone (killed,
 * crashed) is stale and taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.ts';

export const LOCK_FILE = 'train.lock';

/** The pid of the live process training `dir`, or null when none is. */
export function trainingProcess(dir: string): number | null {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(join(dir, LOCK_FILE), 'utf8'), 10);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return pid;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null; // EPERM: it exists, as another user's
  }
}

/** What to do about a run another process trains, when the command would train it too. */
export const WAIT_TO_RESUME = 'wait for it to end (or stop it with Ctrl-C), then resume it';

/** Throws, naming the process and `advice`, when a live process trains `dir`. */
export function refuseIfTraining(dir: string, advice: string): void {
  const pid = trainingProcess(dir);
  if (pid !== null) throw new ConfigError('run', `${dir} is being trained by process ${pid}: ${advice}`);
}

/** Takes `dir` for this process; returns the release. Throws when a live process holds it. */
export function lockRun(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      return () => {
        if (trainingProcess(dir) === process.pid) rmSync(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      refuseIfTraining(dir, WAIT_TO_RESUME);
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  throw new ConfigError('run', `${dir}: could not take ${LOCK_FILE} (another process keeps creating it)`);
}
