/**
 * A linear model in words, as every view writes it: "58.10 − 2.22 × cart position + …" (true minus
 * signs, humanised feature names). The server's `forms` are code-like (`- 2.22 * cart_position`) for
 * exports; people read this form.
 */
import { digitsThatKeepPick, Q_MAX_DIGITS } from '../src/explain/format.ts';
import { h } from './dom.ts';
import { fmtNum, humanize } from './format.ts';

/** The intercept at `digits`, each weight at one fewer (4 and 3 unless the leaf's pick needs more). */
export function linearForm(intercept: number, weights: readonly number[], featureNames: readonly string[], digits = 4): string {
  const terms = weights.map((w, i) => (w === 0 ? '' : ` ${w < 0 ? '−' : '+'} ${fmtNum(Math.abs(w), digits - 1)} × ${humanize(featureNames[i]!)}`)).join('');
  return `${fmtNum(intercept, digits)}${terms}`;
}

/** What a reader gets back from a number linearForm prints. */
const readBack = (v: number, digits: number, isWeight: boolean) => Number(fmtNum(v, isWeight ? digits - 1 : digits).replace('−', '-').replace(/,/g, ''));

type Model = { action: number; actionName: string; intercept: number; weights: readonly number[] };

/** linearForm's digits for a node's models: 4, or more where 4 would print formulas that pick another action than `greedy.action` at its mean. */
export function formulaDigits(models: readonly Model[], greedy: { mean: readonly number[]; action: number }): number {
  return digitsThatKeepPick(models, greedy.mean, greedy.action, [4, 5, 6, Q_MAX_DIGITS], readBack);
}

/** The per-action models as a list ("Q(push left) = 58.10 − …"), each after its `marker` (an action swatch) when given. */
export function modelList(
  models: readonly Model[],
  featureNames: readonly string[],
  marker?: (action: number) => Node,
  /** The node's mean state and its greedy action there: the formulas get the digits that pick it, as printed. */
  greedy?: { mean: readonly number[]; action: number },
): HTMLElement {
  const digits = greedy ? formulaDigits(models, greedy) : 4;
  const items = models.map((m) => h('li', null, ...(marker ? [marker(m.action)] : []), h('strong', null, `Q(${humanize(m.actionName)})`), ' = ', h('span', { class: 'mono' }, linearForm(m.intercept, m.weights, featureNames, digits))));
  return h('ul', { class: 'plain-list model-list small' }, ...items);
}
