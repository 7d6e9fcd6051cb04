/**
 * The BG/BB model (beta-geometric / beta-Bernoulli, Fader, Hardie & Shang 2010, "Customer-Base Analysis in
 * a Discrete-Time Noncontractual Setting", Marketing Science 29(6), 1086-1108): likelihood with its
 * analytic gradient, and the model's predictions, all in log space.
 *
 * A customer alive at an opportunity transacts with probability p; before each opportunity an alive
 * customer dies with probability θ, so P(alive at opportunity t) = (1 − θ)^t. Across customers
 * p ~ Beta(α, β) and θ ~ Beta(γ, δ). Data per customer: x transactions in opportunities 1..n, the last
 * one at opportunity t_x (0 <= x <= t_x <= n, x = 0 <=> t_x = 0).
 */
import { type Ctx, fail } from '../core/_validate.js';
import { lnGammaRatio } from './_math/lnGammaRatio.js';
import { digamma, lnBeta, lnGamma, logAddExp } from './_math/special.js';

/** The parameter names, in the order of every array in this module. */
export const BGBB_PARAMS = ['alpha', 'beta', 'gamma', 'delta'] as const;

/** A BG/BB parameter name. */
export type BgbbParameter = (typeof BGBB_PARAMS)[number];

/** The four parameters by name. */
export type BgbbParams = Readonly<Record<BgbbParameter, number>>;

/** Up to this many future opportunities the survival sum is added term by term; beyond, the closed form. */
const DIRECT_SUM_MAX = 64;

/**
 * ln L(α, β, γ, δ | x, t_x, n), FHS (2010) eq. (5):
 * L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ).
 * The sum's terms follow from the first by the ratio (β+t_x−x+i)/(α+β+t_x+i) · (δ+t_x+i)/(γ+δ+1+t_x+i).
 */
export function bgbbLogLikelihood(p: BgbbParams, x: number, tx: number, n: number): number {
  return patternLogLikelihood(p.alpha, p.beta, p.gamma, p.delta, x, tx, n, undefined, undefined);
}

/** Digamma values shared by every pattern at one parameter point (for the gradient). */
interface SharedDigamma {
  readonly a: number;
  readonly b: number;
  readonly ab: number;
  readonly d: number;
  readonly gd: number;
}

/**
 * One pattern's ln L; with `grad`, writes ∂ln L/∂(α, β, γ, δ) into it. The derivatives of each term's log
 * are digamma differences; ψ at the sum's shifting arguments comes from ψ(z + 1) = ψ(z) + 1/z.
 */
function patternLogLikelihood(a: number, b: number, g: number, d: number, x: number, tx: number, n: number, shared: SharedDigamma | undefined, grad: Float64Array | undefined): number {
  const lnBab = lnBeta(a, b);
  const lnBgd = lnBeta(g, d);
  const lnA = lnBeta(a + x, b + n - x) - lnBab + lnBeta(g, d + n) - lnBgd;
  const terms = n - tx;
  let lnL = lnA;
  let lnT0 = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let ga = 0;
  let gb = 0;
  let gg = 0;
  let gdel = 0;
  if (terms > 0) {
    lnT0 = lnBeta(a + x, b + tx - x) - lnBab + lnBeta(g + 1, d + tx) - lnBgd;
    let psiAB = 0;
    let psiB = 0;
    let psiGD = 0;
    let psiD = 0;
    let psiAx = 0;
    if (shared !== undefined) {
      psiAB = digamma(a + b + tx);
      psiB = digamma(b + tx - x);
      psiGD = digamma(g + d + 1 + tx);
      psiD = digamma(d + tx);
      psiAx = digamma(a + x);
    }
    let r = 1;
    for (let i = 0; i < terms; i++) {
      const zAB = a + b + tx + i;
      const zB = b + tx - x + i;
      const zGD = g + d + 1 + tx + i;
      const zD = d + tx + i;
      sum += r;
      if (shared !== undefined) {
        ga += r * (psiAx - psiAB - shared.a + shared.ab);
        gb += r * (psiB - psiAB - shared.b + shared.ab);
        gg += r * (1 / g - psiGD + shared.gd);
        gdel += r * (psiD - psiGD - shared.d + shared.gd);
        psiAB += 1 / zAB;
        psiB += 1 / zB;
        psiGD += 1 / zGD;
        psiD += 1 / zD;
      }
      r *= ((zB / zAB) * zD) / zGD;
    }
    lnL = logAddExp(lnA, lnT0 + Math.log(sum));
  }
  if (grad !== undefined && shared !== undefined) {
    const wA = Math.exp(lnA - lnL);
    const wT = terms > 0 ? Math.exp(lnT0 - lnL) : 0;
    const psiABn = digamma(a + b + n);
    const psiGDn = digamma(g + d + n);
    grad[0] = wA * (digamma(a + x) - psiABn - shared.a + shared.ab) + wT * ga;
    grad[1] = wA * (digamma(b + n - x) - psiABn - shared.b + shared.ab) + wT * gb;
    grad[2] = wA * (shared.gd - psiGDn) + wT * gg;
    grad[3] = wA * (digamma(d + n) - psiGDn - shared.d + shared.gd) + wT * gdel;
  }
  return lnL;
}

/** Distinct (x, t_x, n) patterns with their summed weights. */
export interface BgbbPatterns {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly n: Float64Array;
  readonly weight: Float64Array;
  readonly length: number;
}

/** Merges identical (x, t_x, n) rows into patterns (rows of weight 0 are dropped). Order: first appearance. */
export function compressPatterns(x: Float64Array, tx: Float64Array, n: Float64Array, weight: Float64Array): BgbbPatterns {
  const byN = new Map<number, Map<number, number>>();
  const outX: number[] = [];
  const outTx: number[] = [];
  const outN: number[] = [];
  const outW: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const w = weight[i] as number;
    if (w === 0) continue;
    const ni = n[i] as number;
    let inner = byN.get(ni);
    if (inner === undefined) {
      inner = new Map();
      byN.set(ni, inner);
    }
    const key = (tx[i] as number) * (ni + 1) + (x[i] as number);
    const at = inner.get(key);
    if (at === undefined) {
      inner.set(key, outX.length);
      outX.push(x[i] as number);
      outTx.push(tx[i] as number);
      outN.push(ni);
      outW.push(w);
    } else {
      outW[at] = (outW[at] as number) + w;
    }
  }
  return { x: Float64Array.from(outX), tx: Float64Array.from(outTx), n: Float64Array.from(outN), weight: Float64Array.from(outW), length: outX.length };
}

/**
 * −Σ w_i ln L_i over the patterns at natural parameters (α, β, γ, δ), with the analytic gradient when asked;
 * the shape `fitMaximumLikelihood` expects.
 */
export function bgbbNegativeLogLikelihood(patterns: BgbbPatterns): (params: Float64Array, gradient: Float64Array | undefined) => number {
  const one = new Float64Array(4);
  return (params, gradient) => {
    const [a, b, g, d] = params as unknown as [number, number, number, number];
    const shared: SharedDigamma | undefined = gradient === undefined ? undefined : { a: digamma(a), b: digamma(b), ab: digamma(a + b), d: digamma(d), gd: digamma(g + d) };
    if (gradient !== undefined) gradient.fill(0);
    let total = 0;
    for (let i = 0; i < patterns.length; i++) {
      const w = patterns.weight[i] as number;
      total += w * patternLogLikelihood(a, b, g, d, patterns.x[i] as number, patterns.tx[i] as number, patterns.n[i] as number, shared, gradient === undefined ? undefined : one);
      if (gradient !== undefined) for (let k = 0; k < 4; k++) gradient[k] = (gradient[k] as number) - w * (one[k] as number);
    }
    return -total;
  };
}

/**
 * P(alive at opportunity n + 1 | x, t_x, n), FHS (2010) eq. (11):
 * B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ) / L(α, β, γ, δ | x, t_x, n). In [0, 1].
 */
export function bgbbProbabilityAlive(p: BgbbParams, x: number, tx: number, n: number): number {
  const lnAlive = lnBeta(p.alpha + x, p.beta + n - x) - lnBeta(p.alpha, p.beta) + lnBeta(p.gamma, p.delta + n + 1) - lnBeta(p.gamma, p.delta);
  return Math.min(1, Math.exp(lnAlive - bgbbLogLikelihood(p, x, tx, n)));
}

/**
 * ln Σ_{t=1}^{horizon} B(γ, δ+n+t) / B(γ, δ): the expected number of the next `horizon` opportunities
 * (after opportunity n) at which a customer alive through n is still alive, averaged over θ given survival
 * to n, times P(alive through n) = B(γ, δ+n)/B(γ,δ). −Infinity for horizon 0.
 *
 * With s = δ + n: Σ_t B(γ, s+t)/B(γ, s) = Σ_{t=1}^{N} Π_{k<t} (s+k)/(γ+s+k), added term by term up to
 * N = 64, and beyond in closed form, s/(γ−1) · (1 − e^R) with R = ln[Γ(s+1+N)Γ(γ+s)/(Γ(s+1)Γ(γ+s+N))]
 * (FHS 2010 eq. (13)), R computed from two ln Γ ratios that keep their accuracy as γ → 1; at γ = 1 exactly
 * the limit s·(ψ(s+1+N) − ψ(s+1)).
 */
export function bgbbLnSurvivalSum(gamma: number, delta: number, n: number, horizon: number): number {
  if (horizon === 0) return Number.NEGATIVE_INFINITY;
  const s = delta + n;
  const base = lnBeta(gamma, s) - lnBeta(gamma, delta);
  if (horizon <= DIRECT_SUM_MAX) {
    let r = 1;
    let sum = 0;
    for (let k = 0; k < horizon; k++) {
      r *= (s + k) / (gamma + s + k);
      sum += r;
    }
    return base + Math.log(sum);
  }
  const h = 1 - gamma;
  if (h === 0) return base + Math.log(s) + Math.log(digamma(s + 1 + horizon) - digamma(s + 1));
  const R = lnGammaRatio(s + gamma + horizon, h) - lnGammaRatio(s + gamma, h);
  return base + Math.log(s) + Math.log(-Math.expm1(R) / (gamma - 1));
}

/**
 * E[X(n, n + n*) | x, t_x, n], the expected transactions in the next n* opportunities, FHS (2010) eq. (13):
 * B(α+x+1, β+n−x)/B(α,β) · Σ_{t=1}^{n*} B(γ, δ+n+t)/B(γ,δ) / L(α, β, γ, δ | x, t_x, n).
 */
export function bgbbExpectedPurchases(p: BgbbParams, x: number, tx: number, n: number, horizon: number): number {
  if (horizon === 0) return 0;
  const lnBuy = lnBeta(p.alpha + x + 1, p.beta + n - x) - lnBeta(p.alpha, p.beta);
  return Math.exp(lnBuy - bgbbLogLikelihood(p, x, tx, n) + bgbbLnSurvivalSum(p.gamma, p.delta, n, horizon));
}

/**
 * E[X(n*)] for a customer just acquired (no history), FHS (2010) eq. (9):
 * α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)Γ(1+δ+n*)/(Γ(γ+δ+n*)Γ(1+δ))] = α/(α+β) · Σ_{t=1}^{n*} B(γ, δ+t)/B(γ,δ).
 */
export function bgbbExpectedPurchasesNewCustomer(p: BgbbParams, horizon: number): number {
  if (horizon === 0) return 0;
  return Math.exp(Math.log(p.alpha / (p.alpha + p.beta)) + bgbbLnSurvivalSum(p.gamma, p.delta, 0, horizon));
}

/**
 * P(X(n*) = x) for a customer just acquired, FHS (2010) eq. (8):
 * C(n*,x) B(α+x, β+n*−x)/B(α,β) · B(γ, δ+n*)/B(γ,δ) + Σ_{i=x}^{n*−1} C(i,x) B(α+x, β+i−x)/B(α,β) · B(γ+1, δ+i)/B(γ,δ).
 * 0 when x > n* (more transactions than opportunities).
 */
export function bgbbPurchaseCountProbability(p: BgbbParams, horizon: number, count: number): number {
  if (count > horizon) return 0;
  const { alpha: a, beta: b, gamma: g, delta: d } = p;
  const lnBab = lnBeta(a, b);
  const lnBgd = lnBeta(g, d);
  const lnChoose = lnGamma(horizon + 1) - lnGamma(count + 1) - lnGamma(horizon - count + 1);
  let total = lnChoose + lnBeta(a + count, b + horizon - count) - lnBab + lnBeta(g, d + horizon) - lnBgd;
  let lnTerm = lnBeta(a + count, b) - lnBab + lnBeta(g + 1, d + count) - lnBgd;
  for (let i = count; i < horizon; i++) {
    total = logAddExp(total, lnTerm);
    lnTerm += Math.log((((i + 1) / (i + 1 - count)) * ((b + i - count) / (a + b + i)) * (d + i)) / (g + d + 1 + i));
  }
  return Math.min(1, Math.exp(total));
}

/** Distinct patterns remembered by a kernel: BG/BB data has few ((n+1)(n+2)/2 per n), customers many. */
const PATTERN_CACHE_LIMIT = 100_000;

/**
 * Memoises a per-pattern function of (x, t_x, n): a million customers of 6 opportunities share 22
 * patterns, so each is computed once (up to {@link PATTERN_CACHE_LIMIT} patterns; beyond, computed each time).
 */
function perPattern(compute: (x: number, tx: number, n: number) => number): (x: number, tx: number, n: number) => number {
  const byN = new Map<number, Map<number, number>>();
  let size = 0;
  return (x, tx, n) => {
    let inner = byN.get(n);
    if (inner === undefined) {
      inner = new Map();
      byN.set(n, inner);
    }
    const key = tx * (n + 1) + x;
    const known = inner.get(key);
    if (known !== undefined) return known;
    const value = compute(x, tx, n);
    if (size < PATTERN_CACHE_LIMIT) {
      inner.set(key, value);
      size += 1;
    }
    return value;
  };
}

/** {@link bgbbProbabilityAlive} as a per-customer kernel for the vectorised predictions. */
export function probabilityAliveKernel(p: BgbbParams): (x: number, tx: number, n: number) => number {
  return perPattern((x, tx, n) => bgbbProbabilityAlive(p, x, tx, n));
}

/**
 * {@link bgbbExpectedPurchases} as a per-customer kernel: the survival sum depends only on n and the
 * horizon, so it is computed once per distinct n, and each pattern once.
 */
export function expectedPurchasesKernel(p: BgbbParams, horizon: number): (x: number, tx: number, n: number) => number {
  if (horizon === 0) return () => 0;
  const lnBab = lnBeta(p.alpha, p.beta);
  const survival = new Map<number, number>();
  return perPattern((x, tx, n) => {
    let lnSurvival = survival.get(n);
    if (lnSurvival === undefined) {
      lnSurvival = bgbbLnSurvivalSum(p.gamma, p.delta, n, horizon);
      survival.set(n, lnSurvival);
    }
    return Math.exp(lnBeta(p.alpha + x + 1, p.beta + n - x) - lnBab - bgbbLogLikelihood(p, x, tx, n) + lnSurvival);
  });
}

/**
 * A BG/BB time argument (t of the predictions) is a number of opportunities: after the generic check
 * (finite, >= 0) it must also be an integer.
 */
export function opportunities(ctx: Ctx, field: string, value: number): number {
  if (!Number.isSafeInteger(value)) fail(ctx, field, 'a non-negative integer for a BG/BB fit (a number of transaction opportunities)', value);
  return value;
}
