/**
 * The network's counterfactual and prototypes, as the inspector shows them. Both end in a state a
 * user can load into the what-if sliders, so the tree's explanation of that state is one click
 * away: "what would the tree say if the pole were a little more upright?"
 *
 * The counterfactual search stays where episodes go on (its box is narrowed to the env's play
 * ranges, src/explain/network/counterfactual-bounds.ts), but a state already out of play is searched
 * from where it is, and Acrobot's height limit is no box: a counterfactual that lands on a state the
 * environment never produces carries the same warning the verdict gives the what-if state
 * (inspector-text.ts `neverInPlayNote`, one rule: src/explain/reachable.ts). Angles observed as cos/sin pairs (Acrobot's) are turned as angles
 * (src/explain/network/counterfactual-angles.ts), so their rows read in radians, and say so.
 */
import type { AttributionsResponse, Counterfactual, Prototypes } from '../../src/server/dto.ts';
import { h } from '../dom.ts';
import { tableBox } from '../table-box.ts';
import { fmtNum, fmtQTable, humanize } from '../format.ts';
import type { ReachableCondition } from '../../src/explain/reachable.ts';
import { neverInPlayNote } from './inspector-text.ts';

type Load = (observation: number[]) => void;

const signed = (v: number, digits = 3) => `${v > 0 ? '+' : ''}${fmtNum(v, digits)}`;

/** "push left 58.0012, push right 58.0049": one state's Q of every action, printed by `f`. */
const qList = (q: number[], actionNames: string[], f: (v: number) => string) => q.map((v, a) => `${humanize(actionNames[a]!)} ${f(v)}`).join(', ');

/** `reachable`: what every state of play meets (the env's conditions; empty when unknown). */
export function counterfactualView(cf: Counterfactual, r: AttributionsResponse, load: Load, reachable: readonly ReachableCondition[] = []): HTMLElement {
  const sentence = h('p', { class: 'cf-sentence', attrs: { 'data-cf-sentence': '' } }, humanize(cf.sentence));
  if (!cf.found || !cf.counterfactual) return h('div', null, sentence);
  const never = neverInPlayNote(cf.counterfactual, reachable);
  const warning = never
    ? h('p', { class: 'small warn', attrs: { role: 'note', 'data-cf-unreachable': '' } }, `${never} Read this change as what sways the network, not as a state the agent could be in.`)
    : null;
  const changes = h(
    'table',
    { class: 'data cf-table' },
    h('thead', null, h('tr', null, ...['Feature', 'Now', 'Would be', 'Change', 'In σ'].map((t, i) => h('th', { class: i ? 'num' : undefined, title: i === 4 ? 'The change in units of the feature’s spread in the agent’s own play' : undefined, attrs: { scope: 'col' } }, t)))),
    h(
      'tbody',
      null,
      ...cf.changes.map((c) =>
        h('tr', null, h('th', { attrs: { scope: 'row' } }, humanize(c.featureName)), h('td', { class: 'num' }, fmtNum(c.from, 4)), h('td', { class: 'num' }, fmtNum(c.to, 4)), h('td', { class: 'num' }, signed(c.delta)), h('td', { class: 'num' }, signed(c.scaledDelta, 2))),
      ),
    ),
  );
  // Single-feature flips, smallest first (in σ): often the easiest reading of the boundary. One that
  // lands on no state of play (an Acrobot cos moved without its sin) comes after those that do, marked.
  // A turned angle's move comes with the observation it makes; any other sets one feature of the state.
  const possible = (feature: number, move: { value: number; observation?: number[] }) => neverInPlayNote(move.observation ?? cf.state.map((v, i) => (i === feature ? move.value : v)), reachable) === '';
  const singles = cf.singleFeature
    .flatMap((s) => [s.lower, s.higher].filter((x) => x !== null).map((x) => ({ name: s.featureName, ...x!, size: Math.abs(x!.delta) / cf.scale[s.feature]!, possible: possible(s.feature, x!) })))
    .sort((a, b) => Number(b.possible) - Number(a.possible) || a.size - b.size)
    .slice(0, 4);
  const button = h('button', { class: 'button', attrs: { type: 'button', 'data-load-counterfactual': '' } }, 'Load this state into the sliders');
  button.addEventListener('click', () => load(cf.counterfactual!));
  const angles = cf.searchedOver?.angles ?? [];
  const anglesNote = angles.length
    ? h('p', { class: 'muted small', attrs: { 'data-cf-angles': '' } }, `${angles.map((a) => humanize(a.name)).join(' and ')} ${angles.length > 1 ? 'are angles' : 'is an angle'} in radians, each observed as a cos and a sin: the search turns ${angles.length > 1 ? 'them' : 'it'}, so every state it tries is one of play.`)
    : null;
  return h(
    'div',
    null,
    sentence,
    warning,
    changes,
    anglesNote,
    singles.length
      ? h('p', { class: 'muted small' }, 'One feature alone also flips it: ', singles.map((s) => `${humanize(s.name)} ${s.delta < 0 ? 'lowered' : 'raised'} to ${fmtNum(s.value, 4)}${s.possible ? '' : ' (no state of play)'}`).join('; '), '.')
      : null,
    // Before and after with one number of decimals, enough to tell each state's pick apart.
    qSentence(cf.qBefore, cf.qAfter!, r.actionNames),
    button,
  );
}

function qSentence(before: number[], after: number[], actionNames: string[]): HTMLElement {
  const f = fmtQTable([before, after]);
  return h('p', { class: 'muted small', attrs: { 'data-cf-q': '' } }, `Network Q before: ${qList(before, actionNames, f)}; after: ${qList(after, actionNames, f)}.`);
}

export function prototypesView(p: Prototypes, r: AttributionsResponse, load: (observation: number[], action: number) => void): HTMLElement {
  const head = ['Action', 'Advantage', 'Network picks it', ...r.featureNames.map(humanize), ''];
  const rows = p.prototypes.map((x) => {
    const button = h('button', { class: 'button', attrs: { type: 'button', 'data-load-prototype': x.action } }, 'Inspect');
    button.addEventListener('click', () => load(x.state, x.action));
    return h(
      'tr',
      null,
      h('th', { attrs: { scope: 'row' } }, humanize(x.actionName)),
      h('td', { class: 'num' }, fmtNum(x.advantage, 4)),
      h('td', null, x.greedy ? 'yes' : 'no'),
      ...x.state.map((v) => h('td', { class: 'num' }, fmtNum(v, 4))),
      h('td', null, button),
    );
  });
  return tableBox(
    h(
      'table',
      { class: 'data', attrs: { 'data-table': 'prototypes' } },
      h('thead', null, h('tr', null, ...head.map((t, i) => h('th', { class: i === 1 || (i >= 3 && i < head.length - 1) ? 'num' : undefined, title: i === 1 ? 'Q(prototype, action) − mean over actions of Q(prototype, ·)' : undefined, attrs: { scope: 'col' } }, t)))),
      h('tbody', null, ...rows),
    ),
  );
}
