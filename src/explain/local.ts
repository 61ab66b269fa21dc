/**
 * Per-state explanation (DESIGN.md §4 "Per-state influence"): why the tree gives a state its
 * Q-values. The state's path of conditions root→leaf, and per action the leaf baseline Q̄_{L,a}
 * plus one term `w_{L,a,i} · (s_i − μ_{L,i})` per feature, which add up to the tree's Q exactly
 * (they are the numbers `tree.decompose` computes the Q from). Given the network, its Q-values
 * and whether both pick the same greedy action are reported beside the tree's.
 */
import { DataError } from '../core/errors.ts';
import { argmax, type QFunction } from '../core/q-function.ts';
import type { LinearModelUTree, RouteStep } from '../lmut/index.ts';
import { blockDecimals, roundToTotal, signedUnitsText, unitsText } from './additive-text.ts';
import { decisionTerms } from './decision.ts';
import { formatNumber, formatQs } from './format.ts';
import { type NameOptions, resolveNames } from './names.ts';

/** One test on the path: the state's `value` of `feature` satisfied `value op threshold`. */
export interface Condition {
  feature: number;
  featureName: string;
  op: '<=' | '>';
  threshold: number;
  /** The explained state's value of this feature. */
  value: number;
}

export interface LeafRef {
  id: number;
  depth: number;
  /** Training samples the leaf saw. */
  samples: number;
}

/** One feature's term in one action's Q. */
export interface Contribution {
  feature: number;
  featureName: string;
  /** The state's value s_i. */
  value: number;
  /** w_{L,a,i} · (s_i − μ_{L,i}). */
  contribution: number;
}

export interface Explanation {
  observation: number[];
  featureNames: string[];
  actionNames: string[];
  /** The tree's greedy action (argmax of `qTree`, ties to the lowest index). */
  action: number;
  /** Conditions root→leaf for `action` (threshold tests only; an action split is not a condition). */
  path: Condition[];
  /** The leaf that produced Q(`action`). */
  leaf: LeafRef;
  /** The leaf behind each action's Q: all the same leaf unless the tree splits on the action. */
  leaves: LeafRef[];
  /** Per action, one term per feature (feature order). */
  contributions: Contribution[][];
  /** Per action, the leaf baseline Q̄_{L,a}: the leaf model's value at its mean state. */
  bias: number[];
  /** Per action: bias + Σ contributions, equal to the tree's float64 Q. */
  qTree: number[];
  /** The network's Q(s, ·), when a network was given. */
  qNetwork?: number[];
  /** The network's greedy action, when a network was given. */
  networkAction?: number;
  /** Whether tree and network pick the same greedy action, when a network was given. */
  agrees?: boolean;
}

export interface ExplainOptions extends NameOptions {
  /** The Q-network the tree mimics; adds `qNetwork`, `networkAction` and `agrees`. */
  network?: QFunction;
}

export function explainState(tree: LinearModelUTree, obs: ArrayLike<number>, options: ExplainOptions = {}): Explanation {
  const { featureNames, actionNames } = resolveNames(tree, options);
  const parts = tree.decompose(obs); // validates obs (length, finite values)
  const observation = Array.from({ length: tree.obsDim }, (_, i) => obs[i]!);
  const qTree = parts.map((p) => p.q);
  const action = argmax(qTree);
  // One route serves every action unless the tree splits on the action (then each has its own leaf).
  const actionSplit = tree.config.actionSplit;
  const greedyRoute = tree.route(obs, action);
  const leaves = parts.map((p, a) => leafRef(actionSplit && a !== action ? tree.route(obs, a) : greedyRoute, p.leafId));
  const explanation: Explanation = {
    observation,
    featureNames: [...featureNames],
    actionNames: [...actionNames],
    action,
    path: conditionsOf(greedyRoute, observation, featureNames),
    leaf: leaves[action]!,
    leaves,
    contributions: parts.map((p) =>
      p.contributions.map((contribution, i) => ({ feature: i, featureName: featureNames[i]!, value: observation[i]!, contribution })),
    ),
    bias: parts.map((p) => p.baseline),
    qTree,
  };
  if (options.network) Object.assign(explanation, compareWithNetwork(options.network, tree, observation, action));
  return explanation;
}

function leafRef(route: RouteStep[], expectedId: number): LeafRef {
  const leaf = route[route.length - 1]!;
  // route and decompose walk the tree identically; a mismatch would be an LMUT bug worth hearing about.
  if (leaf.id !== expectedId) throw new Error(`LMUT routing disagrees: route gave #${leaf.id}, decompose #${expectedId}`);
  return { id: leaf.id, depth: leaf.depth, samples: leaf.samples };
}

function conditionsOf(route: RouteStep[], observation: number[], featureNames: readonly string[]): Condition[] {
  const path: Condition[] = [];
  for (const step of route) {
    const split = step.split;
    if (!split || split.kind !== 'threshold') continue;
    const op = step.branch === 0 ? '<=' : '>';
    path.push({ feature: split.feature, featureName: featureNames[split.feature]!, op, threshold: split.threshold, value: observation[split.feature]! });
  }
  return path;
}

function compareWithNetwork(network: QFunction, tree: LinearModelUTree, observation: number[], action: number) {
  if (network.obsDim !== tree.obsDim || network.nActions !== tree.nActions) {
    throw new DataError(
      `The network (${network.obsDim} features, ${network.nActions} actions) does not match the tree (${tree.obsDim} features, ${tree.nActions} actions)`,
    );
  }
  const qNetwork = Array.from(network.qValues(Float32Array.from(observation)));
  const networkAction = argmax(qNetwork);
  return { qNetwork, networkAction, agrees: networkAction === action };
}

/**
 * The explanation as text for the CLI: the state, the path, then each action's Q as the baseline
 * plus its feature terms, largest first (river's `debug_one`, with the network beside it).
 */
export function formatExplanation(e: Explanation, precision = 4): string {
  const f = (v: number) => formatNumber(v, precision);
  const lines = [formatStateLine(e.observation, e.featureNames, precision)];
  const where = `leaf #${e.leaf.id} (depth ${e.leaf.depth}, ${e.leaf.samples} samples)`;
  lines.push(e.path.length === 0 ? `Path: the root is ${where}` : `Path to ${where}:`);
  for (const c of e.path) lines.push(`  ${c.featureName} = ${f(c.value)} ${c.op} ${f(c.threshold)}`);
  const width = Math.max(...e.actionNames.map((n) => n.length));
  const ownLeaves = e.leaves.some((l) => l.id !== e.leaf.id);
  // Largest terms first; baseline and terms printed so that they add up to the printed Q.
  const orders = e.contributions.map((terms) => [...terms].sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution) || x.feature - y.feature));
  const sums = orders.map((order, a) => ({ total: e.qTree[a]!, parts: [e.bias[a]!, ...order.map((t) => t.contribution)] }));
  const decimals = blockDecimals(sums, precision);
  orders.forEach((order, a) => {
    const { total, parts } = roundToTotal(sums[a]!, decimals);
    const terms = order.map((t, i) => `${termSign(parts[i + 1]!, t.contribution)} ${unitsText(parts[i + 1]!, decimals)} (${t.featureName})`).join(' ');
    const leaf = ownLeaves ? ` [leaf #${e.leaves[a]!.id}]` : '';
    const mark = a === e.action ? `  <- greedy${marginText(e.qTree, a)}` : '';
    lines.push(`Q(${e.actionNames[a]!.padEnd(width)}) = ${signedUnitsText(total, decimals)} = ${signedUnitsText(parts[0]!, decimals)} (baseline) ${terms}${leaf}${mark}`.trimEnd());
  });
  const why = decisionLine(e, precision);
  if (why) lines.push(why);
  if (e.qNetwork) lines.push(formatNetworkLine(e.qNetwork, e.actionNames, precision, e.agrees ? 'agrees with the tree' : `the tree picks ${e.actionNames[e.action]}`));
  return lines.join('\n');
}

/**
 * `Why push_right, not push_left: 0.00063 = -0.01021 (baseline) + 0.01290 (pole_angle) …`: the
 * margin as the baseline difference plus each feature's difference of terms (decision.ts), largest
 * first, printed so the parts add up to the printed margin.
 */
function decisionLine(e: Explanation, precision: number): string | null {
  const d = decisionTerms(e);
  if (!d) return null;
  const order = d.terms.map((_, i) => i).sort((i, j) => Math.abs(d.terms[j]!) - Math.abs(d.terms[i]!) || i - j);
  const sum = { total: d.margin, parts: [d.baseline, ...order.map((i) => d.terms[i]!)] };
  const decimals = blockDecimals([sum], precision);
  const { total, parts } = roundToTotal(sum, decimals);
  const terms = order.map((i, k) => `${termSign(parts[k + 1]!, d.terms[i]!)} ${unitsText(parts[k + 1]!, decimals)} (${e.featureNames[i]})`).join(' ');
  // Equal Q-values: the pick is only argmax's first index, and the line says so rather than explain a preference.
  const tie = d.margin === 0 ? '  (a tie: the first action listed is taken)' : '';
  return `Why ${e.actionNames[d.action]}, not ${e.actionNames[d.versus]}: ${signedUnitsText(total, decimals)} = ${signedUnitsText(parts[0]!, decimals)} (baseline) ${terms}`.trimEnd() + tie;
}

/** `State: name=value, …`, the first line of every explanation. */
export function formatStateLine(observation: readonly number[], featureNames: readonly string[], precision = 4): string {
  return `State: ${observation.map((v, i) => `${featureNames[i]}=${formatNumber(v, precision)}`).join(', ')}`;
}

/** `Network: Q(a) = …, … -> pick by margin`, with a verdict in brackets when one is given. */
export function formatNetworkLine(qNetwork: readonly number[], actionNames: readonly string[], precision = 4, verdict?: string): string {
  const shown = formatQs(qNetwork, precision);
  const q = actionNames.map((name, a) => `Q(${name}) = ${shown[a]}`).join(', ');
  const pick = argmax(qNetwork);
  return `Network: ${q} -> ${actionNames[pick]}${marginText(qNetwork, pick)}${verdict ? ` (${verdict})` : ''}`;
}

/** The operator before a printed term: its rounded sign, or for a term that rounds to 0, its own. */
function termSign(units: number, value: number): '+' | '-' {
  return units < 0 || (units === 0 && value < 0) ? '-' : '+';
}

/**
 * ` by m`: how far the picked action's Q lies above the best other, to two significant digits, so
 * near-ties that print alike at the table's precision (58.22 and 58.22) still show their gap.
 */
function marginText(q: readonly number[], picked: number): string {
  if (q.length < 2) return '';
  const other = Math.max(...q.filter((_, a) => a !== picked));
  return ` by ${formatNumber(q[picked]! - other, 2)}`;
}
