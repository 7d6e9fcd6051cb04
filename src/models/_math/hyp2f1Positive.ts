/**
 * The Gauss hypergeometric function 2F1(1, b; c; z) for b > 0, c = b + α with α > 0, and 0 <= z <= 1, the
 * case of the sBG discounted lifetimes (Fader & Hardie 2010): z = 1/(1 + d) for a discount rate d >= 0.
 *
 * With z = e^(−λ) (λ = ln(1 + d), given directly so that tiny d keeps its digits):
 *   F = Σ_{k>=0} T_k,  T_k = (b)_k / (c)_k · e^(−λk).
 * Every term ratio (b + k)/(c + k)·z is below z < 1 and all terms are positive, so the series converges
 * and the tail after term k is at most T_k·z/(1 − z). It is summed directly while that takes a moderate
 * number of terms (d above about 1e-3); for smaller d the remaining tail is the Euler–Maclaurin sum
 *   Σ_{k>=K} T(k) = ∫_K^∞ T(x) dx + T(K)/2 − T'(K)/12 + ...,
 * where T(x) = exp(φ(x)), φ(x) = ln Γ(c)/Γ(b) − ln Γ(b + x + α)/Γ(b + x) − λx is smooth and
 * slowly varying there; the integral is taken over s = ln(x/K) by 8-point Gauss–Legendre panels, which
 * follows both the power-law decay x^(−α) and the final exponential decay e^(−λx).
 * At λ = 0 (d = 0): Gauss's sum F = (c − 1)/(α − 1) when α > 1, Infinity otherwise.
 */
import { digamma, trigamma } from './special.js';
import { lnGammaRatio } from './lnGammaRatio.js';

/** Terms summed one by one before the Euler–Maclaurin tail takes over. */
export const DIRECT_TERMS = 50_000;

const GAUSS_NODES = [0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.9602898564975363];
const GAUSS_WEIGHTS = [0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];
const PANEL = 0.25;
const MAX_S = 800;

/**
 * 2F1(1, b; b + α; e^(−λ)) for b > 0, α > 0 and λ >= 0 (c = b + α is given through α so that a large b
 * does not round c − b away). May be Infinity (λ = 0 with α <= 1, or a value past the float range); callers
 * turn that into an error. `directTerms` is for tests of the tail.
 */
export function hyp2f1OnePositive(b: number, alpha: number, lambda: number, directTerms = DIRECT_TERMS): number {
  const c = b + alpha;
  if (lambda === 0) return alpha > 1 ? (c - 1) / (alpha - 1) : Number.POSITIVE_INFINITY;
  const z = Math.exp(-lambda);
  const tailFactor = z / -Math.expm1(-lambda); // z / (1 − z)
  let sum = 1;
  let term = 1;
  let k = 0;
  for (; k < directTerms; k++) {
    term *= z / (1 + alpha / (b + k)); // (b + k)/(c + k), without rounding α away or overflowing c
    sum += term;
    if (term * tailFactor <= 1e-17 * sum) return sum;
  }
  // Terms 0..k are summed; add the tail from K = k + 1.
  return sum + eulerMaclaurinTail(b, alpha, lambda, k + 1);
}

/** Σ_{k>=K} T(k) by Euler–Maclaurin, T(x) = (b)_x/(b + α)_x · e^(−λx). */
function eulerMaclaurinTail(b: number, alpha: number, lambda: number, K: number): number {
  const lnT0 = lnGammaRatio(b, alpha); // ln Γ(c)/Γ(b)
  const lnK = Math.log(K);
  const lnLambda = Math.log(lambda);
  // φ at x = K·e^s, written in u = ln x so that x past the float range (tiny λ) stays finite: beyond
  // x = 1e13, ln Γ(b + x + α)/Γ(b + x) = α ln x to double precision (the next term is α(α − 1 + 2b)/2x).
  const phiAt = (s: number): number => {
    const u = lnK + s;
    if (u < 30) {
      const x = Math.exp(u);
      return lnT0 - lnGammaRatio(b + x, alpha) - lambda * x;
    }
    return lnT0 - alpha * u - Math.exp(lnLambda + u);
  };
  const phiK = phiAt(0);
  // φ'(x) = ψ(b + x) − ψ(b + x + α) − λ; φ''(x) = ψ'(b + x) − ψ'(b + x + α).
  const d1 = digamma(b + K) - digamma(b + K + alpha) - lambda;
  const d2 = trigamma(b + K) - trigamma(b + K + alpha);
  // ∫_K^∞ e^(φ(x) − φ(K)) dx = K ∫_0^∞ e^(φ(K e^s) − φ(K) + s) ds.
  let integral = 0;
  let previous = Number.POSITIVE_INFINITY;
  for (let s0 = 0; s0 < MAX_S; s0 += PANEL) {
    let panel = 0;
    for (let j = 0; j < GAUSS_NODES.length; j++) {
      const offset = (GAUSS_NODES[j] as number) * (PANEL / 2);
      const mid = s0 + PANEL / 2;
      for (const s of [mid - offset, mid + offset]) panel += (GAUSS_WEIGHTS[j] as number) * Math.exp(phiAt(s) - phiK + s);
    }
    panel *= PANEL / 2;
    integral += panel;
    // Stop once the integrand is falling and the panels no longer count.
    if (panel <= previous && panel <= 1e-18 * integral) break;
    previous = panel;
  }
  // T'(K)/12 and T'''(K)/720 relative to T(K); T''' ≈ T(φ'³ + 3φ'φ'') (φ''' is negligible here).
  const correction = 0.5 - d1 / 12 + (d1 * d1 * d1 + 3 * d1 * d2) / 720;
  return Math.exp(phiK) * (K * integral + correction);
}
