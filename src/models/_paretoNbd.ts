/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005 note): the data log-likelihood
 * with its analytic gradient, the fit, and the predictions, all in log space. The customer-specific
 * integral is in `_paretoNbdIntegral.ts`.
 */
import { type Ctx, fail } from '../core/_validate.js';
import { type CompressedSummary, compress, repeatRate } from './_betaGeo.js';
import { type FitOptions, fitMaximumLikelihood, type ModelFit, type NegativeLogLikelihood, readFitCustomers, readFitOptions } from './_fit.js';
import { breaksAround, integrate } from './_math/quadrature.js';
import { digamma, lnGamma, log1mExp, logAddExp } from './_math/special.js';
import { lnBracket, type Workspace, workspace } from './_paretoNbdIntegral.js';

export const PARETO_NBD_PARAMS = ['r', 'alpha', 's', 'beta'] as const;
export type ParetoNbdParam = (typeof PARETO_NBD_PARAMS)[number];
export type ParetoNbdParams = Readonly<Record<ParetoNbdParam, number>>;

// ---------------------------------------------------------------------------------------------------------
// Likelihood

/**
 * One customer's log-likelihood (Fader & Hardie 2005 eq. 22–23):
 *   ln Γ(r+x) − ln Γ(r) + r ln α + s ln β + ln[(α+T)^−(r+x) (β+T)^−s + s · I].
 */
export function customerLogLikelihood(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  return lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha) + s * Math.log(beta) + lnBracket(r, alpha, s, beta, x, tx, T, undefined, workspace());
}

/**
 * −LL of compressed data at (r, α, s, β) and its analytic gradient. The gamma and digamma terms depend
 * on x only (once per distinct frequency); each row costs two short series (about ten terms each at
 * CDNOW's estimates) and a few logarithms.
 */
export function negativeLogLikelihood(data: CompressedSummary): NegativeLogLikelihood {
  const { x, tx, T, w, groupX, groupW } = data;
  const rows = x.length;
  const groups = groupX.length;
  const ws = workspace();
  const rowGrad = new Float64Array(4);
  const sums = new Float64Array(10);
  return (params, gradient) => {
    const r = params[0] as number;
    const alpha = params[1] as number;
    const s = params[2] as number;
    const beta = params[3] as number;
    const lnAlpha = Math.log(alpha);
    const lnBeta = Math.log(beta);
    const lnGammaR = lnGamma(r);
    const withGradient = gradient !== undefined;
    let ll = 0;
    let dr = 0;
    let dAlpha = 0;
    let ds = 0;
    let dBeta = 0;
    for (let g = 0; g < groups; g++) {
      const xg = groupX[g] as number;
      const wg = groupW[g] as number;
      ll += wg * (lnGamma(r + xg) - lnGammaR + r * lnAlpha + s * lnBeta);
    }
    // The row sums are compensated: blocks of BLOCK rows summed plainly, the block sums added with
    // Neumaier's correction. On 10⁵ rows a plain running sum's rounding, about 1e-13 of −LL/N, is as large
    // as the gains the line search must see near the optimum, so it stalled there and its last steps were
    // wasted (or, with rounding one ulp less kind, the fit failed to converge).
    sums.fill(0);
    let bl = 0;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    for (let i = 0; i < rows; i++) {
      const wi = w[i] as number;
      bl += wi * lnBracket(r, alpha, s, beta, x[i] as number, tx[i] as number, T[i] as number, withGradient ? rowGrad : undefined, ws);
      if (withGradient) {
        b0 += wi * (rowGrad[0] as number);
        b1 += wi * (rowGrad[1] as number);
        b2 += wi * (rowGrad[2] as number);
        b3 += wi * (rowGrad[3] as number);
      }
      if ((i + 1) % BLOCK === 0 || i + 1 === rows) {
        add(sums, 0, bl);
        add(sums, 1, b0);
        add(sums, 2, b1);
        add(sums, 3, b2);
        add(sums, 4, b3);
        bl = b0 = b1 = b2 = b3 = 0;
      }
    }
    ll += (sums[0] as number) + (sums[5] as number);
    dr += (sums[1] as number) + (sums[6] as number);
    dAlpha += (sums[2] as number) + (sums[7] as number);
    ds += (sums[3] as number) + (sums[8] as number);
    dBeta += (sums[4] as number) + (sums[9] as number);
    if (gradient !== undefined) {
      const psiR = digamma(r);
      for (let g = 0; g < groups; g++) {
        const wg = groupW[g] as number;
        dr += wg * (digamma(r + (groupX[g] as number)) - psiR + lnAlpha);
        dAlpha += (wg * r) / alpha;
        ds += wg * lnBeta;
        dBeta += (wg * s) / beta;
      }
      gradient[0] = -dr;
      gradient[1] = -dAlpha;
      gradient[2] = -ds;
      gradient[3] = -dBeta;
    }
    return -ll;
  };
}

/** Rows summed plainly before their sum joins the compensated total. */
const BLOCK = 128;

/** Neumaier's compensated sum: adds `value` to sums[k], its running compensation in sums[k + 5]. */
function add(sums: Float64Array, k: number, value: number): void {
  const sum = sums[k] as number;
  const t = sum + value;
  sums[k + 5] = (sums[k + 5] as number) + (Math.abs(sum) >= Math.abs(value) ? sum - t + value : value - t + sum);
  sums[k] = t;
}

/**
 * Reads and checks the summary, compresses it and maximises the likelihood. Degenerate data is refused
 * before optimising: fewer than 2 customers or no repeat buyer (EMPTY_POPULATION).
 */
export function fitParetoNbdData(ctx: Ctx, summary: unknown, options: FitOptions<ParetoNbdParam> | undefined): ModelFit<'paretoNbd', ParetoNbdParam> {
  const read = readFitOptions(ctx, options, PARETO_NBD_PARAMS);
  const { data, weights } = readFitCustomers(ctx, summary, read.weights, 'T');
  const compressed = compress(data.frequency, data.recency, data.age, weights);
  if (!(compressed.repeatBuyers > 0)) fail(ctx, 'summary', 'data with at least one repeat buyer (frequency > 0): with none the likelihood has no maximum', 'no repeat buyers', 'EMPTY_POPULATION');
  // Default start: shapes 1 and both scales on the scale of the customers' ages, so that the fit follows
  // the same path in any time unit (and starts at alpha = beta, where the series is exactly 1).
  const meanAge = compressed.weightedAge / compressed.customers;
  // Restarts when that run fails (small data sets): the method-of-moments purchase rate λ̄ = Σx / ΣT sets
  // the mean r/alpha, with flatter and steeper shapes and mean lifetimes of one to four mean ages.
  const rate = repeatRate(compressed);
  return fitMaximumLikelihood({
    ctx,
    model: 'paretoNbd',
    names: PARETO_NBD_PARAMS,
    start: [1, meanAge, 1, meanAge],
    restarts: [
      [1, 1 / rate, 1, 2 * meanAge],
      [0.5, 0.5 / rate, 0.5, meanAge],
      [2, 2 / rate, 1, 4 * meanAge],
    ],
    scales: [1, meanAge, 1, meanAge],
    rowsAre: 'distinct (frequency, recency, T)',
    negativeLogLikelihood: negativeLogLikelihood(compressed),
    analyticGradient: true,
    options: read,
    customers: compressed.customers,
    rows: compressed.x.length,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Predictions

/**
 * ln P(alive at T | x, t_x, T) = ln E(T) − ln[E(T) + s · I] (Fader & Hardie 2005 note, section on
 * P(alive)). `ws` is scratch space, reused across customers by the kernels.
 */
export function lnProbabilityAlive(p: ParetoNbdParams, x: number, tx: number, T: number, ws: Workspace = workspace()): number {
  const { r, alpha, s, beta } = p;
  const lnE = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  return Math.min(0, lnE - lnBracket(r, alpha, s, beta, x, tx, T, undefined, ws));
}

/** P(alive | x, t_x, T), per customer. */
export function probabilityAliveKernel(p: ParetoNbdParams): (x: number, tx: number, T: number) => number {
  const ws = workspace();
  return (x, tx, T) => Math.exp(lnProbabilityAlive(p, x, tx, T, ws));
}

/**
 * ln of (1 − e^−y)/y, the function that turns [1 − (b/(b+t))^(s−1)]/(s−1) into L · h((s−1)L) with
 * L = ln(1 + t/b): finite and smooth through s = 1 (where it is ln(1 + t/b) · 1) and for any sign of y.
 */
function lnRelativeDecay(y: number): number {
  if (Math.abs(y) < 1e-6) return Math.log1p(y * (y / 6 - 0.5));
  if (y > 0) return log1mExp(-y) - Math.log(y);
  return -y + log1mExp(y) - Math.log(-y);
}

/**
 * ln of β L h((s−1)L) with L = ln(1 + t/β): the expected lifetime-weighted exposure ∫₀^t (β/(β+u))^s du
 * of a customer whose dropout rate is Gamma(s, β); E[X(t)] for a new customer is r/α times it.
 */
function lnExposure(s: number, beta: number, t: number): number {
  const L = Math.log1p(t / beta);
  return Math.log(beta) + Math.log(L) + lnRelativeDecay((s - 1) * L);
}

/**
 * E[X(t)] for a customer just acquired (Schmittlein et al. 1987; Fader & Hardie 2005 note):
 *   r β / (α (s − 1)) · [1 − (β/(β+t))^(s−1)], taken as r/α · β · L · h((s−1)L), L = ln(1 + t/β) (the s = 1
 *   limit r β/α · ln(1 + t/β) included).
 */
export function expectedPurchasesNewCustomer(p: ParetoNbdParams, t: number): number {
  if (t === 0) return 0;
  return Math.exp(Math.log(p.r) - Math.log(p.alpha) + lnExposure(p.s, p.beta, t));
}

/**
 * E[X(T, T+t] | x, t_x, T] (Schmittlein et al. 1987; Fader & Hardie 2005 note; BTYD
 * pnbd.ConditionalExpectedTransactions):
 *   (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive | x, t_x, T),
 * the new-customer formula with the posterior Gamma(r+x, α+T) and Gamma(s, β+T), times P(alive).
 */
export function expectedPurchasesKernel(p: ParetoNbdParams, t: number): (x: number, tx: number, T: number) => number {
  const { r, alpha, s, beta } = p;
  const ws = workspace();
  return (x, tx, T) => {
    if (t === 0) return 0;
    return Math.exp(Math.log(r + x) - Math.log(alpha + T) + lnExposure(s, beta + T, t) + lnProbabilityAlive(p, x, tx, T, ws));
  };
}

/**
 * P(X(t) = n) for a customer just acquired. Conditioning on the death time τ (alive at t with
 * probability (β/(β+t))^s; dead at τ < t with density s/β · (β/(β+τ))^(s+1)) and on λ:
 *
 *   P(X(t) = n) = NB(n; t) · (β/(β+t))^s + Γ(r+n)/(Γ(r) n!) · α^r β^s s · K,
 *   NB(n; τ) = Γ(r+n)/(Γ(r) n!) (α/(α+τ))^r (τ/(α+τ))^n,
 *   K = ∫₀^t τⁿ (α+τ)^−(r+n) (β+τ)^−(s+1) dτ,
 *
 * the expression of Fader & Hardie's note "Deriving an expression for P(X(t) = x) under the Pareto/NBD
 * model" before its integral is expanded into a difference of 2F1 sums (which cancels badly for large n);
 * here K is integrated numerically (adaptive Gauss–Kronrod) in scaled log space. The integrand has a
 * single mode, the positive root of −(r+s+1)τ² + (α(n−s−1) − rβ)τ + nαβ (0 when n = 0); the integrand is
 * divided by its value there, so nothing under- or overflows, and the panels start at the width of the
 * peak (from the curvature of its log at an interior mode, from its slope at an end) and double away
 * from it, so a narrow peak (large n, or very unequal scales) is never stepped over.
 */
export function purchaseCountProbability(p: ParetoNbdParams, t: number, n: number): number {
  const { r, alpha, s, beta } = p;
  if (t === 0) return n === 0 ? 1 : 0;
  const lnC = lnGamma(r + n) - lnGamma(r) - lnGamma(n + 1);
  const lnAlive = lnC - r * Math.log1p(t / alpha) + (n === 0 ? 0 : n * -Math.log1p(alpha / t)) - s * Math.log1p(t / beta);
  const q = s + 1;
  const rn = r + n;
  let mode = 0;
  if (n > 0) {
    const A = r + s + 1;
    const B = alpha * (n - s - 1) - r * beta;
    const C = n * alpha * beta;
    const root = Math.sqrt(B * B + 4 * A * C);
    mode = B > 0 ? (B + root) / (2 * A) : (2 * C) / (root - B);
  }
  const peak = Math.min(mode, t);
  const lnPeak = (n === 0 ? 0 : n * Math.log(peak)) - rn * Math.log(alpha + peak) - q * Math.log(beta + peak);
  // ln f(τ) − ln f(peak) from log1p of relative increments (no cancellation between large terms when n is large).
  const lnRelative = (tau: number): number =>
    (n === 0 ? 0 : n * Math.log1p((tau - peak) / peak)) - rn * Math.log1p((tau - peak) / (alpha + peak)) - q * Math.log1p((tau - peak) / (beta + peak));
  let width: number;
  if (peak > 0 && peak < t) {
    const curvature = n / (peak * peak) - rn / ((alpha + peak) * (alpha + peak)) - q / ((beta + peak) * (beta + peak));
    width = curvature > 0 ? 1 / Math.sqrt(curvature) : t;
  } else {
    const slope = (n === 0 ? 0 : n / peak) - rn / (alpha + peak) - q / (beta + peak);
    width = slope === 0 ? t : 1 / Math.abs(slope);
  }
  const k = integrate(
    (tau, out) => {
      out[0] = tau === 0 && n > 0 ? 0 : Math.exp(lnRelative(tau));
    },
    1,
    0,
    t,
    breaksAround(peak, Math.min(width, t), 0, t),
  );
  const lnDead = lnC + r * Math.log(alpha) + s * Math.log(beta) + Math.log(s) + lnPeak + Math.log(k[0] as number);
  return Math.min(1, Math.exp(logAddExp(lnAlive, lnDead)));
}
