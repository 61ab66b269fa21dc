/**
 * Feature and action names for explanations and exports. A tree always has names (it falls back
 * to `feature_i` / `action_a` itself, as scikit-learn's exporters do); callers may override them,
 * and a list of the wrong length is an error naming both counts rather than a silently shifted label.
 */
import { ConfigError } from '../core/errors.ts';

export interface NameOptions {
  /** One name per observation feature; defaults to the tree's own names. */
  featureNames?: readonly string[];
  /** One name per action; defaults to the tree's own names. */
  actionNames?: readonly string[];
}

export interface Names {
  featureNames: readonly string[];
  actionNames: readonly string[];
}

/** What name resolution needs from a tree (LinearModelUTree has all of it). */
export interface NamedModel {
  readonly obsDim: number;
  readonly nActions: number;
  readonly featureNames: readonly string[];
  readonly actionNames: readonly string[];
}

export function resolveNames(tree: NamedModel, options?: NameOptions): Names {
  return {
    featureNames: pick(options?.featureNames, tree.featureNames, tree.obsDim, 'featureNames', 'features'),
    actionNames: pick(options?.actionNames, tree.actionNames, tree.nActions, 'actionNames', 'actions'),
  };
}

function pick(given: readonly string[] | undefined, own: readonly string[], n: number, field: string, what: string): readonly string[] {
  if (given === undefined) return own;
  if (given.length !== n) throw new ConfigError(field, `${field} has ${given.length} names but the tree has ${n} ${what}`);
  return given;
}
