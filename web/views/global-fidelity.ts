/**
 * Fidelity: how closely the tree reproduces the network, beside a CART tree with the same leaf
 * budget and a single linear model fitted on the same data (the run's fidelity.json), and what each
 * earns when it plays greedily. Without fidelity.json the card says how to make it and shows the
 * last measurement the run logged while training, if any.
 */
import type { Coverage } from '../../src/explain/coverage.ts';
import type { FidelityResponse, MetricsPage, MimicEvent } from '../../src/server/dto.ts';
import { leavesText } from '../../src/explain/leaves-text.ts';
import { prunedSentence, settingText } from '../../src/explain/grown-text.ts';
import { type ApiFailure, getJson, runPath } from '../api.ts';
import { h } from '../dom.ts';
import { tableBox } from '../table-box.ts';
import { DASH, fmtAgo, fmtColumn, fmtInt, fmtNum, fmtPercent, fmtScaledColumn } from '../format.ts';
import { cardNote, richText } from './tree-required.ts';

const COLUMNS: [string, string][] = [
  ['Model', ''],
  ['Leaves', 'The tree’s leaves; CART grows one tree per action, each with the tree’s leaf count (or, below an action split, that action’s)'],
  ['Q RMSE', 'Root mean squared error of Q(s, a) against the network, over all actions (Q units)'],
  ['RMSE / Q range', 'RMSE divided by the spread of the network’s Q-values on these states'],
  ['Q MAE', 'Mean absolute error of Q(s, a) against the network (Q units)'],
  ['Pearson r', 'Correlation of the model’s Q-values with the network’s'],
  ['Action agreement', 'Share of states where the model’s greedy action is the network’s'],
  ['Greedy return', 'Mean return when the model plays greedily, ± 95 % interval'],
];

type GreedyReturn = { mean: number; episodes: number; ci95?: number };

/** "92.34 ± 8.19": the mean and its interval with the column's decimals (`f`). */
function greedy(g: GreedyReturn | undefined, f: (v: number) => string): string {
  return g ? `${f(g.mean)}${g.ci95 !== undefined ? ` ± ${f(g.ci95)}` : ''}` : DASH;
}

export function fidelityTable(f: FidelityResponse): HTMLElement[] {
  const r = f.report;
  const A = r.actionNames.length;
  // Each column at one precision: "500.00 ± 0.00" above "55.62 ± 6.96", not "500.0 ± 0".
  const returns = [...r.models.map((m) => r.greedyReturns?.[m.model]), r.greedyReturns?.network].filter((g): g is GreedyReturn => g !== undefined);
  const fReturn = fmtColumn(returns.map((g) => g.mean), 2);
  const [fRmse, fMae, fPearson] = [fmtScaledColumn(r.models.map((m) => m.rmse)), fmtScaledColumn(r.models.map((m) => m.mae)), fmtScaledColumn(r.models.map((m) => m.pearson))];
  const rows = r.models.map((m) =>
    h(
      'tr',
      { class: m.model === 'lmut' ? 'picked' : undefined },
      h('th', { attrs: { scope: 'row' } }, m.model === 'lmut' ? 'LMUT (this tree)' : m.label),
      h('td', { class: 'num' }, leavesText(m, A, fmtInt)),
      h('td', { class: 'num' }, fRmse(m.rmse)),
      h('td', { class: 'num' }, fmtPercent(m.relRmse)),
      h('td', { class: 'num' }, fMae(m.mae)),
      h('td', { class: 'num' }, fPearson(m.pearson)),
      h('td', { class: m.model === 'lmut' ? 'num strong' : 'num' }, fmtPercent(m.agreement)),
      h('td', { class: 'num' }, greedy(r.greedyReturns?.[m.model], fReturn)),
    ),
  );
  if (r.greedyReturns?.network) rows.push(h('tr', null, h('th', { attrs: { scope: 'row' } }, 'Network (reference)'), ...Array.from({ length: 6 }, () => h('td', { class: 'num muted' }, DASH)), h('td', { class: 'num' }, greedy(r.greedyReturns.network, fReturn))));
  const episodes = f.evalEpisodes ? ` over ${f.evalEpisodes} episodes` : '';
  return [
    h(
      'p',
      { class: 'muted small' },
      `On ${fmtInt(r.samples)} held-out states from the network’s own greedy play (network Q range ${fmtNum(r.qRange, 4)}). CART and the linear model were fitted on ${fmtInt(r.trainSamples)} training states${r.cartTrainSamples < r.trainSamples ? ` (CART on ${fmtInt(r.cartTrainSamples)})` : ''}. Greedy return${episodes}. Measured ${fmtAgo(f.writtenAt)}${f.setting ? ` for the tree grown ${settingText(f.setting)}` : ''}.${f.pruned ? ` ${prunedSentence(f.pruned)}` : ''}`,
    ),
    ...(r.coverage ? [coverageNote(r.coverage, f.coverageWeak, r.samples)] : []),
    tableBox(h('table', { class: 'data', attrs: { 'data-table': 'fidelity' } }, h('thead', null, h('tr', null, ...COLUMNS.map(([t, help], i) => h('th', { class: [i ? 'num' : '', help ? 'has-help' : ''].join(' ').trim() || undefined, title: help || undefined, attrs: { scope: 'col' } }, h('span', null, t))))), h('tbody', null, ...rows))),
  ];
}

/**
 * How well the training states cover the held-out ones (src/explain/coverage.ts): a bound on what
 * any mimic can learn. Measured on a seeded sample of the held-out states (1,000 of 10,000 for the
 * pretrained CartPole agent), which the note says. A figure that could not be measured (FlappyBird's
 * training states repeat exactly, so their typical spacing is 0 and the ratio has no value) is said
 * to be so, never left as a dash in the middle of a sentence.
 */
function coverageNote(c: Coverage, weak: boolean, heldOut: number): HTMLElement {
  const ratio = c.medianDistance / c.trainSpacing;
  const agreement = typeof c.nearestAgreement === 'number' && Number.isFinite(c.nearestAgreement) ? fmtPercent(c.nearestAgreement) : null;
  const sample = c.states < heldOut ? ` Measured on a seeded sample of ${fmtInt(c.states)} of the ${fmtInt(heldOut)} held-out states.` : '';
  const text = Number.isFinite(ratio)
    ? `Data coverage: a held-out state is typically ${fmtNum(ratio, 2)}× as far from its nearest training state as training states are from each other (1× or less: the training data covers the agent’s play)${agreement ? `, and that nearest state’s greedy action is the network’s on ${agreement} of them` : ''}.`
    : `Data coverage: how far a held-out state typically lies from its nearest training state, against the training states’ own spacing, could not be measured${c.trainSpacing === 0 ? ' (most training states repeat exactly, so their typical spacing is 0)' : ''}${agreement ? `; the nearest training state’s greedy action is the network’s on ${agreement} of the held-out states` : ''}.`;
  return h(
    'p',
    { class: weak ? 'small warn' : 'muted small', attrs: { 'data-coverage': weak ? 'weak' : 'good' } },
    text + sample + (weak ? ' The training data says little about the agent’s decisions where it plays: expect lower fidelity, and grow the tree by Active Play on more episodes to cover more of its play.' : ''),
  );
}

/** The last `mimic` event of the run's log, shown while there is no fidelity.json. */
async function lastMeasurement(id: string): Promise<MimicEvent | null> {
  try {
    const page = await getJson<MetricsPage>(runPath(id, '/metrics?type=mimic&limit=20000'));
    return (page.events.at(-1) as MimicEvent | undefined) ?? null;
  } catch {
    return null;
  }
}

/** `training`: the run is training now, so `qlens mimic` (refused on a busy run) is not the advice. */
export async function fidelityCard(id: string, training = false): Promise<HTMLElement> {
  const card = h('section', { class: 'card', attrs: { id: 'fidelity' } }, h('h2', null, 'Fidelity: tree vs CART vs linear'));
  try {
    card.append(...fidelityTable(await getJson<FidelityResponse>(runPath(id, '/fidelity'))));
  } catch (err) {
    const f = err as ApiFailure;
    if (f.status !== 404) {
      card.append(cardNote('error', richText(`Could not load fidelity.json: ${f.message}`)));
      return card;
    }
    const how = training ? 'the run is training; when it ends, its final tree is measured against CART and a linear model' : f.message.replace(/^this run has no fidelity\.json yet: /, '');
    card.append(cardNote('empty', richText(`Not measured yet: ${how}.`)));
    const last = await lastMeasurement(id);
    if (last) {
      card.append(
        h('p', { class: 'small' }, `Meanwhile, the last measurement in this run’s log (${last.phase === 'final' ? 'final tree' : 'online tree'}, step ${fmtInt(last.step)}): action agreement ${fmtPercent(last.agreement)}, Q RMSE ${fmtNum(last.rmse, 4)} (network Q range ${fmtNum(last.qRange, 4)}) on ${fmtInt(last.heldOut)} held-out states, ${fmtInt(last.leaves)} leaves.`),
      );
    }
  }
  return card;
}
