/**
 * The fused DQN kernel (AssemblyScript → WebAssembly SIMD128, float32). One exported call does a
 * whole train step — target-net forward on s', TD target, online forward on s, loss, backward,
 * gradient clipping, Adam, refresh of the transposed weights — so a step costs one JS→wasm crossing
 * instead of ~100 tfjs op dispatches. Built by `build-kernel.ts`; the binary is committed.
 *
 * All state lives in linear memory, laid out by `layout.ts`, which also writes the descriptor: a
 * table of i32 sizes and byte addresses every function here reads (slot numbers below must match
 * `layout.ts`; `descriptorSignature()` lets the wrapper check that they do).
 *
 * Parameter block (online, target, gradient, Adam m and v all share it): per dense layer a kernel
 * W[in × outPad] (row-major, tfjs `dense/kernel` orientation, padding columns zero) then a bias
 * [outPad]. The head is one layer whose columns are the Q-values, or for a dueling net
 * [V, A_0 … A_{n−1}]. Layers ≥ 1 keep Wᵀ[out × inPad] so the backward δ·Wᵀ is a plain GEMM.
 */
import { adam, columnSums, EPI_BIAS, EPI_BIAS_RELU, EPI_RELU_MASK, EPI_STORE, gemm, polyak, sumSquares, transpose } from './linalg.as';

export { gemm } from './linalg.as';

// Header slots.
const LAYERS = 0, OBS_DIM = 1, N_ACTIONS = 2, DUELING = 3, PARAM_FLOATS = 4, PARAMS = 5, TARGET = 6;
const GRAD = 7, ADAM_M = 8, ADAM_V = 9, OBS = 10, NEXT_OBS = 11, ACTIONS = 12, REWARDS = 13;
const TERMINATED = 14, Q_OUT = 15, Q_NEXT = 16, TD_TARGET = 17, DZ_A = 18, DZ_B = 19, RESULT = 20;
const HEADER_SLOTS = 24;
// Per-layer slots (W and B are byte offsets inside a parameter block; WT and H are addresses).
const IN = 0, OUT = 1, IN_PAD = 2, OUT_PAD = 3, W = 4, B = 5, WT = 6, H = 7;
const LAYER_SLOTS = 8;

@inline function hdr(d: usize, slot: i32): i32 {
  return load<i32>(d + (<usize>slot << 2));
}
@inline function lay(d: usize, l: i32, slot: i32): i32 {
  return load<i32>(d + (<usize>(HEADER_SLOTS + l * LAYER_SLOTS + slot) << 2));
}
@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/** Where the wrapper may start its layout (after this module's static data). */
export function heapBase(): usize {
  return __heap_base;
}

/** Slot counts, checked by the wrapper so a stale binary cannot silently misread the layout. */
export function descriptorSignature(): i32 {
  return HEADER_SLOTS * 1000 + LAYER_SLOTS * 10 + RESULT;
}

/**
 * Q(x, ·) for n rows of x (n × obsDim, n ≤ capacity) with the parameters at `params`: writes
 * n × nActions floats at `out` and leaves each layer's output in its activation buffer H.
 */
export function forward(d: usize, params: usize, x: usize, n: i32, out: usize): void {
  const L = hdr(d, LAYERS);
  let input = x;
  let ld = hdr(d, OBS_DIM);
  for (let l = 0; l < L; l++) {
    const h = <usize>lay(d, l, H), outPad = lay(d, l, OUT_PAD);
    const mode = l < L - 1 ? EPI_BIAS_RELU : EPI_BIAS;
    gemm(input, ld, 1, params + <usize>lay(d, l, W), outPad, h, outPad, n, lay(d, l, IN), outPad, mode,
      params + <usize>lay(d, l, B));
    input = h;
    ld = outPad;
  }
  headToQ(d, input, ld, n, out);
}

/** Head outputs → Q. Dueling (Wang et al. 2016): Q_j = (V + A_j) − mean(A), PyTorch's `V + A - A.mean()`. */
function headToQ(d: usize, head: usize, ld: i32, n: i32, out: usize): void {
  const nA = hdr(d, N_ACTIONS);
  const dueling = hdr(d, DUELING) != 0;
  for (let b = 0; b < n; b++) {
    const row = at(head, b * ld), q = at(out, b * nA);
    if (dueling) {
      const v = load<f32>(row);
      let sum: f32 = 0;
      for (let j = 0; j < nA; j++) sum += load<f32>(at(row, 1 + j));
      const mean = sum / <f32>nA;
      for (let j = 0; j < nA; j++) store<f32>(at(q, j), (v + load<f32>(at(row, 1 + j))) - mean);
    } else {
      for (let j = 0; j < nA; j++) store<f32>(at(q, j), load<f32>(at(row, j)));
    }
  }
}

/** Index of the largest of n floats, lowest index on ties (numpy/torch argmax). */
function argmax(q: usize, n: i32): i32 {
  let best = 0;
  let bestValue = load<f32>(q);
  for (let j = 1; j < n; j++) {
    const v = load<f32>(at(q, j));
    if (v > bestValue) { bestValue = v; best = j; }
  }
  return best;
}

/** Greedy action for the single observation at OBS. */
export function act(d: usize): i32 {
  const out = <usize>hdr(d, Q_OUT);
  forward(d, <usize>hdr(d, PARAMS), <usize>hdr(d, OBS), 1, out);
  return argmax(out, hdr(d, N_ACTIONS));
}

/** Wᵀ of every layer ≥ 1 from the online kernels: after each update and after weights are set. */
export function refreshTransposes(d: usize): void {
  const L = hdr(d, LAYERS), params = <usize>hdr(d, PARAMS);
  for (let l = 1; l < L; l++) {
    transpose(params + <usize>lay(d, l, W), lay(d, l, OUT_PAD), lay(d, l, IN), lay(d, l, OUT),
      <usize>lay(d, l, WT), lay(d, l, IN_PAD));
  }
}

/** target ← τ·online + (1−τ)·target; τ = 1 copies bit for bit. */
export function updateTarget(d: usize, tau: f32, oneMinusTau: f32): void {
  const count = hdr(d, PARAM_FLOATS);
  if (tau == 1) memory.copy(<usize>hdr(d, TARGET), <usize>hdr(d, PARAMS), <usize>count << 2);
  else polyak(<usize>hdr(d, PARAMS), <usize>hdr(d, TARGET), count, tau, oneMinusTau);
}

/** y = r + γ·(1 − terminated)·Q_target(s', a*), a* from the target net or (double DQN) the online net. */
function tdTargets(d: usize, n: i32, gamma: f32, doubleDqn: bool): void {
  const nA = hdr(d, N_ACTIONS), qNext = <usize>hdr(d, Q_NEXT), qOut = <usize>hdr(d, Q_OUT);
  forward(d, <usize>hdr(d, TARGET), <usize>hdr(d, NEXT_OBS), n, qNext);
  if (doubleDqn) forward(d, <usize>hdr(d, PARAMS), <usize>hdr(d, NEXT_OBS), n, qOut);
  const pick = doubleDqn ? qOut : qNext;
  const rewards = <usize>hdr(d, REWARDS), terminated = <usize>hdr(d, TERMINATED), y = <usize>hdr(d, TD_TARGET);
  for (let b = 0; b < n; b++) {
    const next = load<f32>(at(qNext, b * nA + argmax(at(pick, b * nA), nA)));
    // CleanRL's `r + gamma * target_max * (1 - done)`, evaluated left to right in float32.
    store<f32>(at(y, b), load<f32>(at(rewards, b)) + gamma * next * (<f32>1 - load<f32>(at(terminated, b))));
  }
}

/**
 * Loss over the batch and its gradient w.r.t. the head outputs (into DZ_A, padding zeroed).
 * Mean reduction like `F.mse_loss` / `F.smooth_l1_loss(beta=1)`; their backward formulas:
 * mse 2·(q−y)/n, smooth-L1 (q−y)/n inside |q−y| ≤ 1 and ±1/n outside.
 */
function lossAndHeadGrad(d: usize, n: i32, huber: bool): void {
  const nA = hdr(d, N_ACTIONS), dueling = hdr(d, DUELING) != 0, L = hdr(d, LAYERS);
  const headPad = lay(d, L - 1, OUT_PAD), dz = <usize>hdr(d, DZ_A), q = <usize>hdr(d, Q_OUT);
  const actions = <usize>hdr(d, ACTIONS), y = <usize>hdr(d, TD_TARGET);
  const norm = <f32>(1.0 / <f64>n), norm2 = <f32>(2.0 / <f64>n);
  let lossSum: f32 = 0, qSum: f32 = 0;
  for (let b = 0; b < n; b++) {
    const a = load<i32>(at(actions, b));
    const qa = load<f32>(at(q, b * nA + a));
    const diff = qa - load<f32>(at(y, b));
    let g: f32;
    if (huber) {
      const ad = Mathf.abs(diff);
      lossSum += ad < 1 ? <f32>0.5 * diff * diff : ad - <f32>0.5;
      g = ad <= 1 ? norm * diff : (diff > 0 ? norm : -norm);
    } else {
      lossSum += diff * diff;
      g = norm2 * diff;
    }
    qSum += qa;
    const row = at(dz, b * headPad);
    memory.fill(row, 0, <usize>headPad << 2);
    if (dueling) {
      // dQ_a/dV = 1, dQ_a/dA_j = [j = a] − 1/n: the mean's gradient g/n is subtracted from every A_j.
      store<f32>(row, g);
      const share = g / <f32>nA;
      for (let j = 0; j < nA; j++) store<f32>(at(row, 1 + j), (j == a ? g : <f32>0) - share);
    } else {
      store<f32>(at(row, a), g);
    }
  }
  const result = <usize>hdr(d, RESULT);
  store<f32>(result, lossSum / <f32>n);
  store<f32>(result, qSum / <f32>n, 4);
}

/** Gradients of every layer into the GRAD block, from DZ_A holding dLoss/d(head outputs). */
function backward(d: usize, n: i32): void {
  const L = hdr(d, LAYERS), grad = <usize>hdr(d, GRAD);
  let dz = <usize>hdr(d, DZ_A), spare = <usize>hdr(d, DZ_B);
  for (let l = L - 1; l >= 0; l--) {
    const outPad = lay(d, l, OUT_PAD);
    const input = l == 0 ? <usize>hdr(d, OBS) : <usize>lay(d, l - 1, H);
    const ldIn = l == 0 ? hdr(d, OBS_DIM) : lay(d, l - 1, OUT_PAD);
    // dW = inputᵀ · dZ: the transposed operand is free (strided broadcast reads).
    gemm(input, 1, ldIn, dz, outPad, grad + <usize>lay(d, l, W), outPad, lay(d, l, IN), n, outPad, EPI_STORE, 0);
    columnSums(dz, outPad, n, outPad, grad + <usize>lay(d, l, B));
    if (l > 0) {
      // dZ_{l−1} = (dZ_l · W_lᵀ) ⊙ [H_{l−1} > 0], with Wᵀ kept row-major.
      const inPad = lay(d, l, IN_PAD);
      gemm(dz, outPad, 1, <usize>lay(d, l, WT), inPad, spare, inPad, n, lay(d, l, OUT), inPad, EPI_RELU_MASK, input);
      const t = dz; dz = spare; spare = t;
    }
  }
}

/**
 * One DQN gradient step on the batch in OBS/ACTIONS/REWARDS/NEXT_OBS/TERMINATED (n rows). Writes
 * [loss, mean Q(s,a)] as f32 at RESULT; GRAD keeps the unclipped gradients.
 * Clipping is `torch.nn.utils.clip_grad_norm_`: coef = maxNorm / (‖g‖ + 1e-6), applied when < 1.
 */
export function trainStep(d: usize, n: i32, gamma: f32, huber: i32, doubleDqn: i32, maxGradNorm: f32,
                          beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32,
                          stepSize: f32, bc2Sqrt: f32, eps: f32): void {
  tdTargets(d, n, gamma, doubleDqn != 0);
  forward(d, <usize>hdr(d, PARAMS), <usize>hdr(d, OBS), n, <usize>hdr(d, Q_OUT));
  lossAndHeadGrad(d, n, huber != 0);
  backward(d, n);
  const count = hdr(d, PARAM_FLOATS), grad = <usize>hdr(d, GRAD);
  let scale: f32 = 1;
  if (maxGradNorm < Infinity) {
    const norm = <f32>Math.sqrt(sumSquares(grad, count));
    const coef = maxGradNorm / (norm + <f32>1e-6);
    if (coef < 1) scale = coef;
  }
  adam(<usize>hdr(d, PARAMS), grad, <usize>hdr(d, ADAM_M), <usize>hdr(d, ADAM_V), count, scale,
    beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, bc2Sqrt, eps);
  refreshTransposes(d);
}
