/**
 * A linear model in words, as every view writes it: "58.10 − 2.22 × cart position + …" (true minus
 * signs, humanised feature names). The server's `forms` are code-like (`- 2.22 * cart_position`) for
 * exports; people read this form.
 */
import { fmtNum, humanize } from './format.ts';

export function linearForm(intercept: number, weights: readonly number[], featureNames: readonly string[]): string {
  const terms = weights.map((w, i) => (w === 0 ? '' : ` ${w < 0 ? '−' : '+'} ${fmtNum(Math.abs(w), 3)} × ${humanize(featureNames[i]!)}`)).join('');
  return `${fmtNum(intercept, 4)}${terms}`;
}
