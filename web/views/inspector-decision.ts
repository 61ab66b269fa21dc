/**
 * The inspector's reading of one explanation: who picks what (tree and network, and whether they
 * agree), every action's Q as baseline + feature terms = tree Q beside the network's Q, and the
 * split path as conditions in plain words with the state's own value next to each threshold.
 */
import type { EnvListItem, ExplainResponse, InfluenceResponse } from '../../src/server/dto.ts';
import { h } from '../dom.ts';
import { tableBox } from '../table-box.ts';
import { fmtInt, fmtNum, fmtQTable, fmtThreshold, humanize } from '../format.ts';
import { actionSwatch } from '../plotly.ts';
import { fmtMargin } from '../argmax.ts';
import { intervalLabel } from '../interval.ts';
import { type FeatureBounds, tightestBounds } from '../../src/explain/interval-bounds.ts';
import { outsidePlayNote, outsideRanges } from '../../src/explain/play-range.ts';
import { neverInPlayNote } from './inspector-text.ts';

/** The tree is far from the network when its Q misses by more than this share of the network's largest |Q|. */
const FAR_SHARE = 0.1;

/**
 * Who picks what, by what margin, and when to distrust the tree's reading: a state the env never
 * produces in play (`env`: the conditions its states of play meet; a server older than them sends
 * none), a state outside the agent's own play (`play`: its feature ranges over some greedy
 * episodes), where the tree extrapolates its leaf models, or a tree Q far from the network's even
 * when the two pick the same action.
 */
export function verdict(e: ExplainResponse, play: Pick<InfluenceResponse, 'ranges' | 'episodes'> | null = null, env: Partial<Pick<EnvListItem, 'reachable'>> | null = null): HTMLElement {
  const name = (a: number) => h('strong', null, humanize(e.actionNames[a]!));
  const many = e.actionNames.length > 1;
  const p = h(
    'p',
    { class: `verdict ${e.agrees ? 'agree' : 'disagree'}`, attrs: { 'data-agrees': String(e.agrees) } },
    'The tree picks ',
    name(e.action),
    many ? ` by ${fmtMargin(e.qTree, e.action)}` : '',
    '; the network picks ',
    name(e.networkAction),
    many ? ` by ${fmtMargin(e.qNetwork, e.networkAction)}` : '',
    e.agrees ? ' — they agree.' : ' — they disagree here: the tree is a simplification of the network.',
  );
  const scale = Math.max(...e.qNetwork.map(Math.abs));
  const miss = Math.max(...e.qTree.map((q, a) => Math.abs(q - e.qNetwork[a]!)));
  const far = scale > 0 && miss > FAR_SHARE * scale ? `The tree’s Q-values are up to ${fmtNum(miss, 3)} away from the network’s: read its terms with care.` : null;
  return withWarnings(p, e.observation, play, env, far);
}

/** The verdict line, then (when any) why to distrust it: a state of no play, outside the agent's play, or `extra`. */
export function withWarnings(
  line: HTMLElement,
  observation: readonly number[],
  play: Pick<InfluenceResponse, 'ranges' | 'episodes'> | null,
  env: Partial<Pick<EnvListItem, 'reachable'>> | null,
  extra: string | null = null,
): HTMLElement {
  const warnings: string[] = [];
  const impossible = neverInPlayNote(observation, env?.reachable ?? []);
  if (impossible) warnings.push(impossible);
  const outside = play ? outsideRanges(observation, play.ranges) : [];
  if (play && outside.length > 0) {
    const items = outside.map((r) => `${humanize(r.featureName)} ${fmtNum(observation[r.feature]!, 4)} (play: ${fmtNum(r.min, 4)} … ${fmtNum(r.max, 4)})`);
    warnings.push(outsidePlayNote(items, play.episodes));
  }
  if (extra) warnings.push(extra);
  if (warnings.length === 0) return line;
  return h('div', null, line, h('p', { class: 'small warn', attrs: { 'data-verdict-warning': '', 'data-unreachable': impossible !== '' } }, warnings.join(' ')));
}

/**
 * The Decision table's printer, shared by the contributions' legend: one number of decimals for
 * every column (baseline, terms, tree Q, network Q, their difference), the fewest that tell the
 * tree's pick and the network's from their runners-up. Per column they differed (a baseline of
 * 58.12076 beside a tree Q of 51.63).
 */
export const decisionQFormat = (e: Pick<ExplainResponse, 'qTree' | 'qNetwork' | 'bias' | 'contributions'>) =>
  fmtQTable(
    [e.qTree, e.qNetwork],
    4,
    e.qTree.map((q, a) => [e.bias[a]!, termsOf(e, a), q] as const),
  );

/** The sum of one action's feature terms: the tree's Q minus the leaf baseline. */
const termsOf = (e: Pick<ExplainResponse, 'contributions'>, a: number) => e.contributions[a]!.reduce((s, c) => s + c.contribution, 0);

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
  const f = decisionQFormat(e);
  const rows = e.actionNames.map((name, a) => {
    const terms = termsOf(e, a);
    // The tree's pick is the highlighted row; who picks what is spelled out in the verdict above.
    return h(
      'tr',
      { class: a === e.action ? 'picked' : undefined, title: a === e.action ? 'The tree’s pick' : undefined },
      h('th', { attrs: { scope: 'row' } }, actionSwatch(a), humanize(name)),
      h('td', { class: 'num' }, f(e.bias[a])),
      h('td', { class: 'num' }, `${terms >= 0 ? '+' : '−'}${f(Math.abs(terms))}`),
      h('td', { class: 'num strong' }, f(e.qTree[a])),
      h('td', { class: 'num' }, f(e.qNetwork[a])),
      h('td', { class: 'num' }, f(e.qTree[a]! - e.qNetwork[a]!)),
    );
  });
  return tableBox(
    h('table', { class: 'data q-table' }, h('thead', null, h('tr', null, ...head.map((t, i) => h('th', { class: i ? 'num has-help' : undefined, title: help[i] || undefined, attrs: { scope: 'col' } }, h('span', null, t))))), h('tbody', null, ...rows)),
  );
}

const OPS = { '<=': '≤', '>': '>' } as const;

/**
 * One feature's bounds along the path: repeated tests on it collapse to the tightest interval, as
 * rules do (src/explain/interval-bounds.ts). Done here rather than in the explain response: that
 * route is the latency-critical fast path, and the browser has the path already.
 */
interface PathInterval extends FeatureBounds {
  featureName: string;
  /** The inspected state's value of the feature. */
  value: number;
}

function collapsePath(e: ExplainResponse): PathInterval[] {
  return tightestBounds(e.path).map((b) => ({ ...b, featureName: e.featureNames[b.feature]!, value: e.observation[b.feature]! }));
}

/**
 * The leaf's region first (one interval per feature, however many tests the path made on it), then
 * every test root to leaf on demand: a deep path tests one feature many times, which reads poorly.
 */
export function pathList(e: ExplainResponse): HTMLElement {
  const leaf = h('p', { class: 'leaf-line' }, `→ leaf #${e.leaf.id} at depth ${e.leaf.depth}, fitted on ${fmtInt(e.leaf.samples)} training samples`);
  if (e.path.length === 0) {
    return h('div', null, h('p', null, 'The tree is a single leaf: every state uses the same linear models.'), leaf);
  }
  const region = collapsePath(e).map((iv) =>
    h(
      'li',
      { attrs: { 'data-interval': iv.feature } },
      h('span', { class: 'cond' }, intervalLabel(iv)),
      h('span', { class: 'muted small' }, ` (this state: ${fmtNum(iv.value, 4)}${iv.tests > 1 ? `; ${iv.tests} tests` : ''})`),
    ),
  );
  const steps = h(
    'ol',
    { class: 'split-path' },
    ...e.path.map((c) =>
      h('li', null, h('span', { class: 'cond' }, `${humanize(c.featureName)} ${OPS[c.op]} ${fmtThreshold(c.threshold)}`), h('span', { class: 'muted small' }, ` (this state: ${fmtNum(c.value, 4)})`)),
    ),
  );
  return h(
    'div',
    null,
    h('ul', { class: 'split-region' }, ...region),
    leaf,
    h('details', { class: 'path-steps' }, h('summary', { class: 'small' }, `All ${e.path.length} tests, root to leaf`), steps),
  );
}
