/**
 * `QNetwork` as plain tfjs ops on the active backend (node, wasm or cpu). Raw `tf.variable` weights
 * and `tf.fused.matMul` (bias + ReLU in one kernel): `tf.layers`' `model.predict` costs twice the
 * latency here (stack.md §4). Same maths as the fused kernel, op for op where rounding matters;
 * every step runs inside `tf.tidy`, so `tf.memory().numTensors` stays flat.
 */
import * as tf from '@tensorflow/tfjs';
import { argmax } from '../../core/q-function.ts';
import type { Rng } from '../../core/rng.ts';
import { ConfigError, DataError } from '../../core/errors.ts';
import { initWeights } from '../init.ts';
import type {
  NamedWeights, NetworkSpec, OptimizerState, QNetwork, ReplayBatch, TrainHyper, TrainStepResult,
} from '../network-types.ts';
import {
  expectedTensors, indexWeights, validateBatch, validateHyper, validateObservations, validateOptimizerState, validateSpec,
} from '../network-validate.ts';
import { TfjsAdam } from './adam.ts';
import { ensureBackend } from './backend.ts';

interface Param {
  name: string;
  shape: number[];
  online: tf.Variable;
  target: tf.Variable;
}

/** A non-trainable or trainable variable holding a copy of `values` (never aliasing the caller's array). */
function variableOf(values: Float32Array, shape: number[], trainable: boolean): tf.Variable {
  return tf.tidy(() => tf.variable(tf.tensor(values.slice(), shape), trainable));
}

export class TfjsQNetwork implements QNetwork {
  readonly engine = 'tfjs' as const;
  readonly spec: NetworkSpec;
  readonly obsDim: number;
  readonly nActions: number;
  private readonly params: Param[];
  private readonly byName = new Map<string, Param>();
  private readonly onlineVars: tf.Variable[];
  private readonly adam: TfjsAdam;

  constructor(spec: NetworkSpec, weights: NamedWeights) {
    validateSpec(spec);
    this.spec = { ...spec, hidden: [...spec.hidden] };
    this.obsDim = spec.obsDim;
    this.nActions = spec.nActions;
    const values = indexWeights(spec, weights);
    this.params = expectedTensors(spec).map(({ name, shape }) => ({
      name, shape,
      online: variableOf(values.get(name)!, shape, true),
      target: variableOf(values.get(name)!, shape, false),
    }));
    for (const p of this.params) this.byName.set(p.name, p);
    this.onlineVars = this.params.map((p) => p.online);
    this.adam = new TfjsAdam(this.onlineVars);
  }

  /** Q(x, ·) of the online or target net: ReLU MLP, then the plain or dueling head. */
  private forward(which: 'online' | 'target', x: tf.Tensor2D): tf.Tensor2D {
    const w = (name: string): tf.Variable => this.byName.get(name)![which];
    const dense = (h: tf.Tensor2D, layer: string, relu: boolean): tf.Tensor2D =>
      tf.fused.matMul({ a: h, b: w(`${layer}/kernel`), bias: w(`${layer}/bias`), activation: relu ? 'relu' : 'linear' }) as tf.Tensor2D;
    let h = x;
    this.spec.hidden.forEach((_, i) => { h = dense(h, `dense_${i}`, true); });
    if (!this.spec.dueling) return dense(h, 'q', false);
    // Wang et al. 2016: Q = V + A − mean_a A (PyTorch's `v + a - a.mean(dim=1, keepdim=True)`).
    const advantage = dense(h, 'advantage', false);
    return dense(h, 'value', false).add(advantage).sub(advantage.mean(1, true));
  }

  act(obs: Float32Array): number {
    return argmax(this.qValues(obs));
  }

  qValues(obs: Float32Array): Float32Array {
    if (obs.length !== this.obsDim) throw new DataError(`observation must have ${this.obsDim} values, got ${obs.length}`);
    return this.qBatch(obs, 1);
  }

  qBatch(obs: Float32Array, n: number): Float32Array {
    validateObservations(this.spec, obs, n);
    if (n === 0) return new Float32Array(0);
    const q = tf.tidy(() => this.forward('online', tf.tensor2d(obs.subarray(0, n * this.obsDim), [n, this.obsDim])));
    const values = q.dataSync() as Float32Array;
    q.dispose();
    return values;
  }

  trainStep(batch: ReplayBatch, hyper: TrainHyper): TrainStepResult {
    validateHyper(hyper);
    validateBatch(this.spec, batch);
    const n = batch.size;
    const { obsDim, nActions } = this;
    let kept: tf.Scalar[] = [];
    tf.tidy(() => {
      // TD target (no gradient): y = r + γ·Q_target(s', a*)·(1 − terminated), CleanRL's order.
      const next = tf.tensor2d(batch.nextObservations, [n, obsDim]);
      const qNext = this.forward('target', next);
      const aStar = (hyper.doubleDqn ? this.forward('online', next) : qNext).argMax(1);
      const nextValue = qNext.mul(tf.oneHot(aStar, nActions)).sum(1);
      const notDone = tf.scalar(1).sub(tf.tensor1d(batch.terminated));
      const y = tf.tensor1d(batch.rewards).add(nextValue.mul(hyper.gamma).mul(notDone));
      const obs = tf.tensor2d(batch.observations, [n, obsDim]);
      const chosen = tf.oneHot(tf.tensor1d(batch.actions, 'int32'), nActions);
      const { value, grads } = tf.variableGrads(() => {
        const qa = this.forward('online', obs).mul(chosen).sum(1);
        kept.push(tf.keep(qa.mean() as tf.Scalar));
        const diff = qa.sub(y);
        return hyper.loss === 'mse' ? (diff.square().mean() as tf.Scalar) : huberMean(diff);
      }, this.onlineVars);
      kept.unshift(tf.keep(value));
      const g = this.onlineVars.map((v) => grads[v.name]!);
      let scale: tf.Scalar | undefined;
      if (hyper.maxGradNorm < Infinity) {
        // clip_grad_norm_: coef = max / (‖g‖ + 1e-6), clamped to ≤ 1 and always multiplied in.
        const norm = tf.sqrt(tf.addN(g.map((x) => x.square().sum())));
        scale = tf.minimum(tf.scalar(hyper.maxGradNorm).div(norm.add(1e-6)), 1) as tf.Scalar;
      }
      this.adam.apply(this.onlineVars, g, hyper.learningRate, hyper.adamEpsilon, scale);
    });
    const [loss, meanQ] = kept.map((t) => t.dataSync()[0]!);
    for (const t of kept) t.dispose();
    kept = [];
    return { loss: loss!, meanQ: meanQ! };
  }

  updateTarget(tau: number): void {
    if (!(tau >= 0 && tau <= 1)) throw new ConfigError('tau', `tau must be in [0, 1], got ${tau}`);
    tf.tidy(() => {
      // SB3 polyak_update order: target·(1−τ) + online·τ; τ = 1 copies exactly.
      for (const p of this.params) p.target.assign(tau === 1 ? p.online : p.target.mul(1 - tau).add(p.online.mul(tau)));
    });
  }

  getWeights(which: 'online' | 'target' = 'online'): NamedWeights {
    return this.params.map((p) => ({ name: p.name, shape: [...p.shape], values: (p[side(which)].dataSync() as Float32Array).slice() }));
  }

  setWeights(weights: NamedWeights, which: 'online' | 'target' = 'online'): void {
    const values = indexWeights(this.spec, weights, `${side(which)} weights`);
    tf.tidy(() => {
      for (const p of this.params) p[which].assign(tf.tensor(values.get(p.name)!.slice(), p.shape));
    });
  }

  getOptimizerState(): OptimizerState {
    const read = (vars: tf.Variable[]): NamedWeights =>
      this.params.map((p, i) => ({ name: p.name, shape: [...p.shape], values: (vars[i]!.dataSync() as Float32Array).slice() }));
    return { step: this.adam.step, m: read(this.adam.m), v: read(this.adam.v) };
  }

  setOptimizerState(state: OptimizerState): void {
    validateOptimizerState(this.spec, state);
    const m = indexWeights(this.spec, state.m);
    const v = indexWeights(this.spec, state.v);
    tf.tidy(() => {
      this.params.forEach((p, i) => {
        this.adam.m[i]!.assign(tf.tensor(m.get(p.name)!.slice(), p.shape));
        this.adam.v[i]!.assign(tf.tensor(v.get(p.name)!.slice(), p.shape));
      });
    });
    this.adam.step = state.step;
  }

  dispose(): void {
    for (const p of this.params) {
      p.online.dispose();
      p.target.dispose();
    }
    this.adam.dispose();
  }
}

/**
 * `F.smooth_l1_loss(q, y, beta=1)` with mean reduction. Its gradient is written out as PyTorch's
 * backward — clamp(q − y, −1, 1) / n — because tfjs cannot differentiate through the branch test.
 */
const huberMean = tf.customGrad<tf.Scalar>((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [diff, save] = args as [tf.Tensor, tf.GradSaveFunc];
  save([diff]);
  const ad = diff.abs();
  return {
    value: tf.where(ad.less(1), diff.square().mul(0.5), ad.sub(0.5)).mean() as tf.Scalar,
    gradFunc: (dy: tf.Scalar, [d]: tf.Tensor[]) => d!.clipByValue(-1, 1).mul(1 / d!.size).mul(dy),
  };
}) as (diff: tf.Tensor) => tf.Scalar;

function side(which: unknown): 'online' | 'target' {
  if (which !== 'online' && which !== 'target') throw new DataError(`which must be "online" or "target", got ${String(which)}`);
  return which;
}

/** A tfjs-engine network with PyTorch-default initial weights from `rng` (target = online). */
export async function createTfjsQNetwork(spec: NetworkSpec, rng: Rng): Promise<TfjsQNetwork> {
  validateSpec(spec);
  await ensureBackend();
  return new TfjsQNetwork(spec, initWeights(spec, rng));
}
