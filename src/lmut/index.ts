/**
 * The LMUT module's public surface: the tree, its options, the read-only views exporters use,
 * post-pruning and the file format. Internals (nodes, statistics, learners, split search) are
 * not exported; read a tree through `tree.nodes()`, `walk`, `leafFor` and `decompose`.
 */
export { LinearModelUTree, type TreeNames } from './tree.ts';
export { type LmutConfig, type LmutOptions, LMUT_OPTION_NAMES, resolveLmutConfig } from './config.ts';
export { pruneTree, type PruneOptions, type PruneReport } from './prune.ts';
export type { LmutJSON, LmutNodeJSON } from './serialize.ts';
export type { ActionModelView, LinearModelView, NodeView, QDecomposition, RouteStep, SplitView, TreeSummary } from './types.ts';
export { bicMinimumGain, hoeffdingBound } from './significance.ts';
