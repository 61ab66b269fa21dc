/**
 * The fidelity table's "leaves" cell, one wording for the CLI, the HTML report and the dashboard:
 * CART is one tree per action, `256 × 2`, or `3 + 5 + 4` when its budgets follow an
 * action-split LMUT's subtrees.
 */
export function leavesText(m: { model: string; leaves: number; leavesPerAction?: readonly number[] }, nActions: number, formatInt: (n: number) => string = String): string {
  if (m.model !== 'cart' || nActions <= 1) return formatInt(m.leaves);
  return m.leavesPerAction ? m.leavesPerAction.map(formatInt).join(' + ') : `${formatInt(m.leaves)} × ${nActions}`;
}
