/**
 * Active Play and Experience Training (Liu et al. 2018, §4): two ways to grow a tree for a trained
 * network, after training. Both write the same tree format as the online mimic.
 *
 * - Active Play: the mature network plays (greedy, with a little exploration) and the tree learns
 *   from the stream, episode by episode, each state labelled with Q(s, ·).
 * - Experience Training: recorded states (a CSV, or the run's own replay buffer) are labelled by
 *   the final network and learned in a seeded random order.
 *
 * Held-out states always come from separate greedy episodes of the network (the agent's own play,
 * seeds disjoint from training), so fidelity is measured where the agent actually goes.
 */
import type { Env } from '../core/env.ts';
import type { QFunction } from '../core/q-function.ts';
import type { Policy } from '../dqn/evaluate.ts';
import { LinearModelUTree, type LmutOptions, pruneTree } from '../lmut/index.ts';
import { type LabelledSet, type StateSet, label, playStates, shuffled } from './collect.ts';

export type MimicSetting = 'active-play' | 'experience';

export interface OfflineMimicOptions {
  /** LMUT options (leaf budget and so on). */
  lmut?: LmutOptions;
  seed: number;
  /** Active Play: most episodes the network plays for the tree. */
  episodes?: number;
  /** Active Play: stop once this many states were played (the usual limit; episodes vary in length). */
  states?: number;
  /** Active Play: random-action probability while playing for the tree. */
  epsilon?: number;
  /** Experience Training: the recorded states. */
  experience?: StateSet;
  /** Greedy episodes whose states form the held-out set. */
  heldOutEpisodes?: number;
  /** States per `learn` call. */
  batchSize?: number;
  /**
   * Post-pruning (Green & Sheppard 2024): the grown tree is pruned bottom-up against the states of
   * this many greedy episodes of the network, played with seeds of their own (not the held-out
   * set's, so fidelity is still measured on states the pruning never saw). Off when absent.
   */
  pruneEpisodes?: number;
}

/** What post-pruning did: its data, and the tree's size and Q RMSE on that data before and after. */
export interface PruneSummary {
  episodes: number;
  states: number;
  leavesBefore: number;
  leavesAfter: number;
  rmseBefore: number;
  rmseAfter: number;
}

export interface OfflineMimicResult {
  setting: MimicSetting;
  tree: LinearModelUTree;
  train: LabelledSet;
  heldOut: LabelledSet;
  seconds: number;
  pruned?: PruneSummary;
}

type Network = QFunction & Policy;

/**
 * States of Active Play by default. Measured on the Acrobot agent (256-leaf budget): 8.6k states gave
 * 31 leaves and 92.6 % agreement, 25.6k 98 leaves and 94.8 %, 86k 256 leaves and 96.2 % (1 s of
 * play and learning). Playing is cheap; a tree needs data to use its leaf budget.
 */
export const ACTIVE_PLAY_STATES = 100_000;

/**
 * Experience Training's tree defaults. Measured on the pretrained agents' replay buffers (256-leaf
 * budget, agreement on held-out greedy play): advantageWeight 1 → 68 % CartPole; 100 → 86 %
 * CartPole, 95.0 % Acrobot, 91.7 % MountainCar (10k states); 1000 was no better.
 */
export const EXPERIENCE_LMUT_DEFAULTS = { advantageWeight: 100 } as const;

/** Seeds far apart so training play, held-out play and pruning play never share an episode. */
const HELD_OUT_SEED_OFFSET = 1_000_003;
const PRUNE_SEED_OFFSET = 2_000_003;

/**
 * Measured on the pretrained agents (256-leaf budget, 10 pruning episodes, fidelity on the usual 20
 * held-out episodes): CartPole Active Play 170 -> 141 leaves at agreement 98.6 -> 98.6 %, Experience
 * Training 152 -> 69 leaves with held-out RMSE 0.160 -> 0.146; Acrobot and MountainCar lose 20-80
 * leaves for at most 0.3 points of agreement.
 */
export function pruneAgainstPlay(network: Network, env: Env, tree: LinearModelUTree, episodes: number, seed: number): PruneSummary {
  const states = label(network, playStates(network, env, { episodes, seed: seed + PRUNE_SEED_OFFSET }));
  const report = pruneTree(tree, states.obs, states.q, states.n);
  return { episodes, states: states.n, leavesBefore: report.leavesBefore, leavesAfter: report.leavesAfter, rmseBefore: report.rmseBefore, rmseAfter: report.rmseAfter };
}

/** Prunes when asked, then measures on the held-out set: the end both settings share. */
function pruneThenHoldOut(network: Network, env: Env, tree: LinearModelUTree, options: OfflineMimicOptions): { heldOut: LabelledSet; pruned?: PruneSummary } {
  const pruned = options.pruneEpisodes ? pruneAgainstPlay(network, env, tree, options.pruneEpisodes, options.seed) : undefined;
  const heldOut = heldOutSet(network, env, options.heldOutEpisodes ?? 20, options.seed);
  return pruned ? { heldOut, pruned } : { heldOut };
}

export function heldOutSet(network: Network, env: Env, episodes: number, seed: number): LabelledSet {
  return label(network, playStates(network, env, { episodes, seed: seed + HELD_OUT_SEED_OFFSET }));
}

export function activePlay(network: Network, env: Env, names: TreeNamesLike, options: OfflineMimicOptions): OfflineMimicResult {
  const t0 = performance.now();
  const tree = new LinearModelUTree(network.obsDim, network.nActions, { seed: options.seed, ...options.lmut }, names);
  const batch = options.batchSize ?? 256;
  const states = playStates(network, env, {
    episodes: options.episodes ?? 100_000,
    maxStates: options.states ?? ACTIVE_PLAY_STATES,
    seed: options.seed,
    epsilon: options.epsilon ?? 0.05,
    // The stream: each episode is labelled and learned as soon as it ends.
    onEpisode: (ep) => learnInBatches(tree, label(network, ep), batch),
  });
  const train = label(network, states);
  return { setting: 'active-play', tree, train, ...pruneThenHoldOut(network, env, tree, options), seconds: (performance.now() - t0) / 1000 };
}

export function experienceTraining(network: Network, env: Env, names: TreeNamesLike, options: OfflineMimicOptions): OfflineMimicResult {
  if (!options.experience) throw new Error('experienceTraining needs options.experience');
  const t0 = performance.now();
  const train = shuffled(label(network, options.experience), options.seed);
  // Experience covers states the final policy rarely visits; weighting the actions' differences
  // spends the leaves where the greedy action changes (see EXPERIENCE_LMUT_DEFAULTS).
  const tree = new LinearModelUTree(network.obsDim, network.nActions, { seed: options.seed, ...EXPERIENCE_LMUT_DEFAULTS, ...options.lmut }, names);
  learnInBatches(tree, train, options.batchSize ?? 256);
  return { setting: 'experience', tree, train, ...pruneThenHoldOut(network, env, tree, options), seconds: (performance.now() - t0) / 1000 };
}

export interface TreeNamesLike {
  featureNames: readonly string[];
  actionNames: readonly string[];
}

function learnInBatches(tree: LinearModelUTree, set: LabelledSet, batch: number): void {
  for (let start = 0; start < set.n; start += batch) {
    const n = Math.min(batch, set.n - start);
    tree.learn(set.obs.subarray(start * set.obsDim, (start + n) * set.obsDim), set.q.subarray(start * set.nActions, (start + n) * set.nActions), n);
  }
}
