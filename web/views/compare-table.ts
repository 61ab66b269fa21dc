/**
 * The Compare view's two tables: one row per run with the figures the runs list and the Training
 * view's headline show (each run's swatch and legend label beside its name, so a row and its lines
 * in the charts are matched at a glance), then the settings that differ between the runs, one
 * column per run.
 */
import { h, swatch } from '../dom.ts';
import { tableBox } from '../table-box.ts';
import { columnCell, DASH, fmtInt, fmtPercent } from '../format.ts';
import { href } from '../router.ts';
import { statusBadge } from './badges.ts';
import type { ComparedRun } from './compare-data.ts';
import { differingSettings } from './compare-settings.ts';

/** 9.5 s, 2 min 05 s, 1 h 12 min: wall time of a run as read at a glance. */
export function fmtDuration(seconds: number | null | undefined): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return DASH;
  if (Math.round(seconds * 10) < 100) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** The run's legend swatch and label, as the charts' legends name it. */
export function runKey(run: ComparedRun): HTMLElement {
  return h('span', { class: 'run-key' }, swatch(run.style.color), run.label);
}

/** A run's folder name that may wrap only after its `__` separators (`CartPole-v1__cleanrl__1__…`), never mid-word. */
function breakableName(name: string): DocumentFragment {
  const out = document.createDocumentFragment();
  name.split(/(?<=__)/).forEach((part, i) => {
    if (i > 0) out.append(h('wbr'));
    out.append(part);
  });
  return out;
}

interface Column {
  label: string;
  help?: string;
  numeric?: boolean;
  /** Hidden on narrow screens (style.css `.wide-only`): the run's label beside its name already says what tells it apart. */
  wideOnly?: boolean;
  /** `all`: every compared run, for a column that prints its numbers alike (fmtColumn). */
  cell: (run: ComparedRun, all: readonly ComparedRun[]) => Node | string;
}


const summary = (run: ComparedRun) => run.detail.summary as { wallSeconds?: number; solvedAtStep?: number | null } | null;

function solvedAt(run: ComparedRun): string {
  const step = summary(run)?.solvedAtStep ?? run.series?.solvedAtStep ?? null;
  if (step !== null) return fmtInt(step);
  // No threshold to reach, or nothing trained yet to have reached it.
  if (run.detail.env.rewardThreshold === undefined || !(run.detail.run.steps || run.series?.lastStep)) return DASH;
  return run.detail.run.status === 'running' ? 'not yet' : 'not solved';
}

const COLUMNS: Column[] = [
  {
    label: 'Run',
    cell: (r) => h('div', { class: 'compare-run' }, h('a', { attrs: { href: href('runs', r.detail.run.id) } }, breakableName(r.detail.run.name)), h('div', { class: 'muted small' }, runKey(r))),
  },
  { label: 'Preset', wideOnly: true, cell: (r) => h('span', { class: 'nowrap' }, r.detail.config.preset) },
  { label: 'Seed', numeric: true, wideOnly: true, cell: (r) => fmtInt((r.detail.config.dqn as { seed?: number }).seed) },
  { label: 'Status', cell: (r) => statusBadge(r.detail.run) },
  { label: 'Steps', numeric: true, help: 'Environment steps trained', cell: (r) => fmtInt(r.detail.run.steps || r.series?.lastStep || null) },
  { label: 'Best eval', numeric: true, help: 'Best mean return of a complete greedy evaluation (ε = 0); for pretrained agents the measured return', cell: columnCell((r) => r.detail.run.bestReturn, 2) },
  { label: 'Mean return', numeric: true, help: 'Mean return of the last 100 training episodes (with ε-greedy exploration)', cell: columnCell((r) => r.detail.run.meanReturn100 ?? r.series?.meanReturn100, 1) },
  { label: 'Solved at step', numeric: true, help: 'First greedy evaluation whose mean reached the env’s reward threshold', cell: solvedAt },
  { label: 'Tree agreement', numeric: true, help: 'How often the LMUT tree picks the network’s action on held-out states (latest measurement); – without a tree', cell: (r) => fmtPercent(r.detail.run.fidelity) },
  { label: 'Wall time', numeric: true, help: 'Training time on the clock, as summary.json records it', cell: (r) => fmtDuration(summary(r)?.wallSeconds) },
];

const classes = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ') || undefined;

const headCell = (c: Column) => h('th', { class: classes(c.numeric && 'num', c.help && 'has-help', c.wideOnly && 'wide-only'), title: c.help, attrs: { scope: 'col' } }, h('span', null, c.label));

export function summaryTable(compared: readonly ComparedRun[]): HTMLElement {
  // A copy per drawing: columns work out their decimals once per rows array (columnCell), and the
  // view redraws the same runs when their metrics arrive.
  const runs = compared.slice();
  return tableBox(
    h(
      'table',
      { class: 'data compare-summary' },
      h('thead', null, h('tr', null, ...COLUMNS.map(headCell))),
      h('tbody', null, ...runs.map((run) => h('tr', { attrs: { 'data-run': run.detail.run.id } }, ...COLUMNS.map((c) => h('td', { class: classes(c.numeric && 'num', c.wideOnly && 'wide-only') }, c.cell(run, runs)))))),
    ),
  );
}

/** "Settings that differ": a row per setting whose values are not the same in every run. */
export function settingsSection(runs: readonly ComparedRun[]): HTMLElement {
  const rows = differingSettings(runs.map((r) => r.detail.config));
  const title = h('h2', null, 'Settings that differ');
  if (rows.length === 0) {
    return h('section', { class: 'card compare-settings' }, title, h('p', { class: 'muted small' }, `These ${runs.length} runs share every setting, seed included.`));
  }
  const head = h('tr', null, h('th', { attrs: { scope: 'col' } }, 'Setting'), ...runs.map((r) => h('th', { attrs: { scope: 'col' }, title: r.detail.run.name }, runKey(r))));
  const body = rows.map((row) =>
    h('tr', { attrs: { 'data-setting': row.key } }, h('th', { attrs: { scope: 'row' } }, h('code', null, row.key)), ...row.values.map((v) => h('td', { class: 'setting-value' }, v))),
  );
  return h(
    'section',
    { class: 'card compare-settings' },
    title,
    h('p', { class: 'muted small' }, `The resolved settings (config.json) whose values are not the same in every run; every other setting is shared.${rows.some((r) => r.key.startsWith('mimic')) ? ' The mimic rows are the online tree’s settings.' : ''}`),
    tableBox(h('table', { class: 'data' }, h('thead', null, head), h('tbody', null, ...body))),
  );
}
