/**
 * The inspector's reading of one explanation: who picks what (tree and network, and whether they
 * agree), every action's Q as baseline + feature terms = tree Q beside the network's Q, and the
 * split path as conditions in plain words with the state's own value next to each threshold.
 */
import type { ExplainResponse } from '../../src/server/dto.ts';
import { h } from '../dom.ts';
import { fmtInt, fmtNum, humanize } from '../format.ts';
import { ACTION_COLORS } from '../plotly.ts';

function swatch(a: number): HTMLElement {
  const s = h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } });
  s.style.background = ACTION_COLORS[a % ACTION_COLORS.length]!;
  return s;
}

export function verdict(e: ExplainResponse): HTMLElement {
  const name = (a: number) => h('strong', null, humanize(e.actionNames[a]!));
  return h(
    'p',
    { class: `verdict ${e.agrees ? 'agree' : 'disagree'}`, attrs: { 'data-agrees': String(e.agrees) } },
    'The tree picks ',
    name(e.action),
    '; the network picks ',
    name(e.networkAction),
    e.agrees ? ' — they agree.' : ' — they disagree here: the tree is a simplification of the network.',
  );
}

export function qTable(e: ExplainResponse): HTMLElement {
  const head = ['Action', 'Baseline Q̄', '+ terms', '= tree Q', 'Network Q', 'Tree − net'];
  const help = [
    '',
    'The leaf model’s Q at the leaf’s mean state',
    'Sum of the bars below: Σ w · (state − leaf mean)',
    'What the tree predicts for this state',
    'What the Q-network predicts (the agent being explained)',
    'How far the tree is from the network for this action',
  ];
  const rows = e.actionNames.map((name, a) => {
    const terms = e.contributions[a]!.reduce((s, c) => s + c.contribution, 0);
    // The tree's pick is the highlighted row; who picks what is spelled out in the verdict above.
    return h(
      'tr',
      { class: a === e.action ? 'picked' : undefined, title: a === e.action ? 'The tree’s pick' : undefined },
      h('th', { attrs: { scope: 'row' } }, swatch(a), humanize(name)),
      h('td', { class: 'num' }, fmtNum(e.bias[a]!, 4)),
      h('td', { class: 'num' }, `${terms >= 0 ? '+' : '−'}${fmtNum(Math.abs(terms), 4)}`),
      h('td', { class: 'num strong' }, fmtNum(e.qTree[a]!, 4)),
      h('td', { class: 'num' }, fmtNum(e.qNetwork[a]!, 4)),
      h('td', { class: 'num' }, fmtNum(e.qTree[a]! - e.qNetwork[a]!, 3)),
    );
  });
  return h(
    'div',
    { class: 'table-wrap' },
    h('table', { class: 'data q-table' }, h('thead', null, h('tr', null, ...head.map((t, i) => h('th', { class: i ? 'num has-help' : undefined, title: help[i] || undefined, attrs: { scope: 'col' } }, h('span', null, t))))), h('tbody', null, ...rows)),
  );
}

const OPS = { '<=': '≤', '>': '>' } as const;

export function pathList(e: ExplainResponse): HTMLElement {
  const leaf = h('li', { class: 'leaf-line' }, `→ leaf #${e.leaf.id} at depth ${e.leaf.depth}, fitted on ${fmtInt(e.leaf.samples)} training samples`);
  if (e.path.length === 0) {
    return h('ol', { class: 'split-path' }, h('li', null, 'The tree is a single leaf: every state uses the same linear models.'), leaf);
  }
  return h(
    'ol',
    { class: 'split-path' },
    ...e.path.map((c) =>
      h('li', null, h('span', { class: 'cond' }, `${humanize(c.featureName)} ${OPS[c.op]} ${fmtNum(c.threshold, 4)}`), h('span', { class: 'muted small' }, ` (this state: ${fmtNum(c.value, 4)})`)),
    ),
    leaf,
  );
}
