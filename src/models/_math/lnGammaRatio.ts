/**
 * ln[Γ(u + h) / Γ(u)] with full relative accuracy, also when h is tiny (where lnGamma(u + h) − lnGamma(u)
 * cancels) and when u is large (where each lnGamma is huge and the difference loses digits).
 */

/** Below this, u is shifted up by the recurrence Γ(z + 1) = z Γ(z) before Stirling's series is used. */
const STIRLING_FROM = 20;

/**
 * ln Γ(u + h) − ln Γ(u) for u > 0 and u + h > 0.
 *
 * Method: shift u to z = u + m with z >= 20 and z + h >= 20, using
 * ln[Γ(u+h)/Γ(u)] = ln[Γ(z+h)/Γ(z)] − Σ_{k<m} log1p(h / (u + k)), then take the difference of Stirling's
 * series with every term written as O(h), so that nothing cancels:
 * (z − ½) log1p(h/z) + h ln(z + h) − h + [σ(z + h) − σ(z)], σ(z) = 1/12z − 1/360z³ + 1/1260z⁵ − 1/1680z⁷,
 * and 1/w^k − 1/z^k = −h Σ_{j<k} 1/(z^(k−j) w^(j+1)). The result keeps its relative accuracy as h → 0
 * (where lnGamma(u + h) − lnGamma(u) loses every digit) and for large u.
 */
export function lnGammaRatio(u: number, h: number): number {
  if (h === 0) return 0;
  let z = u;
  let shift = 0;
  while (z < STIRLING_FROM || z + h < STIRLING_FROM) {
    shift += Math.log1p(h / z);
    z += 1;
  }
  const w = z + h;
  const sigmaDifference = -h * (inverseDifference(z, w, 1) / 12 - inverseDifference(z, w, 3) / 360 + inverseDifference(z, w, 5) / 1260 - inverseDifference(z, w, 7) / 1680);
  return (z - 0.5) * Math.log1p(h / z) + h * Math.log(w) - h + sigmaDifference - shift;
}

/** (1/z^k − 1/w^k) / h = Σ_{j<k} 1/(z^(k−j) w^(j+1)) for w = z + h: no cancellation, no overflow. */
function inverseDifference(z: number, w: number, k: number): number {
  let sum = 0;
  for (let j = 0; j < k; j++) sum += 1 / (z ** (k - j) * w ** (j + 1));
  return sum;
}
