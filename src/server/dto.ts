/**
 * The JSON the dashboard API speaks: request bodies and response shapes, shared by the server and
 * the browser code in `web/`. Type-only on purpose: `web/` imports nothing else from `src/`, and
 * esbuild erases these imports, so no server code can leak into the browser bundle.
 *
 * Errors are always `ApiError` with a 4xx/5xx status; `detail` says what to change.
 */
import type { Frame, ReachableCondition, Shape } from '../core/env.ts';
import type { EpisodeEvent, EvalEvent, MimicEvent, RunEvent, TrainEvent, TrainLogEvent } from '../dqn/events.ts';

export type { EpisodeEvent, EvalEvent, Frame, MimicEvent, ReachableCondition, RunEvent, Shape, TrainEvent, TrainLogEvent };
export type * from './dto-tree.ts';
export type * from './dto-network.ts';

/** `error` of a 409 for a run whose environment module the server was not started with (src/server/run-env.ts). */
export const ENV_NOT_LOADED = 'environment not loaded';

export interface ApiError {
  /** Short and stable: `invalid request`, `not found`, `unauthorized`, … */
  error: string;
  /** What exactly was wrong, in plain English (never a stack trace). */
  detail: string;
}

/** Where a run came from: a run directory, a shipped pretrained agent, or a run training in this process. */
export type RunSource = 'run' | 'pretrained' | 'live';
export type RunStatus = 'running' | 'completed' | 'solved' | 'interrupted' | 'failed' | 'unknown';

export interface EnvSpecDto {
  id: string;
  featureNames: string[];
  actionNames: string[];
  rewardThreshold?: number;
  maxEpisodeSteps?: number;
}

/** One row of the runs list. Numbers are null when the run has not produced them yet. */
export interface RunListItem {
  /** Opaque id for the API; stable while the directory exists. */
  id: string;
  /** Directory name (runs) or agent name (pretrained). */
  name: string;
  env: string;
  source: RunSource;
  status: RunStatus;
  preset: string;
  createdAt: string;
  steps: number;
  totalTimesteps: number | null;
  episodes: number;
  /** Return of the latest finished training episode. */
  lastReturn: number | null;
  /** Mean return of the last 100 training episodes. */
  meanReturn100: number | null;
  /** Best mean return of a greedy evaluation (or the model card's measured return). */
  bestReturn: number | null;
  solved: boolean;
  /**
   * A pretrained agent's return as its model card measured it (`qlens publish`: fresh greedy
   * episodes, not training's own checks), with Gymnasium's verdict (null: too few episodes to say).
   */
  measured?: { meanReturn: number; episodes: number | null; solved: boolean | null };
  /** True when the run has a tree: `tree.json`, or while it trains the online tree of its newest checkpoint. */
  hasTree: boolean;
  /** `final` (tree.json), `checkpoint <step>` (the online tree saved with that checkpoint), null without a tree. */
  treeSource: string | null;
  /** Tree–network action agreement on held-out states, in [0, 1]; null without a measured tree. */
  fidelity: number | null;
  /**
   * Present when a run file cannot be read: which one and why, in one line (`summary.json: not
   * valid JSON (…)`). The other fields then hold what could be read; GET /api/runs/:id answers 422.
   */
  problem?: string;
}

export interface RunListResponse {
  runs: RunListItem[];
  /** The folders scanned for runs, as configured (shown in the empty state). */
  runsDirs: string[];
  /** The pretrained agents folder, null when the server lists none. */
  agentsDir: string | null;
}

export interface RunDetailResponse {
  run: RunListItem;
  /** `config.json`: the resolved DQN options and how the run was made. */
  config: { preset: string; createdAt: string; engine: string; backend: string; dqn: Record<string, unknown>; mimic: Record<string, unknown> | null };
  /** `summary.json`, null when the run has not written one (pretrained agents). */
  summary: Record<string, unknown> | null;
  env: EnvSpecDto;
}

/** A page of `metrics.jsonl`. Poll with `since = next` to get only new events. */
export interface MetricsPage {
  /** Training events, and `mimic` events (the tree's size and fidelity) when the run has a tree. */
  events: RunEvent[];
  /** Byte offset just after the last line read: pass it back as `since`. */
  next: number;
  /** False when `limit` cut the page short: ask again at once with `since = next`. */
  done: boolean;
  /** True when the file shrank below `since` (a resumed run rewound it): start again from 0. */
  reset: boolean;
}

/** `GET /api/runs/:id/events`: server-sent events. `metric` carries a `TrainEvent`; its SSE id is the byte cursor. */
export interface StreamEndMessage {
  status: RunStatus;
}

export interface RolloutRequest {
  /** Seeds the episode's reset: same seed, same episode. */
  seed: number;
  /** Stop after this many steps (default: the env's time limit; at most 5,000). */
  maxSteps?: number;
  /** Who acts, greedily: the run's Q-network (default) or its LMUT tree (the run needs a tree.json). */
  policy?: RolloutPolicy;
}

export type RolloutPolicy = 'network' | 'tree';

/** One decision of the episode: the state it was taken in, and what followed. */
export interface RolloutStep {
  observation: number[];
  /** The env's internal float64 state (`getState`, Gymnasium's layout). */
  state: number[];
  frame: Frame;
  /** Q(s, a) for every action, by the network (whoever acts). */
  q: number[];
  /** Q(s, a) for every action, by the tree; present when the run has a tree. */
  qTree?: number[];
  /** The action taken: the acting policy's greedy action. */
  action: number;
  reward: number;
  terminated: boolean;
  truncated: boolean;
}

export interface RolloutResponse {
  env: EnvSpecDto;
  seed: number;
  policy: RolloutPolicy;
  /** The tree beside the network, when the run has one: its size and how often it chose like the network along this episode. */
  tree: { leaves: number; depth: number; agreement: number; disagreements: number } | null;
  /** Which network played: summary.json's `model` (`best eval (step …)`, `last (step …)`), else `final`, `checkpoint <step>` or `live (step …)`. */
  weights: string;
  stateNames: string[];
  steps: RolloutStep[];
  /** The state after the last step (drawn at the end of the scrubber); `q` for reference. */
  final: { observation: number[]; state: number[]; frame: Frame; q: number[]; qTree?: number[] };
  totalReward: number;
  /** True when `maxSteps` stopped the episode before the env ended it. */
  capped: boolean;
}

export interface QRequest {
  observation: number[];
}

export interface QResponse {
  q: number[];
  /** Greedy action (lowest index on ties). */
  action: number;
  actionNames: string[];
}

export interface EnvListItem extends EnvSpecDto {
  stateNames: string[];
  observationLow: (number | null)[];
  observationHigh: (number | null)[];
  /**
   * What every state of play meets (the env's termination test as data, src/explain/reachable.ts
   * checks a state against it); a state breaking one never occurs in play. Empty when the env
   * declares none. Added later: a client of an older server finds it missing.
   */
  reachable: ReachableCondition[];
}

export interface EnvListResponse {
  envs: EnvListItem[];
}
