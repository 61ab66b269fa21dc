/**
 * The Inspector's reading of a state for a run without a tree: the network's own Q-values and its
 * pick (`POST /api/runs/:id/q`), with the same warnings as the tree's verdict (a state of no play,
 * one outside the agent's play). The network's attributions, PDP, counterfactual and prototypes
 * below need no tree either.
 */
import type { EnvListItem, InfluenceResponse, QResponse } from '../../src/server/dto.ts';
import { fmtMargin } from '../argmax.ts';
import { h } from '../dom.ts';
import { tableBox } from '../table-box.ts';
import { fmtQs, humanize } from '../format.ts';
import { actionSwatch } from '../plotly.ts';
import { withWarnings } from './inspector-decision.ts';
import type { InspectedState } from './inspector-slots.ts';

export interface NetworkReading extends InspectedState {
  qNetwork: number[];
}

export function networkReading(observation: number[], featureNames: string[], r: QResponse): NetworkReading {
  return { observation, featureNames, actionNames: r.actionNames, qNetwork: r.q, networkAction: r.action };
}

export function networkVerdict(r: NetworkReading, play: Pick<InfluenceResponse, 'ranges' | 'episodes'> | null, env: Partial<Pick<EnvListItem, 'reachable'>> | null): HTMLElement {
  const many = r.actionNames.length > 1;
  const line = h('p', { class: 'verdict', attrs: { 'data-network-only': '' } }, 'The network picks ', h('strong', null, humanize(r.actionNames[r.networkAction]!)), many ? ` by ${fmtMargin(r.qNetwork, r.networkAction)}.` : '.');
  return withWarnings(line, r.observation, play, env);
}

export function networkQTable(r: NetworkReading): HTMLElement {
  const q = fmtQs(r.qNetwork);
  const rows = r.actionNames.map((name, a) =>
    h(
      'tr',
      { class: a === r.networkAction ? 'picked' : undefined, title: a === r.networkAction ? 'The network’s pick' : undefined },
      h('th', { attrs: { scope: 'row' } }, actionSwatch(a), humanize(name)),
      h('td', { class: 'num strong' }, q[a]!),
    ),
  );
  return tableBox(
    h('table', { class: 'data q-table' }, h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, 'Action'), h('th', { class: 'num', attrs: { scope: 'col' } }, 'Network Q'))), h('tbody', null, ...rows)),
  );
}
