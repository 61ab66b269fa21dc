/**
 * What the inspector says about each network attribution method: its name, colour and hatch, the reference
 * its values are measured from (so a user knows why the bars differ in length), and which ones are
 * cheap enough to follow the what-if sliders. Costs are per state on CartPole (bench/explain.ts).
 */
import type { AttributionMethodName } from '../../src/server/dto.ts';
import { type HatchStyle, METHOD_PALETTE, hatchSwatch } from '../plotly.ts';

export interface MethodInfo {
  id: AttributionMethodName;
  label: string;
  /** Its bars and swatches everywhere: a colour and hatch from the methods' palette, never an action's solid colour. */
  style: HatchStyle;
  /** One line for the checkbox's tooltip: what the value of a feature means. */
  meaning: string;
}

/** The tree's bars in the side-by-side chart. */
export const TREE_STYLE = { label: 'Tree (LMUT)', color: '#3d434b' };

// The three ticked by default take the palette's most different colours (light cyan, light sand, dark indigo).
export const METHODS: readonly MethodInfo[] = [
  { id: 'shap', label: 'Permutation SHAP', style: METHOD_PALETTE[0]!, meaning: 'Shapley value estimated from sampled feature orderings: the feature’s share of Q(state) − the average Q over the agent’s own states.' },
  { id: 'saliency', label: 'Gradient × input', style: METHOD_PALETTE[1]!, meaning: 'state value × ∂Q/∂feature: a local, linear reading measured from the all-zero state.' },
  { id: 'lime', label: 'LIME', style: METHOD_PALETTE[2]!, meaning: 'A linear model fitted to Q around this state: β · (state − mean state), like the tree’s w · (state − leaf mean).' },
  { id: 'kernelshap', label: 'KernelSHAP', style: METHOD_PALETTE[3]!, meaning: 'Shapley values estimated by a weighted regression over feature coalitions (exact when every coalition fits the budget).' },
  { id: 'exact', label: 'Exact Shapley', style: METHOD_PALETTE[4]!, meaning: 'Shapley values by enumerating every coalition of features (up to 8 features).' },
  { id: 'ig', label: 'Integrated gradients', style: METHOD_PALETTE[5]!, meaning: 'Gradients integrated along the straight path from the agent’s mean state to this state; they sum to Q(state) − Q(mean state).' },
];

/** Checked when the inspector opens: one method of each family (Shapley, gradient, local surrogate). */
export const DEFAULT_CHECKED: readonly AttributionMethodName[] = ['shap', 'saliency', 'lime'];

/** Largest feature count exact Shapley accepts (src/explain/network/shapley-exact.ts). */
export const EXACT_MAX_FEATURES = 8;

export function methodInfo(id: AttributionMethodName): MethodInfo {
  return METHODS.find((m) => m.id === id)!;
}

/** The square before a method's name (checkbox, agreement line): its bars' colour and hatch. */
export const methodSwatch = (id: AttributionMethodName) => hatchSwatch(methodInfo(id).style);
