/**
 * Shared LMUT types: the internal parameter block of a linear model, and the read-only *views*
 * that exporters, the explainer and the dashboard use instead of touching tree internals
 * (scikit-learn keeps its exporters outside the estimator in the same way).
 *
 * Every model is given in raw feature units in the "baseline" form of DESIGN.md §4:
 *
 *   Q_a(s) = Q̄_{L,a} + Σ_i w_{L,a,i} · (s_i − μ_{L,i})
 *
 * where μ_L is the mean feature vector of the samples the leaf saw and Q̄_{L,a} the model's value
 * there. The tree computes its Q from exactly these numbers, so the per-feature terms plus the
 * baseline reproduce `qValues` to rounding (≪ 1e-9). `intercept = Q̄ − Σ_i w_i μ_i` gives the
 * same model as `intercept + w · s`, the paper's form.
 */

/** A linear model per output in baseline form (float64, raw units). Internal. */
export interface LinearParams {
  /** μ: feature means of the node's samples (length d). */
  mean: Float64Array;
  /** Q̄ per output (length k): the model's value at μ. */
  baseline: Float64Array;
  /** Weights, row-major k×d. */
  weights: Float64Array;
}

/** One action's model in a node. */
export interface ActionModelView {
  action: number;
  actionName: string;
  /** Q̄_{L,a}: the model's value at the node's mean state. */
  baseline: number;
  /** `baseline − Σ_i weights[i] · mean[i]`: Q_a(s) = intercept + weights · s. */
  intercept: number;
  /** w_{L,a,i} in raw feature units (Q per unit of feature i). */
  weights: number[];
}

/** A node's linear models: for a leaf the live ones, for an internal node the ones it had when it split. */
export interface LinearModelView {
  /** μ_L, raw units. */
  mean: number[];
  /** One entry per action this node models: all actions, or one below an action split. */
  actions: ActionModelView[];
}

/** How an internal node routes: `x[feature] <= threshold` goes to children[0], else children[1]; an action split sends action a to children[a]. */
export type SplitView =
  | { kind: 'threshold'; feature: number; featureName: string; threshold: number }
  | { kind: 'action' };

/** One node on a state's root-to-leaf route: what an explanation needs, without model copies. */
export interface RouteStep {
  id: number;
  depth: number;
  samples: number;
  split: SplitView | null;
  /** Index of the child the state went to (`children[branch]`), null at the leaf. */
  branch: number | null;
}

/** A plain, detached copy of one node (river's node, as a JSON-friendly object). */
export interface NodeView {
  id: number;
  parent: number | null;
  depth: number;
  isLeaf: boolean;
  /** Child ids, in routing order (see `SplitView`). Empty for a leaf. */
  children: number[];
  split: SplitView | null;
  /** Samples the node saw while it was a leaf (internal nodes: up to their split), counting the rows it received from its parent's memory when it was created. */
  samples: number;
  /** Population variance of each modelled action's Q labels over those samples (parallel to `model.actions`). */
  labelVariance: number[];
  model: LinearModelView;
}

/** Size and bookkeeping of a tree (river's `summary`). */
export interface TreeSummary {
  nodes: number;
  leaves: number;
  /** Depth of the deepest leaf (a lone root has depth 0). */
  depth: number;
  /** Rows passed to `learn` so far. */
  samplesSeen: number;
  /** Splits undone to make room for better ones once the leaf budget was used up (budget.ts). */
  recycledSplits: number;
  /** Bytes held by the tree's typed arrays (memories, statistics, models). */
  memoryBytes: number;
  /** The most those can ever reach under this config (`maxLeaves` full leaves plus their ancestors). */
  memoryBoundBytes: number;
  /** False for a tree loaded from a model-only file: it predicts and explains but cannot learn. */
  learnable: boolean;
}

/** One action's Q at a state, decomposed into the leaf baseline and one term per feature. */
export interface QDecomposition {
  action: number;
  /** The leaf that produced this action's Q. */
  leafId: number;
  baseline: number;
  /** `w_i · (s_i − μ_i)` per feature. */
  contributions: number[];
  /** `baseline + Σ contributions`, summed in that order: equals the tree's Q (float64). */
  q: number;
}
