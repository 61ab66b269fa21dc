/**
 * How faithful the tree is to the network (DESIGN.md §4 "Fidelity", lmut-paper.md §4.3), always
 * beside CART and a single linear model fitted on the same training data (baselines.ts): on
 * held-out states labelled with the network's Q, per model the Q RMSE and MAE (overall and per
 * action), the same relative to the network's Q range, Pearson r, and action agreement.
 *
 * The greedy-return comparison needs environments, which src/explain may not import: the caller
 * plays the policies (the baselines are QFunctions for that) and passes the returns in to be shown.
 */
import { ConfigError } from '../core/errors.ts';
import type { LinearModelUTree } from '../lmut/index.ts';
import { type BaselineOptions, type Baselines, type BatchQ, fitBaselines } from './baselines.ts';
import type { Coverage } from './coverage.ts';
import { checkLabelled, type LabelledStates } from './data.ts';
import { actionAgreement, type ErrorMetrics, errorMetrics, labelRange } from './metrics.ts';
import { type NameOptions, resolveNames } from './names.ts';

export type ModelName = 'lmut' | 'cart' | 'linear';

/** Average return of a greedy policy over `episodes` episodes (`ci95`: half-width of the 95% interval). */
export interface GreedyReturn {
  mean: number;
  episodes: number;
  ci95?: number;
}

export type GreedyReturns = Partial<Record<ModelName | 'network', GreedyReturn>>;

export interface ModelFidelity extends ErrorMetrics {
  model: ModelName;
  label: string;
  /** Leaves: the LMUT's count, CART's per-action tree size (the largest, when they differ), 1 for the linear model. */
  leaves: number;
  /** CART's tree sizes per action, when its budgets follow an action-split LMUT's subtrees. */
  leavesPerAction?: number[];
  /** Share of held-out states where the model's greedy action is the network's. */
  agreement: number;
  /** The same metrics per action (relative ones against that action's own Q range). */
  perAction: ErrorMetrics[];
}

export interface FidelityReport {
  /** Held-out states. */
  samples: number;
  /** Training states the linear model was fitted on (the training set passed in). */
  trainSamples: number;
  /** Training states CART was fitted on (a subsample when the set exceeded `cartMaxRows`). */
  cartTrainSamples: number;
  actionNames: string[];
  /** max − min of all the network's held-out Q labels. */
  qRange: number;
  qRangePerAction: number[];
  /** LMUT first, then CART, then linear. */
  models: ModelFidelity[];
  greedyReturns?: GreedyReturns;
  /** How well the training states cover the held-out states (coverage.ts): a ceiling on any mimic's fidelity. */
  coverage?: Coverage;
}

export interface FidelityOptions extends NameOptions {
  /** Where the baselines are fitted (the data the tree learned from, or a sample of it). */
  train?: LabelledStates;
  /** Already fitted baselines (e.g. ones the caller also played), instead of `train`. */
  baselines?: Baselines;
  /** CART fitting options (`cartMaxRows`, `cartMinSamples`, `seed`). */
  cart?: Pick<BaselineOptions, 'cartMaxRows' | 'cartMinSamples' | 'seed'>;
  /** Greedy returns measured by the caller, shown in the table and the HTML report. */
  greedyReturns?: GreedyReturns;
  /** Coverage of the held-out states by the training states, measured by the caller. */
  coverage?: Coverage;
}

const LABELS: Record<ModelName, string> = { lmut: 'LMUT', cart: 'CART', linear: 'Linear' };

/**
 * How many of the tree's leaves model each action: all of them, unless the tree splits on the
 * action at its root (actionSplit), when each action has its own subtree's. CART gets these budgets.
 */
export function leavesPerAction(tree: LinearModelUTree): number[] {
  const counts = new Array<number>(tree.nActions).fill(0);
  for (const node of tree.nodes()) if (node.isLeaf) for (const m of node.model.actions) counts[m.action]! += 1;
  return counts;
}

export function measureFidelity(tree: LinearModelUTree, heldOut: LabelledStates, options: FidelityOptions): FidelityReport {
  const { obsDim: d, nActions: A } = tree;
  checkLabelled(heldOut, d, A, 'fidelity held-out set');
  const { actionNames } = resolveNames(tree, options);
  const leaves = tree.summary.leaves;
  let baselines = options.baselines;
  if (!baselines) {
    if (!options.train) throw new ConfigError('train', 'measureFidelity needs the training set (train) or fitted baselines (baselines): the tree is always compared with CART and a linear model');
    baselines = fitBaselines(options.train, { obsDim: d, nActions: A, leaves: leavesPerAction(tree), ...options.cart });
  }
  const { cart, linear } = baselines;
  const cartLeaves = Math.max(...cart.leaves);
  const models = (
    [
      ['lmut', tree, leaves],
      ['cart', cart, cartLeaves],
      ['linear', linear, 1],
    ] as [ModelName, BatchQ | LinearModelUTree, number][]
  ).map(([model, q, n]) => modelFidelity(model, q.qBatch64(heldOut.obs, heldOut.n), n, heldOut, A));
  // Per-action budgets (an action split) are said as such, whether or not they happen to be equal.
  if (tree.config.actionSplit) models.find((m) => m.model === 'cart')!.leavesPerAction = [...cart.leaves];
  const report: FidelityReport = {
    samples: heldOut.n,
    trainSamples: linear.trainRows,
    cartTrainSamples: cart.trainRows,
    actionNames: [...actionNames],
    qRange: labelRange(heldOut.q, heldOut.n, A),
    qRangePerAction: Array.from({ length: A }, (_, a) => labelRange(heldOut.q, heldOut.n, A, a)),
    models,
  };
  if (options.greedyReturns) report.greedyReturns = options.greedyReturns;
  if (options.coverage) report.coverage = options.coverage;
  return report;
}

function modelFidelity(model: ModelName, pred: Float64Array, leaves: number, data: LabelledStates, A: number): ModelFidelity {
  return {
    model,
    label: LABELS[model],
    leaves,
    ...errorMetrics(pred, data.q, data.n, A),
    agreement: actionAgreement(pred, data.q, data.n, A),
    perAction: Array.from({ length: A }, (_, a) => errorMetrics(pred, data.q, data.n, A, a)),
  };
}
