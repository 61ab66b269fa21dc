/**
 * Dense linear algebra for the fused kernel (AssemblyScript, WebAssembly SIMD128, float32).
 *
 * Everything works on raw byte addresses into linear memory laid out by `layout.ts`. The only
 * vectorised dimension is a matrix's column count N, which callers pad to a multiple of 4 (padding
 * columns hold zeros, so they stay zero through every operation); rows and the reduction length are
 * arbitrary. Plain mul + add (no fused multiply-add: that is relaxed-simd, off by default in Node 20).
 */

/** What `gemm` does to each result vector before storing it. */
export const EPI_STORE: i32 = 0;
/** C = A·B + bias (aux → N floats). */
export const EPI_BIAS: i32 = 1;
/** C = relu(A·B + bias), PyTorch's `relu(linear(x))`. */
export const EPI_BIAS_RELU: i32 = 2;
/** C = (A·B) ⊙ [aux > 0], aux a matrix with C's stride: ReLU's backward, `grad * (out > 0)`. */
export const EPI_RELU_MASK: i32 = 3;

@inline
function epilogue(acc: v128, mode: i32, biasAt: usize, maskAt: usize): v128 {
  if (mode == EPI_BIAS) return f32x4.add(acc, v128.load(biasAt));
  if (mode == EPI_BIAS_RELU) return f32x4.max(f32x4.add(acc, v128.load(biasAt)), f32x4.splat(0));
  if (mode == EPI_RELU_MASK) return v128.and(acc, f32x4.gt(v128.load(maskAt), f32x4.splat(0)));
  return acc;
}

/**
 * C[M×N] = epilogue(A[M×K] · B[K×N]). A's element (i, k) is at `a + 4·(i·aRow + k·aCol)`, so a
 * transposed operand (aRow = 1, aCol = its stride) costs nothing: A is only ever read one scalar at
 * a time and broadcast. B and C are row-major with strides ldb and ldc, N % 4 == 0.
 *
 * Register blocking: 4 rows × 8 columns (eight f32x4 accumulators, two B vectors, four broadcasts
 * fit in the 16 XMM registers V8 gives wasm), then 4×4 for a remaining 4 columns, then single rows.
 * Measured in Node 20 (TurboFan): ~38 GFLOP/s at 128×120×84, about the issue limit of this loop
 * (16 SIMD ops + 6 loads + address and loop-guard overhead per k). Unrolling k by 2 made it 35%
 * slower (TurboFan hoists all loads and spills accumulators); so did looping columns outermost, and
 * immediate-offset broadcasts for transposed A gained nothing. Regions must not sit at addresses
 * congruent mod 4 KiB (4K aliasing of C stores with B loads halved the speed in a test).
 */
export function gemm(a: usize, aRow: i32, aCol: i32, b: usize, ldb: i32, c: usize, ldc: i32,
                     M: i32, K: i32, N: i32, mode: i32, aux: usize): void {
  const ar = <usize>aRow << 2, ac = <usize>aCol << 2, bs = <usize>ldb << 2, cs = <usize>ldc << 2;
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const a0 = a + <usize>i * ar, a1 = a0 + ar, a2 = a1 + ar, a3 = a2 + ar;
    const c0 = c + <usize>i * cs, m0 = aux + <usize>i * cs;
    let j = 0;
    for (; j + 8 <= N; j += 8) {
      let x00 = f32x4.splat(0), x01 = f32x4.splat(0), x10 = f32x4.splat(0), x11 = f32x4.splat(0);
      let x20 = f32x4.splat(0), x21 = f32x4.splat(0), x30 = f32x4.splat(0), x31 = f32x4.splat(0);
      let pb = b + (<usize>j << 2), pa: usize = 0;
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(pb), b1 = v128.load(pb, 16);
        const s0 = v128.load32_splat(a0 + pa), s1 = v128.load32_splat(a1 + pa);
        const s2 = v128.load32_splat(a2 + pa), s3 = v128.load32_splat(a3 + pa);
        x00 = f32x4.add(x00, f32x4.mul(s0, b0)); x01 = f32x4.add(x01, f32x4.mul(s0, b1));
        x10 = f32x4.add(x10, f32x4.mul(s1, b0)); x11 = f32x4.add(x11, f32x4.mul(s1, b1));
        x20 = f32x4.add(x20, f32x4.mul(s2, b0)); x21 = f32x4.add(x21, f32x4.mul(s2, b1));
        x30 = f32x4.add(x30, f32x4.mul(s3, b0)); x31 = f32x4.add(x31, f32x4.mul(s3, b1));
        pa += ac; pb += bs;
      }
      const o = <usize>j << 2, bj = aux + o, cp = c0 + o, mp = m0 + o;
      v128.store(cp, epilogue(x00, mode, bj, mp)); v128.store(cp, epilogue(x01, mode, bj + 16, mp + 16), 16);
      v128.store(cp + cs, epilogue(x10, mode, bj, mp + cs));
      v128.store(cp + cs, epilogue(x11, mode, bj + 16, mp + cs + 16), 16);
      v128.store(cp + 2 * cs, epilogue(x20, mode, bj, mp + 2 * cs));
      v128.store(cp + 2 * cs, epilogue(x21, mode, bj + 16, mp + 2 * cs + 16), 16);
      v128.store(cp + 3 * cs, epilogue(x30, mode, bj, mp + 3 * cs));
      v128.store(cp + 3 * cs, epilogue(x31, mode, bj + 16, mp + 3 * cs + 16), 16);
    }
    if (j < N) {
      let x0 = f32x4.splat(0), x1 = f32x4.splat(0), x2 = f32x4.splat(0), x3 = f32x4.splat(0);
      let pb = b + (<usize>j << 2), pa: usize = 0;
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(pb);
        x0 = f32x4.add(x0, f32x4.mul(v128.load32_splat(a0 + pa), b0));
        x1 = f32x4.add(x1, f32x4.mul(v128.load32_splat(a1 + pa), b0));
        x2 = f32x4.add(x2, f32x4.mul(v128.load32_splat(a2 + pa), b0));
        x3 = f32x4.add(x3, f32x4.mul(v128.load32_splat(a3 + pa), b0));
        pa += ac; pb += bs;
      }
      const o = <usize>j << 2, bj = aux + o, cp = c0 + o, mp = m0 + o;
      v128.store(cp, epilogue(x0, mode, bj, mp));
      v128.store(cp + cs, epilogue(x1, mode, bj, mp + cs));
      v128.store(cp + 2 * cs, epilogue(x2, mode, bj, mp + 2 * cs));
      v128.store(cp + 3 * cs, epilogue(x3, mode, bj, mp + 3 * cs));
    }
  }
  for (; i < M; i++) gemmRow(a + <usize>i * ar, ac, b, bs, c + <usize>i * cs, N, K, mode, aux, aux + <usize>i * cs);
}

/**
 * One row of C (the M tail, and the whole of a single-state forward pass): 16 columns at a time so
 * four independent accumulator chains hide the add latency.
 */
function gemmRow(a0: usize, ac: usize, b: usize, bs: usize, c0: usize, N: i32, K: i32, mode: i32,
                 aux: usize, m0: usize): void {
  let j = 0;
  for (; j + 16 <= N; j += 16) {
    let x0 = f32x4.splat(0), x1 = f32x4.splat(0), x2 = f32x4.splat(0), x3 = f32x4.splat(0);
    let pb = b + (<usize>j << 2), pa: usize = 0;
    for (let k = 0; k < K; k++) {
      const s = v128.load32_splat(a0 + pa);
      x0 = f32x4.add(x0, f32x4.mul(s, v128.load(pb))); x1 = f32x4.add(x1, f32x4.mul(s, v128.load(pb, 16)));
      x2 = f32x4.add(x2, f32x4.mul(s, v128.load(pb, 32))); x3 = f32x4.add(x3, f32x4.mul(s, v128.load(pb, 48)));
      pa += ac; pb += bs;
    }
    const o = <usize>j << 2, bj = aux + o, cp = c0 + o, mp = m0 + o;
    v128.store(cp, epilogue(x0, mode, bj, mp)); v128.store(cp, epilogue(x1, mode, bj + 16, mp + 16), 16);
    v128.store(cp, epilogue(x2, mode, bj + 32, mp + 32), 32);
    v128.store(cp, epilogue(x3, mode, bj + 48, mp + 48), 48);
  }
  for (; j < N; j += 4) {
    let x0 = f32x4.splat(0);
    let pb = b + (<usize>j << 2), pa: usize = 0;
    for (let k = 0; k < K; k++) {
      x0 = f32x4.add(x0, f32x4.mul(v128.load32_splat(a0 + pa), v128.load(pb)));
      pa += ac; pb += bs;
    }
    const o = <usize>j << 2;
    v128.store(c0 + o, epilogue(x0, mode, aux + o, m0 + o));
  }
}

/** out[N] = Σ_rows X[r, :] (X is rows × N with stride ld, N % 4 == 0): a bias gradient. */
export function columnSums(x: usize, ld: i32, rows: i32, N: i32, out: usize): void {
  const rs = <usize>ld << 2;
  for (let j = 0; j < N; j += 4) {
    let acc = f32x4.splat(0);
    let p = x + (<usize>j << 2);
    for (let r = 0; r < rows; r++) { acc = f32x4.add(acc, v128.load(p)); p += rs; }
    v128.store(out + (<usize>j << 2), acc);
  }
}

/**
 * T[cols × ldt] = Wᵀ for W[rows × ldw] (only the real rows × cols block; T's padding untouched).
 * 4×4 tiles go through registers (unpack-lo/hi then move-lo/hi shuffles): a scalar transpose
 * writes one float per cache line and took ~8× longer on a 256×256 layer.
 */
export function transpose(w: usize, ldw: i32, rows: i32, cols: i32, t: usize, ldt: i32): void {
  const ws = <usize>ldw << 2, ts = <usize>ldt << 2;
  const r4 = rows & ~3, c4 = cols & ~3;
  for (let r = 0; r < r4; r += 4) {
    const src = w + <usize>r * ws, dst = t + (<usize>r << 2);
    for (let c = 0; c < c4; c += 4) {
      const p = src + (<usize>c << 2);
      const x0 = v128.load(p), x1 = v128.load(p + ws), x2 = v128.load(p + 2 * ws), x3 = v128.load(p + 3 * ws);
      const lo01 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5), hi01 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
      const lo23 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5), hi23 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
      const q = dst + <usize>c * ts;
      v128.store(q, v128.shuffle<f32>(lo01, lo23, 0, 1, 4, 5));
      v128.store(q + ts, v128.shuffle<f32>(lo01, lo23, 2, 3, 6, 7));
      v128.store(q + 2 * ts, v128.shuffle<f32>(hi01, hi23, 0, 1, 4, 5));
      v128.store(q + 3 * ts, v128.shuffle<f32>(hi01, hi23, 2, 3, 6, 7));
    }
  }
  // Tails: the last cols % 4 columns of the tiled rows, then the last rows % 4 rows entirely.
  for (let r = 0; r < rows; r++) {
    const src = w + <usize>r * ws, dst = t + (<usize>r << 2);
    for (let c = r < r4 ? c4 : 0; c < cols; c++) store<f32>(dst + <usize>c * ts, load<f32>(src + (<usize>c << 2)));
  }
}

/** Σ x² over `count` floats (count % 4 == 0), for the global gradient norm. */
export function sumSquares(x: usize, count: i32): f64 {
  let acc = f32x4.splat(0);
  for (let i = 0; i < count; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    acc = f32x4.add(acc, f32x4.mul(v, v));
  }
  return <f64>f32x4.extract_lane(acc, 0) + <f64>f32x4.extract_lane(acc, 1) +
    <f64>f32x4.extract_lane(acc, 2) + <f64>f32x4.extract_lane(acc, 3);
}

/**
 * One Adam step over `count` floats (count % 4 == 0), PyTorch's `torch.optim.Adam` (single-tensor
 * path, 1.13 form), with the gradient first scaled by `gradScale` (clip_grad_norm_'s coefficient):
 *   m ← β1·m + (1−β1)·g;  v ← β2·v + ((1−β2)·g)·g   (addcmul_'s evaluation order)
 *   p ← p − stepSize · m / (√v / √(1−β2ᵗ) + ε),  stepSize = lr / (1−β1ᵗ)
 * The bias corrections are computed by the caller in float64, as PyTorch does in Python.
 */
export function adam(p: usize, g: usize, m: usize, v: usize, count: i32, gradScale: f32,
                     beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32,
                     stepSize: f32, bc2Sqrt: f32, eps: f32): void {
  const sc = f32x4.splat(gradScale), b1 = f32x4.splat(beta1), c1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2), c2 = f32x4.splat(oneMinusBeta2), lr = f32x4.splat(stepSize);
  const bc = f32x4.splat(bc2Sqrt), e = f32x4.splat(eps);
  const scaled = gradScale != 1;
  for (let i = 0; i < count; i += 4) {
    const o = <usize>i << 2;
    let gi = v128.load(g + o);
    if (scaled) gi = f32x4.mul(gi, sc);
    const mi = f32x4.add(f32x4.mul(v128.load(m + o), b1), f32x4.mul(gi, c1));
    const vi = f32x4.add(f32x4.mul(v128.load(v + o), b2), f32x4.mul(f32x4.mul(gi, c2), gi));
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(vi), bc), e);
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    v128.store(p + o, f32x4.sub(v128.load(p + o), f32x4.mul(f32x4.div(mi, denom), lr)));
  }
}

/** target ← target·(1−τ) + online·τ over `count` floats (SB3's polyak_update order). */
export function polyak(online: usize, target: usize, count: i32, tau: f32, oneMinusTau: f32): void {
  const t = f32x4.splat(tau), u = f32x4.splat(oneMinusTau);
  for (let i = 0; i < count; i += 4) {
    const o = <usize>i << 2;
    v128.store(target + o, f32x4.add(f32x4.mul(v128.load(target + o), u), f32x4.mul(v128.load(online + o), t)));
  }
}
