/**
 * The Tree view's side panel: one node in full (`GET /api/runs/:id/tree/nodes/:nodeId`): what it
 * tests, how many training samples reached it (its region's count, `regionSamples`), the conditions that lead to it, the Q-values and
 * greedy action at its mean state, and its linear models written out, plus links to open it and to
 * inspect its mean state.
 */
import type { TreeNodeDetail } from '../../src/server/dto.ts';
import { getJson, runPath } from '../api.ts';
import { conditionLabels } from '../interval.ts';
import { h, replace } from '../dom.ts';
import { fmtInt, fmtNum, fmtQs, fmtThreshold, humanize } from '../format.ts';
import { modelList } from '../linear-form.ts';
import { inspectHref } from '../state-link.ts';
import { actionSwatch } from '../plotly.ts';
import { cardNote } from './tree-required.ts';
import { REGION_SAMPLES_TEXT } from '../../src/explain/grown-text.ts';

const DETAILS_HINT = 'Click a node to see its split, the samples that reached it, its Q-values and its linear models.';

/** What the samples count means (the server's `regionSamples`), on hover of the fact. */
const SAMPLES_HELP = `Training samples that fell in this node’s region. ${REGION_SAMPLES_TEXT}`;

export function renderDetails(d: TreeNodeDetail, runId: string, featureNames: string[], actionNames: string[], toggle: { open: boolean; run: () => void } | null): HTMLElement[] {
  const split = d.split;
  const facts: [string, string, string?][] = [
    ['Depth', String(d.depth)],
    ['Training samples that reached it', fmtInt(d.samples), SAMPLES_HELP],
    ...(d.isLeaf ? [] : ([['Leaves below', fmtInt(d.leaves)]] as [string, string][])),
    ['Greedy action at its mean state', humanize(actionNames[d.greedyAction]!)],
  ];
  // The test reads as a sentence above the facts: squeezed into their value column it wrapped over six lines.
  const test =
    split?.kind === 'threshold'
      ? h('p', { class: 'node-test' }, h('strong', null, `${humanize(split.featureName)} ≤ ${fmtThreshold(split.threshold)}`), `? yes → #${d.children[0]} (left), no → #${d.children[1]} (right)`)
      : null;
  const conditions = conditionLabels(d);
  // Near ties keep the digits that tell the greedy action's Q apart (57.9816 vs 57.9807, not 57.98 twice).
  const q = fmtQs(d.q.map((v) => v ?? NaN));
  return [
    h('h2', null, d.isLeaf ? `Leaf #${d.id}` : `Node #${d.id}`),
    ...(test ? [test] : []),
    h('dl', { class: 'facts-list' }, ...facts.flatMap(([k, v, title]) => [h('dt', title ? { title } : null, k), h('dd', title ? { title } : null, v)])),
    h('h3', null, 'Conditions to reach it'),
    conditions.length ? h('ul', { class: 'plain-list small' }, ...conditions.map((c) => h('li', null, c))) : h('p', { class: 'muted small' }, 'None: this is the root.'),
    h('h3', null, 'Q at its mean state'),
    h('table', { class: 'kv' }, h('tbody', null, ...d.q.map((_, a) => h('tr', null, h('th', { attrs: { scope: 'row' } }, actionSwatch(a), humanize(actionNames[a]!)), h('td', { class: 'num' }, q[a]!))))),
    h('h3', null, d.isLeaf ? 'Linear models (what the leaf predicts)' : 'Linear models when it split (no longer used to predict)'),
    modelList(d.model.actions, featureNames, actionSwatch, { mean: d.model.mean, action: d.greedyAction }),
    h('details', null, h('summary', null, 'Mean state of its samples'), h('table', { class: 'kv' }, h('tbody', null, ...d.model.mean.map((v, i) => h('tr', null, h('th', { attrs: { scope: 'row' } }, humanize(featureNames[i]!)), h('td', { class: 'num' }, fmtNum(v, 4))))))),
    h(
      'div',
      { class: 'toolbar details-actions' },
      toggle ? h('button', { class: 'button', attrs: { type: 'button' }, on: { click: toggle.run } }, toggle.open ? 'Collapse' : 'Expand') : null,
      h('a', { class: 'button', attrs: { href: inspectHref(runId, d.model.mean, { from: 'tree', node: d.id }) } }, 'Inspect its mean state →'),
    ),
  ];
}

/** The panel with no node selected. */
export function detailsHint(): HTMLElement {
  return h('p', { class: 'muted' }, DETAILS_HINT);
}

/**
 * Loads node `id` into `panel`; returns the detail (for the path of conditions), or null on failure.
 * `pin` is the TreeStore's `version=…` query: the node of the tree on screen, not of a newer one.
 * `wanted` says whether the node is still the one to show when its answer comes: a node picked after
 * it, or none (the panel emptied), is not overwritten by the slower answer.
 */
export async function showDetails(panel: HTMLElement, runId: string, id: number, pin: string, render: (d: TreeNodeDetail) => HTMLElement[], wanted: () => boolean = () => true): Promise<TreeNodeDetail | null> {
  replace(panel, cardNote('loading', `Loading node #${id}…`));
  try {
    const d = await getJson<TreeNodeDetail>(runPath(runId, `/tree/nodes/${id}?${pin}`));
    if (wanted()) replace(panel, ...render(d));
    return d;
  } catch (err) {
    if (wanted()) replace(panel, cardNote('error', `Could not load node #${id}: ${(err as Error).message}`));
    return null;
  }
}
