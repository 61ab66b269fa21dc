/**
 * Adam for the tfjs engine, written out as tfjs ops so it is PyTorch's `torch.optim.Adam` to the
 * rounding of each float32 op, the same sequence as the fused kernel (`linalg.as.ts` `adam`):
 *   m ← β1·m + (1−β1)·g;  v ← β2·v + ((1−β2)·g)·g
 *   p ← p − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε)
 *
 * Why not `tf.train.adam(lr, 0.9, 0.999, eps)`: its ε sits in the same place (added to √v̂), but it
 * bias-corrects m and v separately with β powers accumulated by repeated float32 multiplication,
 * creates its moments lazily and matches them to variables by position, and restores state only
 * through an async `setWeights`. Our contract needs a synchronous, name-keyed state round trip and
 * bit-level agreement with the fused engine.
 */
import * as tf from '@tensorflow/tfjs';

const BETA1 = 0.9;
const BETA2 = 0.999;

function zeroVariable(shape: number[]): tf.Variable {
  const zeros = tf.zeros(shape);
  const variable = tf.variable(zeros, false);
  zeros.dispose(); // the variable holds its own reference to the data
  return variable;
}

export class TfjsAdam {
  step = 0;
  readonly m: tf.Variable[];
  readonly v: tf.Variable[];

  /** Zero moments shaped like `params`. */
  constructor(params: readonly tf.Variable[]) {
    this.m = params.map((p) => zeroVariable(p.shape));
    this.v = params.map((p) => zeroVariable(p.shape));
  }

  /**
   * One step on `params` with `grads` (same order), each gradient first multiplied by `gradScale`
   * (clip_grad_norm_'s clamped coefficient, a scalar tensor) when given. Call inside `tf.tidy`.
   */
  apply(params: readonly tf.Variable[], grads: readonly tf.Tensor[], lr: number, eps: number, gradScale?: tf.Scalar): void {
    const t = ++this.step;
    const stepSize = lr / (1 - BETA1 ** t); // float64 on the host, as PyTorch does in Python
    const bc2Sqrt = Math.sqrt(1 - BETA2 ** t);
    params.forEach((p, i) => {
      const g = gradScale ? grads[i]!.mul(gradScale) : grads[i]!;
      const m = this.m[i]!.mul(BETA1).add(g.mul(1 - BETA1));
      const v = this.v[i]!.mul(BETA2).add(g.mul(1 - BETA2).mul(g));
      this.m[i]!.assign(m);
      this.v[i]!.assign(v);
      const denom = v.sqrt().div(bc2Sqrt).add(eps);
      p.assign(p.sub(m.div(denom).mul(stepSize)));
    });
  }

  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}
