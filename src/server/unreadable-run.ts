/**
 * The runs-list row of a run whose files cannot be read (a corrupt or foreign `config.json` or
 * `summary.json`, a file the server may not read). Such a run stays in the list, as TensorBoard
 * keeps a run whose event file is damaged: the row carries `problem`, one line naming the file,
 * and whatever else could be read, so the user sees it and can fix or delete the folder.
 */
import { statSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { FileFormatError, QlensError } from '../core/errors.ts';
import { readRunConfig, readSummary, type RunConfigFile, type RunSummary } from '../runs/run-files.ts';
import type { RunListItem } from './dto.ts';
import type { LiveRuns } from './live-runs.ts';
import type { RunEntry } from './run-catalog.ts';

/** `err` in one line, its file named relative to the run folder (the list does not show this machine's paths). */
export function problemText(entry: RunEntry, err: unknown): string {
  if (err instanceof FileFormatError) {
    const rel = relative(entry.dir, err.file);
    const name = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : err.file;
    return `${name}: ${err.reason}`.split('\n')[0]!;
  }
  // Another expected failure (the folder vanished mid-read): in its own words.
  if (err instanceof QlensError) return err.message.split('\n')[0]!;
  // A bug: a fixed line, no internals (the run's own page answers 500 and logs it).
  return 'its files could not be read (an unexpected error)';
}

/** The row for `entry`, whose full row threw `err`: config and summary each read on their own, so a sound one still shows. */
export function unreadableRunItem(entry: RunEntry, err: unknown, liveRuns?: LiveRuns): RunListItem {
  const problems: string[] = [];
  const attempt = <T>(read: () => T): T | null => {
    try {
      return read();
    } catch (e) {
      problems.push(problemText(entry, e));
      return null;
    }
  };
  const config: RunConfigFile | null = attempt(() => readRunConfig(entry.dir));
  const summary: RunSummary | null = attempt(() => readSummary(entry.dir));
  // Config and summary read: another file broke the row (the tree, the metrics); name that one.
  if (problems.length === 0) problems.push(problemText(entry, err));
  const live = liveRuns?.get(entry.dir);
  return {
    id: entry.id,
    name: entry.name,
    env: config?.envSpec.id ?? '',
    source: live?.running ? 'live' : entry.origin,
    status: live?.running ? 'running' : (live?.status ?? summary?.status ?? 'unknown'),
    preset: config?.preset ?? '',
    // Sorts the row among the others: when the folder was last changed if config.json cannot say when the run began.
    createdAt: config?.createdAt ?? folderTime(entry.dir),
    steps: summary?.step ?? 0,
    totalTimesteps: typeof config?.dqn.totalTimesteps === 'number' ? config.dqn.totalTimesteps : null,
    episodes: summary?.episodes ?? 0,
    lastReturn: null,
    meanReturn100: summary?.meanReturn100 ?? null,
    bestReturn: summary?.bestEvalMean ?? null,
    solved: summary ? summary.solvedAtStep !== null : false,
    hasTree: false,
    treeSource: null,
    fidelity: null,
    problem: problems.join('; '),
  };
}

function folderTime(dir: string): string {
  try {
    return statSync(dir).mtime.toISOString();
  } catch {
    return new Date(0).toISOString();
  }
}
