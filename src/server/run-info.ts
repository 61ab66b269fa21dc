/**
 * What the dashboard shows about a run, read from its directory: `config.json`, `summary.json`,
 * the tail of `metrics.jsonl`, and for pretrained agents `model-card.json`. A live run's counters
 * come from its event stream instead, because `summary.json` is only rewritten at checkpoints.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { RUN_FILES, type RunConfigFile, readRunConfig, readSummary, type RunSummary } from '../runs/run-files.ts';
import { readJsonFile } from '../runs/json-file.ts';
import { readFidelityFile } from '../runs/fidelity-file.ts';
import { runTreeFile } from '../runs/load-tree.ts';
import { trainingProcess } from '../runs/run-lock.ts';
import type { RunDetailResponse, RunListItem } from './dto.ts';
import type { LiveRuns } from './live-runs.ts';
import type { RunEntry } from './run-catalog.ts';

export const MODEL_CARD = 'model-card.json';

/**
 * The few model-card fields the runs list needs. The card's full format belongs to whoever writes
 * the pretrained agents; unknown fields are ignored and a card that does not match is skipped.
 */
const modelCardSchema = z.object({
  meanReturn: z.number().optional(),
  solved: z.boolean().nullable().optional(),
  evaluation: z.object({ episodes: z.number().int().positive() }).partial().optional(),
  fidelity: z.object({ agreement: z.number().min(0).max(1) }).partial().optional(),
});

function readModelCard(dir: string): z.output<typeof modelCardSchema> | null {
  const path = join(dir, MODEL_CARD);
  if (!existsSync(path)) return null;
  try {
    const parsed = modelCardSchema.safeParse(readJsonFile(path));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** What the runs list reads from the end of `metrics.jsonl`. */
export interface MetricsTail {
  /** Return of the last `episode` event. */
  lastReturn: number | null;
  /** `agreement` of the last `mimic` event (the online tree's fidelity), when the run has a tree. */
  agreement: number | null;
}

const TAIL_BLOCK = 64 * 1024;
const TAIL_MAX = 1024 * 1024;

/**
 * Scans `metrics.jsonl` backwards in 64 kB blocks until it has seen both an episode and a mimic
 * event, or 1 MB: cheap for the list, and the newest values are at the end.
 */
export function readMetricsTail(metricsPath: string): MetricsTail {
  const tail: MetricsTail = { lastReturn: null, agreement: null };
  if (!existsSync(metricsPath)) return tail;
  const fd = openSync(metricsPath, 'r');
  try {
    const size = fstatSync(fd).size;
    let end = size;
    let carry = ''; // the start of a line cut by the block boundary, completed by the next block
    while (end > 0 && size - end < TAIL_MAX && (tail.lastReturn === null || tail.agreement === null)) {
      const start = Math.max(0, end - TAIL_BLOCK);
      const buf = Buffer.alloc(end - start);
      readSync(fd, buf, 0, buf.length, start);
      const lines = (buf.toString('utf8') + carry).split('\n');
      carry = start > 0 ? lines.shift()! : '';
      for (let i = lines.length - 1; i >= 0; i--) noteLine(lines[i]!, tail);
      end = start;
    }
    if (carry) noteLine(carry, tail);
    return tail;
  } finally {
    closeSync(fd);
  }
}

function noteLine(line: string, tail: MetricsTail): void {
  const wantEpisode = tail.lastReturn === null && line.includes('"episode"');
  const wantMimic = tail.agreement === null && line.includes('"mimic"');
  if (!wantEpisode && !wantMimic) return;
  try {
    const e = JSON.parse(line) as { type?: string; return?: unknown; agreement?: unknown };
    if (wantEpisode && e.type === 'episode' && typeof e.return === 'number') tail.lastReturn = e.return;
    if (wantMimic && e.type === 'mimic' && typeof e.agreement === 'number') tail.agreement = e.agreement;
  } catch {
    // a torn line
  }
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function runListItem(entry: RunEntry, liveRuns?: LiveRuns, config: RunConfigFile = readRunConfig(entry.dir)): RunListItem {
  const summary: RunSummary | null = readSummary(entry.dir);
  const card = entry.origin === 'pretrained' ? readModelCard(entry.dir) : null;
  const live = liveRuns?.get(entry.dir);
  const tail = readMetricsTail(join(entry.dir, RUN_FILES.metrics));
  const tree = runTreeFile(entry.dir, summary?.status === 'running');
  const totalTimesteps = typeof config.dqn.totalTimesteps === 'number' ? config.dqn.totalTimesteps : null;
  const item: RunListItem = {
    id: entry.id,
    name: entry.name,
    env: config.envSpec.id,
    source: live?.running ? 'live' : entry.origin,
    status: runStatus(entry, summary, live),
    preset: config.preset,
    createdAt: config.createdAt,
    steps: summary?.step ?? 0,
    totalTimesteps,
    episodes: summary?.episodes ?? 0,
    lastReturn: tail.lastReturn,
    meanReturn100: summary?.meanReturn100 ?? null,
    // A pretrained agent's card measured it on 100 fresh episodes: that, not the best evaluation during training, is its return and verdict.
    bestReturn: card?.meanReturn ?? summary?.bestEvalMean ?? null,
    solved: card?.solved ?? (summary ? summary.solvedAtStep !== null : false),
    ...(card?.meanReturn !== undefined ? { measured: { meanReturn: card.meanReturn, episodes: card.evaluation?.episodes ?? null, solved: card.solved ?? null } } : {}),
    hasTree: tree !== null,
    treeSource: tree?.source ?? null,
    // The final tree's agreement is fidelity.json's (rewritten by `qlens mimic --force`); the metrics' last one is the online tree's.
    fidelity: (tree?.source === 'final' ? finalTreeAgreement(entry.dir) : null) ?? tail.agreement ?? card?.fidelity?.agreement ?? null,
  };
  if (live?.running) {
    const p = live.progress;
    Object.assign(item, {
      status: 'running',
      steps: Math.max(item.steps, p.step),
      episodes: Math.max(item.episodes, p.episodes),
      lastReturn: p.lastReturn ?? item.lastReturn,
      meanReturn100: mean(p.recentReturns) ?? item.meanReturn100,
      bestReturn: p.bestEvalMean ?? item.bestReturn,
      solved: item.solved || p.solved,
    } satisfies Partial<RunListItem>);
  } else if (live) {
    item.status = live.status;
  }
  return item;
}

/**
 * summary.json's status, except that a run it says is training whose process is gone (killed, the
 * machine restarted) is shown stopped: `qlens train --resume` goes on from its last checkpoint, or
 * writes the final tree it was killed writing.
 */
function runStatus(entry: RunEntry, summary: RunSummary | null, live: ReturnType<LiveRuns['get']>): RunListItem['status'] {
  if (!summary) return entry.origin === 'pretrained' ? 'completed' : 'unknown';
  if (summary.status === 'running' && !live && trainingProcess(entry.dir) === null) return 'interrupted';
  return summary.status;
}

/** The LMUT's action agreement in the run's fidelity.json; null without one (or a broken one: the Global view names the problem). */
function finalTreeAgreement(dir: string): number | null {
  const path = join(dir, RUN_FILES.fidelity);
  let version: string;
  try {
    const st = statSync(path);
    version = `${st.mtimeMs}:${st.size}`;
  } catch {
    return null;
  }
  // The runs list is polled every few seconds: parse a file again only once it was rewritten.
  const known = agreements.get(path);
  if (known?.version === version) return known.agreement;
  let agreement: number | null;
  try {
    agreement = readFidelityFile(path).report.models.find((m) => m.model === 'lmut')?.agreement ?? null;
  } catch {
    agreement = null;
  }
  agreements.set(path, { version, agreement });
  return agreement;
}

/** fidelity.json's LMUT agreement per file and version (a few hundred bytes per run listed). */
const agreements = new Map<string, { version: string; agreement: number | null }>();

export function runDetail(entry: RunEntry, liveRuns?: LiveRuns): RunDetailResponse {
  const config = readRunConfig(entry.dir);
  return {
    run: runListItem(entry, liveRuns, config),
    config: {
      preset: config.preset,
      createdAt: config.createdAt,
      engine: config.engine,
      backend: config.backend,
      dqn: config.dqn,
      mimic: config.mimic ?? null,
    },
    summary: readSummary(entry.dir),
    env: config.envSpec,
  };
}
