/**
 * Compare view (`#/compare?runs=<id>,<id>,…`), TensorBoard's run overlay: two to eight runs of one
 * environment side by side. A summary row per run, the settings that tell them apart, then their
 * curves overlaid against environment steps, one look per run. Each run's metrics are loaded whole
 * with the paged metrics API; runs still training are followed, their curves growing as they log.
 * A link that cannot be compared (a repeat, unknown ids, one run, more than eight, several
 * environments) says what is wrong and offers the nearest comparison that works, or the runs list.
 */
import { h, notice, replace } from '../dom.ts';
import { plotly } from '../plotly.ts';
import { href } from '../router.ts';
import { compareCharts, type CompareChart } from './compare-charts.ts';
import { type ComparedRun, comparedRuns, followRuns, hasMetrics, loadDetails, loadSeries, stillTraining } from './compare-data.ts';
import { compareCsv } from './compare-csv.ts';
import { identicalRuns } from './compare-identical.ts';
import { joinAnd } from '../../src/explain/format.ts';
import { settingsSection, summaryTable } from './compare-table.ts';
import { checkCompareIds, compareHref, type CompareProblem, compareTitle, idsOfLocation } from './compare-url.ts';
import { csvFilename, downloadCsv } from './training-csv.ts';
import { storedSmoothing, trainingToolbar } from './training-toolbar.ts';

/** How often the logs of runs still training are read again. */
const FOLLOW_MS = 2000;

const toList = { label: 'Back to the runs list', run: () => (location.hash = '#/') };
const compareThese = (ids: string[], label: string) => ({ label, run: () => (location.hash = compareHref(ids)) });
const crumbs = () => h('nav', { class: 'crumbs', attrs: { 'aria-label': 'Breadcrumb' } }, h('a', { attrs: { href: '#/' } }, 'Runs'), ' / ');
const quoted = (ids: readonly string[]) => ids.map((id) => `“${id}”`).join(', ');

function problemNotice(p: CompareProblem): HTMLElement {
  const action = p.instead ? compareThese(p.instead, `Compare ${p.instead.length === 2 ? 'the two runs' : `${p.instead.length} runs`} instead`) : p.single ? { label: 'Open that run', run: () => (location.hash = href('runs', p.single!)) } : toList;
  return notice('error', p.title, p.detail, action);
}

function missingNotice(ids: readonly string[], missing: readonly string[]): HTMLElement {
  const known = ids.filter((id) => !missing.includes(id));
  const title = missing.length === 1 ? `There is no run “${missing[0]}”.` : `There are no runs ${quoted(missing)}.`;
  const detail = `${missing.length === 1 ? 'It' : 'They'} may have been deleted or moved, or the link mistyped. The runs list shows every run this server can see.`;
  return notice('error', title, detail, known.length >= 2 ? compareThese(known, `Compare the other ${known.length}`) : toList);
}

function envNotice(runs: readonly ComparedRun[]): HTMLElement {
  const byEnv = new Map<string, string[]>();
  for (const r of runs) byEnv.set(r.detail.env.id, [...(byEnv.get(r.detail.env.id) ?? []), r.detail.run.id]);
  const groups = [...byEnv].sort((a, b) => b[1].length - a[1].length);
  const list = groups.map(([env, ids]) => `${env} (${ids.length} run${ids.length === 1 ? '' : 's'})`).join(', ');
  const [env, ids] = groups[0]!;
  return notice(
    'error',
    `These runs are of different environments: ${list}.`,
    'Runs are compared within one environment: returns, losses and settings of different tasks are not on one scale. Pick runs of one environment.',
    ids.length >= 2 ? compareThese(ids, `Compare the ${ids.length} ${env} runs`) : toList,
  );
}

function notes(runs: readonly ComparedRun[]): HTMLElement[] {
  const out: HTMLElement[] = [];
  const training = stillTraining(runs);
  if (training.length > 0) {
    out.push(h('p', { class: 'compare-note small live', attrs: { role: 'status', 'data-live': training.map((r) => r.detail.run.id).join(',') } }, `● Live: ${training.map((r) => r.label).join(', ')} still training; the curves follow as new points are logged.`));
  }
  for (const r of runs.filter((r) => r.metricsError !== null)) out.push(h('p', { class: 'compare-note small warn', attrs: { role: 'alert' } }, `Could not load the metrics of ${r.label} (${r.detail.run.name}): ${r.metricsError} It is left out of the charts.`));
  const empty = runs.filter((r) => r.metricsError === null && !hasMetrics(r));
  if (empty.length > 0) {
    const names = empty.map((r) => `${r.label} (${r.detail.run.name}${r.detail.run.source === 'pretrained' ? ', a pretrained agent shipped without its training log' : ''})`).join(', ');
    out.push(h('p', { class: 'compare-note small', attrs: { role: 'status', 'data-no-metrics': empty.map((r) => r.detail.run.id).join(',') } }, `No metrics logged yet, so not in the charts: ${names}.`));
  }
  for (const group of identicalRuns(runs)) {
    const names = joinAnd(group.map((r) => `${r.label} (${r.detail.run.name})`));
    out.push(
      h(
        'p',
        { class: 'compare-note small', attrs: { role: 'status', 'data-identical': group.map((r) => r.detail.run.id).join(',') } },
        `${names} logged the very same episodes (training with one seed and the same settings repeats itself), so their curves lie on top of each other and the last drawn hides ${group.length === 2 ? 'the other' : 'the others'}. Click a run in a legend to hide it and see the one under it.`,
      ),
    );
  }
  return out;
}

export function compareView(root: HTMLElement): () => void {
  let closed = false;
  let followTimer: number | undefined;
  let charts: CompareChart[] = [];
  const ids = idsOfLocation();
  const problem = checkCompareIds(ids);
  const head = h('div', { class: 'page-head' }, crumbs(), h('h1', null, 'Compare runs'));
  const body = h('div', null);
  root.append(head, body);
  if (problem || ids === null) {
    body.append(problemNotice(problem!));
    return () => undefined;
  }
  void plotly().catch(() => undefined); // evaluate Plotly while the data loads
  body.append(notice('loading', `Loading ${ids.length} runs…`));

  void (async () => {
    const result = await loadDetails(ids);
    if (closed) return;
    if (!result.ok) {
      document.title = compareTitle(); // main.ts titled the link by its count before the runs loaded
      replace(body, result.missing.length > 0 ? missingNotice(ids, result.missing) : notice('error', 'Could not load the runs.', result.failure ?? '', { label: 'Try again', run: () => window.dispatchEvent(new HashChangeEvent('hashchange')) }));
      return;
    }
    const runs = comparedRuns(result.details);
    if (new Set(runs.map((r) => r.detail.env.id)).size > 1) {
      document.title = compareTitle(); // main.ts titled the link by its count before the runs loaded
      replace(body, envNotice(runs));
      return;
    }
    const env = runs[0]!.detail.env.id;
    replace(head, crumbs(), h('h1', null, `Compare ${runs.length} runs · ${env}`), h('p', { class: 'muted' }, 'Their figures, the settings that tell them apart, and their curves overlaid against environment steps. Click a run in a legend to hide or show it.'));
    const chartsEl = h('div', null, notice('loading', 'Loading the runs’ metrics…'));
    const summaryEl = h('div', null, summaryTable(runs));
    replace(body, summaryEl, settingsSection(runs), chartsEl);
    const smoothing = storedSmoothing();
    await loadSeries(runs, smoothing); // a run whose metrics fail keeps its error and is left out of the charts
    if (closed) return;
    replace(summaryEl, summaryTable(runs)); // again, with what only the metrics say (steps and solve of a run without summary.json)
    charts = compareCharts(runs);
    const toolbar = trainingToolbar({
      smoothing,
      onSmoothing: (w) => {
        if (closed) return;
        for (const r of runs) r.series?.setSmoothing(w);
        for (const c of charts) if (c.id === 'returns' || c.id === 'loss') void c.draw();
      },
      onDownload: () => downloadCsv(csvFilename(`compare-${env}`), compareCsv(runs)),
      downloadTitle: 'Every run’s raw values as one CSV: run, step, series, value',
    });
    const notesEl = h('div', null, ...notes(runs));
    replace(chartsEl, toolbar, notesEl, charts[0]!.el, h('div', { class: 'chart-grid compare-grid' }, ...charts.slice(1).map((c) => c.el)));
    for (const c of charts) void c.draw();

    // Runs still training are followed by polling their logs (TensorBoard reloads too): one
    // request per run per round, where a stream per run could use up the browser's six connections.
    const follow = async () => {
      if (closed || stillTraining(runs).length === 0) return;
      const { changed, reset } = await followRuns(runs);
      if (closed) return;
      if (reset) return window.dispatchEvent(new HashChangeEvent('hashchange'));
      if (changed) {
        replace(summaryEl, summaryTable(runs));
        replace(notesEl, ...notes(runs));
        for (const c of charts) void c.draw();
      }
      followTimer = window.setTimeout(() => void follow(), FOLLOW_MS);
    };
    followTimer = window.setTimeout(() => void follow(), FOLLOW_MS);
  })();

  return () => {
    closed = true;
    window.clearTimeout(followTimer);
    for (const c of charts) c.destroy();
  };
}
