/**
 * Small dense linear algebra for the leaf models and the residual split criterion: Cholesky
 * factorisation of a symmetric positive (semi-)definite matrix and the two triangular solves.
 * Matrices are row-major Float64Arrays of size p×p; p is the feature count plus at most one, so
 * plain loops beat any library here.
 */

/**
 * Factorises the symmetric matrix `a` (row-major p×p, only the lower triangle is read) in place
 * into L with A = L Lᵀ. A pivot that is not positive (a feature that is constant in this leaf, or
 * exactly collinear with others) is replaced by a tiny positive floor (relative to the largest diagonal entry), which amounts to a tiny extra ridge on
 * that direction instead of a failure.
 */
export function cholesky(a: Float64Array, p: number, relativeFloor = 1e-12): void {
  let maxDiag = 0;
  for (let j = 0; j < p; j++) maxDiag = Math.max(maxDiag, a[j * p + j]!);
  const floor = relativeFloor * (maxDiag > 0 ? maxDiag : 1);
  for (let j = 0; j < p; j++) {
    let s = a[j * p + j]!;
    for (let k = 0; k < j; k++) s -= a[j * p + k]! * a[j * p + k]!;
    const pivot = s > floor ? Math.sqrt(s) : Math.sqrt(floor);
    a[j * p + j] = pivot;
    const inv = 1 / pivot;
    for (let i = j + 1; i < p; i++) {
      let t = a[i * p + j]!;
      for (let k = 0; k < j; k++) t -= a[i * p + k]! * a[j * p + k]!;
      a[i * p + j] = t * inv;
    }
  }
}

/** Solves L Lᵀ x = b in place (b becomes x), given the factor from `cholesky`. */
export function choleskySolve(l: Float64Array, p: number, b: Float64Array, bOffset = 0): void {
  for (let i = 0; i < p; i++) {
    let s = b[bOffset + i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * b[bOffset + k]!;
    b[bOffset + i] = s / l[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = b[bOffset + i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * b[bOffset + k]!;
    b[bOffset + i] = s / l[i * p + i]!;
  }
}
