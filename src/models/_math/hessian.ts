/**
 * Observed information: the Hessian of the negative log-likelihood at the estimate, by central differences
 * of the gradient, and its inverse (the asymptotic covariance of the estimates).
 */

/** Writes ∇f(p) into `gradient` and returns f(p); the Hessian only reads the gradient. */
export type GradientFunction = (params: Float64Array, gradient: Float64Array) => number;

/** Symmetrised central-difference Hessian with a relative step per coordinate. */
export function numericHessian(gradientOf: GradientFunction, at: Float64Array): Float64Array[] {
  const n = at.length;
  const rows = Array.from({ length: n }, () => new Float64Array(n));
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const h = 1e-5 * Math.max(Math.abs(at[i] as number), 1e-8);
    const up = Float64Array.from(at);
    const down = Float64Array.from(at);
    up[i] = (at[i] as number) + h;
    down[i] = (at[i] as number) - h;
    gradientOf(up, plus);
    gradientOf(down, minus);
    for (let j = 0; j < n; j++) (rows[i] as Float64Array)[j] = ((plus[j] as number) - (minus[j] as number)) / (2 * h);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const mean = ((rows[i] as Float64Array)[j]! + (rows[j] as Float64Array)[i]!) / 2;
      (rows[i] as Float64Array)[j] = mean;
      (rows[j] as Float64Array)[i] = mean;
    }
  }
  return rows;
}

/** Inverse of a symmetric positive-definite matrix by Cholesky, or undefined when it is not positive definite. */
export function invertPositiveDefinite(matrix: readonly Float64Array[]): Float64Array[] | undefined {
  const n = matrix.length;
  const l = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = (matrix[i] as Float64Array)[j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i] as Float64Array)[k]! * (l[j] as Float64Array)[k]!;
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return undefined;
        (l[i] as Float64Array)[i] = Math.sqrt(sum);
      } else {
        (l[i] as Float64Array)[j] = sum / (l[j] as Float64Array)[j]!;
      }
    }
  }
  // inverse = L⁻ᵀ L⁻¹, column by column.
  const inverse = Array.from({ length: n }, () => new Float64Array(n));
  for (let c = 0; c < n; c++) {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) sum -= (l[i] as Float64Array)[k]! * (y[k] as number);
      y[i] = sum / (l[i] as Float64Array)[i]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = y[i] as number;
      for (let k = i + 1; k < n; k++) sum -= (l[k] as Float64Array)[i]! * (inverse[k] as Float64Array)[c]!;
      (inverse[i] as Float64Array)[c] = sum / (l[i] as Float64Array)[i]!;
    }
  }
  return inverse;
}
