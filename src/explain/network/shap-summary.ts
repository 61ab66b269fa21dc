/**
 * SHAP's summary over many states (Lundberg & Lee 2017; `shap.plots.beeswarm`): the network's
 * Shapley values on a sample of the agent's own greedy play, so a person sees which features the
 * network weighs across its behaviour, and in which direction, not only at one state.
 *
 * Values are exact (all 2^d coalitions) up to MAX_EXACT_FEATURES features and antithetic
 * permutation estimates beyond, with the same interventional value function and background as
 * the per-state methods. Shapley values are linear in the explained function, so the values of an
 * action's advantage Q(s,a) − mean_b Q(s,b) follow from the per-action ones without more work:
 * `targetValues` (shap-targets.ts) derives them, and the "chosen action" target (each state's
 * greedy action's advantage, SHAP's "explain the predicted class") is what drives the agent's
 * decisions.
 */
import { DataError } from '../../core/errors.ts';
import { Rng } from '../../core/rng.ts';
import { argmax } from '../../core/q-function.ts';
import { evenlySpaced } from '../play-range.ts';
import type { Background } from './coalitions.ts';
import { exactShapley, MAX_EXACT_FEATURES } from './shapley-exact.ts';
import { samplingShapley } from './shapley-sampling.ts';
import type { QEvaluator, States } from './types.ts';

export { byImportance, influenceShares, meanAbsolute, qImportance, rankingVerdict, type ShapTarget, targetLabel, targetValues } from './shap-targets.ts';

/** Permutations per state where exact enumeration is too dear (d > MAX_EXACT_FEATURES). */
export const SUMMARY_PERMUTATIONS = 256;

export interface ShapSummary {
  method: 'exact' | 'shap';
  featureNames: string[];
  actionNames: string[];
  /** The explained states' feature values, [state][feature]. */
  states: number[][];
  /** Shapley values of Q(·, a), [state][action][feature]. */
  values: number[][][];
  /** E_b Q(b, a) over the background, per action: what every state's values explain the difference from. */
  base: number[];
  /** The network's greedy action at each state. */
  greedy: number[];
  /** How many states the sample was drawn from. */
  drawnFrom: number;
  milliseconds: number;
}

export interface ShapSummaryOptions {
  featureNames: readonly string[];
  actionNames: readonly string[];
  /** At most this many states, evenly spaced through `states` (default 200). */
  maxStates?: number;
  seed?: number;
  /** Called between states (the server yields to other requests there). */
  between?: () => Promise<void>;
}

export async function shapSummary(model: QEvaluator, states: States, background: Background, options: ShapSummaryOptions): Promise<ShapSummary> {
  const t0 = performance.now();
  const d = model.obsDim;
  if (states.obsDim !== d) throw new DataError(`the states have ${states.obsDim} features, the network ${d}`);
  const rows = evenlySpaced(states.n, options.maxStates ?? 200);
  const exact = d <= MAX_EXACT_FEATURES;
  const rng = new Rng(options.seed ?? 0);
  const summary: ShapSummary = {
    method: exact ? 'exact' : 'shap',
    featureNames: [...options.featureNames],
    actionNames: [...options.actionNames],
    states: [],
    values: [],
    base: new Array<number>(model.nActions).fill(0),
    greedy: [],
    drawnFrom: states.n,
    milliseconds: 0,
  };
  for (const r of rows) {
    await options.between?.();
    const state = states.obs.slice(r * d, (r + 1) * d);
    const one = exact ? exactShapley(model, state, background) : samplingShapley(model, state, background, SUMMARY_PERMUTATIONS, rng);
    summary.states.push(Array.from(state));
    summary.values.push(one.values);
    summary.greedy.push(argmax(one.output));
    // The exact base is the same at every state; the sampled one is averaged over them.
    one.base.forEach((b, a) => (summary.base[a]! += b / rows.length));
  }
  summary.milliseconds = performance.now() - t0;
  return summary;
}
