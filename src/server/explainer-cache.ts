/**
 * One `NetworkExplainer` per run and weights version, a few runs at a time (an LRU like
 * network-cache.ts). Building one plays a few greedy episodes for its background (~10 ms on
 * CartPole) and, on the first gradient method, copies the weights into tfjs; per request that
 * would cost more than most explanations themselves.
 *
 * The explainer works on its own copy of the network, not the cached or live one:
 * - NetworkCache disposes a network it evicts, which would break a request that is between two
 *   methods (the attributions route yields to the event loop there);
 * - a run training in this process updates its live network between those turns, and one answer
 *   must come from one set of weights.
 *
 * Entries are leased: an evicted entry is disposed (tfjs weights freed) once its last request has
 * released it. What ignores the state (prototypes, the SHAP summary over the agent's play) is
 * memoised per entry and options.
 */
import { registration } from '../../envs/index.ts';
import { Rng } from '../core/rng.ts';
import type { QFunction } from '../core/q-function.ts';
import type { QNetwork } from '../dqn/network-types.ts';
import { createQNetwork } from '../dqn/network.ts';
import { NetworkExplainer } from '../explain/network/index.ts';
import { heldOutSet } from '../mimic/offline.ts';
import { BACKGROUND_PLAY } from '../explain/play-range.ts';
import { readRunConfig } from '../runs/run-files.ts';
import { envOfRun } from './run-env.ts';
import { asPolicy } from './influence-data.ts';
import type { RunNetwork } from './run-network.ts';

/** The background: every state of this many greedy episodes (`BACKGROUND_PLAY`, shared with `qlens importance`). */
export const BACKGROUND_EPISODES = BACKGROUND_PLAY.episodes;
export const BACKGROUND_SEED = BACKGROUND_PLAY.seed;
/** A live network's explainer is rebuilt at most this often (its weights change every step). */
const LIVE_REUSE_MS = 5000;
/** State-free answers kept per explainer (one per kind and distinct options). */
const MEMO_KEPT = 6;

export interface ExplainerEntry {
  readonly explainer: NetworkExplainer;
  /** The explainer's private copy of the network (for Q beside the attributions). */
  readonly network: QFunction;
  /** `RunNetwork.weights` of the network copied. */
  readonly weights: string;
  /** Held-out states behind the background. */
  readonly states: number;
  /** A state-free answer (prototypes, the SHAP summary) for `key`, computed once per entry; a failure is not kept. */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

export interface Lease {
  entry: ExplainerEntry;
  release(): void;
}

interface Slot {
  /** The network object it was built from: a new object (new weights file) means a new version. */
  source: QFunction;
  weights: string;
  createdAt: number;
  building: Promise<ExplainerEntry>;
  users: number;
  evicted: boolean;
}

export class ExplainerCache {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly capacity = 4) {}

  get size(): number {
    return this.slots.size;
  }

  /** The explainer for `dir`'s network `net`; release the lease when the request is done. */
  async acquire(dir: string, net: RunNetwork): Promise<Lease> {
    let slot = this.slots.get(dir);
    if (slot && !this.matches(slot, net)) {
      this.evict(dir);
      slot = undefined;
    }
    if (!slot) {
      slot = { source: net.qf, weights: net.weights, createdAt: performance.now(), building: build(dir, net), users: 0, evicted: false };
      const mine = slot;
      // A failed build is not remembered: the next request tries again.
      mine.building.catch(() => this.slots.get(dir) === mine && this.slots.delete(dir));
    }
    this.slots.delete(dir);
    this.slots.set(dir, slot); // most recently used last
    while (this.slots.size > this.capacity) this.evict(this.slots.keys().next().value!);
    slot.users++;
    let entry: ExplainerEntry;
    try {
      entry = await slot.building;
    } catch (err) {
      this.release(slot);
      throw err;
    }
    let released = false;
    const held = slot;
    return { entry, release: () => (released ? undefined : ((released = true), this.release(held))) };
  }

  clear(): void {
    for (const dir of [...this.slots.keys()]) this.evict(dir);
  }

  private matches(slot: Slot, net: RunNetwork): boolean {
    if (slot.source !== net.qf) return false;
    if (slot.weights === net.weights) return true;
    // The same live object with newer weights: good enough for a few seconds.
    return net.weights.startsWith('live') && performance.now() - slot.createdAt < LIVE_REUSE_MS;
  }

  private evict(dir: string): void {
    const slot = this.slots.get(dir);
    if (!slot) return;
    this.slots.delete(dir);
    slot.evicted = true;
    if (slot.users === 0) dispose(slot);
  }

  private release(slot: Slot): void {
    slot.users--;
    if (slot.evicted && slot.users === 0) dispose(slot);
  }
}

function dispose(slot: Slot): void {
  slot.building.then((entry) => (entry as Entry).dispose(), () => undefined);
}

interface Entry extends ExplainerEntry {
  dispose(): Promise<void>;
}

async function build(dir: string, net: RunNetwork): Promise<Entry> {
  const config = readRunConfig(dir);
  const { envSpec } = config;
  const env = envOfRun(config);
  const network = await copyNetwork(net.qf);
  const states = heldOutSet(asPolicy(network), env, BACKGROUND_EPISODES, BACKGROUND_SEED);
  const explainer = new NetworkExplainer({
    network,
    states,
    space: env.observationSpace,
    reachable: registration(envSpec.id)?.reachable, // prototypes and counterfactuals stay where episodes go on, as in `qlens explain`
    featureNames: envSpec.featureNames,
    actionNames: envSpec.actionNames,
    seed: BACKGROUND_SEED,
  });
  const memos = new Map<string, Promise<unknown>>();
  return {
    explainer,
    network,
    weights: net.weights,
    states: states.n,
    memo<T>(key: string, compute: () => Promise<T>) {
      let hit = memos.get(key) as Promise<T> | undefined;
      if (!hit) {
        const fresh = compute();
        hit = fresh;
        memos.set(key, fresh);
        fresh.catch(() => memos.get(key) === fresh && memos.delete(key));
        if (memos.size > MEMO_KEPT) memos.delete(memos.keys().next().value!);
      }
      return hit;
    },
    async dispose() {
      await explainer.dispose();
      if (network !== net.qf) (network as QNetwork).dispose();
    },
  };
}

/** A private copy of a QNetwork's online weights; any other Q-function is used as it is (no gradient methods then). */
async function copyNetwork(qf: QFunction): Promise<QFunction> {
  const source = qf as Partial<QNetwork>;
  if (!source.spec || typeof source.getWeights !== 'function') return qf;
  // Read now, before any await: the source may train or be disposed on a later turn.
  const weights = source.getWeights('online');
  const copy = await createQNetwork(source.spec, { engine: 'fused', rng: new Rng(0) });
  copy.setWeights(weights, 'online');
  return copy;
}
