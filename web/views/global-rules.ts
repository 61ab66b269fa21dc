/**
 * The rules table: one rule per leaf, `IF conditions THEN Q(a) = linear form`, paged on the server
 * (`GET /api/runs/:id/rules`). Sort by clicking a column (samples, Q of an action at the leaf mean,
 * tree order; again to reverse), filter by the leaf's greedy action, step through pages. Each row
 * links to its leaf in the Tree view. Sortable titles are buttons with an arrow (↕ until sorted by
 * them); the others are plain text. The leaf column sorts in tree order (left to right, the API's
 * `sortBy=leaf`), not by number, and its title says so.
 */
import type { RuleSort, RulesResponse } from '../../src/server/dto.ts';
import { getJson, runPath } from '../api.ts';
import { type Bounds, conditionLabels } from '../interval.ts';
import { h, replace } from '../dom.ts';
import { tableBox } from '../table-box.ts';
import { fmtInt, fmtQTable, humanize } from '../format.ts';
import { modelList } from '../linear-form.ts';
import { treeHref } from '../state-link.ts';
import { actionSwatch } from '../plotly.ts';
import { cardNote } from './tree-required.ts';
import { REGION_SAMPLES_TEXT } from '../../src/explain/grown-text.ts';
import { setViewParams, viewParam } from '../view-params.ts';

const PAGE = 20;

interface Query {
  sortBy: RuleSort;
  sortAction?: number;
  order?: 'asc' | 'desc';
  action?: number;
  offset: number;
}

/** One condition per line: a long rule broke in the middle of a comparison. */
function ruleConditions(rule: { conditions: Bounds[]; actionName: string | null }): HTMLElement[] {
  const labels = conditionLabels(rule);
  if (labels.length === 0) return [h('span', { class: 'muted' }, 'every state (the tree is one leaf)')];
  return labels.map((l, i) => h('div', { class: 'rule-cond' }, i > 0 ? h('span', { class: 'muted' }, 'and ') : null, l));
}

/**
 * The table as the view's URL left it (`rulesSort=q:1&rulesOrder=asc&rulesAction=0&rulesOffset=20`),
 * so Back from a leaf's link to the tree returns to the same page; anything unreadable is the default.
 */
function linkedQuery(actions: number): Query {
  const q: Query = { sortBy: 'samples', offset: 0 };
  const actionIndex = (text: string | undefined | null) => (text != null && /^\d+$/.test(text) && Number(text) < actions ? Number(text) : undefined);
  const [sort, sortAction] = (viewParam('rulesSort') ?? '').split(':');
  if (sort === 'leaf' || sort === 'samples') q.sortBy = sort;
  else if (sort === 'q' && actionIndex(sortAction) !== undefined) Object.assign(q, { sortBy: 'q', sortAction: actionIndex(sortAction) });
  const order = viewParam('rulesOrder');
  if (order === 'asc' || order === 'desc') q.order = order;
  q.action = actionIndex(viewParam('rulesAction'));
  const offset = viewParam('rulesOffset');
  if (offset !== null && /^\d{1,7}$/.test(offset)) q.offset = Number(offset);
  return q;
}

/** Keeps the table's state in the view's URL (defaults left out). */
function linkQuery(q: Query): void {
  setViewParams({
    rulesSort: q.sortBy === 'samples' ? null : q.sortBy === 'q' ? `q:${q.sortAction ?? 0}` : q.sortBy,
    rulesOrder: q.order ?? null,
    rulesAction: q.action === undefined ? null : String(q.action),
    rulesOffset: q.offset === 0 ? null : String(q.offset),
  });
}

export function rulesCard(id: string, featureNames: string[], actionNames: string[]): HTMLElement {
  const q: Query = linkedQuery(actionNames.length);
  const filter = h('select', { attrs: { id: 'rules-action', 'aria-label': 'Show rules whose greedy action is' } }, h('option', { attrs: { value: '' } }, 'any action'), ...actionNames.map((a, i) => h('option', { attrs: { value: i } }, humanize(a))));
  filter.value = q.action === undefined ? '' : String(q.action);
  const body = h('div', null, cardNote('loading', 'Loading rules…'));
  const pager = h('div', { class: 'pager' });
  filter.addEventListener('change', () => {
    q.action = filter.value === '' ? undefined : Number(filter.value);
    q.offset = 0;
    void load();
  });
  const card = h(
    'section',
    { class: 'card', attrs: { id: 'rules' } },
    h('h2', null, 'Rules'),
    h('p', { class: 'muted small' }, 'One rule per leaf: if a state meets the conditions, the leaf’s linear models give its Q-values. Click a column title with an arrow to sort (again to reverse); “Leaf (tree order)” reads the leaves left to right as the Tree tab draws them.'),
    h('div', { class: 'toolbar' }, h('label', { attrs: { for: 'rules-action' } }, 'Greedy action at the leaf ', filter), pager),
    body,
  );

  const sortBy = (sort: RuleSort, sortAction?: number) => {
    const same = q.sortBy === sort && q.sortAction === sortAction;
    q.order = same ? (effectiveOrder() === 'desc' ? 'asc' : 'desc') : undefined;
    q.sortBy = sort;
    q.sortAction = sortAction;
    q.offset = 0;
    void load();
  };
  let last: RulesResponse | null = null;
  const effectiveOrder = () => q.order ?? last?.order ?? 'desc';

  async function load() {
    const params = new URLSearchParams({ sortBy: q.sortBy, limit: String(PAGE), offset: String(q.offset) });
    if (q.order) params.set('order', q.order);
    if (q.sortAction !== undefined) params.set('sortAction', String(q.sortAction));
    if (q.action !== undefined) params.set('action', String(q.action));
    try {
      last = await getJson<RulesResponse>(runPath(id, `/rules?${params}`));
    } catch (err) {
      replace(body, cardNote('error', `Could not load the rules: ${(err as Error).message}`));
      return;
    }
    if (last.rules.length === 0 && q.offset > 0) {
      q.offset = 0; // a page past the end (an old link): the first page instead
      return load();
    }
    if (card.isConnected) linkQuery(q); // a late answer, after the view was left, leaves the next view's URL alone
    draw(last);
  }

  /** A column title: plain text, or (`sort` given) a button with ↕, or ▲/▼ while the table is sorted by it. */
  function header(label: string, help: string, sort: RuleSort | null, sortAction?: number): HTMLElement {
    if (sort === null) return h('th', { class: 'plain-head', title: help, attrs: { scope: 'col' } }, label);
    const active = last?.sortBy === sort && (sort !== 'q' || q.sortAction === sortAction);
    const desc = last?.order === 'desc';
    const button = h(
      'button',
      { class: 'sort', attrs: { type: 'button' }, on: { click: () => sortBy(sort, sortAction) } },
      label,
      h('span', { class: active ? 'sort-arrow active' : 'sort-arrow', attrs: { 'aria-hidden': 'true' } }, active ? (desc ? '▼' : '▲') : '↕'),
    );
    const title = `${help}. Click to sort${active ? ' the other way' : ''}.`;
    return h('th', { class: sort === 'samples' || sort === 'q' ? 'num sortable' : 'sortable', title, attrs: { scope: 'col', 'aria-sort': active ? (desc ? 'descending' : 'ascending') : undefined } }, button);
  }

  let loads = 0;
  function draw(r: RulesResponse) {
    card.dataset.loads = String(++loads); // tests wait for a new answer with this
    const from = r.total === 0 ? 0 : r.offset + 1;
    const to = r.offset + r.rules.length;
    const prev = h('button', { class: 'button', attrs: { type: 'button', 'aria-label': 'Previous page' } }, '◀');
    const next = h('button', { class: 'button', attrs: { type: 'button', 'aria-label': 'Next page' } }, '▶');
    prev.disabled = r.offset === 0;
    next.disabled = to >= r.total;
    prev.addEventListener('click', () => ((q.offset = Math.max(0, r.offset - PAGE)), void load()));
    next.addEventListener('click', () => ((q.offset = r.offset + PAGE), void load()));
    replace(pager, h('span', { class: 'muted small num' }, `Rules ${fmtInt(from)}–${fmtInt(to)} of ${fmtInt(r.total)}${r.total < r.leaves ? ` (of ${fmtInt(r.leaves)} leaves)` : ''}`), prev, next);
    if (r.total === 0) return replace(body, cardNote('empty', `No leaf has ${humanize(actionNames[r.action ?? 0]!)} as its greedy action. Choose “any action” to see every rule.`));
    const head = h(
      'tr',
      null,
      // Sorted by this column the rules come in tree order (#159, #329, #330, …), so the title says so.
      header('Leaf (tree order)', 'The leaf’s number; sorted by this column, the rules come in tree order (left to right, as the Tree tab draws the leaves), not by number', 'leaf'),
      header('IF', 'The conditions a state meets to reach this leaf', null),
      header('Greedy action', 'The action with the highest Q at the leaf’s mean state', null),
      header('Samples', `Training samples that fell in the leaf’s region. ${REGION_SAMPLES_TEXT}`, 'samples'),
      ...actionNames.map((a, i) => header(`Q(${humanize(a)})`, `Q of ${humanize(a)} at the leaf’s mean state`, 'q', i)),
      header('THEN', 'The leaf’s linear model for each action', null),
    );
    const qAtMean = (rule: RulesResponse['rules'][number]) => actionNames.map((_, a) => rule.models.find((m) => m.action === a)?.qAtMean ?? NaN);
    // One number of decimals for every Q column of the page, enough to tell each leaf's pick from its runner-up.
    const fq = fmtQTable(r.rules.map(qAtMean));
    const rows = r.rules.map((rule) => {
      const qs = qAtMean(rule).map(fq);
      return h(
        'tr',
        { attrs: { 'data-leaf': rule.leafId } },
        h('td', null, h('a', { attrs: { href: treeHref(id, { node: rule.leafId }) }, title: 'Show this leaf in the tree' }, `#${rule.leafId}`)),
        h('td', { class: 'small rule-if' }, ...ruleConditions(rule)),
        h('td', { class: 'nowrap' }, actionSwatch(rule.greedyAction), humanize(rule.greedyActionName)),
        h('td', { class: 'num' }, fmtInt(rule.samples)),
        ...qs.map((q) => h('td', { class: 'num' }, q)),
        h('td', null, h('details', null, h('summary', null, 'linear models'), modelList(rule.models, featureNames, undefined, { mean: rule.mean, action: rule.greedyAction }))),
      );
    });
    replace(body, tableBox(h('table', { class: 'data rules', attrs: { 'data-table': 'rules' } }, h('thead', null, head), h('tbody', null, ...rows))));
  }

  void load();
  return card;
}
