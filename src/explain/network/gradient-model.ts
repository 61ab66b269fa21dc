/**
 * A differentiable copy of a Q-network for the gradient methods (saliency, integrated gradients,
 * prototypes). Built from `getWeights()` — the layout every engine shares (src/dqn/init.ts) — as
 * tfjs constants, so it works whichever engine trained the network and never touches the
 * network's own variables. The forward pass is the tfjs engine's op for op (ReLU MLP, plain or
 * dueling head), checked against `qBatch` in the tests.
 *
 * Every call runs in `tf.tidy` and copies its answer out, so the only tensors alive between calls
 * are the weights; `dispose()` frees those.
 */
import * as tf from '@tensorflow/tfjs';
import { DataError } from '../../core/errors.ts';
import type { NamedWeights, NetworkSpec } from '../../dqn/network-types.ts';
import { layerShapes } from '../../dqn/init.ts';
import { ensureBackend } from '../../dqn/tfjs/backend.ts';

/** What the gradient methods need from a network (`QNetwork` has both). */
export interface WeightSource {
  readonly spec: NetworkSpec;
  getWeights(which?: 'online' | 'target'): NamedWeights;
}

export interface QAndGradient {
  /** `n × nActions`, row-major. */
  q: Float64Array;
  /** `n × obsDim`, row-major: the gradient of Σ_a c_a Q(s, a) for each row s. */
  gradient: Float64Array;
}

export class GradientModel {
  readonly obsDim: number;
  readonly nActions: number;
  private readonly params = new Map<string, tf.Tensor>();
  /** The same weights as float64 arrays, for `q64`. */
  private readonly values = new Map<string, Float64Array>();
  private disposed = false;

  private constructor(readonly spec: NetworkSpec, weights: NamedWeights) {
    this.obsDim = spec.obsDim;
    this.nActions = spec.nActions;
    for (const layer of layerShapes(spec)) {
      for (const [part, shape] of [['kernel', [layer.inputs, layer.outputs]], ['bias', [layer.outputs]]] as const) {
        const name = `${layer.name}/${part}`;
        const w = weights.find((x) => x.name === name);
        if (!w || w.values.length !== shape.reduce((p, s) => p * s, 1)) throw new DataError(`network weights lack ${name} of shape [${shape.join(', ')}]`);
        this.params.set(name, tf.tensor(w.values.slice(), [...shape]));
        this.values.set(name, Float64Array.from(w.values));
      }
    }
  }

  /** Loads tfjs's backend (node, wasm or cpu) and copies the network's online weights. */
  static async create(network: WeightSource): Promise<GradientModel> {
    await ensureBackend();
    return new GradientModel(network.spec, network.getWeights('online'));
  }

  /** Q(x, ·) as tfjs ops: the tfjs engine's forward pass. */
  private forward(x: tf.Tensor2D): tf.Tensor2D {
    const p = (name: string) => this.params.get(name)!;
    const dense = (h: tf.Tensor2D, layer: string, relu: boolean): tf.Tensor2D =>
      tf.fused.matMul({ a: h, b: p(`${layer}/kernel`) as tf.Tensor2D, bias: p(`${layer}/bias`), activation: relu ? 'relu' : 'linear' }) as tf.Tensor2D;
    let h = x;
    this.spec.hidden.forEach((_, i) => { h = dense(h, `dense_${i}`, true); });
    if (!this.spec.dueling) return dense(h, 'q', false);
    const advantage = dense(h, 'advantage', false);
    return dense(h, 'value', false).add(advantage).sub(advantage.mean(1, true));
  }

  /** Q for `n` row-major states. */
  q(states: Float32Array, n: number): Float64Array {
    this.check(states, n);
    let q!: Float64Array;
    // tf.tidy only returns tensors: copy the answer out through a closure instead.
    tf.tidy(() => { q = Float64Array.from(this.forward(tf.tensor2d(states.subarray(0, n * this.obsDim), [n, this.obsDim])).dataSync()); });
    return q;
  }

  /**
   * Q for one state computed in float64 from the same (float32) weights. A float32 forward pass
   * rounds Q ≈ 60 to ~1e-5, which is the whole of Q(x) − Q(x') for nearby states; integrated
   * gradients measure completeness against these exact-arithmetic values instead.
   */
  q64(state: ArrayLike<number>): Float64Array {
    this.check(Float32Array.from(state), 1);
    const dense = (h: Float64Array, layer: string, relu: boolean): Float64Array => {
      const kernel = this.values.get(`${layer}/kernel`)!;
      const out = this.values.get(`${layer}/bias`)!.slice();
      for (let i = 0; i < h.length; i++) {
        const hi = h[i]!;
        if (hi === 0) continue;
        for (let j = 0; j < out.length; j++) out[j]! += hi * kernel[i * out.length + j]!;
      }
      if (relu) for (let j = 0; j < out.length; j++) if (out[j]! < 0) out[j] = 0;
      return out;
    };
    let h: Float64Array = Float64Array.from(state);
    this.spec.hidden.forEach((_, i) => { h = dense(h, `dense_${i}`, true); });
    if (!this.spec.dueling) return dense(h, 'q', false);
    const advantage = dense(h, 'advantage', false);
    const value = dense(h, 'value', false)[0]!;
    const meanAdvantage = advantage.reduce((t, v) => t + v, 0) / advantage.length;
    return advantage.map((v) => value + v - meanAdvantage);
  }

  /**
   * Q and, per row, ∂(Σ_a c_a Q(s, a))/∂s for output weights `c` (one per action): a one-hot c
   * gives ∇Q(·, a); c = e_a − 1/A gives the advantage's gradient. `c` holds one weight per action
   * (shared by all rows) or `n × nActions` (a row's own objective). Rows do not interact, so one
   * backward pass of the summed objective yields every row's own gradient.
   */
  qAndGradient(states: Float32Array, n: number, c: ArrayLike<number>): QAndGradient {
    this.check(states, n);
    const perRow = c.length === n * this.nActions && n > 1;
    if (c.length !== this.nActions && !perRow) throw new DataError(`output weights need ${this.nActions} or ${n * this.nActions} values, got ${c.length}`);
    let result!: QAndGradient;
    tf.tidy(() => {
      const x = tf.tensor2d(states.subarray(0, n * this.obsDim), [n, this.obsDim]);
      const weights = perRow ? tf.tensor2d(Array.from(c), [n, this.nActions]) : tf.tensor1d(Array.from(c));
      const q = this.forward(x);
      const gradient = tf.grad((input: tf.Tensor) => this.forward(input as tf.Tensor2D).mul(weights).sum())(x);
      result = { q: Float64Array.from(q.dataSync()), gradient: Float64Array.from(gradient.dataSync()) };
    });
    return result;
  }

  dispose(): void {
    if (this.disposed) return;
    for (const t of this.params.values()) t.dispose();
    this.params.clear();
    this.values.clear();
    this.disposed = true;
  }

  private check(states: Float32Array, n: number): void {
    if (this.disposed) throw new Error('GradientModel used after dispose()');
    if (!Number.isInteger(n) || n < 1 || states.length < n * this.obsDim) throw new DataError(`expected ${n} states of ${this.obsDim} values, got ${states.length} values`);
  }
}

