/**
 * The dashboard's entry point: strips a `?token=` from the address bar (the server has set its
 * cookie by now), draws the navigation and routes hashes to views.
 *
 *   #/                     runs list
 *   #/runs/<id>            training curves (live while training)
 *   #/runs/<id>/replay     episode replay (`?seed=N&policy=tree&step=K`; a step opens there, paused)
 *   #/runs/<id>/inspect    state inspector (`?obs=…`: the state)
 *   #/runs/<id>/tree       the tree (`?obs=…`: highlight that state's path; `?node=N`: open node N)
 *   #/runs/<id>/global     influence, rules, fidelity, exports
 *   #/compare?runs=<id>,…  2–8 runs of one env overlaid (ids URL-encoded, comma-separated)
 */
import { h, notice, replace } from './dom.ts';
import { startPlotlyDownload } from './plotly.ts';
import { currentRoute, href, type Route, type View, startRouter } from './router.ts';
import { compareView } from './views/compare.ts';
import { checkCompareIds, compareTitle, idsOfLocation } from './views/compare-url.ts';
import { globalView } from './views/global.ts';
import { inspectorView } from './views/inspector.ts';
import { replayView } from './views/replay.ts';
import './views/attributions-panel.ts'; // fills the inspector's network-attributions slot
import './views/replay-tree.ts'; // registers the tree's replay extension
import { treeView } from './views/tree.ts';
import { runsView } from './views/runs.ts';
import { trainingView } from './views/training.ts';

/** Tabs of a run page; other names people type for them lead to the same view. */
const TABS: Record<string, View> = { replay: replayView, inspect: inspectorView, tree: treeView, global: globalView };
const TAB_ALIASES: Record<string, string> = { training: '', train: '', inspector: 'inspect', episodes: 'replay', rules: 'global', fidelity: 'global' };

function resolveView(route: Route): View {
  const [first, id, tab] = route.segments;
  if (first === undefined || (first === 'runs' && id === undefined)) return runsView;
  if (first === 'compare' && id === undefined) return compareView;
  if (first === 'runs' && id !== undefined) {
    if (tab === undefined) return trainingView;
    // Own keys only: `constructor` is not a tab.
    if (Object.hasOwn(TABS, tab)) return TABS[tab]!;
    if (Object.hasOwn(TAB_ALIASES, tab)) {
      const alias = TAB_ALIASES[tab]!;
      return () => {
        // Built from the route, keeping its query (?obs=…, ?seed=…): only the tab's name changes.
        const to = alias ? href('runs', id, alias) : href('runs', id);
        const query = location.hash.split('?', 2)[1];
        location.replace(query ? `${to}?${query}` : to);
      };
    }
    return (root) => {
      const tabs = ['training (the run page itself)', ...Object.keys(TABS)].join(', ');
      root.append(notice('empty', `This run has no “${tab}” tab.`, `Its tabs are: ${tabs}.`, { label: 'Open the run', run: () => (location.hash = href('runs', id)) }));
    };
  }
  return (root) => {
    root.append(notice('empty', 'There is no such page.', 'qlens pages start with #/runs (or #/compare). The link may be mistyped or from a newer version of qlens.', { label: 'Go to the runs list', run: () => (location.hash = '#/') }));
  };
}

/** Views that run Plotly as they open (the runs list when the page is idle): they use a preload. */
const CHART_VIEWS = new Set<View>([runsView, trainingView, replayView, inspectorView, globalView, compareView]);

/** Whether the route's view runs Plotly: Compare not when its link names no runs to compare (it only says so). */
function drawsCharts(route: Route): boolean {
  const view = resolveView(route);
  // The raw query, as the view reads it: ids split on literal commas.
  if (view === compareView) return checkCompareIds(idsOfLocation()) === null;
  return CHART_VIEWS.has(view);
}

const TAB_TITLES: Record<string, string> = { '': 'Training', replay: 'Episode replay', inspect: 'Inspector', tree: 'Tree', global: 'Global' };

/** The tab's title names the page, so tabs and history entries tell runs and views apart (they all read "qlens dashboard"). */
function pageTitle(route: Route): string {
  const [first, id, tab = ''] = route.segments;
  if (first === 'compare' && id === undefined) {
    // The count only for a link the view compares (not "Compare 1 runs" over its notice).
    const ids = idsOfLocation();
    return compareTitle(ids && checkCompareIds(ids) === null ? ids.length : undefined);
  }
  if (first === undefined || (first === 'runs' && id === undefined)) return 'Runs · qlens';
  if (first !== 'runs' || id === undefined) return 'No such page · qlens';
  // A pretrained agent's id is pretrained~<env>; a run's is its folder name.
  const run = id.startsWith('pretrained~') ? `${id.slice('pretrained~'.length)} (pretrained)` : id;
  return `${run} · ${Object.hasOwn(TAB_TITLES, tab) ? TAB_TITLES[tab] : 'No such tab'} · qlens`;
}

function drawNav(nav: HTMLElement, route: Route): void {
  document.title = pageTitle(route);
  const onRuns = route.segments[0] === undefined || route.segments[0] === 'runs' || route.segments[0] === 'compare';
  replace(nav, h('a', { attrs: { href: '#/', 'aria-current': onRuns ? 'page' : undefined } }, 'Runs'));
}

function main(): void {
  const url = new URL(location.href);
  if (url.searchParams.has('token')) {
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  const view = document.getElementById('view')!;
  const nav = document.getElementById('nav')!;
  if (drawsCharts(currentRoute())) startPlotlyDownload();
  startRouter(view, resolveView, (route) => drawNav(nav, route));
}

main();
