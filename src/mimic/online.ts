/**
 * The online mimic (DESIGN.md §4, "mimicked online"): a run plugin that feeds the LMUT with
 * (s, Q(s,·)) from the live network while the DQN trains.
 *
 * Every `every`-th visited state is sampled; a `holdoutFraction` of those goes to a ring of the most
 * recent held-out states, the rest is buffered, labelled by the network in batches of `batchSize` (one
 * batched forward pass) and learned. Every `fidelityFreq` steps the held-out states are labelled by
 * the *current* network and a `mimic` event (Q RMSE, agreement, leaves) goes to metrics.jsonl: the
 * fidelity curve. Checkpoints carry the tree and the held-out ring, so a resumed run continues exactly.
 */
import { z } from 'zod';
import { FileFormatError } from '../core/errors.ts';
import { Rng, type RngState } from '../core/rng.ts';
import type { MimicEvent } from '../dqn/events.ts';
import type { QNetwork } from '../dqn/network-types.ts';
import type { DqnTrainer } from '../dqn/trainer.ts';
import { LinearModelUTree } from '../lmut/index.ts';
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../runs/atomic.ts';
import { rngStateSchema } from '../runs/checkpoint-content.ts';
import type { Checkpoint, CheckpointContent } from '../runs/checkpoint-store.ts';
import { RUN_FILES } from '../runs/run-files.ts';
import type { RunPlugin } from '../runs/training-run.ts';
import { compareQ } from './agreement.ts';
import type { MimicConfig } from './config.ts';
import { activePlay } from './offline.ts';
import { fidelityFile } from './report.ts';

/** Version 1 (no `pendingCount`) was written after a flush, so it had nothing pending. */
const stateSchema = z.object({
  format: z.literal('qlens-mimic'),
  version: z.union([z.literal(1), z.literal(2)]),
  visited: z.number().int().nonnegative(),
  holdoutSeen: z.number().int().nonnegative(),
  holdoutCount: z.number().int().nonnegative(),
  pendingCount: z.number().int().nonnegative().default(0),
  rng: rngStateSchema,
});

export class OnlineMimic implements RunPlugin {
  tree: LinearModelUTree;
  private rng: Rng;
  private network: QNetwork | null = null;
  private readonly pending: Float32Array;
  private pendingCount = 0;
  private readonly holdout: Float32Array;
  private holdoutCount = 0;
  private holdoutSeen = 0;
  private visited = 0;
  private emit: (event: MimicEvent) => void = () => {};

  constructor(
    readonly config: MimicConfig,
    private readonly obsDim: number,
    private readonly nActions: number,
    private readonly names: { featureNames: readonly string[]; actionNames: readonly string[] },
    seed: number,
  ) {
    this.tree = new LinearModelUTree(obsDim, nActions, config.lmut, names);
    this.rng = new Rng(seed).fork('mimic');
    this.pending = new Float32Array(config.batchSize * obsDim);
    this.holdout = new Float32Array(config.holdoutSize * obsDim);
  }

  readonly hooks = {
    onStep: (step: number, obs: Float32Array, network: QNetwork) => {
      this.network = network;
      this.visited += 1;
      if (this.visited % this.config.every === 0) {
        if (this.config.holdoutFraction > 0 && this.rng.next() < this.config.holdoutFraction) this.keepHeldOut(obs);
        else {
          this.pending.set(obs, this.pendingCount * this.obsDim);
          if (++this.pendingCount === this.config.batchSize) this.flush();
        }
      }
      // `step` counts steps before this one; events carry the count after it, like the trainer's.
      const freq = this.config.fidelityFreq;
      if (freq > 0 && (step + 1) % freq === 0) this.emitFidelity(step + 1);
    },
  };

  /** The run hands over its event sink (metrics.jsonl, progress, dashboard). */
  attach(emit: (event: MimicEvent) => void): void {
    this.emit = emit;
  }

  /**
   * The most recent held-out states (a ring): the network keeps changing, so fidelity is measured
   * on the states the agent visits now, not on early random play it has long left behind.
   */
  private keepHeldOut(obs: Float32Array): void {
    const cap = this.config.holdoutSize;
    this.holdout.set(obs, (this.holdoutSeen % cap) * this.obsDim);
    this.holdoutSeen += 1;
    if (this.holdoutCount < cap) this.holdoutCount += 1;
  }

  /** Labels the buffered states with the network and lets the tree learn them. */
  flush(): void {
    if (this.pendingCount === 0 || !this.network) return;
    const n = this.pendingCount;
    const states = this.pending.subarray(0, n * this.obsDim);
    this.tree.learn(states, this.network.qBatch(states, n), n);
    this.pendingCount = 0;
  }

  /** Fidelity of the tree against the current network on the recent held-out states. */
  fidelity(step: number): MimicEvent | null {
    if (!this.network || this.holdoutCount === 0) return null;
    const n = this.holdoutCount;
    const states = this.holdout.subarray(0, n * this.obsDim);
    const c = compareQ(this.network.qBatch(states, n), this.tree.qBatch64(states, n), n, this.nActions); // float64: the tree's own greedy action
    const s = this.tree.summary;
    return { type: 'mimic', step, phase: 'online', samples: s.samplesSeen, leaves: s.leaves, depth: s.depth, heldOut: n, ...c };
  }

  private emitFidelity(step: number): void {
    const event = this.fidelity(step);
    if (event) this.emit(event);
  }

  /** The held-out states kept so far (row-major copy). */
  heldOutStates(): { obs: Float32Array; n: number } {
    return { obs: this.holdout.slice(0, this.holdoutCount * this.obsDim), n: this.holdoutCount };
  }

  /**
   * The states still waiting for a batch are saved as they are, not learned first: a Ctrl-C
   * checkpoint comes at a step an uninterrupted run would not flush at, and learning them there
   * would split the tree's batches differently from that run.
   */
  checkpointFiles(): Record<string, CheckpointContent> {
    const state = {
      format: 'qlens-mimic',
      version: 2,
      visited: this.visited,
      holdoutSeen: this.holdoutSeen,
      holdoutCount: this.holdoutCount,
      pendingCount: this.pendingCount,
      rng: this.rng.toJSON() as RngState,
    };
    return {
      'tree.json': JSON.stringify(this.tree.toJSON()),
      'mimic.json': state,
      'mimic-holdout.bin': new Uint8Array(this.holdout.buffer.slice(0, this.holdoutCount * this.obsDim * 4)),
      'mimic-pending.bin': new Uint8Array(this.pending.buffer.slice(0, this.pendingCount * this.obsDim * 4)),
    };
  }

  /**
   * At the end of the run: the online tree learns what is still buffered, reports its fidelity and
   * is saved as `tree-online.json`. Final trees are saved in the compact model form (no leaf
   * memories; they predict and explain); checkpoints keep the full form so learning can resume. Then, unless disabled, a fresh tree learns the *saved* network
   * (model.json: the best evaluated one) by Active Play and becomes `tree.json`, the tree the
   * dashboard and exports explain the agent with.
   */
  async finish(dir: string, trainer: DqnTrainer): Promise<void> {
    this.flush();
    const online = this.fidelity(trainer.step);
    if (online) this.emit(online);
    const onlineTree = JSON.stringify(this.tree.toJSON({ form: 'model' }));
    writeFileAtomic(join(dir, RUN_FILES.treeOnline), onlineTree);
    // Between the phases (each a second or so of work) a Ctrl-C gets its answer printed.
    await breathe();
    if (this.config.finalActivePlayStates === 0) {
      writeFileAtomic(join(dir, RUN_FILES.tree), onlineTree);
      return;
    }
    const network = trainer.network;
    if (trainer.bestWeights) network.setWeights(trainer.bestWeights.weights, 'online'); // training is over
    // The online tree's own knobs (fading, a longer grace period) chase a moving network; the final
    // tree mimics a fixed one, so it takes the offline defaults for them: remember everything, split as often.
    const { fadingFactor: _fading, gracePeriod: _grace, ...lmut } = this.config.lmut;
    const result = activePlay(network, trainer.evalEnv, this.names, {
      seed: trainer.config.seed,
      states: this.config.finalActivePlayStates,
      lmut,
    });
    await breathe();
    const c = compareQ(result.heldOut.q, result.tree.qBatch64(result.heldOut.obs, result.heldOut.n), result.heldOut.n, this.nActions);
    const s = result.tree.summary;
    this.emit({ type: 'mimic', step: trainer.step, phase: 'final', samples: s.samplesSeen, leaves: s.leaves, depth: s.depth, heldOut: result.heldOut.n, ...c });
    writeFileAtomic(join(dir, RUN_FILES.tree), JSON.stringify(result.tree.toJSON({ form: 'model' })));
    const evalEpisodes = Math.min(trainer.config.evalEpisodes, 100);
    writeJsonAtomic(join(dir, RUN_FILES.fidelity), fidelityFile(network, trainer.evalEnv, result, { evalEpisodes, evalSeed: trainer.config.seed + 7 }));
  }

  restore(cp: Checkpoint): void {
    if (!cp.has('tree.json')) return; // the run was started without a mimic
    this.tree = LinearModelUTree.fromJSON(cp.read('tree.json').toString('utf8'), `${cp.dir}/tree.json`);
    const file = `${cp.dir}/mimic.json`;
    const parsed = stateSchema.safeParse(cp.readJson('mimic.json'));
    if (!parsed.success) throw new FileFormatError(file, `not a qlens-mimic state (${parsed.error.issues[0]!.message})`);
    const s = parsed.data;
    this.holdout.set(this.readStates(cp, 'mimic-holdout.bin', s.holdoutCount, this.config.holdoutSize));
    if (s.pendingCount > 0) this.pending.set(this.readStates(cp, 'mimic-pending.bin', s.pendingCount, this.config.batchSize - 1));
    this.visited = s.visited;
    this.holdoutSeen = s.holdoutSeen;
    this.holdoutCount = s.holdoutCount;
    this.pendingCount = s.pendingCount;
    this.rng = Rng.fromJSON(s.rng);
  }

  /** `count` states (at most `max`) from a checkpoint file, checked against its byte length. */
  private readStates(cp: Checkpoint, name: string, count: number, max: number): Float32Array {
    if (!cp.has(name)) throw new FileFormatError(`${cp.dir}/${name}`, `missing (mimic.json counts ${count} states in it)`);
    const bytes = cp.read(name);
    const expected = count * this.obsDim * 4;
    if (bytes.length !== expected || count > max) {
      throw new FileFormatError(`${cp.dir}/${name}`, count > max ? `holds ${count} states, this mimic keeps at most ${max}` : `holds ${bytes.length} bytes, expected ${expected}`);
    }
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  }
}

const breathe = () => new Promise((resolve) => setImmediate(resolve));
