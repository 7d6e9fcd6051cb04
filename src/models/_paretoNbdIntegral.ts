/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987) in log space: the customer-specific part of the
 * likelihood with its analytic gradient, which P(alive) and the conditional expectation share.
 *
 * While alive a customer buys at a Poisson rate λ and dies at an exponential time of rate μ;
 * λ ~ Gamma(r, α) and μ ~ Gamma(s, β) across customers. Integrating λ and μ out (Fader & Hardie 2005,
 * "A note on deriving the Pareto/NBD model and related expressions", eq. 22–23):
 *
 *   L(x, t_x, T) = Γ(r+x) α^r β^s / Γ(r) · [ E(T) + s · I ],
 *   E(τ) = (α+τ)^−(r+x) (β+τ)^−s                        (alive at T),
 *   I    = ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ        (died at some τ in (t_x, T]),
 *
 * and the paper's A₀ term is (r+s+x) · I. With G(τ) = ∫_τ^∞ of the same integrand, I = G(t_x) − G(T) and
 *
 *   G(τ) = E(τ)/(r+s+x) · 2F1(1, r+x; r+s+x+1; z),           z = (α−β)/(α+τ)   when α >= β,
 *   G(τ) = E(τ)/(r+s+x) · (α+τ)/(β+τ) · 2F1(1, s+1; r+s+x+1; w), w = (β−α)/(β+τ) when α < β,
 *
 * which is the paper's 2F1(r+s+x, s+1 or r+x; r+s+x+1; ·) after Euler's transformation (see
 * `_math/hyp2f1.ts`): a positive series in [1, 1/(1−z)], stable for any frequency. Both branches are the
 * same analytic function, equal (with equal derivatives) at α = β where the series is 1. When the
 * argument at t_x exceeds Z_SERIES (min(α, β) + t_x much smaller than max(α, β) + t_x) the series would
 * need many terms; I is then integrated numerically over the part of (t_x, T] where the argument is
 * above Z_SERIES (adaptive Gauss–Kronrod) and by the series beyond, so every parameter value the
 * optimiser tries gets an exact, finite likelihood.
 */
import { lnHyp2f1UnitA } from './_math/hyp2f1.js';
import { breaksAround, integrate } from './_math/quadrature.js';
import { log1mExp, logAddExp } from './_math/special.js';

/** Largest series argument; beyond it the integral is done by quadrature (about 130 terms at 0.75). */
const Z_SERIES = 0.75;

/**
 * ln G(τ) = ln ∫_τ^∞ (α+u)^−p (β+u)^−(s+1) du with p = r + x, by the series; valid when the argument
 * |α−β|/(max(α,β)+τ) <= Z_SERIES. The caller passes a = p + s, ln a, α+τ, β+τ and their logs (shared
 * with the rest of the customer's likelihood). Writes ∂ ln G/∂(r, α, s, β) into `grad` when given.
 */
function lnTail(alpha: number, beta: number, s: number, p: number, a: number, lnA: number, aT: number, bT: number, lnAT: number, lnBT: number, grad: Float64Array | undefined, scratch: Float64Array): number {
  if (alpha >= beta) {
    const z = (alpha - beta) / aT;
    const lnF = lnHyp2f1UnitA(p, a + 1, z, grad === undefined ? undefined : scratch);
    if (grad !== undefined) {
      const fb = scratch[0] as number;
      const fc = scratch[1] as number;
      const fz = scratch[2] as number;
      grad[0] = -lnAT + fb + fc - 1 / a;
      grad[1] = -p / aT + (fz * bT) / (aT * aT);
      grad[2] = -lnBT + fc - 1 / a;
      grad[3] = -s / bT - fz / aT;
    }
    return -p * lnAT - s * lnBT + lnF - lnA;
  }
  const w = (beta - alpha) / bT;
  const lnF = lnHyp2f1UnitA(s + 1, a + 1, w, grad === undefined ? undefined : scratch);
  if (grad !== undefined) {
    const fb = scratch[0] as number;
    const fc = scratch[1] as number;
    const fz = scratch[2] as number;
    grad[0] = -lnAT + fc - 1 / a;
    grad[1] = -(p - 1) / aT - fz / bT;
    grad[2] = -lnBT + fb + fc - 1 / a;
    grad[3] = -(s + 1) / bT + (fz * aT) / (bT * bT);
  }
  return -(p - 1) * lnAT - (s + 1) * lnBT + lnF - lnA;
}

/** The argument of the series at τ. */
function argument(alpha: number, beta: number, tau: number): number {
  return Math.abs(alpha - beta) / (Math.max(alpha, beta) + tau);
}

/** Scratch buffers of one evaluation (reused across customers). */
export interface Workspace {
  readonly gradA: Float64Array;
  readonly gradB: Float64Array;
  readonly gradU: Float64Array;
  readonly series: Float64Array;
  /** Output: ∂ ln I/∂(r, α, s, β) scaled as described in {@link lnDeathIntegral}. */
  readonly gradI: Float64Array;
  /**
   * The last shared quadrature of a customer with no repeat purchase (t_x = 0), see
   * {@link lnDeathIntegralByQuadrature}: its key (α, s, β, p, components; NaN when empty), the integrals,
   * and ln G(U) with its gradient.
   */
  readonly zeroKey: Float64Array;
  readonly zeroValues: Float64Array;
  readonly zeroLnG: Float64Array;
  readonly zeroGradU: Float64Array;
}

export function workspace(): Workspace {
  return {
    gradA: new Float64Array(4),
    gradB: new Float64Array(4),
    gradU: new Float64Array(4),
    series: new Float64Array(3),
    gradI: new Float64Array(4),
    zeroKey: new Float64Array(5).fill(Number.NaN),
    zeroValues: new Float64Array(5),
    zeroLnG: new Float64Array(1),
    zeroGradU: new Float64Array(4),
  };
}

/**
 * ln I = ln ∫_{t_x}^{T} (α+τ)^−p (β+τ)^−(s+1) dτ (−Infinity when t_x = T). With `gradient`, writes into
 * `ws.gradI` the vector v with ∂I/∂θ = e^{ln I} · v, i.e. v = ∂ ln I/∂θ, computed without forming 1/I
 * from a difference where possible: v = e^{ln G(t_x) − ln I} (∂ ln G(t_x) − e^{ln G(T) − ln G(t_x)} ∂ ln G(T)).
 * p = r + x; lnAT and lnBT are ln(α+T) and ln(β+T).
 */
export function lnDeathIntegral(alpha: number, s: number, beta: number, p: number, tx: number, T: number, lnAT: number, lnBT: number, gradient: boolean, ws: Workspace): number {
  const gradI = ws.gradI;
  if (!(tx < T)) {
    if (gradient) gradI.fill(0);
    return Number.NEGATIVE_INFINITY;
  }
  if (argument(alpha, beta, tx) <= Z_SERIES) {
    const a = p + s;
    const lnA = Math.log(a);
    const aTx = alpha + tx;
    const bTx = beta + tx;
    const aT = alpha + T;
    const bT = beta + T;
    const lnGA = lnTail(alpha, beta, s, p, a, lnA, aTx, bTx, Math.log(aTx), Math.log(bTx), gradient ? ws.gradA : undefined, ws.series);
    const lnGB = lnTail(alpha, beta, s, p, a, lnA, aT, bT, lnAT, lnBT, gradient ? ws.gradB : undefined, ws.series);
    const diff = Math.min(lnGB - lnGA, 0);
    if (diff === 0) {
      if (gradient) gradI.fill(0);
      return Number.NEGATIVE_INFINITY;
    }
    const lnI = lnGA + log1mExp(diff);
    if (gradient) {
      const ratio = Math.exp(diff);
      const scale = Math.exp(lnGA - lnI);
      for (let k = 0; k < 4; k++) gradI[k] = scale * ((ws.gradA[k] as number) - ratio * (ws.gradB[k] as number));
    }
    return lnI;
  }
  return lnDeathIntegralByQuadrature(alpha, s, beta, p, tx, T, lnAT, lnBT, gradient, ws);
}

/**
 * The same integral when the series argument at t_x is above Z_SERIES: quadrature from t_x to
 * U = min(T, τ₁), τ₁ the time at which the argument falls to Z_SERIES, plus G(U) − G(T) by the series.
 * The integrand is decreasing and log-convex, so it is scaled by its value at t_x, and the panels start at
 * its decay length there, 1/(p/(α+t_x) + (s+1)/(β+t_x)), and double from it (a frequent buyer's integrand
 * can be a spike far narrower than the interval).
 *
 * When U = τ₁ < T, the quadrature and G(U) do not depend on T: every customer with no repeat purchase
 * (x = 0, t_x = 0, p = r) whose T is beyond τ₁ shares them. They are kept in `ws` (keyed by α, s, β, p and
 * whether the gradient is wanted) and reused, which gives bit for bit the numbers a fresh computation
 * gives: on data where α and β are far apart (say α = 20, β = 2) nearly every such customer takes this
 * branch, and this quadrature was about 9 µs of the 10 µs a row cost (issue 12: the slow fits of simulated
 * data). Other rows seldom share (x, t_x) and are computed each time.
 */
function lnDeathIntegralByQuadrature(alpha: number, s: number, beta: number, p: number, tx: number, T: number, lnAT: number, lnBT: number, gradient: boolean, ws: Workspace): number {
  const q = s + 1;
  const aTx = alpha + tx;
  const bTx = beta + tx;
  const lnATx = Math.log(aTx);
  const lnBTx = Math.log(bTx);
  const lnF0 = -p * lnATx - q * lnBTx;
  const tau1 = Math.abs(alpha - beta) / Z_SERIES - Math.max(alpha, beta);
  const upper = Math.min(T, tau1);
  const components = gradient ? 5 : 1;
  const key = ws.zeroKey;
  const shared = tx === 0 && upper < T;
  if (shared && key[0] === alpha && key[1] === s && key[2] === beta && key[3] === p && key[4] === components) {
    return lnDeathIntegralFromShared(ws.zeroValues, lnF0, ws.zeroLnG[0] as number, ws.zeroGradU, alpha, s, beta, p, T, lnAT, lnBT, gradient, ws);
  }
  const values = integrate(
    (u, out) => {
      // ln f(u) − ln f(t_x) from log1p of the relative increments: p can be 10⁵ at the optimiser's trial
      // points, where p·ln(α+u) − p·ln(α+t_x) would lose most digits to cancellation.
      const da = Math.log1p((u - tx) / aTx);
      const db = Math.log1p((u - tx) / bTx);
      const f = Math.exp(-p * da - q * db);
      out[0] = f;
      if (components === 5) {
        const la = lnATx + da;
        const lb = lnBTx + db;
        out[1] = -la * f;
        out[2] = (-p * f) / (alpha + u);
        out[3] = -lb * f;
        out[4] = (-q * f) / (beta + u);
      }
    },
    components,
    tx,
    upper,
    breaksAround(tx, 1 / (p / (alpha + tx) + q / (beta + tx)), tx, upper),
  );
  const q0 = values[0] as number;
  // The integrand is 1 at t_x and upper > t_x, so q0 > 0 unless the stretch is a few ulps long.
  const lnQ = q0 > 0 ? lnF0 + Math.log(q0) : Number.NEGATIVE_INFINITY;
  if (!(upper < T)) {
    if (!(q0 > 0)) {
      if (gradient) ws.gradI.fill(0);
      return Number.NEGATIVE_INFINITY;
    }
    if (gradient) for (let k = 0; k < 4; k++) ws.gradI[k] = (values[k + 1] as number) / (values[0] as number);
    return lnQ;
  }
  const a = p + s;
  const lnA = Math.log(a);
  const aU = alpha + upper;
  const bU = beta + upper;
  const lnGU = lnTail(alpha, beta, s, p, a, lnA, aU, bU, Math.log(aU), Math.log(bU), gradient ? ws.gradU : undefined, ws.series);
  if (shared) {
    key.set([alpha, s, beta, p, components]);
    ws.zeroValues.set(values);
    ws.zeroLnG[0] = lnGU;
    if (gradient) ws.zeroGradU.set(ws.gradU);
  }
  return lnDeathIntegralFromShared(values, lnF0, lnGU, ws.gradU, alpha, s, beta, p, T, lnAT, lnBT, gradient, ws);
}

/**
 * The end of {@link lnDeathIntegralByQuadrature} when U < T: ln[Q + G(U) − G(T)] from the quadrature's
 * integrals over (t_x, U] (`values`, scaled by e^{lnF0}) and ln G(U) with its gradient `gradU`.
 */
function lnDeathIntegralFromShared(values: Float64Array, lnF0: number, lnGU: number, gradU: Float64Array, alpha: number, s: number, beta: number, p: number, T: number, lnAT: number, lnBT: number, gradient: boolean, ws: Workspace): number {
  const q0 = values[0] as number;
  const lnQ = q0 > 0 ? lnF0 + Math.log(q0) : Number.NEGATIVE_INFINITY;
  const a = p + s;
  const lnA = Math.log(a);
  const lnGB = lnTail(alpha, beta, s, p, a, lnA, alpha + T, beta + T, lnAT, lnBT, gradient ? ws.gradB : undefined, ws.series);
  const diff = Math.min(lnGB - lnGU, 0);
  const lnRest = diff === 0 ? Number.NEGATIVE_INFINITY : lnGU + log1mExp(diff);
  const lnI = logAddExp(lnQ, lnRest);
  if (gradient) {
    const wQ = Math.exp(lnF0 - lnI);
    const wU = Math.exp(lnGU - lnI);
    const wB = Math.exp(lnGB - lnI);
    for (let k = 0; k < 4; k++) ws.gradI[k] = wQ * (values[k + 1] as number) + wU * (gradU[k] as number) - wB * (ws.gradB[k] as number);
  }
  return lnI;
}

/**
 * ln [E(T) + s · I] and, with `grad`, its derivatives ∂/∂(r, α, s, β): the customer-specific part of the
 * log-likelihood, also the denominator of P(alive) = E(T) / [E(T) + s · I].
 */
export function lnBracket(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number, grad: Float64Array | undefined, ws: Workspace): number {
  const p = r + x;
  const aT = alpha + T;
  const bT = beta + T;
  const lnAT = Math.log(aT);
  const lnBT = Math.log(bT);
  const lnE = -p * lnAT - s * lnBT;
  const lnS = Math.log(s);
  const lnI = lnDeathIntegral(alpha, s, beta, p, tx, T, lnAT, lnBT, grad !== undefined, ws);
  const lnB = logAddExp(lnE, lnS + lnI);
  if (grad !== undefined) {
    const e = Math.exp(lnE - lnB);
    const i = lnI === Number.NEGATIVE_INFINITY ? 0 : Math.exp(lnS + lnI - lnB);
    const g = ws.gradI;
    grad[0] = -e * lnAT + i * (g[0] as number);
    grad[1] = (-e * p) / aT + i * (g[1] as number);
    grad[2] = -e * lnBT + i * ((g[2] as number) + 1 / s);
    grad[3] = (-e * s) / bT + i * (g[3] as number);
  }
  return lnB;
}
