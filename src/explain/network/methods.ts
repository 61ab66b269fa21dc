/**
 * Several methods for one state in one call, with their agreement with the tree: what the CLI's
 * `--method a,b,…` and an inspector request for "everything" need. Method names are validated
 * here once, with the list of allowed ones in the message.
 */
import { ConfigError } from '../../core/errors.ts';
import { agreementWithTree, type StateAgreement } from './agreement.ts';
import type { MethodResults, NetworkExplainer } from './explainer.ts';
import { NETWORK_METHODS, type NetworkMethod } from './options.ts';

/** The attribution methods: per-feature values comparable with the tree's contributions. */
export const ATTRIBUTION_METHODS = ['saliency', 'ig', 'shap', 'kernelshap', 'exact', 'lime'] as const;
export type AttributionMethodName = (typeof ATTRIBUTION_METHODS)[number];

export { BOUNDED_METHODS } from './bounded-methods.ts';

/** `"shap,ig"` or `"all"` → method names; throws on unknown ones (and on exact for d > 8 under `all`: skipped). */
export function parseMethods(raw: string, obsDim: number): NetworkMethod[] {
  const names = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new ConfigError('method', `Invalid --method: ${JSON.stringify(raw)} (allowed: ${[...NETWORK_METHODS, 'all'].join(', ')}, comma-separated)`);
  const out = new Set<NetworkMethod>();
  for (const name of names) {
    if (name === 'all') {
      for (const m of NETWORK_METHODS) if (m !== 'exact' || obsDim <= 8) out.add(m);
    } else if ((NETWORK_METHODS as readonly string[]).includes(name)) {
      out.add(name as NetworkMethod);
    } else {
      throw new ConfigError('method', `Invalid --method: ${JSON.stringify(name)} (allowed: ${[...NETWORK_METHODS, 'all'].join(', ')}, comma-separated)`);
    }
  }
  return [...out];
}

export interface MultiMethodResult {
  results: Partial<MethodResults>;
  /** Per attribution method, its agreement with the tree (when a tree explanation was given). */
  agreement: Partial<Record<AttributionMethodName, StateAgreement>>;
}

/**
 * Runs `methods` on `state` in order; `options` maps a method to its options object. With the
 * tree's explanation of the same state, each attribution's agreement with it is added.
 */
export async function explainWithMethods(
  explainer: NetworkExplainer, state: ArrayLike<number>, methods: readonly NetworkMethod[],
  options: Partial<Record<NetworkMethod, unknown>> = {}, tree?: { contributions: readonly (readonly { contribution: number }[])[] },
): Promise<MultiMethodResult> {
  for (const key of Object.keys(options)) {
    if (!(NETWORK_METHODS as readonly string[]).includes(key)) throw new ConfigError('options', `Unknown method "${key}" in the options (allowed: ${NETWORK_METHODS.join(', ')})`);
  }
  const results: Partial<MethodResults> = {};
  const agreement: MultiMethodResult['agreement'] = {};
  for (const method of methods) {
    const result = await explainer.explain(method, state, options[method] ?? {});
    (results as Record<string, unknown>)[method] = result;
    if (tree && (ATTRIBUTION_METHODS as readonly string[]).includes(method)) {
      agreement[method as AttributionMethodName] = agreementWithTree(tree, result as MethodResults[AttributionMethodName]);
    }
  }
  return { results, agreement };
}
