/**
 * Experience replay (SB3 `common/buffers.py`, CleanRL's copy of it): preallocated typed arrays used as
 * a ring. `sample` draws only from filled slots, and stores *terminated* apart from *truncated*: a
 * time-limit end is not a terminal state, so its transition still bootstraps from the next
 * observation. The caller passes the real final observation as `nextObservation` on truncation (not
 * the first observation of the next episode), as CleanRL does with `final_observation`.
 */
import { DataError } from '../core/errors.ts';
import type { Rng } from '../core/rng.ts';
import type { ReplayBatch } from '../dqn/network-types.ts';

export interface ReplaySnapshot {
  format: 'qlens-replay';
  version: 1;
  capacity: number;
  obsDim: number;
  position: number;
  full: boolean;
}

export class ReplayBuffer {
  readonly observations: Float32Array;
  readonly nextObservations: Float32Array;
  readonly actions: Int32Array;
  readonly rewards: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  private position = 0;
  private isFull = false;
  /** Reused by `sample` so training allocates nothing per step. */
  private readonly batch: ReplayBatch;

  constructor(
    readonly capacity: number,
    readonly obsDim: number,
    readonly batchSize: number,
    private readonly rng: Rng,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`replay capacity must be an integer >= 1, got ${capacity}`);
    this.observations = new Float32Array(capacity * obsDim);
    this.nextObservations = new Float32Array(capacity * obsDim);
    this.actions = new Int32Array(capacity);
    this.rewards = new Float32Array(capacity);
    this.terminated = new Uint8Array(capacity);
    this.truncated = new Uint8Array(capacity);
    this.batch = {
      size: batchSize,
      observations: new Float32Array(batchSize * obsDim),
      actions: new Int32Array(batchSize),
      rewards: new Float32Array(batchSize),
      nextObservations: new Float32Array(batchSize * obsDim),
      terminated: new Float32Array(batchSize),
    };
  }

  /** Number of stored transitions. */
  get size(): number {
    return this.isFull ? this.capacity : this.position;
  }

  get full(): boolean {
    return this.isFull;
  }

  add(
    observation: Float32Array,
    nextObservation: Float32Array,
    action: number,
    reward: number,
    terminated: boolean,
    truncated: boolean,
  ): void {
    if (observation.length !== this.obsDim || nextObservation.length !== this.obsDim) {
      throw new DataError(`replay: observation width ${observation.length}/${nextObservation.length}, expected ${this.obsDim}`);
    }
    const p = this.position;
    this.observations.set(observation, p * this.obsDim);
    this.nextObservations.set(nextObservation, p * this.obsDim);
    this.actions[p] = action;
    this.rewards[p] = reward;
    this.terminated[p] = terminated ? 1 : 0;
    this.truncated[p] = truncated ? 1 : 0;
    this.position = p + 1;
    if (this.position === this.capacity) {
      this.position = 0;
      this.isFull = true;
    }
  }

  /**
   * A uniform minibatch (with replacement, like SB3) from the filled slots. The returned object is
   * reused by the next call: copy what you need to keep.
   */
  sample(): ReplayBatch {
    const upper = this.size;
    if (upper === 0) throw new DataError('replay: cannot sample from an empty buffer');
    const d = this.obsDim;
    const b = this.batch;
    for (let i = 0; i < b.size; i++) {
      const j = this.rng.int(upper);
      b.observations.set(this.observations.subarray(j * d, j * d + d), i * d);
      b.nextObservations.set(this.nextObservations.subarray(j * d, j * d + d), i * d);
      b.actions[i] = this.actions[j]!;
      b.rewards[i] = this.rewards[j]!;
      b.terminated[i] = this.terminated[j]!;
    }
    return b;
  }

  /** Header for a checkpoint; the arrays themselves are saved as binary by the run store. */
  snapshot(): ReplaySnapshot {
    return { format: 'qlens-replay', version: 1, capacity: this.capacity, obsDim: this.obsDim, position: this.position, full: this.isFull };
  }

  /** Restores cursor state after the arrays were filled from a checkpoint. */
  restoreCursor(snap: ReplaySnapshot): void {
    if (snap.capacity !== this.capacity || snap.obsDim !== this.obsDim) {
      throw new DataError(`replay snapshot is ${snap.capacity}×${snap.obsDim}, buffer is ${this.capacity}×${this.obsDim}`);
    }
    this.position = snap.position;
    this.isFull = snap.full;
  }

  /** The typed arrays in a fixed order, for binary snapshots. */
  arrays(): ArrayBufferView[] {
    return [this.observations, this.nextObservations, this.actions, this.rewards, this.terminated, this.truncated];
  }
}
