/**
 * The Gaussian hypergeometric function 2F1 in log space, for real arguments 0 <= z < 1 and positive
 * parameters: what the Pareto/NBD likelihood needs (Fader & Hardie 2005, "A note on deriving the
 * Pareto/NBD model and related expressions", eq. 22–23, with a = r+s+x, c = a+1, b = s+1 or r+x).
 *
 * The paper's form 2F1(a, b; a+1; z) is evaluated after Euler's transformation
 *   2F1(a, b; c; z) = (1−z)^(c−a−b) · 2F1(c−a, c−b; c; z),
 * which for c = a + 1 gives (1−z)^(1−b) · 2F1(1, a+1−b; a+1; z). The series of 2F1(1, β; γ; z) with
 * 0 < β < γ is Σ (β)_n/(γ)_n zⁿ: every term is positive and at most z times the one before, so the sum lies
 * in [1, 1/(1−z)], never overflows, needs no rescaling and converges geometrically. The naive series of
 * 2F1(a, r+x; a+1; z) instead grows like (1−z)^−(r+x) — e^300 at x = 1000, z = 0.26 — which is how the
 * float implementations overflow for frequent buyers.
 */

/** Terms of a series before giving up (only reached for z within ~1e-7 of 1, which no caller passes). */
const MAX_TERMS = 10_000_000;

/**
 * ln 2F1(1, b; c; z) for 0 < b < c and 0 <= z < 1, by its positive series. When `derivatives` is given,
 * writes ∂/∂b, ∂/∂c and ∂/∂z of ln 2F1 into its first three slots (term-by-term differentiation of the
 * same series: ∂(b)_n/∂b = (b)_n Σ_{k<n} 1/(b+k), likewise for c, and ∂zⁿ/∂z = n zⁿ⁻¹).
 * Terms needed: about ln(ε)/ln(z) (16 at z = 0.1, 130 at z = 0.75).
 */
export function lnHyp2f1UnitA(b: number, c: number, z: number, derivatives?: Float64Array): number {
  // The optimiser's trial points can overflow a parameter to Infinity: Infinity/Infinity terms are NaN,
  // and a NaN term never meets the stopping test, so such a call would run all MAX_TERMS terms for nothing.
  if (!(b < Infinity && c < Infinity && z >= 0 && z < 1)) {
    derivatives?.fill(Number.NaN, 0, 3);
    return Number.NaN;
  }
  let term = 1;
  let sum = 1;
  // The terms after the leading 1 are summed apart and taken through log1p, so a tiny z keeps its digits.
  let tail = 0;
  if (derivatives === undefined) {
    for (let n = 0; n < MAX_TERMS; n++) {
      term *= ((b + n) / (c + n)) * z;
      tail += term;
      // Every later term is below z times the one before: the tail is below term · z/(1−z).
      if (term * z <= 1e-17 * (1 + tail) * (1 - z)) break;
    }
    return Math.log1p(tail);
  }
  let harmonicB = 0;
  let harmonicC = 0;
  let sumB = 0;
  let sumC = 0;
  let sumZ = 0;
  for (let n = 0; n < MAX_TERMS; n++) {
    const ratio = (b + n) / (c + n);
    // (n+1) · term_{n+1} / z, written without dividing by z so that z = 0 is fine.
    sumZ += (n + 1) * term * ratio;
    harmonicB += 1 / (b + n);
    harmonicC += 1 / (c + n);
    term *= ratio * z;
    sum += term;
    tail += term;
    sumB += term * harmonicB;
    sumC += term * harmonicC;
    // The derivative series carry extra factors growing like n and ln n: stop when even n·term is negligible.
    if (term * (n + 2) * z <= 1e-17 * sum * (1 - z) * (1 - z)) break;
  }
  derivatives[0] = sumB / sum;
  derivatives[1] = -sumC / sum;
  derivatives[2] = sumZ / sum;
  return Math.log1p(tail);
}

const RESCALE = 1e250;
const LN_RESCALE = Math.log(RESCALE);

/**
 * ln 2F1(a, b; c; z) for a, b, c > 0 and 0 <= z < 1 (the function is then positive).
 * - c = a + 1 or c = b + 1 (the Pareto/NBD family): Euler's transformation to the unit-parameter series of
 *   {@link lnHyp2f1UnitA}, exact to a few ulps for any size of the parameters;
 * - otherwise: the direct series, whose terms are all positive, summed with rescaling so that no partial
 *   sum overflows (slow when a·b·z/(1−z) is large; not used by the models).
 */
export function lnHyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(a < Infinity && b < Infinity && c < Infinity && z >= 0 && z < 1)) return Number.NaN;
  if (z === 0) return 0;
  const ln1mz = Math.log1p(-z);
  if (c === a + 1 && b < c) return (1 - b) * ln1mz + lnHyp2f1UnitA(c - b, c, z);
  if (c === b + 1 && a < c) return (1 - a) * ln1mz + lnHyp2f1UnitA(c - a, c, z);
  if (a === 1 && b < c) return lnHyp2f1UnitA(b, c, z);
  if (b === 1 && a < c) return lnHyp2f1UnitA(a, c, z);
  let term = 1;
  let sum = 1;
  let lnScale = 0;
  for (let n = 0; n < MAX_TERMS; n++) {
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    sum += term;
    const bound = Math.max(ratio, z);
    if (bound < 1 && term * bound <= 1e-17 * sum * (1 - bound)) break;
    if (sum > RESCALE) {
      sum /= RESCALE;
      term /= RESCALE;
      lnScale += LN_RESCALE;
    }
  }
  return lnScale + Math.log(sum);
}
