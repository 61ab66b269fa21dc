/**
 * The runs list: every run directory and pretrained agent, newest first, live runs on top. While
 * something is training the list refreshes every few seconds, and otherwise now and then, so a run
 * started in a terminal shows up as it does in TensorBoard's; a row opens the run. Each row's
 * checkbox ticks it for "Compare selected" (compare-picker.ts), which keeps the ticks across refreshes.
 */
import type { RunListItem, RunListResponse } from '../../src/server/dto.ts';
import { ApiFailure, getJson } from '../api.ts';
import { code, h, notice, replace } from '../dom.ts';
import { columnCell, DASH, fmtAgo, fmtInt, fmtPercent } from '../format.ts';
import { linkNote, quotedLinkValue } from '../link-note.ts';
import { loadPlotlyWhenIdle } from '../plotly.ts';
import { tableBox } from '../table-box.ts';
import { href } from '../router.ts';
import { sourceBadge, statusBadge } from './badges.ts';
import { ComparePicker } from './compare-picker.ts';
import { sortRuns } from './runs-sort.ts';
import { setViewParams, viewParam } from '../view-params.ts';

const REFRESH_MS = 3000;
/** With nothing training, only a new run (or a deleted one) can change the list: a slower look. */
const IDLE_REFRESH_MS = 5000;

interface Column {
  label: string;
  help?: string;
  numeric?: boolean;
  /** Hidden on narrow screens, so the run's best eval and tree agreement stay in view (its name already says its env). */
  wideOnly?: boolean;
  /** Hidden up to 1100 px too (style.css `.roomy-only`): at 1024 px the others then fit without scrolling. */
  roomyOnly?: boolean;
  /** `all`: every row of the table, for a column that prints its numbers alike (fmtColumn). */
  cell: (run: RunListItem, all: readonly RunListItem[]) => Node | string;
  /** What a click on the title sorts by (null: no value, always last); absent: not sortable. */
  sortKey?: (run: RunListItem) => number | string | null;
}

const COLUMNS: Column[] = [
  {
    label: 'Run',
    cell: (r) =>
      h(
        'div',
        { class: 'run-name' },
        h('a', { attrs: { href: href('runs', r.id) } }, ...breakable(r.name)),
        ' ',
        sourceBadge(r),
        // A run whose files cannot be read says which one, where its preset and age would be.
        r.problem ? h('div', { class: 'small warn' }, r.problem) : h('div', { class: 'muted small', title: r.createdAt }, `preset ${r.preset} · created ${fmtAgo(r.createdAt)}`),
      ),
    sortKey: (r) => r.name.toLowerCase(),
  },
  { label: 'Environment', wideOnly: true, roomyOnly: true, cell: (r) => h('span', { class: 'nowrap' }, r.env || DASH), sortKey: (r) => r.env || null },
  { label: 'Status', cell: (r) => (r.problem ? h('span', { class: 'badge status-failed', title: r.problem }, 'unreadable') : statusBadge(r)), sortKey: (r) => (r.problem ? 'unreadable' : r.status) },
  { label: 'Steps', numeric: true, help: 'Environment steps trained (of the planned total)', cell: stepsCell, sortKey: (r) => r.steps },
  { label: 'Episodes', numeric: true, wideOnly: true, cell: (r) => fmtInt(r.episodes || null), sortKey: (r) => r.episodes || null },
  { label: 'Last return', numeric: true, wideOnly: true, help: 'Return of the latest training episode (with ε-greedy exploration)', cell: columnCell((r) => r.lastReturn, 2), sortKey: (r) => r.lastReturn },
  // Kept on a narrow screen: the one return every run has once it has episodes (a short run's Best eval is often –).
  { label: 'Mean return', numeric: true, help: 'Mean return of the last 100 training episodes', cell: columnCell((r) => r.meanReturn100, 1), sortKey: (r) => r.meanReturn100 },
  // Two decimals at most, as summary.json and the network's name write a mean return.
  { label: 'Best eval', numeric: true, help: 'Best mean return of a complete greedy evaluation (ε = 0); for pretrained agents the measured return', cell: columnCell((r) => r.bestReturn, 2), sortKey: (r) => r.bestReturn },
  { label: 'Tree agreement', numeric: true, help: 'How often the LMUT tree picks the same action as the network on held-out states (the Training view’s “Tree agreement”, the Global view’s “Action agreement” of the LMUT); – when the run has no tree', cell: (r) => (r.fidelity === null ? DASH : fmtPercent(r.fidelity)), sortKey: (r) => r.fidelity },
];

const hideClass = (c: Column) => [c.wideOnly ? 'wide-only' : '', c.roomyOnly ? 'roomy-only' : ''].join(' ').trim();

/** A sort picked by clicking a column title (kept in the URL: `#/?sort=Best eval&order=desc`); null: the server's order, live runs first, newest next. */
interface Sort {
  column: Column;
  order: 'asc' | 'desc';
}

/**
 * The link's sort, and what the view says about a part of it that it cannot use (a column that
 * does not sort, an order other than asc/desc) instead of ignoring it silently.
 */
function linkedSort(): { sort: Sort | null; note: HTMLElement | null } {
  const label = viewParam('sort');
  const order = viewParam('order');
  if (label === null) return { sort: null, note: null };
  const column = COLUMNS.find((c) => c.sortKey && c.label === label);
  if (!column) {
    const sortable = COLUMNS.filter((c) => c.sortKey).map((c) => c.label).join(', ');
    return { sort: null, note: linkNote(`The link sorts by ${quotedLinkValue(label)}, which is not a column that sorts (allowed: ${sortable}), so the list keeps its usual order: live runs first, newest next.`) };
  }
  if (order !== null && order !== 'asc' && order !== 'desc') {
    return { sort: { column, order: 'desc' }, note: linkNote(`The link’s order ${quotedLinkValue(order)} is not asc or desc, so ${column.label} sorts descending.`) };
  }
  return { sort: { column, order: order === 'asc' ? 'asc' : 'desc' }, note: null };
}


/** A run's name (`CartPole-v1__default__1__1700000000`) may wrap after each `__`, so the table fits a laptop screen. */
function breakable(name: string): (string | HTMLElement)[] {
  return name.split(/(?<=__)/).flatMap((part, i) => (i === 0 ? [part] : [h('wbr'), part]));
}

function stepsCell(r: RunListItem): Node | string {
  // A pretrained agent is finished: its step count, without a progress bar (none when unknown).
  if (r.source === 'pretrained') return r.steps > 0 ? fmtInt(r.steps) : DASH;
  if (!r.totalTimesteps) return fmtInt(r.steps);
  // A finished run (solved early, completed, failed) has no progress left to show: only a running or stopped one gets the bar.
  if (r.status === 'solved' || r.status === 'completed' || r.status === 'failed') {
    return h('span', { title: `${fmtInt(r.steps)} of ${fmtInt(r.totalTimesteps)} planned steps` }, fmtInt(r.steps));
  }
  const pct = Math.min(100, (100 * r.steps) / r.totalTimesteps);
  const bar = h('span');
  bar.style.width = `${pct.toFixed(1)}%`; // CSSOM, not a style attribute: allowed by any CSP
  return h(
    'span',
    { class: 'steps', title: `${fmtInt(r.steps)} of ${fmtInt(r.totalTimesteps)} steps (${pct.toFixed(0)} %)` },
    fmtInt(r.steps),
    h('span', { class: 'progress', attrs: { 'aria-hidden': 'true' } }, bar),
  );
}

function table(listed: RunListItem[], picker: ComparePicker, sort: Sort | null, sortBy: (column: Column) => void): HTMLElement {
  const runs = sort ? sortRuns(listed, sort.column.sortKey!, sort.order) : listed;
  // Columns with a definition get a dotted underline; hovering shows it. The first column holds the compare checkboxes.
  const selectHead = h('th', { class: 'select-col', attrs: { scope: 'col' } }, h('span', { class: 'visually-hidden' }, 'Compare'));
  const title = (c: Column) => {
    const active = sort?.column === c;
    const button = h(
      'button',
      { class: 'sort', attrs: { type: 'button' }, on: { click: () => sortBy(c) } },
      h('span', null, c.label),
      h('span', { class: active ? 'sort-arrow active' : 'sort-arrow', attrs: { 'aria-hidden': 'true' } }, active ? (sort!.order === 'desc' ? '▼' : '▲') : '↕'),
    );
    const help = `${c.help ? `${c.help}. ` : ''}Click to sort${active ? ' the other way' : ''}.`;
    return h('th', { class: [c.numeric ? 'num' : '', c.help ? 'has-help' : '', hideClass(c), 'sortable'].join(' ').trim(), title: help, attrs: { scope: 'col', 'aria-sort': active ? (sort!.order === 'desc' ? 'descending' : 'ascending') : undefined } }, button);
  };
  const head = h('tr', null, selectHead, ...COLUMNS.map((c) => (c.sortKey ? title(c) : h('th', { class: [c.numeric ? 'num' : '', c.help ? 'has-help' : '', hideClass(c)].join(' ').trim() || undefined, title: c.help, attrs: { scope: 'col' } }, h('span', null, c.label)))));
  const rows = runs.map((run) => {
    const tr = h('tr', { class: 'clickable', attrs: { 'data-run': run.id } }, h('td', { class: 'select-col' }, picker.checkbox(run)), ...COLUMNS.map((c) => h('td', { class: [c.numeric ? 'num' : '', hideClass(c)].join(' ').trim() || undefined }, c.cell(run, runs))));
    // The whole row opens the run, but for its compare checkbox; the name stays a real link for keyboard and middle-click.
    tr.addEventListener('click', (e) => {
      if (!(e.target as HTMLElement).closest('a, .select-cell')) location.hash = href('runs', run.id);
    });
    return tr;
  });
  return tableBox(h('table', { class: 'runs' }, h('thead', null, head), h('tbody', null, ...rows)));
}

function emptyState(dirs: string[], agentsDir: string | null): HTMLElement {
  const where = h('span', null, 'qlens looks for runs in ', code(dirs.join(', ') || 'runs/'), ...(agentsDir ? [' and for pretrained agents in ', code(agentsDir)] : []), '.');
  return notice('empty', 'No runs yet.', where);
}

export function runsView(root: HTMLElement): () => void {
  const body = h('div', null, notice('loading', 'Loading runs…'));
  // Outside `body`, which each refresh redraws: the button keeps its focus and the ticks their runs.
  const picker = new ComparePicker();
  picker.el.hidden = true;
  root.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Runs'), h('p', { class: 'muted' }, 'Training runs and pretrained agents. Open one to see its training curves and replay its episodes; tick several to compare them.')),
    picker.el,
    body,
  );
  let timer: number | undefined;
  let stopped = false;
  let shown = '';
  let { sort, note: sortNote } = linkedSort();
  let last: RunListItem[] = [];
  const draw = () => replace(body, sortNote, table(last, picker, sort, sortBy));
  /** A first click sorts numbers high first and text A first; a second click on it reverses. */
  function sortBy(column: Column) {
    const order = sort?.column === column ? (sort.order === 'desc' ? 'asc' : 'desc') : column.numeric ? 'desc' : 'asc';
    sort = { column, order };
    sortNote = null; // the link's sort is replaced by this one
    setViewParams({ sort: column.label, order });
    draw();
  }

  const load = async () => {
    try {
      const response = await getJson<RunListResponse>('runs');
      const { runs, runsDirs, agentsDir } = response;
      if (stopped) return;
      const somethingRuns = runs.some((r) => r.status === 'running');
      // Faster while something trains; slower otherwise, for a run started elsewhere.
      timer = window.setTimeout(load, somethingRuns ? REFRESH_MS : IDLE_REFRESH_MS);
      // An unchanged list is not redrawn: hover, selection and focus stay as they are.
      const json = JSON.stringify(response);
      if (json === shown) return;
      shown = json;
      picker.setRuns(runs);
      if (runs.length === 0) {
        replace(body, emptyState(runsDirs, agentsDir), howToTrain());
      } else {
        // A keyboard user ticking boxes keeps focus on the same run's checkbox across the redraw.
        const focused = (document.activeElement as HTMLElement | null)?.closest('.compare-check')?.getAttribute('data-run');
        last = runs;
        draw();
        if (focused) body.querySelector<HTMLElement>(`.compare-check[data-run="${CSS.escape(focused)}"]`)?.focus();
      }
    } catch (err) {
      if (stopped) return;
      replace(body, notice('error', 'Could not load the runs.', (err as ApiFailure).message, { label: 'Try again', run: () => void load() }));
    }
  };
  // A run's Training charts are the next click from here: once the list is drawn, run Plotly (~0.5 s,
  // downloaded since the page booted) while the page is idle.
  void load().finally(loadPlotlyWhenIdle);
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}

function howToTrain(): HTMLElement {
  return h(
    'div',
    { class: 'card help-card' },
    h('h2', null, 'Train your first agent'),
    h('p', null, 'Train CartPole and watch it learn here, live:'),
    h('pre', null, 'npm start'),
    h('p', null, 'or train in a terminal, and it shows up here:'),
    h('pre', null, 'npx qlens train --env CartPole-v1'),
  );
}
