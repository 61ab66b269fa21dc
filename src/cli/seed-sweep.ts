/**
 * `qlens train --seeds 1-3`: one run per seed with the same settings, one after another, then a
 * table across them. Reporting over seeds is how RL results are read (rl-baselines3-zoo and
 * CleanRL's benchmarks report several), and the runs open side by side in the dashboard's Compare view.
 */
import { basename } from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { safeId } from '../server/run-catalog.ts';
import { formatNumber, formatTable } from './table.ts';
import type { runOutcome } from './run-progress.ts';
import { MAX_SEED } from '../core/seed-range.ts';

/** At most this many seeds in one sweep: each is a whole training run. */
export const MAX_SEEDS = 100;

/** `1,2,3`, `1-5` or `0-2,7`: distinct whole numbers, in the order given. */
export function parseSeeds(text: string): number[] {
  const allowed = `a list such as 1,2,3 or a range such as 1-5 (at most ${MAX_SEEDS} distinct whole numbers from 0 to ${MAX_SEED})`;
  const invalid = () => ConfigError.invalidValue('seeds', JSON.stringify(text), allowed, '--seeds');
  const seeds: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d{1,10})\s*(?:-\s*(\d{1,10})\s*)?$/.exec(part);
    if (!m) throw invalid();
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from || to - from >= MAX_SEEDS || to > MAX_SEED) throw invalid();
    for (let s = from; s <= to; s++) seeds.push(s);
  }
  if (seeds.length > MAX_SEEDS || new Set(seeds).size !== seeds.length) throw invalid();
  return seeds;
}

type Outcome = ReturnType<typeof runOutcome>;

/** The table printed after a sweep, the spread of its returns over seeds, and where to compare the runs. */
export function sweepSummary(outcomes: readonly Outcome[], seeds: readonly number[], runsDir: string): string {
  const notStarted = seeds.slice(outcomes.length);
  const rows = outcomes.map((o, i) => ({
    seed: seeds[i],
    outcome: o.reason,
    steps: o.step,
    solvedAt: o.solvedAtStep,
    return100: o.meanReturn100,
    bestEval: o.bestEvalMean,
    treeAgreement: o.tree ? `${(100 * o.tree.agreement).toFixed(1)} %` : null,
    seconds: Number(o.wallSeconds.toFixed(1)),
    run: basename(o.dir),
  }));
  const lines = [
    formatTable(
      rows,
      ['seed', 'outcome', 'steps', 'solvedAt', 'return100', 'bestEval', 'treeAgreement', 'seconds', 'run'],
      ['seed', 'outcome', 'steps', 'solved at', 'return(100)', 'best eval', 'tree agreement', 'wall s', 'run'],
    ),
    // The two returns and the tree's figure, once: a short run has no evaluation, so return(100) is its only return.
    "return(100): mean return of the last 100 training episodes (SB3's rollout/ep_rew_mean)",
    'best eval: mean return of the best greedy evaluation (- before the first, at evalFreq steps)',
    "tree agreement: held-out greedy states where the final tree picks the network's action",
    '',
  ];
  const spread = (label: string, values: (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null);
    if (known.length > 0) lines.push(`${label} over ${known.length} of ${outcomes.length} seeds: ${meanSd(known)}`);
  };
  spread('return(100)', outcomes.map((o) => o.meanReturn100));
  spread('best eval', outcomes.map((o) => o.bestEvalMean));
  const solved = outcomes.filter((o) => o.solvedAtStep !== null).length;
  lines.push(`solved: ${solved} of ${outcomes.length}`);
  if (notStarted.length > 0) lines.push(`not started: seed${notStarted.length > 1 ? 's' : ''} ${notStarted.join(', ')}`);
  if (outcomes.length >= 2 && outcomes.length <= 8) {
    lines.push(`side by side: qlens serve --runs ${runsDir}, then open #/compare?runs=${outcomes.map((o) => safeId(basename(o.dir))).join(',')}`);
  } else if (outcomes.length > 8) lines.push('side by side: tick up to 8 of them in the dashboard’s runs list (qlens serve) and press Compare selected');
  return lines.join('\n');
}

/** `mean ± sd (min, max)`, the sample standard deviation (n - 1) as the RL papers' "mean ± std over seeds" usually is. */
function meanSd(values: number[]): string {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)) : 0;
  return `${fmt(mean)} ± ${fmt(sd)} (min ${fmt(Math.min(...values))}, max ${fmt(Math.max(...values))})`;
}

/** As the table prints its numbers (4 significant digits), so a row's return reads as the min or max here. */
const fmt = formatNumber;
