/** The tree's side of the agreement: `explainState`'s contributions against a network attribution. */
import { compareAttributions, type StateAgreement } from './agreement.ts';
import type { Attribution } from './types.ts';

/** Agreement of a tree explanation (its per-action `contributions`) with a network attribution. */
export function agreementWithTree(
  tree: { contributions: readonly (readonly { contribution: number }[])[] }, attribution: Pick<Attribution, 'values'>, k?: number,
): StateAgreement {
  return compareAttributions(tree.contributions.map((terms) => terms.map((t) => t.contribution)), attribution.values, k);
}
