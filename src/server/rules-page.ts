/**
 * The rules table's data: every leaf as an IF/THEN rule (src/explain/rules.ts), with its text
 * forms, sorted once per sort key and cached with the tree, then filtered by greedy action and
 * cut into pages per request (a 2,000-leaf tree has 2,000 rules; a page is what a person reads).
 */
import { conditionsText, linearFormText, treeRules } from '../explain/index.ts';
import type { RuleDto, RuleSort, RulesResponse } from './dto.ts';
import type { LoadedTree } from './tree-cache.ts';

export interface RulesQuery {
  sortBy: RuleSort;
  order?: 'asc' | 'desc';
  /** With `sortBy: 'q'`: whose Q at the leaf mean orders the rules (default: the leaf's largest). */
  sortAction?: number;
  /** Keep the rules whose greedy action at the leaf mean is this one. */
  action?: number;
  limit: number;
  offset: number;
}

/** Leaf order reads top to bottom; samples and Q read largest first. */
const NATURAL: Record<RuleSort, 'asc' | 'desc'> = { leaf: 'asc', samples: 'desc', q: 'desc' };

export function rulesPage(loaded: LoadedTree, query: RulesQuery): RulesResponse {
  const { tree } = loaded;
  const all = loaded.memo(`rules:${query.sortBy}:${query.sortAction ?? ''}`, () =>
    treeRules(tree, { sortBy: query.sortBy, sortAction: query.sortAction }).map(
      (rule): RuleDto => ({ ...rule, conditionsText: conditionsText(rule), forms: rule.models.map((m) => linearFormText(m, tree.featureNames)) }),
    ),
  );
  const order = query.order ?? NATURAL[query.sortBy];
  let rules = query.action === undefined ? all : all.filter((r) => r.greedyAction === query.action);
  if (order !== NATURAL[query.sortBy]) rules = [...rules].reverse();
  return {
    total: rules.length,
    leaves: all.length,
    offset: query.offset,
    limit: query.limit,
    sortBy: query.sortBy,
    order,
    action: query.action ?? null,
    rules: rules.slice(query.offset, query.offset + query.limit),
  };
}
