/**
 * Network explanations as text for `qlens explain --method …`: one table of attributions for an
 * action with the tree's contributions beside them and their agreement, then PDP/ICE as
 * sparklines, the counterfactual in words, and the prototypes.
 */
import { textTable } from '../fidelity-table.ts';
import { type ReachableCondition, reachableRange, violatedConditions, violationText } from '../reachable.ts';
import { formatNumber, joinAnd } from '../format.ts';
import { compareAttributions, NEGLIGIBLE_SHARE } from './agreement.ts';
import type { MethodResults } from './explainer.ts';
import type { IntegratedGradients } from './integrated-gradients.ts';
import type { FeatureDependence } from './pdp.ts';
import type { Attribution } from './types.ts';

const f = (v: number | null | undefined, p = 4) => (v === null || v === undefined ? '-' : formatNumber(v, p));

const LABEL: Record<Attribution['method'], string> = {
  saliency: 'grad×input', ig: 'IG', shap: 'perm. SHAP', kernelshap: 'KernelSHAP', exact: 'exact Shapley', lime: 'LIME',
};

export interface FormatInput {
  results: Partial<MethodResults>;
  featureNames: readonly string[];
  actionNames: readonly string[];
  /** The action whose attributions are tabulated. */
  action: number;
  /** The tree's contributions, [action][feature], and leaf baselines, when a tree explanation is shown beside. */
  tree?: { contributions: number[][]; bias: number[] };
  /** Where the env's episodes go on: the prototypes' search box is named by it, and a prototype that breaks it is flagged. */
  reachable?: readonly ReachableCondition[];
}

export function formatNetworkExplanation(input: FormatInput): string {
  const sections = [attributionTable(input), pdpText(input), counterfactualText(input), prototypeText(input)];
  return sections.filter((s) => s !== '').join('\n\n');
}

function attributionTable({ results, featureNames, actionNames, action, tree }: FormatInput): string {
  const attributions = (['saliency', 'ig', 'shap', 'kernelshap', 'exact', 'lime'] as const).map((m) => results[m]).filter((r): r is Attribution => r !== undefined);
  if (attributions.length === 0) return '';
  const header = ['feature', 'value', ...(tree ? ['tree'] : []), ...attributions.map((r) => LABEL[r.method])];
  const rows = featureNames.map((name, i) => [name, f(attributions[0]!.state[i]), ...(tree ? [f(tree.contributions[action]![i])] : []), ...attributions.map((r) => f(r.values[action]![i]))]);
  rows.push(['sum', '', ...(tree ? [f(sum(tree.contributions[action]!))] : []), ...attributions.map((r) => f(sum(r.values[action]!)))]);
  rows.push(['reference', '', ...(tree ? [f(tree.bias[action])] : []), ...attributions.map((r) => f(r.base[action]))]);
  rows.push(['measured from', '', ...(tree ? [TREE_REFERENCE.short] : []), ...attributions.map((r) => referenceOf(r).short)]);
  const lines = [
    `Network attributions of Q(${actionNames[action]}) = ${f(attributions[0]!.output[action])}, per feature ` +
      '(tree, IG and the Shapley methods: reference + sum = Q; gradient × input and LIME are local linear readings):',
    textTable({ header, rows }),
    referencesText(attributions, tree !== undefined),
  ];
  if (tree) {
    const agreement = attributions.map((r) => {
      const agreement = compareAttributions(tree.contributions, r.values);
      const a = agreement.perAction[action]!;
      return `${LABEL[r.method]} ρ=${f(a.spearman, 3)} top-${agreement.k}=${f(a.topK, 3)}`;
    });
    lines.push(`Agreement with the tree (Spearman ρ of |values|, features under ${NEGLIGIBLE_SHARE * 100} % of the largest tied; top-k overlap): ${agreement.join('; ')}`);
  }
  const notes: string[] = [];
  if (results.ig) notes.push(`IG: ${results.ig.steps} steps from the baseline, completeness error ${f(results.ig.completenessError[action]! * 100, 2)}%`);
  if (results.shap) notes.push(`SHAP: ${results.shap.permutations} permutations, largest standard error ${f(Math.max(...results.shap.standardError[action]!), 3)}`);
  if (results.kernelshap) notes.push(`KernelSHAP: ${results.kernelshap.coalitions} coalitions${results.kernelshap.complete ? ' (all of them: exact)' : ''}`);
  if (results.lime) notes.push(`LIME: ${results.lime.samples} samples, local R² ${f(results.lime.r2[action], 3)}`);
  return [...lines, ...notes].join('\n');
}

/** What a column's values are measured from: `short` for the table's row, `long` for the sentence under it. */
interface Reference {
  short: string;
  long: string;
}

const TREE_REFERENCE: Reference = { short: 'leaf mean', long: "the tree from its leaf's mean state" };

/**
 * Each method's reference, as the dashboard names them: without it a SHAP user reads the tree's and
 * the Shapley columns' sums as two answers to one question, when they start from different states.
 * IG's is named from its option, not guessed from its baseline's numbers: an agent whose mean state
 * is all zeros, or a baseline given as the mean's values, would be named wrongly.
 */
function referenceOf(r: Attribution): Reference {
  switch (r.method) {
    case 'shap':
    case 'kernelshap':
    case 'exact':
      return { short: 'avg of play', long: "the Shapley methods from the network's average Q over the agent's states" };
    case 'saliency':
      return { short: 'zero state', long: 'gradient × input from the all-zero state' };
    case 'lime':
      return { short: 'fit at mean', long: "LIME from its local linear fit's value at the agent's mean state" };
    case 'ig':
      if ((r as IntegratedGradients).baselineFrom === 'mean') return { short: 'mean state', long: "IG from the agent's mean state" };
      if ((r as IntegratedGradients).baselineFrom === 'zero') return { short: 'zero state', long: 'IG from the all-zero state' };
      return { short: 'IG baseline', long: 'IG from the baseline state given in --options' };
  }
}

/** The sentence that says, beside the comparison, that every column starts from its own reference. */
function referencesText(attributions: readonly Attribution[], withTree: boolean): string {
  const named = [...new Set([...(withTree ? [TREE_REFERENCE.long] : []), ...attributions.map((r) => referenceOf(r).long)])];
  const also = withTree ? ', so their sums and sizes differ by design and the agreement below compares only which features matter (the ranks of |values|)' : '';
  return `Each column is measured from its own reference ("measured from"): ${joinAnd(named)}${also}.`;
}

const BARS = '▁▂▃▄▅▆▇█';

function sparkline(values: number[]): string {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return values.map((v) => BARS[hi > lo ? Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1)) : 0]).join('');
}

function pdpText({ results, actionNames, action }: FormatInput): string {
  const pdp = results.pdp;
  if (!pdp) return '';
  const rows = pdp.features.map((fd: FeatureDependence) => {
    const curve = fd.pdp[action]!;
    const spread = fd.grid.map((_, g) => {
      const at = fd.ice.map((c) => c[action]![g]!);
      return at.length ? Math.max(...at) - Math.min(...at) : 0;
    });
    return [fd.featureName, `${f(fd.grid[0], 3)} … ${f(fd.grid.at(-1), 3)}`, sparkline(curve), `${f(curve[0])} → ${f(curve.at(-1))}`, sparkline(fd.stateCurve[action]!), f(Math.max(...spread), 3)];
  });
  const header = ['feature', 'range', 'PDP', 'PDP from → to', 'this state', 'ICE spread'];
  return [`Partial dependence of Q(${actionNames[action]}) over ${pdp.backgroundSize} of the agent's states:`, textTable({ header, rows })].join('\n');
}

/** What the angle coordinates are, and the observed features of those that turned. */
function anglesText(cf: NonNullable<FormatInput['results']['counterfactual']>, featureNames: readonly string[]): string {
  const { angles } = cf.searchedOver!;
  const which = joinAnd(angles.map((a) => `${a.name} (${featureNames[a.cos]}, ${featureNames[a.sin]})`));
  const turned = angles.filter((a) => cf.counterfactual![a.cos] !== cf.state[a.cos] || cf.counterfactual![a.sin] !== cf.state[a.sin]);
  const now = turned.flatMap((a) => [a.cos, a.sin].map((i) => `${featureNames[i]} ${f(cf.state[i]!, 6)} -> ${f(cf.counterfactual![i]!, 6)}`));
  return `The search turns the angles ${which} in radians, so every state it tries is one of the circle${now.length > 0 ? `; observed: ${now.join(', ')}` : ''}.`;
}

function counterfactualText({ results, actionNames, featureNames, reachable = [] }: FormatInput): string {
  const cf = results.counterfactual;
  if (!cf) return '';
  const lines = [`Counterfactual (${cf.norm.toUpperCase()} in units of the agent's spread): ${cf.sentence}`];
  // Already the target's pick: nothing changes, so there is no table to show.
  if (cf.found && cf.changes.length > 0) {
    // Six digits for the values: a small change (−0.3 to −0.2996) must not print as −0.3 to −0.3.
    lines.push(textTable({ header: ['feature', 'from', 'to', 'change', 'in σ'], rows: cf.changes.map((c) => [c.featureName, f(c.from, 6), f(c.to, 6), f(c.delta), f(c.scaledDelta, 3)]) }));
    const qs = (q: readonly number[]) => q.map((v, a) => `${actionNames[a]} ${f(v, 6)}`).join(', ');
    lines.push(`Size ${f(cf.distance, 4)} σ; Q before: ${qs(cf.qBefore)}; after: ${qs(cf.qAfter!)}`);
    if (cf.searchedOver) lines.push(anglesText(cf, featureNames));
    // Searched from a state already out of play (an Acrobot pair off the circle, CartPole past its
    // track), or past a limit that is no box (Acrobot's height): say so, as the Inspector does.
    const broken = violatedConditions(cf.counterfactual!, reachable);
    if (broken.length > 0) lines.push(`Note: the counterfactual state never occurs in play: ${broken.map((v) => violationText(v, (n) => f(n))).join('; ')}. Read it as what sways the network, not as a state the agent could be in.`);
  }
  return lines.join('\n');
}

function prototypeText({ results, featureNames, reachable = [] }: FormatInput): string {
  const p = results.prototype;
  if (!p) return '';
  const header = ['action', 'advantage', 'greedy', ...featureNames];
  const rows = p.prototypes.map((x) => [x.actionName, f(x.advantage), x.greedy ? 'yes' : 'no', ...x.state.map((v) => f(v))]);
  const boxed = featureNames.flatMap((name, i) => (reachableRange(reachable, i) ? [`${name} in [${f(p.bounds.low[i])}, ${f(p.bounds.high[i])}]`] : []));
  const where = boxed.length > 0 ? `where episodes go on (${joinAnd(boxed)}) and otherwise inside` : 'inside';
  const lines = [`Prototypes (for each action, the state where the network most prefers it, by gradient ascent on its advantage; searched ${where} the observation bounds, or the agent's own play where those are infinite):`, textTable({ header, rows })];
  // What a box cannot hold (Acrobot's cos/sin pairs) the search may break: say so rather than pass such a state off as one of play.
  for (const x of p.prototypes) {
    const broken = violatedConditions(x.state, reachable);
    if (broken.length > 0) lines.push(`Note: the ${x.actionName} prototype never occurs in play: ${broken.map((v) => violationText(v, (n) => f(n))).join('; ')}.`);
  }
  if (lines.length > 2) lines.push('Prototypes show what pushes the network towards an action, not states it meets.');
  return lines.join('\n');
}

function sum(values: number[]): number {
  return values.reduce((s, v) => s + v, 0);
}
