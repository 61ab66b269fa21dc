/**
 * The JSON of `POST /api/runs/:id/attributions`: the Q-network's own explanations of one state
 * (src/explain/network/), each attribution beside the tree's contributions with their agreement.
 * Type-only, like dto.ts (which re-exports everything here): `web/` imports it without pulling
 * tfjs or any server code into the browser bundle.
 */
import type {
  ActionAgreement, ActionPrototype, Attribution, AttributionMethodName, Change, Counterfactual, FeatureDependence, IntegratedGradients, KernelShap, Lime,
  MethodResults, NetworkMethod, PartialDependence, Prototypes, Saliency, SamplingShapley, SingleFeatureChange, StateAgreement,
} from '../explain/network/index.ts';
import type { ShapSummary } from '../explain/network/shap-summary.ts';
import type { ShapTarget } from '../explain/network/shap-targets.ts';

export type { ShapSummary, ShapTarget };
export type {
  ActionAgreement, ActionPrototype, Attribution, AttributionMethodName, Change, Counterfactual, FeatureDependence, IntegratedGradients, KernelShap, Lime,
  MethodResults, NetworkMethod, PartialDependence, Prototypes, Saliency, SamplingShapley, SingleFeatureChange, StateAgreement,
};

export interface AttributionsRequest {
  /** The state, one finite number per feature (|value| ≤ 1e9). */
  observation: number[];
  /** Which explanations, in order (default `DEFAULT_ATTRIBUTION_METHODS`: the fast ones). */
  methods?: NetworkMethod[];
  /**
   * Per method, its options (see `qlens explain --help` and src/explain/network/options.ts), e.g.
   * `{ "shap": { "permutations": 4000 }, "pdp": { "features": [2] } }`. Budgets are capped on the
   * server (ATTRIBUTION_BUDGET_CAPS) so one request cannot hold the server for long.
   */
  options?: Partial<Record<NetworkMethod, Record<string, unknown>>>;
}

/** The tree's reading of the same state, when the run has a tree: what the attributions are compared with. */
export interface TreeTerms {
  /** [action][feature]: w · (state − leaf mean), in Q units. */
  contributions: number[][];
  /** Per action: the leaf's baseline Q̄ (Q at its mean state). */
  bias: number[];
  qTree: number[];
  /** The tree's greedy action. */
  action: number;
}

export interface AttributionsResponse {
  observation: number[];
  featureNames: string[];
  actionNames: string[];
  /** Which network was explained (see RolloutResponse.weights). */
  weights: string;
  qNetwork: number[];
  networkAction: number;
  /** The state distribution behind SHAP's background, LIME's scale, PDP's average and the bounds. */
  background: { episodes: number; seed: number; states: number; used: number };
  /** Null when the run has no tree (then `agreement` is empty). */
  tree: TreeTerms | null;
  /** The methods answered, in the order computed. */
  methods: NetworkMethod[];
  results: Partial<MethodResults>;
  /** Per attribution method: Spearman ρ of |values| (negligible features tied, agreement.ts) and top-k overlap with the tree, per action and mean. */
  agreement: Partial<Record<AttributionMethodName, StateAgreement>>;
  /** Methods answered from the cache (prototypes do not depend on the state). */
  cached: NetworkMethod[];
  /** Wall time of the request on the server, queueing excluded. */
  milliseconds: number;
}

/**
 * `GET /api/runs/:id/shap-summary?states=200`: the network's Shapley values on states of its own
 * greedy play (the influence route's episodes), for SHAP's beeswarm and global importance. The
 * values are per action; advantages and the chosen action follow by linearity (`targetValues`).
 */
export interface ShapSummaryResponse extends ShapSummary {
  /** Greedy episodes the states come from, and their seed (`OWN_PLAY`, as the influence route). */
  episodes: number;
  seed: number;
  /** `RunNetwork.weights` of the explained network. */
  weights: string;
  /** The background every state's values are measured against. */
  background: { episodes: number; seed: number; used: number };
}
