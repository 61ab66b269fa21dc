/**
 * SHAP's summary over many states (Lundberg & Lee 2017; `shap.plots.beeswarm`): the network's
 * Shapley values on a sample of the agent's own greedy play, so a person sees which features the
 * network weighs across its behaviour, and in which direction, not only at one state.
 *
 * Values are exact (all 2^d coalitions) up to MAX_EXACT_FEATURES features and antithetic
 * permutation estimates beyond, with the same interventional value function and background as
 * the per-state methods. Shapley values are linear in the explained function, so the values of an
 * action's advantage Q(s,a) − mean_b Q(s,b) follow from the per-action ones without more work:
 * `targetValues` derives them, and the "chosen action" target (each state's greedy action's
 * advantage, SHAP's "explain the predicted class") is what drives the agent's decisions.
 */
import { DataError } from '../../core/errors.ts';
import { Rng } from '../../core/rng.ts';
import { argmax } from '../../core/q-function.ts';
import type { Background } from './coalitions.ts';
import { exactShapley, MAX_EXACT_FEATURES } from './shapley-exact.ts';
import { samplingShapley } from './shapley-sampling.ts';
import type { QEvaluator, States } from './types.ts';

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

/** `k` row indices spread evenly over `n` rows (all of them when n ≤ k), so every episode is represented. */
export function evenlySpaced(n: number, k: number): number[] {
  const m = Math.min(n, Math.max(0, Math.floor(k)));
  return Array.from({ length: m }, (_, j) => Math.floor((j * n) / m));
}

/** What the values explain: one action's Q, one action's advantage, or each state's chosen action's advantage. */
export type ShapTarget = { kind: 'q'; action: number } | { kind: 'advantage'; action: number } | { kind: 'chosen' };

/** Per state, one value per feature for `target`, [state][feature]. */
export function targetValues(summary: Pick<ShapSummary, 'values' | 'greedy'>, target: ShapTarget): number[][] {
  return summary.values.map((perAction, s) => {
    if (target.kind === 'q') return [...perAction[target.action]!];
    const a = target.kind === 'chosen' ? summary.greedy[s]! : target.action;
    const A = perAction.length;
    return perAction[a]!.map((v, i) => v - perAction.reduce((sum, row) => sum + row[i]!, 0) / A);
  });
}

/** Mean absolute value per feature: SHAP's global importance. */
export function meanAbsolute(values: readonly (readonly number[])[], d: number): number[] {
  const out = new Array<number>(d).fill(0);
  for (const row of values) for (let i = 0; i < d; i++) out[i]! += Math.abs(row[i]!) / values.length;
  return out;
}

/** Feature indices, largest importance first (ties in feature order). */
export function byImportance(importance: readonly number[]): number[] {
  return importance.map((_, i) => i).sort((a, b) => importance[b]! - importance[a]! || a - b);
}

/** A readable name for a target, in the CLI's and the dashboard's wording. */
export function targetLabel(target: ShapTarget, actionNames: readonly string[]): string {
  if (target.kind === 'chosen') return 'the chosen action’s advantage';
  const name = actionNames[target.action] ?? `action ${target.action}`;
  return target.kind === 'q' ? `Q(${name})` : `advantage of ${name}`;
}
