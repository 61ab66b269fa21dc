/**
 * A linear model in words, as every view writes it: "58.10 − 2.22 × cart position + …" (true minus
 * signs, humanised feature names). The server's `forms` are code-like (`- 2.22 * cart_position`) for
 * exports; people read this form.
 */
import { h } from './dom.ts';
import { fmtNum, humanize } from './format.ts';

export function linearForm(intercept: number, weights: readonly number[], featureNames: readonly string[]): string {
  const terms = weights.map((w, i) => (w === 0 ? '' : ` ${w < 0 ? '−' : '+'} ${fmtNum(Math.abs(w), 3)} × ${humanize(featureNames[i]!)}`)).join('');
  return `${fmtNum(intercept, 4)}${terms}`;
}

/** The per-action models as a list ("Q(push left) = 58.10 − …"), each after its `marker` (an action swatch) when given. */
export function modelList(
  models: readonly { action: number; actionName: string; intercept: number; weights: readonly number[] }[],
  featureNames: readonly string[],
  marker?: (action: number) => Node,
): HTMLElement {
  const items = models.map((m) => h('li', null, ...(marker ? [marker(m.action)] : []), h('strong', null, `Q(${humanize(m.actionName)})`), ' = ', h('span', { class: 'mono' }, linearForm(m.intercept, m.weights, featureNames))));
  return h('ul', { class: 'plain-list model-list small' }, ...items);
}
