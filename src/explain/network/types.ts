/**
 * Shapes shared by the network explainers. Every result is JSON-ready (plain arrays of numbers
 * and strings), so the CLI prints it with `JSON.stringify` and a server route returns it as is.
 */

/**
 * What the evaluation-only methods (Shapley, KernelSHAP, LIME, PDP/ICE, counterfactual) need:
 * Q(s, ·) for a batch of states. `QNetwork` fits it; so does any function written for a test.
 * The result may be float32 (a network) or float64 (an exact test function).
 */
export interface QEvaluator {
  readonly obsDim: number;
  readonly nActions: number;
  qBatch(obs: Float32Array, n: number): ArrayLike<number>;
}

/** A set of states, row-major `n × obsDim` (the mimic's `StateSet`). */
export interface States {
  obs: Float32Array;
  n: number;
  obsDim: number;
}

/** Per-feature box the explainers stay inside; every bound finite. */
export interface Bounds {
  low: number[];
  high: number[];
  /** Per feature: true where an infinite lower bound was replaced by the observed minimum. */
  lowFromData: boolean[];
  /** Per feature: true where an infinite upper bound was replaced by the observed maximum. */
  highFromData: boolean[];
}

export type AttributionMethod = 'saliency' | 'ig' | 'shap' | 'kernelshap' | 'exact' | 'lime';

/**
 * One attribution method's answer for one state: per action, one value per feature, in the units
 * of Q. `base[a]` is the reference the values explain the difference from (the background
 * expectation for Shapley methods, Q at the baseline for IG, 0 for gradient × input).
 */
export interface Attribution {
  method: AttributionMethod;
  state: number[];
  /** [action][feature]. */
  values: number[][];
  /** Per action. */
  base: number[];
  /** Q(state, a) per action as the explained model computes it. */
  output: number[];
  /** Q-network evaluations (or gradient rows) spent. */
  evaluations: number;
  /** Wall time of this call. */
  milliseconds: number;
}
