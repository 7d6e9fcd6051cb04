/**
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way") and, with `shift = 1`, MBG/NBD
 * (Batislam, Denizel & Filiztekin 2007): the log-likelihood with its analytic gradient, and the
 * predictions, all in log space.
 *
 * The two models differ only in when a customer may drop out: BG/NBD after each repeat purchase, MBG/NBD
 * also right after the first purchase (time 0). In every formula below that shows up as b + x − 1 + shift:
 * BG/NBD has b + x − 1 (and no dropout term at x = 0), MBG/NBD has b + x.
 */
import { type Ctx, fail } from '../core/_validate.js';
import { type FitOptions, fitMaximumLikelihood, type ModelFit, type NegativeLogLikelihood, readFitCustomers, readFitOptions } from './_fit.js';
import { lnRegularizedIncompleteBeta } from './_math/incompleteBeta.js';
import { lnGammaRatio } from './_math/lnGammaRatio.js';
import { digamma, lnBeta, lnGamma, logAddExp } from './_math/special.js';

export const BETA_GEO_PARAMS = ['r', 'alpha', 'a', 'b'] as const;
export type BetaGeoParam = (typeof BETA_GEO_PARAMS)[number];
export type BetaGeoParams = Readonly<Record<BetaGeoParam, number>>;

/** 0 for BG/NBD, 1 for MBG/NBD. */
export type Shift = 0 | 1;

// ---------------------------------------------------------------------------------------------------------
// Predictions

/**
 * ln P(alive | x, t_x, T) = −ln(1 + e^η), η = ln a − ln(b + x − 1 + shift) + (r + x) ln((α + T)/(α + t_x)).
 * BG/NBD: P(alive) = 1 at x = 0 (a customer can only drop out after a repeat purchase).
 */
export function lnProbabilityAlive(p: BetaGeoParams, shift: Shift, x: number, tx: number, T: number): number {
  if (x + shift === 0) return 0;
  const eta = Math.log(p.a) - Math.log(p.b + x - 1 + shift) + (p.r + x) * Math.log1p((T - tx) / (p.alpha + tx));
  return eta > 0 ? -eta - Math.log1p(Math.exp(-eta)) : -Math.log1p(Math.exp(eta));
}

/** P(alive | x, t_x, T), per customer. */
export function probabilityAliveKernel(p: BetaGeoParams, shift: Shift): (x: number, tx: number, T: number) => number {
  const lnA = Math.log(p.a);
  const { r, alpha, b } = p;
  return (x, tx, T) => {
    if (x + shift === 0) return 1;
    const eta = lnA - Math.log(b + x - 1 + shift) + (r + x) * Math.log1p((T - tx) / (alpha + tx));
    return eta > 0 ? Math.exp(-eta) / (1 + Math.exp(-eta)) : 1 / (1 + Math.exp(eta));
  };
}

const SERIES_LIMIT = 10_000_000;
const RESCALE = 1e280;
const LN_RESCALE = Math.log(RESCALE);

/**
 * E[X(t) | x, t_x, T] (FHL 2005 eq. 10; the MBG/NBD analogue with b → b + 1):
 *
 *   (a + b + x − 1)/(a − 1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r + x, b + x; a + b + x − 1; z)] · P(alive),
 *   z = t/(α + T + t).
 *
 * Computed without the a = 1 singularity and without 2F1 overflow: Euler's transformation gives
 * (1−z)^(r+x) 2F1(r+x, b+x; c; z) = (1−z)^(a−1) 2F1(c−r−x, a−1; c; z) with c = a + b + x − 1, whose terms
 * all carry the factor (a − 1). With A = c − r − x = a + b − 1 − r (shift added to A and c for MBG/NBD):
 *
 *   E = P(alive) · [c · (1 − (1−z)^(a−1))/(a − 1) − (1−z)^(a−1) · Σ_{k≥1} (A)_k (a)_{k−1} z^k / ((c+1)_{k−1} k!)],
 *
 * a series whose term ratio (A+k)(a+k−1)z / ((c+k)(k+1)) tends to z < 1, summed with rescaling so that no
 * term overflows. No division by c either, so c <= 0 (a + b < 1 at x = 0) is fine.
 */
export function expectedPurchasesKernel(ctx: Ctx, p: BetaGeoParams, shift: Shift, t: number): (x: number, tx: number, T: number) => number {
  const alive = probabilityAliveKernel(p, shift);
  const bracket = conditionalBracket(ctx, p, shift, t);
  // The bracket depends on (x, T) only, and real summaries repeat those pairs (T on a day grid, small x):
  // a small exact cache makes a million customers cost about a thousand series.
  const CACHE = 4096;
  const cacheX = new Float64Array(CACHE).fill(-1);
  const cacheT = new Float64Array(CACHE);
  const cacheValue = new Float64Array(CACHE);
  return (x, tx, T) => {
    if (t === 0) return 0;
    const slot = (mix(mix(0x2545f491, x), T) >>> 0) & (CACHE - 1);
    let value: number;
    if (cacheX[slot] === x && cacheT[slot] === T) value = cacheValue[slot] as number;
    else {
      value = bracket(x, T);
      cacheX[slot] = x;
      cacheT[slot] = T;
      cacheValue[slot] = value;
    }
    return value === 0 ? 0 : value * alive(x, tx, T);
  };
}

/** The bracket of the conditional expectation (everything but P(alive)), a function of (x, T). */
function conditionalBracket(ctx: Ctx, p: BetaGeoParams, shift: Shift, t: number): (x: number, T: number) => number {
  const { r, alpha, a, b } = p;
  const am1 = a - 1;
  const A = a + b - 1 + shift - r;
  return (x, T) => {
    const u = t / (alpha + T);
    const z = u / (1 + u);
    const ln1mz = -Math.log1p(u);
    const c = a + b + x - 1 + shift;
    const h = am1 === 0 ? -ln1mz : -Math.expm1(am1 * ln1mz) / am1;
    let term = A * z;
    let sum = term;
    let lnScale = 0;
    let k = 1;
    for (; k < SERIES_LIMIT; k++) {
      const ratio = ((A + k) * (a + k - 1) * z) / ((c + k) * (k + 1));
      term *= ratio;
      sum += term;
      const bound = Math.max(Math.abs(ratio), z);
      if (bound < 1 && Math.abs(term) * bound <= 1e-17 * (1 - bound) * Math.abs(sum)) break;
      if (term === 0) break;
      if (Math.abs(sum) > RESCALE) {
        sum /= RESCALE;
        term /= RESCALE;
        lnScale += LN_RESCALE;
      }
    }
    if (k >= SERIES_LIMIT) fail(ctx, 'options.t', `a horizon the conditional-expectation series converges for (t = ${t} is too long relative to alpha + T = ${alpha + T})`, t, 'UNDEFINED_RESULT');
    const tail = sum === 0 ? 0 : Math.sign(sum) * Math.exp(am1 * ln1mz + lnScale + Math.log(Math.abs(sum)));
    const value = Math.max(0, c * h - tail);
    // c·h and the tail are both of order c·u: for large b (a restored or hand-written fit) their difference,
    // of order (r + x)·u, keeps only ~16 − log10(c) digits (b = 1e16 gave 13.5 for 1.43). Then the series in u.
    const magnitude = Math.abs(c * h);
    if (Number.isFinite(value) && !(magnitude > CANCELLATION * value)) return value;
    const stable = bracketForLargeC(r + x, a, c, u);
    if (stable !== undefined) return stable;
    if (Number.isFinite(value) && magnitude <= LOST * value) return value;
    return fail(ctx, 'fit.params', `parameters the conditional expectation can be computed for in float64 (at x = ${x}, t/(alpha + T) = ${u} the terms cancel to fewer than 6 digits or overflow)`, `{ r: ${r}, alpha: ${alpha}, a: ${a}, b: ${b} }`, 'UNDEFINED_RESULT');
  };
}

/** c·h above this multiple of the bracket loses more than ~4 of 16 digits: use the series in u instead. */
const CANCELLATION = 1e4;
/** Above this multiple, fewer than ~6 digits are left: refuse rather than return them. */
const LOST = 1e10;

/**
 * The bracket c/(a−1) · [1 − 2F1(r+x, a−1; c; −u)] (Pfaff's transformation of FHL 2005 eq. 10, w = −u,
 * u = t/(α+T)) as its series, the factor (a − 1) cancelled:
 *   Σ_{k≥1} (r+x)_k (a)_{k−1} / ((c+1)_{k−1} k!) · (−1)^{k+1} u^k = (r+x)·u − …,
 * whose terms shrink like (r+x+k)(a+k−1)u / ((c+k)(k+1)): fast for large c, with the b → ∞ limit (r+x)·u
 * (the NBD) as its first term. Undefined (the caller falls back) when the terms grow or cancel.
 */
function bracketForLargeC(rx: number, a: number, c: number, u: number): number | undefined {
  let term = rx * u;
  let sum = term;
  let largest = Math.abs(term);
  for (let k = 1; k < 10_000; k++) {
    term *= (-(rx + k) * (a + k - 1) * u) / ((c + k) * (k + 1));
    sum += term;
    largest = Math.max(largest, Math.abs(term));
    if (!Number.isFinite(sum)) return undefined;
    // An underflowing horizon (u near 5e-324) gives 0: exact to the float range.
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) return largest === 0 ? 0 : sum > 0 && largest <= 100 * sum ? sum : undefined;
  }
  return undefined;
}

/** E[X(t)] for a customer just acquired (FHL 2005 eq. 9): the conditional expectation at x = t_x = T = 0. */
export function expectedPurchasesNewCustomer(ctx: Ctx, p: BetaGeoParams, shift: Shift, t: number): number {
  return expectedPurchasesKernel(ctx, p, shift, t)(0, 0, 0);
}

/**
 * P(X(t) = n) for a customer just acquired (FHL 2005 eq. 8; MBG/NBD derived the same way, see docs):
 *
 *   B(a, b + n + shift)/B(a, b) · NB(n) + [n + shift > 0] · B(a + 1, b + n − 1 + shift)/B(a, b) · P(NB >= n),
 *
 * with NB the negative binomial of (r, α/(α+t)) — the Poisson count mixed over the gamma purchase rate —
 * and its upper tail P(NB >= n) = I_q(n, r), q = t/(α+t), taken from the incomplete beta function in log space.
 */
export function purchaseCountProbability(p: BetaGeoParams, shift: Shift, t: number, n: number): number {
  const { r, alpha, a, b } = p;
  if (t === 0) return n === 0 ? 1 : 0;
  const lnP0 = -Math.log1p(t / alpha);
  const lnQ = -Math.log1p(alpha / t);
  const lnNb = lnGammaRatio(r, n) - lnGamma(n + 1) + r * lnP0 + (n === 0 ? 0 : n * lnQ);
  // Beta-function ratios as ratios of gamma functions, each with full accuracy for any b (lnBeta(a, b) of
  // b = 1e18 is a difference of numbers near 4e19 and loses every digit of B(a, b + n)/B(a, b) ≈ 1):
  // B(a, b + m)/B(a, b) = Γ(b + m)Γ(a + b) / (Γ(b)Γ(a + b + m)), B(a + 1, b + m)/B(a, b) = a·Γ(b + m)Γ(a + b) / (Γ(b)Γ(a + b + m + 1)).
  const m = n + shift;
  const first = lnGammaRatio(b, m) - lnGammaRatio(a + b, m) + lnNb;
  if (m === 0) return Math.min(1, Math.exp(first));
  const tail = n === 0 ? 0 : lnRegularizedIncompleteBeta(t / (alpha + t), alpha / (alpha + t), n, r);
  const second = Math.log(a) + lnGammaRatio(b, m - 1) - lnGammaRatio(a + b, m) + tail;
  return Math.min(1, Math.exp(logAddExp(first, second)));
}

// ---------------------------------------------------------------------------------------------------------
// Likelihood

/**
 * One customer's log-likelihood (FHL 2005 eq. 6, in log space as in Fader, Hardie & Lee's 2008 note):
 *   ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x+shift) − ln B(a, b)
 *   + ln( (α+T)^−(r+x) + [x + shift > 0] · a/(b+x−1+shift) · (α+t_x)^−(r+x) ).
 */
export function customerLogLikelihood(p: BetaGeoParams, shift: Shift, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const base = lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha) + lnBeta(a, b + x + shift) - lnBeta(a, b);
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 = x + shift > 0 ? Math.log(a) - Math.log(b + x - 1 + shift) - (r + x) * Math.log(alpha + tx) : Number.NEGATIVE_INFINITY;
  return base + logAddExp(a3, a4);
}

/** Customers compressed to distinct (x, t_x, T) rows with summed weights, grouped by x. */
export interface CompressedSummary {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly w: Float64Array;
  /** Index of the row's x in `groupX`. */
  readonly group: Int32Array;
  readonly groupX: Float64Array;
  readonly groupW: Float64Array;
  /** Sum of the weights. */
  readonly customers: number;
  /** Sum of the weights of repeat buyers (x > 0). */
  readonly repeatBuyers: number;
  /** Sum of w·T, for the default start of alpha. */
  readonly weightedAge: number;
}

const BITS = new Float64Array(1);
const WORDS = new Int32Array(BITS.buffer);

/** Mixes the bits of a double into a 32-bit hash state. */
function mix(h: number, value: number): number {
  BITS[0] = value === 0 ? 0 : value;
  h = Math.imul(h ^ (WORDS[0] as number), 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ (WORDS[1] as number), 0x85ebca77);
  return h ^ (h >>> 13);
}

/**
 * Merges identical (x, t_x, T) rows (weights add up) and skips zero-weight rows, with an open-addressing
 * hash table on the bits of the triple (linear probing), so that continuous, all-distinct data costs a
 * few nanoseconds per row.
 */
export function compress(x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array): CompressedSummary {
  const n = x.length;
  let capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  const mask = capacity - 1;
  const table = new Int32Array(capacity).fill(-1);
  const rowX = new Float64Array(n);
  const rowTx = new Float64Array(n);
  const rowT = new Float64Array(n);
  const rowW = new Float64Array(n);
  let rows = 0;
  for (let i = 0; i < n; i++) {
    const weight = w[i] as number;
    if (weight === 0) continue;
    const xi = x[i] as number;
    const txi = tx[i] as number;
    const Ti = T[i] as number;
    let slot = mix(mix(mix(0x2545f491, xi), txi), Ti) & mask;
    for (;;) {
      const row = table[slot] as number;
      if (row < 0) {
        table[slot] = rows;
        rowX[rows] = xi;
        rowTx[rows] = txi;
        rowT[rows] = Ti;
        rowW[rows] = weight;
        rows++;
        break;
      }
      if (rowX[row] === xi && rowTx[row] === txi && rowT[row] === Ti) {
        rowW[row] = (rowW[row] as number) + weight;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  // Group rows by frequency: a direct index for small frequencies, a Map beyond.
  const SMALL = 4096;
  const smallGroup = new Int32Array(SMALL).fill(-1);
  const largeGroup = new Map<number, number>();
  const groupValues: number[] = [];
  const group = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const xi = rowX[i] as number;
    let g = xi < SMALL ? (smallGroup[xi] as number) : (largeGroup.get(xi) ?? -1);
    if (g < 0) {
      g = groupValues.length;
      groupValues.push(xi);
      if (xi < SMALL) smallGroup[xi] = g;
      else largeGroup.set(xi, g);
    }
    group[i] = g;
  }
  const groupX = Float64Array.from(groupValues);
  const groupW = new Float64Array(groupX.length);
  let customers = 0;
  let repeatBuyers = 0;
  let weightedAge = 0;
  for (let i = 0; i < rows; i++) {
    const g = group[i] as number;
    const weight = rowW[i] as number;
    groupW[g] = (groupW[g] as number) + weight;
    customers += weight;
    if ((rowX[i] as number) > 0) repeatBuyers += weight;
    weightedAge += weight * (rowT[i] as number);
  }
  return {
    x: rowX.subarray(0, rows),
    tx: rowTx.subarray(0, rows),
    T: rowT.subarray(0, rows),
    w: rowW.subarray(0, rows),
    group,
    groupX,
    groupW,
    customers,
    repeatBuyers,
    weightedAge,
  };
}

/**
 * −LL of compressed data at (r, α, a, b) and its analytic gradient. The gamma and digamma terms depend on
 * x only, so they are computed once per distinct frequency; each row then costs two logarithms and one
 * exponential. With w₄ = the share of the "dropped out after the last purchase" term in the row's
 * likelihood and w₃ = 1 − w₄:
 *   ∂/∂r = ψ(r+x) − ψ(r) + ln α − w₃ ln(α+T) − w₄ ln(α+t_x)
 *   ∂/∂α = r/α − (r+x)(w₃/(α+T) + w₄/(α+t_x))
 *   ∂/∂a = ψ(a+b) − ψ(a+b+x+shift) + w₄/a
 *   ∂/∂b = ψ(b+x+shift) − ψ(a+b+x+shift) − ψ(b) + ψ(a+b) − w₄/(b+x−1+shift)
 */
export function negativeLogLikelihood(data: CompressedSummary, shift: Shift): NegativeLogLikelihood {
  const groups = data.groupX.length;
  const lnC4 = new Float64Array(groups);
  const groupW4 = new Float64Array(groups);
  const { x, tx, T, w, group } = data;
  const rows = x.length;
  return (params, gradient) => {
    const r = params[0] as number;
    const alpha = params[1] as number;
    const a = params[2] as number;
    const b = params[3] as number;
    const lnAlpha = Math.log(alpha);
    const lnA = Math.log(a);
    const lnGammaR = lnGamma(r);
    const lnBab = lnBeta(a, b);
    let ll = 0;
    for (let g = 0; g < groups; g++) {
      const xg = data.groupX[g] as number;
      const wg = data.groupW[g] as number;
      ll += wg * (lnGamma(r + xg) - lnGammaR + r * lnAlpha + lnGamma(b + xg + shift) - lnGamma(a + b + xg + shift) + lnGamma(a) - lnBab);
      lnC4[g] = xg + shift > 0 ? lnA - Math.log(b + xg - 1 + shift) : Number.NEGATIVE_INFINITY;
      groupW4[g] = 0;
    }
    let dr = 0;
    let dAlpha = 0;
    for (let i = 0; i < rows; i++) {
      const xi = x[i] as number;
      const wi = w[i] as number;
      const g = group[i] as number;
      const rx = r + xi;
      const aT = alpha + (T[i] as number);
      const lnAT = Math.log(aT);
      const a3 = -rx * lnAT;
      const c4 = lnC4[g] as number;
      if (c4 === Number.NEGATIVE_INFINITY) {
        ll += wi * a3;
        if (gradient !== undefined) {
          dr -= wi * lnAT;
          dAlpha -= (wi * rx) / aT;
        }
        continue;
      }
      const aTx = alpha + (tx[i] as number);
      const lnATx = Math.log(aTx);
      const a4 = c4 - rx * lnATx;
      let w4: number;
      if (a3 >= a4) {
        const e = Math.exp(a4 - a3);
        ll += wi * (a3 + Math.log1p(e));
        w4 = e / (1 + e);
      } else {
        const e = Math.exp(a3 - a4);
        ll += wi * (a4 + Math.log1p(e));
        w4 = 1 / (1 + e);
      }
      if (gradient !== undefined) {
        const w3 = 1 - w4;
        dr -= wi * (w3 * lnAT + w4 * lnATx);
        dAlpha -= wi * rx * (w3 / aT + w4 / aTx);
        groupW4[g] = (groupW4[g] as number) + wi * w4;
      }
    }
    if (gradient !== undefined) {
      const psiR = digamma(r);
      const psiB = digamma(b);
      const psiAB = digamma(a + b);
      let da = 0;
      let db = 0;
      for (let g = 0; g < groups; g++) {
        const xg = data.groupX[g] as number;
        const wg = data.groupW[g] as number;
        const w4 = groupW4[g] as number;
        const psiABX = digamma(a + b + xg + shift);
        dr += wg * (digamma(r + xg) - psiR + lnAlpha);
        dAlpha += (wg * r) / alpha;
        da += wg * (psiAB - psiABX) + w4 / a;
        db += wg * (digamma(b + xg + shift) - psiABX - psiB + psiAB) - (xg + shift > 0 ? w4 / (b + xg - 1 + shift) : 0);
      }
      gradient[0] = -dr;
      gradient[1] = -dAlpha;
      gradient[2] = -da;
      gradient[3] = -db;
    }
    return -ll;
  };
}

// ---------------------------------------------------------------------------------------------------------
// Fit

/**
 * Reads and checks the summary, compresses it, and maximises the likelihood. Degenerate data is refused
 * before optimising: fewer than 2 customers or no repeat buyer (EMPTY_POPULATION: the likelihood then has
 * no maximum inside the parameter space).
 */
export function fitBetaGeoFamily<M extends 'betaGeo' | 'modifiedBetaGeo'>(ctx: Ctx, model: M, shift: Shift, summary: unknown, options: FitOptions<BetaGeoParam> | undefined): ModelFit<M, BetaGeoParam> {
  const read = readFitOptions(ctx, options, BETA_GEO_PARAMS);
  const { data, weights } = readFitCustomers(ctx, summary, read.weights, 'T');
  const compressed = compress(data.frequency, data.recency, data.age, weights);
  if (!(compressed.repeatBuyers > 0)) fail(ctx, 'summary', 'data with at least one repeat buyer (frequency > 0): with none the likelihood has no maximum', 'no repeat buyers', 'EMPTY_POPULATION');
  // Default start: heterogeneity shapes 1, alpha on the scale of the data's ages (so that fitting in days
  // or in weeks follows the same path), a = 0.5 and b = 1 (dropout probability ~ 1/3 per purchase).
  const meanAge = compressed.weightedAge / compressed.customers;
  // Restarts when that run fails (small data sets): the method-of-moments purchase rate λ̄ = Σx / ΣT sets
  // the mean r/alpha of the gamma, with flatter and steeper shapes and dropout priors around it.
  const rate = repeatRate(compressed);
  return fitMaximumLikelihood({
    ctx,
    model,
    names: BETA_GEO_PARAMS,
    start: [1, meanAge, 0.5, 1],
    restarts: [
      [1, 1 / rate, 1, 3],
      [0.5, 0.5 / rate, 0.5, 2],
      [2, 2 / rate, 2, 8],
    ],
    scales: [1, meanAge, 1, 1],
    rowsAre: 'distinct (frequency, recency, T)',
    negativeLogLikelihood: negativeLogLikelihood(compressed, shift),
    analyticGradient: true,
    options: read,
    customers: compressed.customers,
    rows: compressed.x.length,
  });
}

/** The method-of-moments repeat-purchase rate Σ w·x / Σ w·T of compressed data (> 0 with a repeat buyer). */
export function repeatRate(data: CompressedSummary): number {
  let purchases = 0;
  for (let i = 0; i < data.x.length; i++) purchases += (data.w[i] as number) * (data.x[i] as number);
  return purchases / data.weightedAge;
}
