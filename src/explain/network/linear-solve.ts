/**
 * Small dense linear systems in float64, for KernelSHAP's constrained weighted least squares
 * (at most a few dozen unknowns, so Gaussian elimination with partial pivoting is exact enough and
 * needs no library; ml-matrix would round-trip through its own matrix type for a 3×3 system).
 */

/** Solves `M x = b` for square `M` (row-major, n × n). A singular M gets a tiny ridge, like lstsq. */
export function solveLinearSystem(M: Float64Array, b: Float64Array, n: number): Float64Array {
  const solution = eliminate(M.slice(), b.slice(), n);
  if (solution) return solution;
  // Rank-deficient (e.g. a feature never varied in the sampled coalitions): the minimum-change
  // ridge keeps the solve defined and leaves well-determined coordinates unchanged in practice.
  let trace = 0;
  for (let i = 0; i < n; i++) trace += Math.abs(M[i * n + i]!);
  const ridged = M.slice();
  for (let i = 0; i < n; i++) ridged[i * n + i]! += 1e-10 * (trace / n || 1);
  return eliminate(ridged, b.slice(), n) ?? new Float64Array(n);
}

/** Gaussian elimination with partial pivoting, in place; undefined when a pivot vanishes. */
function eliminate(M: Float64Array, b: Float64Array, n: number): Float64Array | undefined {
  let scale = 0;
  for (let k = 0; k < n * n; k++) scale = Math.max(scale, Math.abs(M[k]!));
  const tiny = 1e-13 * (scale || 1);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(M[r * n + col]!) > Math.abs(M[pivot * n + col]!)) pivot = r;
    if (Math.abs(M[pivot * n + col]!) <= tiny) return undefined;
    if (pivot !== col) {
      for (let c = 0; c < n; c++) [M[col * n + c], M[pivot * n + c]] = [M[pivot * n + c]!, M[col * n + c]!];
      [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    }
    for (let r = col + 1; r < n; r++) {
      const f = M[r * n + col]! / M[col * n + col]!;
      if (f === 0) continue;
      for (let c = col; c < n; c++) M[r * n + c]! -= f * M[col * n + c]!;
      b[r]! -= f * b[col]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let c = r + 1; c < n; c++) s -= M[r * n + c]! * x[c]!;
    x[r] = s / M[r * n + r]!;
  }
  return x;
}
