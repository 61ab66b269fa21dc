/**
 * Global feature influence, the paper's measure (Liu et al. 2018; DESIGN.md §4): for an internal
 * node N that splits on feature f,
 *
 *   Inf(f, N) = (1 + |w_Nf| / Σ_j |w_Nj|) · (var_N − Σ_c (n_c / n_N) · var_c)
 *
 * summed over every node that splits on f. The second factor is the size-weighted drop in the
 * variance of the Q labels that the split brings; the first amplifies it by how much N's own linear
 * model leaned on f. Choices (lmut-paper.md §7.3 item 9):
 *  - Variances are population variances (ddof 0) of the *held-out* samples' network Q labels
 *    reaching each node (the authors' code recomputed influence on a separate batch), so the
 *    measure says what the splits explain on data the tree did not fit. By the law of total
 *    variance each drop is ≥ 0, so shares are well defined.
 *  - One tree models all actions: the variance terms are summed over the actions the node models,
 *    and the amplifier sums |w| over those actions too (numerator |w_{N,a,f}| and denominator
 *    Σ_j |w_{N,a,j}| each summed over a), so one strongly weighted action is not averaged away.
 *    The per-action figures use that action's own weights and variance, so they need not add up
 *    to the total when actions lean on f differently.
 *  - w_N is the model N had when it split (internal nodes keep it), in raw feature units, |w| not
 *    w². The amplifier is therefore unit-dependent, as in the paper; it lies in [1, 2].
 *  - A node whose weights are all zero gets amplifier 1. An action split (authors' layout) is not
 *    a feature and gets no influence; the nodes under it see every row with that action's label.
 */
import type { LinearModelUTree, NodeView } from '../lmut/index.ts';
import { checkLabelled, columnVariance, type LabelledStates } from './data.ts';
import { type NameOptions, resolveNames } from './names.ts';
import { indexTree, type TreeIndex } from './tree-index.ts';

export interface NodeInfluence {
  nodeId: number;
  depth: number;
  feature: number;
  featureName: string;
  threshold: number;
  /** Held-out rows that reached the node. */
  samples: number;
  amplifier: number;
  /** var_N − Σ_c (n_c/n_N) var_c, summed over actions. */
  varianceReduction: number;
  varianceReductionPerAction: number[];
  influence: number;
  influencePerAction: number[];
}

export interface FeatureInfluence {
  feature: number;
  featureName: string;
  /** Σ over the nodes splitting on this feature. */
  influence: number;
  influencePerAction: number[];
  /** Number of nodes splitting on this feature. */
  nodes: number;
  /** influence / total (0 when nothing has influence). */
  share: number;
  sharePerAction: number[];
}

export interface InfluenceReport {
  /** Held-out rows used. */
  samples: number;
  featureNames: string[];
  actionNames: string[];
  total: number;
  totalPerAction: number[];
  /** Every feature, most influential first (ties by feature index); features never split on have 0. */
  features: FeatureInfluence[];
  /** Every threshold node, pre-order. */
  nodes: NodeInfluence[];
}

export function featureInfluence(tree: LinearModelUTree, heldOut: LabelledStates, options?: NameOptions): InfluenceReport {
  const { obsDim: d, nActions: A } = tree;
  checkLabelled(heldOut, d, A, 'featureInfluence');
  const { featureNames, actionNames } = resolveNames(tree, options);
  const index = indexTree(tree);
  const nodes: NodeInfluence[] = [];
  const allRows = Int32Array.from({ length: heldOut.n }, (_, r) => r);
  visit(index, index.root, allRows, heldOut, d, A, featureNames, nodes);
  const preOrder = new Map(index.nodes.map((n, i) => [n.id, i]));
  nodes.sort((x, y) => preOrder.get(x.nodeId)! - preOrder.get(y.nodeId)!); // visit() appends children first
  const features = Array.from({ length: d }, (_, f) => {
    const mine = nodes.filter((n) => n.feature === f);
    return {
      feature: f,
      featureName: featureNames[f]!,
      influence: sum(mine.map((n) => n.influence)),
      influencePerAction: Array.from({ length: A }, (_, a) => sum(mine.map((n) => n.influencePerAction[a]!))),
      nodes: mine.length,
      share: 0,
      sharePerAction: new Array<number>(A).fill(0),
    };
  });
  const total = sum(features.map((f) => f.influence));
  const totalPerAction = Array.from({ length: A }, (_, a) => sum(features.map((f) => f.influencePerAction[a]!)));
  for (const f of features) {
    f.share = total > 0 ? f.influence / total : 0;
    f.sharePerAction = f.influencePerAction.map((v, a) => (totalPerAction[a]! > 0 ? v / totalPerAction[a]! : 0));
  }
  features.sort((x, y) => y.influence - x.influence || x.feature - y.feature);
  return { samples: heldOut.n, featureNames: [...featureNames], actionNames: [...actionNames], total, totalPerAction, features, nodes };
}

/** Variance of each modelled action's labels over `rows`, indexed by action (0 for actions the node does not model). */
function variances(node: NodeView, rows: Int32Array, data: LabelledStates, A: number): Float64Array {
  const out = new Float64Array(A);
  for (const m of node.model.actions) out[m.action] = columnVariance(data.q, A, m.action, rows);
  return out;
}

/** Routes `rows` down from `node`, appending each threshold node's influence; returns the node's label variances. */
function visit(index: TreeIndex, node: NodeView, rows: Int32Array, data: LabelledStates, d: number, A: number, names: readonly string[], out: NodeInfluence[]): Float64Array {
  const own = variances(node, rows, data, A);
  const split = node.split;
  if (!split) return own;
  const kids = node.children.map((id) => index.byId.get(id)!);
  if (split.kind === 'action') {
    kids.forEach((kid) => visit(index, kid, rows, data, d, A, names, out));
    return own;
  }
  const goesLeft = (r: number) => data.obs[r * d + split.feature]! <= split.threshold; // the tree's own routing rule
  const parts = [rows.filter(goesLeft), rows.filter((r) => !goesLeft(r))];
  const childVar = kids.map((kid, c) => visit(index, kid, parts[c]!, data, d, A, names, out));
  const vr = new Array<number>(A).fill(0);
  if (rows.length > 0) {
    for (const m of node.model.actions) {
      let within = 0;
      for (let c = 0; c < 2; c++) within += (parts[c]!.length / rows.length) * childVar[c]![m.action]!;
      vr[m.action] = Math.max(0, own[m.action]! - within); // ≥ 0 in exact arithmetic; clamp rounding
    }
  }
  const f = split.feature;
  const amplifier = amplify(node.model.actions.map((m) => m.weights), f);
  const perActionAmp = new Array<number>(A).fill(1);
  for (const m of node.model.actions) perActionAmp[m.action] = amplify([m.weights], f);
  const varianceReduction = sum(vr);
  out.push({
    nodeId: node.id,
    depth: node.depth,
    feature: f,
    featureName: names[f]!,
    threshold: split.threshold,
    samples: rows.length,
    amplifier,
    varianceReduction,
    varianceReductionPerAction: vr,
    influence: amplifier * varianceReduction,
    influencePerAction: vr.map((v, a) => perActionAmp[a]! * v),
  });
  return own;
}

/** 1 + Σ_a |w_{a,f}| / Σ_a Σ_j |w_{a,j}|; 1 when every weight is zero. */
function amplify(weights: number[][], f: number): number {
  let num = 0;
  let den = 0;
  for (const w of weights) {
    num += Math.abs(w[f]!);
    for (const x of w) den += Math.abs(x);
  }
  return den > 0 ? 1 + num / den : 1;
}

function sum(values: number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
