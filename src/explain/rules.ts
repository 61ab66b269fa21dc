/**
 * The tree as rules (DESIGN.md §4): one rule per leaf, `IF conditions THEN Q(a) = intercept +
 * Σ w_i · x_i` per action. Repeated tests on one feature along a path collapse to the tightest
 * interval (`pole_angle <= 0.05` then `pole_angle > -0.2` reads `-0.2 < pole_angle <= 0.05`).
 * Rules can be sorted by samples or by Q at the leaf's mean state and filtered by the leaf's
 * greedy action there.
 */
import { ConfigError } from '../core/errors.ts';
import type { LinearModelUTree } from '../lmut/index.ts';
import { DEFAULT_PRECISION, formatNumber, formatThreshold, signedTerm } from './format.ts';
import { tightestBounds } from './interval-bounds.ts';
import { type NameOptions, resolveNames } from './names.ts';
import { type EdgeTest, greedyAtMean, indexTree, leavesOf, pathTests } from './tree-index.ts';

/** `lower < feature <= upper`; a missing bound is null. */
export interface Interval {
  feature: number;
  featureName: string;
  /** Exclusive lower bound (from `>` tests), or null. */
  lower: number | null;
  /** Inclusive upper bound (from `<=` tests), or null. */
  upper: number | null;
}

export interface RuleModel {
  action: number;
  actionName: string;
  /** Q(a) = intercept + Σ_i weights[i] · x_i, raw feature units. */
  intercept: number;
  weights: number[];
  /** Q(a) at the leaf's mean state (the leaf baseline). */
  qAtMean: number;
}

export interface Rule {
  leafId: number;
  depth: number;
  /**
   * Training samples in the leaf's region (tree-index.ts `regionSamples`: a tree grown online has
   * its counts apportioned at each split from the rows its children inherited, so the rules add up
   * to the samples trained on). Not the leaf's own counter, which counts those inherited rows.
   */
  samples: number;
  /** At most one interval per feature, in feature order. Empty for a tree that is a single leaf. */
  conditions: Interval[];
  /** Below an action split the rule holds for this action only; otherwise null. */
  action: number | null;
  actionName: string | null;
  /** One model per action the leaf models. */
  models: RuleModel[];
  /** The leaf's mean state μ_L. */
  mean: number[];
  /** Greedy action at the leaf's mean state (tree-index.ts `greedyAtMean`). */
  greedyAction: number;
  greedyActionName: string;
}

export interface RuleOptions extends NameOptions {
  /** `leaf` keeps the tree's order (pre-order, left first); `samples` and `q` sort descending. @default 'leaf' */
  sortBy?: 'leaf' | 'samples' | 'q';
  /** With `sortBy: 'q'`, the action whose Q at the leaf mean orders the rules; default the largest Q of the leaf. */
  sortAction?: number;
  /** Keep only the rules whose greedy action at the leaf mean is this one. */
  greedyAction?: number;
}

export function treeRules(tree: LinearModelUTree, options: RuleOptions = {}): Rule[] {
  const { featureNames, actionNames } = resolveNames(tree, options);
  for (const key of ['sortAction', 'greedyAction'] as const) {
    const a = options[key];
    if (a !== undefined && !(Number.isInteger(a) && a >= 0 && a < tree.nActions)) {
      throw new ConfigError(key, `Invalid ${key}: ${a} (allowed: an action index in [0, ${tree.nActions}))`);
    }
  }
  const index = indexTree(tree);
  let rules = leavesOf(index).map((leaf): Rule => {
    const tests = pathTests(index, leaf);
    const actionTest = tests.find((t) => t.kind === 'action');
    const greedy = greedyAtMean(tree, leaf);
    return {
      leafId: leaf.id,
      depth: leaf.depth,
      samples: index.regionSamples.get(leaf.id)!,
      conditions: collapseConditions(tests, featureNames),
      action: actionTest?.kind === 'action' ? actionTest.action : null,
      actionName: actionTest?.kind === 'action' ? actionNames[actionTest.action]! : null,
      models: leaf.model.actions.map((m) => ({ action: m.action, actionName: actionNames[m.action]!, intercept: m.intercept, weights: m.weights, qAtMean: m.baseline })),
      mean: leaf.model.mean,
      greedyAction: greedy,
      greedyActionName: actionNames[greedy]!,
    };
  });
  if (options.greedyAction !== undefined) rules = rules.filter((r) => r.greedyAction === options.greedyAction);
  const sortBy = options.sortBy ?? 'leaf';
  if (sortBy === 'samples') rules.sort((x, y) => y.samples - x.samples);
  if (sortBy === 'q') rules.sort((x, y) => sortKey(y, options.sortAction) - sortKey(x, options.sortAction));
  return rules; // Array.prototype.sort is stable: ties keep the tree's order
}

function sortKey(rule: Rule, action: number | undefined): number {
  if (action === undefined) return Math.max(...rule.models.map((m) => m.qAtMean));
  return rule.models.find((m) => m.action === action)?.qAtMean ?? -Infinity;
}

/** The tightest interval per feature implied by a path's threshold tests (action tests are skipped). */
export function collapseConditions(tests: EdgeTest[], featureNames: readonly string[]): Interval[] {
  const thresholds = tests.flatMap((t) => (t.kind === 'threshold' ? [t] : []));
  return tightestBounds(thresholds)
    .map(({ feature, lower, upper }) => ({ feature, featureName: featureNames[feature]!, lower, upper }))
    .sort((x, y) => x.feature - y.feature);
}

/**
 * `-0.2 < pole_angle <= 0.05`, `pole_angle <= 0.05` or `pole_angle > -0.2`; `exact` prints each bound
 * with the digits that keep every float32 observation on its side (formatThreshold).
 */
export function intervalText(iv: Interval, precision = DEFAULT_PRECISION, exact = false): string {
  const f = (v: number) => (exact ? formatThreshold(v, precision) : formatNumber(v, precision));
  if (iv.lower !== null && iv.upper !== null) return `${f(iv.lower)} < ${iv.featureName} <= ${f(iv.upper)}`;
  if (iv.upper !== null) return `${iv.featureName} <= ${f(iv.upper)}`;
  return `${iv.featureName} > ${f(iv.lower!)}`;
}

/** `13.2 + 0.5 * cart_position - 1 * cart_velocity` (terms with a zero weight are left out). */
export function linearFormText(model: RuleModel, featureNames: readonly string[], precision = DEFAULT_PRECISION): string {
  const terms = model.weights.flatMap((w, i) => (w === 0 ? [] : [`${signedTerm(w, precision)} * ${featureNames[i]}`]));
  return [formatNumber(model.intercept, precision), ...terms].join(' ');
}

/** The rule's IF part: `action = left AND -0.2 < pole_angle <= 0.05 AND ...`, or `always` for a lone root. */
export function conditionsText(rule: Rule, precision = DEFAULT_PRECISION, exact = false): string {
  const parts = rule.conditions.map((iv) => intervalText(iv, precision, exact));
  if (rule.actionName !== null) parts.unshift(`action = ${rule.actionName}`);
  return parts.length > 0 ? parts.join(' AND ') : 'always';
}
