/** Option checks shared by the exporters (plain-English errors naming the field, as mljs's checkOptions). */
import { ConfigError } from '../../core/errors.ts';

/** `maxDepth` as given, or Infinity when absent; an integer >= 0 otherwise. */
export function checkMaxDepth(maxDepth: number | undefined): number {
  if (maxDepth === undefined) return Infinity;
  if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new ConfigError('maxDepth', `Invalid maxDepth: ${maxDepth} (allowed: an integer >= 0)`);
  return maxDepth;
}
