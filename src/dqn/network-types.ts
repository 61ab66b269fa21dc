/**
 * The Q-network contract the trainer talks to. Two engines implement it:
 *
 * - `fused` (default): one WebAssembly-SIMD kernel per train step (forward, TD target, backward,
 *   gradient clipping, Adam) with no per-op dispatch. Measured on these machines a 128×120×84 GEMM runs
 *   at ~32 GFLOP/s in it against ~17 through tfjs-wasm, and one train step costs one call instead of
 *   ~100 tfjs ops at ~4 µs each: that is what makes CleanRL-sized training faster than PyTorch here.
 * - `tfjs`: the same maths as ordinary tfjs ops on the active tfjs backend (node, wasm or cpu). It is
 *   the reference the fused kernel is tested against, and the path for tfjs-node users.
 *
 * Both keep the model in one layout (`NamedWeights`, tfjs dense naming) so checkpoints, the tfjs
 * model export and the network explainers do not care which engine trained it.
 */
import type { QFunction } from '../core/q-function.ts';

export type EngineName = 'fused' | 'tfjs';

export interface NetworkSpec {
  obsDim: number;
  nActions: number;
  /** Hidden layer widths, ReLU after each. */
  hidden: readonly number[];
  /** Dueling head (Wang et al. 2016): Q = V + A − mean(A), from two linear heads on the last hidden layer. */
  dueling: boolean;
}

export interface TrainHyper {
  gamma: number;
  loss: 'mse' | 'huber';
  /** Double DQN (van Hasselt et al. 2016): online net picks a', target net values it. */
  doubleDqn: boolean;
  /** Global gradient-norm clip; `Infinity` disables it. */
  maxGradNorm: number;
  learningRate: number;
  /** Adam's epsilon (PyTorch's default 1e-8 keeps parity with CleanRL/SB3). */
  adamEpsilon: number;
}

/** A minibatch, row-major typed arrays (SB3's ReplayBufferSamples). */
export interface ReplayBatch {
  size: number;
  observations: Float32Array; // size × obsDim
  actions: Int32Array; // size
  rewards: Float32Array; // size
  nextObservations: Float32Array; // size × obsDim
  /** 1 where the transition ended in a true terminal state (no bootstrap); truncation is 0. */
  terminated: Float32Array; // size
}

export interface TrainStepResult {
  loss: number;
  /** Mean of Q(s, a) over the batch, before the update. */
  meanQ: number;
}

/** One parameter tensor, named like tfjs dense layers (`dense_0/kernel` is in×out row-major). */
export interface NamedWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}
export type NamedWeights = NamedWeight[];

/** Adam moments per parameter tensor (same order and names as the weights) and the step count. */
export interface OptimizerState {
  step: number;
  m: NamedWeights;
  v: NamedWeights;
}

export interface QNetwork extends QFunction {
  readonly spec: NetworkSpec;
  readonly engine: EngineName;
  /** Greedy action for one observation (lowest index on ties). */
  act(obs: Float32Array): number;
  /** One gradient step on the TD loss; the target network is read, never written. */
  trainStep(batch: ReplayBatch, hyper: TrainHyper): TrainStepResult;
  /** target ← τ·online + (1 − τ)·target; τ = 1 is a hard copy. */
  updateTarget(tau: number): void;
  getWeights(which?: 'online' | 'target'): NamedWeights;
  setWeights(weights: NamedWeights, which?: 'online' | 'target'): void;
  getOptimizerState(): OptimizerState;
  setOptimizerState(state: OptimizerState): void;
  dispose(): void;
}
