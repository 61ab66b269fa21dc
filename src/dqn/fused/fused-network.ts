/**
 * `QNetwork` on the fused WebAssembly kernel: the TypeScript side only copies inputs into the
 * kernel's memory, calls one export and reads results back. Hot calls (`act`, `qValues`, `qBatch`,
 * `trainStep`) allocate nothing but their output; `act` allocates nothing at all.
 */
import type { Rng } from '../../core/rng.ts';
import { ConfigError, DataError } from '../../core/errors.ts';
import { initWeights } from '../init.ts';
import type {
  NamedWeights, NetworkSpec, OptimizerState, QNetwork, ReplayBatch, TrainHyper, TrainStepResult,
} from '../network-types.ts';
import {
  indexWeights, validateBatch, validateHyper, validateObservations, validateOptimizerState, validateSpec,
} from '../network-validate.ts';
import { instantiateKernel, type KernelExports } from './kernel-module.ts';
import { planLayout, writeDescriptor, type KernelLayout } from './layout.ts';
import { readBlock, tensorSlots, writeBlock } from './param-block.ts';

/** Adam's betas: PyTorch's defaults, which CleanRL and SB3 train with. */
const BETA1 = 0.9;
const BETA2 = 0.999;
/** Rows per forward call in `qBatch`; bigger inputs are processed in chunks of this many. */
const MAX_CHUNK = 1024;
const PAGE = 65536;

export class FusedQNetwork implements QNetwork {
  readonly engine = 'fused' as const;
  readonly obsDim: number;
  readonly nActions: number;
  private layout: KernelLayout;
  private f32!: Float32Array;
  private i32!: Int32Array;
  private readonly slots: ReturnType<typeof tensorSlots>;
  private step = 0;
  private disposed = false;

  constructor(readonly spec: NetworkSpec, private readonly k: KernelExports, weights: NamedWeights) {
    validateSpec(spec);
    this.spec = { ...spec, hidden: [...spec.hidden] };
    this.obsDim = spec.obsDim;
    this.nActions = spec.nActions;
    this.slots = tensorSlots(spec);
    this.layout = planLayout(spec, k.heapBase(), 32);
    this.attach();
    this.setWeights(weights, 'online');
    this.updateTarget(1);
  }

  /** Grows memory to the current layout and rebuilds the views and the descriptor. */
  private attach(): void {
    const missing = this.layout.end - this.k.memory.buffer.byteLength;
    if (missing > 0) this.k.memory.grow(Math.ceil(missing / PAGE));
    this.f32 = new Float32Array(this.k.memory.buffer);
    this.i32 = new Int32Array(this.k.memory.buffer);
    writeDescriptor(this.k.memory.buffer, this.spec, this.layout);
  }

  private live(): void {
    if (this.disposed) throw new Error('this FusedQNetwork has been disposed');
  }

  /** Makes room for batches of `rows`; the fixed part (weights, Adam state) does not move. */
  private ensureCapacity(rows: number): void {
    this.live();
    if (rows <= this.layout.capacity) return;
    this.layout = planLayout(this.spec, this.k.heapBase(), rows);
    this.attach();
  }

  act(obs: Float32Array): number {
    this.checkState(obs);
    this.f32.set(obs, this.layout.obs >> 2);
    return this.k.act(this.layout.desc);
  }

  qValues(obs: Float32Array): Float32Array {
    this.checkState(obs);
    const { obs: x, qOut, desc, params } = this.layout;
    this.f32.set(obs, x >> 2);
    this.k.forward(desc, params, x, 1, qOut);
    return this.f32.slice(qOut >> 2, (qOut >> 2) + this.nActions);
  }

  qBatch(obs: Float32Array, n: number): Float32Array {
    validateObservations(this.spec, obs, n);
    const { obsDim, nActions } = this;
    const chunk = Math.min(Math.max(n, 1), MAX_CHUNK);
    this.ensureCapacity(chunk);
    const { obs: x, qOut, desc, params } = this.layout;
    if (n <= chunk) {
      this.f32.set(obs.length === n * obsDim ? obs : obs.subarray(0, n * obsDim), x >> 2);
      this.k.forward(desc, params, x, n, qOut);
      return this.f32.slice(qOut >> 2, (qOut >> 2) + n * nActions);
    }
    const out = new Float32Array(n * nActions);
    for (let start = 0; start < n; start += chunk) {
      const rows = Math.min(chunk, n - start);
      this.f32.set(obs.subarray(start * obsDim, (start + rows) * obsDim), x >> 2);
      this.k.forward(desc, params, x, rows, qOut);
      out.set(this.f32.subarray(qOut >> 2, (qOut >> 2) + rows * nActions), start * nActions);
    }
    return out;
  }

  trainStep(batch: ReplayBatch, hyper: TrainHyper): TrainStepResult {
    validateHyper(hyper);
    validateBatch(this.spec, batch);
    this.ensureCapacity(batch.size);
    const L = this.layout;
    this.f32.set(batch.observations, L.obs >> 2);
    this.f32.set(batch.nextObservations, L.nextObs >> 2);
    this.i32.set(batch.actions, L.actions >> 2);
    this.f32.set(batch.rewards, L.rewards >> 2);
    this.f32.set(batch.terminated, L.terminated >> 2);
    // torch.optim.Adam: step_size = lr / (1 − β1ᵗ), √(1 − β2ᵗ) in float64 on the host.
    const t = ++this.step;
    const stepSize = hyper.learningRate / (1 - BETA1 ** t);
    const bc2Sqrt = Math.sqrt(1 - BETA2 ** t);
    this.k.trainStep(L.desc, batch.size, hyper.gamma, hyper.loss === 'huber' ? 1 : 0, hyper.doubleDqn ? 1 : 0,
      hyper.maxGradNorm, BETA1, 1 - BETA1, BETA2, 1 - BETA2, stepSize, bc2Sqrt, hyper.adamEpsilon);
    const r = L.result >> 2;
    return { loss: this.f32[r]!, meanQ: this.f32[r + 1]! };
  }

  updateTarget(tau: number): void {
    if (!(tau >= 0 && tau <= 1)) throw new ConfigError('tau', `tau must be in [0, 1], got ${tau}`);
    this.live();
    this.k.updateTarget(this.layout.desc, tau, 1 - tau);
  }

  getWeights(which: 'online' | 'target' = 'online'): NamedWeights {
    this.live();
    return readBlock(this.f32, this.block(which), this.layout, this.slots);
  }

  setWeights(weights: NamedWeights, which: 'online' | 'target' = 'online'): void {
    this.live();
    const values = indexWeights(this.spec, weights, `${which} weights`);
    writeBlock(this.f32, this.block(which), this.layout, this.slots, values);
    if (which === 'online') this.k.refreshTransposes(this.layout.desc);
  }

  getOptimizerState(): OptimizerState {
    this.live();
    const { adamM, adamV } = this.layout;
    return { step: this.step, m: readBlock(this.f32, adamM >> 2, this.layout, this.slots),
      v: readBlock(this.f32, adamV >> 2, this.layout, this.slots) };
  }

  setOptimizerState(state: OptimizerState): void {
    this.live();
    validateOptimizerState(this.spec, state);
    writeBlock(this.f32, this.layout.adamM >> 2, this.layout, this.slots, indexWeights(this.spec, state.m));
    writeBlock(this.f32, this.layout.adamV >> 2, this.layout, this.slots, indexWeights(this.spec, state.v));
    this.step = state.step;
  }

  /** Gradients of the loss at the weights before the last `trainStep` (not clipped); for checks. */
  lastGradients(): NamedWeights {
    this.live();
    return readBlock(this.f32, this.layout.grad >> 2, this.layout, this.slots);
  }

  dispose(): void {
    this.disposed = true;
    this.f32 = new Float32Array(0);
    this.i32 = new Int32Array(0);
  }

  private block(which: 'online' | 'target'): number {
    if (which !== 'online' && which !== 'target') throw new DataError(`which must be "online" or "target", got ${String(which)}`);
    return (which === 'online' ? this.layout.params : this.layout.target) >> 2;
  }

  private checkState(obs: Float32Array): void {
    if (obs.length !== this.obsDim) {
      throw new DataError(`observation must have ${this.obsDim} values, got ${(obs as { length?: number })?.length}`);
    }
    this.live();
  }
}

/** A fused-engine network with PyTorch-default initial weights drawn from `rng`; target = online. */
export async function createFusedQNetwork(spec: NetworkSpec, rng: Rng): Promise<FusedQNetwork> {
  validateSpec(spec);
  return new FusedQNetwork(spec, await instantiateKernel(), initWeights(spec, rng));
}
