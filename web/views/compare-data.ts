/**
 * What the Compare view fetches, with the API the run pages use: each run's detail
 * (`GET /api/runs/:id`), then each run's whole `metrics.jsonl` page by page (`GET
 * /api/runs/:id/metrics`, as the Training view loads it), all runs at once. Each run's events go
 * into a `TrainingSeries`, the Training view's own columns, smoothed and summarised the same way.
 */
import type { RunDetailResponse } from '../../src/server/dto.ts';
import { ApiFailure, getJson, loadAllMetrics, runPath } from '../api.ts';
import { runStyle, type RunStyle } from './compare-palette.ts';
import { shortLabels } from './compare-labels.ts';
import { flattenConfig } from './compare-settings.ts';
import { TrainingSeries } from './training-series.ts';

/** One compared run: its detail, its place in the legends, and its series once loaded. */
export interface ComparedRun {
  detail: RunDetailResponse;
  label: string;
  style: RunStyle;
  /** Null until loaded, and when the metrics could not be read (`metricsError` says why). */
  series: TrainingSeries | null;
  metricsError: string | null;
  /** Byte offset in `metrics.jsonl` read up to: a run still training is followed from there. */
  next: number;
}

export type DetailsResult =
  | { ok: true; details: RunDetailResponse[] }
  /** `missing`: ids the server does not know (404); `failure`: any other error, in the server's words. */
  | { ok: false; missing: string[]; failure: string | null };

/** Every run's detail, or which ids are unknown / why the server could not answer. */
export async function loadDetails(ids: readonly string[]): Promise<DetailsResult> {
  const settled = await Promise.allSettled(ids.map((id) => getJson<RunDetailResponse>(runPath(id))));
  const missing = ids.filter((_, i) => {
    const s = settled[i]!;
    return s.status === 'rejected' && s.reason instanceof ApiFailure && s.reason.status === 404;
  });
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected' && !(s.reason instanceof ApiFailure && s.reason.status === 404));
  if (missing.length > 0 || failed) return { ok: false, missing, failure: failed ? (failed.reason as Error).message : null };
  return { ok: true, details: settled.map((s) => (s as PromiseFulfilledResult<RunDetailResponse>).value) };
}

export function comparedRuns(details: readonly RunDetailResponse[]): ComparedRun[] {
  const labels = shortLabels(
    details.map((d) => ({ id: d.run.id, name: d.run.name, preset: d.config.preset, seed: (d.config.dqn as { seed?: number }).seed, pretrained: d.run.source === 'pretrained', settings: flattenConfig(d.config) })),
  );
  return details.map((detail, i) => ({ detail, label: labels[i]!, style: runStyle(i), series: null, metricsError: null, next: 0 }));
}

/** Loads every run's metrics into `series` (or `metricsError`), smoothed with weight `smoothing`. */
export async function loadSeries(runs: readonly ComparedRun[], smoothing: number): Promise<void> {
  await Promise.all(
    runs.map(async (run) => {
      try {
        const { events, next } = await loadAllMetrics(run.detail.run.id);
        const series = new TrainingSeries((run.detail.config.dqn as { evalEpisodes?: number }).evalEpisodes ?? 0, smoothing);
        series.add(events);
        run.series = series;
        run.next = next;
      } catch (err) {
        run.metricsError = (err as Error).message;
      }
    }),
  );
}

/** True when the run has logged anything the charts draw (an episode, a training update, an evaluation or a tree measurement). */
export function hasMetrics(run: ComparedRun): boolean {
  const all = run.series?.all;
  return !!all && (all.returns.x.length > 0 || all.loss.x.length > 0 || all.evals.x.length + all.evalsEarly.x.length > 0 || all.agreement.x.length + all.agreementFinal.x.length > 0);
}

/** The runs still training (their curves grow while the page is open). */
export const stillTraining = (runs: readonly ComparedRun[]) => runs.filter((r) => r.detail.run.status === 'running' && r.series !== null);

export interface FollowResult {
  /** New events arrived, or a run's status changed: redraw. */
  changed: boolean;
  /** A run's log was rewound (a resume from a checkpoint): load everything again. */
  reset: boolean;
}

/**
 * One round of following the runs still training: each one's new events since `next`, added to
 * its series, and its detail again (its status, and its figures once it ends). A failed request
 * leaves the run as it was for the next round.
 */
export async function followRuns(runs: readonly ComparedRun[]): Promise<FollowResult> {
  const rounds = await Promise.all(
    stillTraining(runs).map(async (run) => {
      try {
        const id = run.detail.run.id;
        const [{ events, next, reset }, detail] = await Promise.all([loadAllMetrics(id, run.next), getJson<RunDetailResponse>(runPath(id))]);
        if (reset) return { changed: true, reset: true };
        run.series!.add(events);
        run.next = next;
        const ended = detail.run.status !== run.detail.run.status;
        run.detail = detail;
        return { changed: events.length > 0 || ended, reset: false };
      } catch {
        return { changed: false, reset: false };
      }
    }),
  );
  return { changed: rounds.some((r) => r.changed), reset: rounds.some((r) => r.reset) };
}
