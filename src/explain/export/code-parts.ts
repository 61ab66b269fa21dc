/** What the generated policies (code.ts, code-python.ts) write alike, each with its own number syntax. */

/**
 * Comment text on one line that cannot end a block comment: names in the generated policies'
 * comments. Control characters go too (Python refuses a NUL anywhere in source, even in a comment).
 */
export function commentSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\*\//g, '* /');
}

/**
 * A leaf's Q for one action, `Q̄ + w_0 * (x0 - μ_0) + …`: the tree's own operations in its own
 * order (lmut/routing.ts), which is what makes the generated code exact. `num` prints a float64
 * in the target language.
 */
export function leafExpression(baseline: number, weights: readonly number[], mean: ArrayLike<number>, num: (x: number) => string): string {
  return `${num(baseline)}${weights.map((w, i) => ` + ${num(w)} * (x${i} - ${num(mean[i]!)})`).join('')}`;
}
