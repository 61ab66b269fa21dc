/**
 * Gathering the data a tree learns from and is judged on: states visited by a policy playing an
 * environment, and their Q labels from the network (all actions at once, one batched pass).
 */
import type { Env } from '../core/env.ts';
import type { QFunction } from '../core/q-function.ts';
import { Rng } from '../core/rng.ts';
import type { Policy } from '../dqn/evaluate.ts';

export interface StateSet {
  /** Row-major n × obsDim. */
  obs: Float32Array;
  n: number;
  obsDim: number;
}

export interface LabelledSet extends StateSet {
  /** Row-major n × nActions, the network's Q(s, ·). */
  q: Float32Array;
  nActions: number;
}

export interface PlayOptions {
  episodes: number;
  seed: number;
  /** Stop after the episode that brings the states collected to at least this many. */
  maxStates?: number;
  /** Probability of a random action (0: greedy). A little exploration shows the tree near-policy states. */
  epsilon?: number;
  /** Called with each episode's states as soon as it ends (the Active Play stream). */
  onEpisode?(states: StateSet, episode: number): void;
}

/** Plays up to `episodes` episodes (or until `maxStates`) and returns every state in which an action was chosen. */
export function playStates(policy: Policy, env: Env, options: PlayOptions): StateSet {
  const d = env.observationSpace.size;
  const rng = new Rng(options.seed);
  const seeds = rng.fork('episodes');
  const explore = rng.fork('explore');
  const eps = options.epsilon ?? 0;
  const chunks: Float32Array[] = [];
  let total = 0;
  for (let episode = 0; episode < options.episodes; episode++) {
    let obs = env.reset({ seed: seeds.int(2 ** 31) }).observation;
    const rows: Float32Array[] = [];
    for (;;) {
      rows.push(obs);
      const action = eps > 0 && explore.next() < eps ? env.actionSpace.sample(explore) : policy.act(obs);
      const step = env.step(action);
      obs = step.observation;
      if (step.terminated || step.truncated) break;
    }
    const chunk = new Float32Array(rows.length * d);
    rows.forEach((r, i) => chunk.set(r, i * d));
    chunks.push(chunk);
    total += rows.length;
    options.onEpisode?.({ obs: chunk, n: rows.length, obsDim: d }, episode);
    if (options.maxStates !== undefined && total >= options.maxStates) break;
  }
  const all = new Float32Array(total * d);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.length;
  }
  return { obs: all, n: total, obsDim: d };
}

/** Labels states with Q(s, ·) of `network`. */
export function label(network: QFunction, states: StateSet): LabelledSet {
  return { ...states, q: network.qBatch(states.obs, states.n), nActions: network.nActions };
}

/** A seeded permutation of the rows (experience replays in random order, like a replay buffer). */
export function shuffled(set: LabelledSet, seed: number): LabelledSet {
  const order = Array.from({ length: set.n }, (_, i) => i);
  new Rng(seed).shuffle(order);
  const obs = new Float32Array(set.obs.length);
  const q = new Float32Array(set.q.length);
  order.forEach((from, to) => {
    obs.set(set.obs.subarray(from * set.obsDim, (from + 1) * set.obsDim), to * set.obsDim);
    q.set(set.q.subarray(from * set.nActions, (from + 1) * set.nActions), to * set.nActions);
  });
  return { ...set, obs, q };
}
