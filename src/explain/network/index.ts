/**
 * Network explainers (issue 6): the techniques users know — gradient × input, integrated
 * gradients, permutation SHAP, KernelSHAP, exact Shapley, LIME, PDP/ICE, counterfactuals and
 * activation-maximisation prototypes — applied to the Q-network directly, plus the agreement
 * between the tree's per-state contributions and each of them.
 *
 * This folder may import tfjs (the gradient methods) and src/dqn; `src/explain/index.ts` does not
 * re-export it, so the tree explainers stay tfjs-free.
 *
 * Typical use:
 *   const explainer = new NetworkExplainer({ network, states: heldOutSet(network, env, 5, seed),
 *     space: env.observationSpace, featureNames, actionNames });
 *   const shap = await explainer.explain('shap', state);
 *   const agreement = agreementWithTree(explainState(tree, state), shap);
 */
export { NetworkExplainer, type ExplainerInput, type MethodResults } from './explainer.ts';
export { METHOD_OPTIONS, NETWORK_METHODS, NORMS, type MethodOptions, type NetworkMethod, resolveMethodOptions } from './options.ts';
export type { Attribution, AttributionMethod, Bounds, QEvaluator, States } from './types.ts';
export type { Saliency } from './saliency.ts';
export type { IntegratedGradients } from './integrated-gradients.ts';
export type { SamplingShapley } from './shapley-sampling.ts';
export type { KernelShap } from './kernel-shap.ts';
export type { Lime } from './lime.ts';
export type { FeatureDependence, PartialDependence } from './pdp.ts';
export type { Counterfactual } from './counterfactual.ts';
export type { Change, SingleFeatureChange } from './counterfactual-text.ts';
export type { ActionPrototype, Prototypes } from './prototype.ts';
export type { StateDistribution } from './distribution.ts';
export {
  type ActionAgreement, type AgreementSummary, agreementWithTree, compareAttributions, type Distribution, spearman, type StateAgreement,
  summariseAgreement, topKOverlap,
} from './agreement.ts';
export { ATTRIBUTION_METHODS, type AttributionMethodName, BOUNDED_METHODS, explainWithMethods, type MultiMethodResult, parseMethods } from './methods.ts';
export { boundsAround } from './distribution.ts';
export { type FormatInput, formatNetworkExplanation } from './format.ts';
