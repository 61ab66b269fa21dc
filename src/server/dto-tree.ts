/**
 * The JSON of the tree routes (the LMUT mimic of a run's network): the tree itself in depth-limited
 * pieces, per-state explanations, global influence, rules, fidelity and exports. Type-only, like
 * dto.ts (which re-exports everything here), so `web/` can import it without server code.
 *
 * JSON has no NaN: a metric that is undefined (a correlation of constant values) arrives as null.
 */
import type { Explanation, FeatureInfluence, FidelityReport, Interval, Rule } from '../explain/index.ts';
import type { FeatureRange } from '../explain/play-range.ts';
import type { LinearModelView, NodeView, SplitView } from '../lmut/index.ts';

export type { Explanation, FeatureInfluence, FidelityReport, Interval, LinearModelView, Rule, SplitView };

/**
 * One node as the tree view draws it: the LMUT's own view of the node (id, parent, depth, isLeaf,
 * children in routing order, split) plus its samples and what drawing needs.
 */
export interface TreeNodeDto extends Pick<NodeView, 'id' | 'parent' | 'depth' | 'isLeaf' | 'children' | 'split'> {
  /**
   * Training samples in the node's region (tree-index.ts `regionSamples`, apportioned at each split
   * from the rows the children inherited): children add up to their parent, leaves to the root.
   * Not NodeView's `samples` (a node's own counter while it was a leaf).
   */
  samples: number;
  /** The greedy action at the node's mean state. */
  greedyAction: number;
  /** Q of each action at the node's mean state (null for an action this node does not model). Internal nodes: their model when they split. */
  q: (number | null)[];
  /** Leaves below (1 for a leaf). */
  leaves: number;
  /** Levels below (0 for a leaf). */
  height: number;
}

/** `GET /api/runs/:id/tree?root=&maxDepth=`: `root` and `maxDepth` levels below it. */
export interface TreeResponse {
  featureNames: string[];
  actionNames: string[];
  summary: { nodes: number; leaves: number; depth: number; samplesSeen: number };
  /** Lowest and highest Q at any node's mean, for a shared colour scale. */
  qRange: [number, number];
  root: number;
  maxDepth: number;
  /** Pre-order. A node whose children are missing here was cut by `maxDepth`: fetch it as `root`. */
  nodes: TreeNodeDto[];
  /** `final` (tree.json) or `checkpoint <step>` (a training run's online tree). */
  source: string;
  /** The tree this answer comes from: pass it back as `version` with later pieces (a changed tree is a 409). */
  version: string;
}

/** `GET /api/runs/:id/tree/nodes/:nodeId`: one node in full. */
export interface TreeNodeDetail extends TreeNodeDto {
  labelVariance: number[];
  /** The node's linear models in raw feature units (internal nodes: the model they had when they split). */
  model: LinearModelView;
  /** The tightest interval per feature on the way to the node. */
  conditions: Interval[];
  /** The action the path fixes below an action split (`actionSplit: true`), else null. */
  actionName: string | null;
  /** The same as readable text, e.g. `-0.05 < pole_angle <= 0.02` (and `action = left` below an action split). */
  conditionsText: string[];
  /** Root to this node, inclusive. */
  pathIds: number[];
}

export interface ExplainRequest {
  observation: number[];
}

/** `POST /api/runs/:id/explain`: the tree's explanation of one state, next to the network's Q. */
export interface ExplainResponse extends Omit<Explanation, 'qNetwork' | 'networkAction' | 'agrees'> {
  qNetwork: number[];
  networkAction: number;
  agrees: boolean;
  /** Node ids root→leaf for the tree's greedy action: what the tree view highlights. */
  pathNodeIds: number[];
  /** Which network answered (see RolloutResponse.weights). */
  weights: string;
  /**
   * Which tree answered: TreeResponse.version of the tree that explained. While a run trains, a
   * newer checkpoint's tree replaces the one served, so a view drawing pieces of a tree compares
   * this with the version it started from before it draws `pathNodeIds` on its nodes.
   */
  treeVersion: string;
}

/** One feature's range under the agent's own play (src/explain/play-range.ts). */
export type { FeatureRange };

/** `GET /api/runs/:id/influence?episodes=&seed=`: the paper's feature influence on held-out greedy states. */
export interface InfluenceResponse {
  /** Held-out states (every state of `episodes` greedy episodes of the network). */
  samples: number;
  episodes: number;
  seed: number;
  weights: string;
  featureNames: string[];
  actionNames: string[];
  total: number;
  totalPerAction: number[];
  /** Most influential first. */
  features: FeatureInfluence[];
  /** Threshold splits that contributed. */
  splits: number;
  /** Per feature, the range the network's own play covers (what-if slider bounds for unbounded features). */
  ranges: FeatureRange[];
  /** A few held-out states spread over the episodes: starting points for the inspector. */
  examples: number[][];
}

/**
 * `GET /api/runs/:id/own-play`: what the influence route tells the Inspector about the agent's own
 * play (example states, feature ranges), for a run without a tree.
 */
export type OwnPlayResponse = Pick<InfluenceResponse, 'samples' | 'episodes' | 'seed' | 'weights' | 'featureNames' | 'ranges' | 'examples'>;

export type RuleSort = 'leaf' | 'samples' | 'q';

export interface RuleDto extends Rule {
  /** `IF` part as text (`always` for a tree that is one leaf). */
  conditionsText: string;
  /** `THEN` part: one `intercept + w * feature …` per model, in `models` order. */
  forms: string[];
}

/** `GET /api/runs/:id/rules?sortBy=&order=&action=&limit=&offset=` */
export interface RulesResponse {
  /** Rules after the action filter. */
  total: number;
  /** Leaves in the tree. */
  leaves: number;
  offset: number;
  limit: number;
  sortBy: RuleSort;
  order: 'asc' | 'desc';
  /** The greedy-action filter, null for all. */
  action: number | null;
  rules: RuleDto[];
}

/** `GET /api/runs/:id/fidelity`: the run's `fidelity.json` (LMUT vs CART vs linear on held-out states). */
export interface FidelityResponse {
  report: FidelityReport;
  /** How the tree was grown: `active-play`, `experience`, … (null when the file does not say). */
  setting: string | null;
  /** The report's coverage is below the level where the dashboard warns (src/explain/coverage.ts); false without coverage. */
  coverageWeak: boolean;
  /** Greedy episodes behind each return in `report.greedyReturns`. */
  evalEpisodes: number | null;
  /** When fidelity.json was written (ISO time). */
  writtenAt: string;
  /** The tree was post-pruned (`qlens mimic --prune`): against how many greedy episodes, from how many leaves. */
  pruned: { episodes: number; leavesBefore: number } | null;
}

/** `GET /api/runs/:id/export?format=`: tree JSON, Graphviz DOT, rules text, sklearn-style text, HTML report, policy code. */
export type { ExportFormat } from '../explain/export/options.ts';
