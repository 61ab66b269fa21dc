/**
 * Training with the dashboard in the same process (`qlens start`, `qlens train --serve`): the run's
 * events stream to the browser live, the pretrained agents and other runs stay browsable, and the
 * dashboard stays up after training until Ctrl-C. The first Ctrl-C during training stops it with a
 * checkpoint.
 */
import { createApp } from '../server/app.ts';
import { closeServer, listen } from '../server/listen.ts';
import { LiveRuns } from '../server/live-runs.ts';
import { warmWebAssets } from '../server/web-bundle.ts';
import type { TrainingRun } from '../runs/training-run.ts';
import { EXTRA_PORTS, openUrl } from './listen-options.ts';
import { finishingMessage, outcomeLines, runOutcome, runProgress } from './run-progress.ts';
import { untilSignal } from './signals.ts';

export interface ServeTrainingOptions {
  runsDir: string;
  host: string;
  port: number;
  token?: string;
  /** False when the user chose the port: then a busy port is an error, not a reason to move on. */
  tryNextPorts: boolean;
  progress: boolean;
  /** One line saying what trains, printed under the URL. */
  description: (run: TrainingRun) => string;
}

/**
 * Serves the dashboard while the run `createRun` makes trains; resolves after the user quits and
 * returns the stop reason. The server listens first, so a port it cannot have fails before a run
 * directory exists, and no other program can take the port in between.
 */
export async function serveWhileTraining(createRun: () => Promise<TrainingRun>, o: ServeTrainingOptions): Promise<string> {
  const liveRuns = new LiveRuns();
  const app = createApp({ runsDirs: [o.runsDir], liveRuns, token: o.token });
  await warmWebAssets();
  const { server, url } = await listen(app, {
    host: o.host,
    port: o.port,
    extraPorts: o.tryNextPorts ? EXTRA_PORTS : 0,
    onBusy: (port) => process.stdout.write(`port ${port} is busy, trying ${port + 1}\n`),
  });
  let run: TrainingRun;
  try {
    run = await createRun();
  } catch (err) {
    await closeServer(server);
    throw err;
  }
  liveRuns.begin(run.dir, { network: run.network, evalEpisodes: run.config.evalEpisodes });
  process.stdout.write(`qlens dashboard: ${openUrl(url, o.token)}\n${o.description(run)}\nCtrl-C stops training with a checkpoint and exits\n`);

  const progress = runProgress(run, o.progress);
  let training = true;
  let reason = 'failed';
  const done = run
    .run({
      onEvent: (e) => {
        liveRuns.publish(run.dir, e);
        progress.onEvent(e);
      },
      onFinishing: (r) => progress.log(finishingMessage(r)),
    })
    .then(
      (result) => {
        liveRuns.end(run.dir, result.reason);
        reason = result.reason;
        progress.stop();
        const solved = result.solvedAtStep !== null ? `, solved at step ${result.solvedAtStep}` : '';
        const lines = [`training ${result.reason}: ${result.step} steps, ${result.episodes} episodes in ${result.wallSeconds.toFixed(1)} s${solved}`, ...outcomeLines(runOutcome(result, progress.finalTree))];
        process.stdout.write(`${lines.join('\n')}\n`);
        if (result.reason !== 'interrupted') process.stdout.write(`the dashboard stays up at ${url}; Ctrl-C to quit\n`);
      },
      (err: Error) => {
        liveRuns.end(run.dir, 'failed');
        progress.stop();
        process.stderr.write(`training failed: ${err.message}\nthe dashboard stays up at ${url}; Ctrl-C to quit\n`);
      },
    )
    .finally(() => (training = false));

  await untilSignal(() => {
    if (training) {
      progress.log('stopping: writing a checkpoint (Ctrl-C again to quit at once)');
      run.stop();
    }
  });
  await done;
  await closeServer(server);
  if (reason === 'interrupted') process.stdout.write(`resume with: qlens train --resume ${run.dir}\n`);
  return reason;
}
