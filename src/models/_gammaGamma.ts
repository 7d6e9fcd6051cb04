/**
 * The Gamma-Gamma spend model (Colombo & Jiang 1999; Fader, Hardie & Lee 2005; Fader & Hardie 2013,
 * "The Gamma-Gamma Model of Monetary Value"): its log-likelihood with the analytic gradient, and the
 * conditional expectation of a customer's mean spend.
 *
 * A customer's spends z are gamma(p, ν) around their mean p/ν, and ν is gamma(q, γ) across customers.
 * The mean m of x spends is gamma(px, νx) given ν, so (Fader & Hardie 2013, eq. 1a)
 *   ln f(m | x) = ln Γ(px + q) − ln Γ(px) − ln Γ(q) + q ln γ + (px − 1) ln m + px ln x − (px + q) ln(γ + mx).
 */
import { digamma, lnGamma } from './_math/special.js';
import { lnGammaRatio } from './_math/lnGammaRatio.js';
import type { NegativeLogLikelihood } from './_fit.js';

export const GAMMA_GAMMA_PARAMS: readonly GammaGammaParam[] = ['p', 'q', 'gamma'];

/**
 * Parameter names of the Gamma-Gamma model: p (shape of a customer's transaction values), q and gamma
 * (shape and rate of the gamma distribution of the transaction-value rate ν across customers).
 * @category models
 */
export type GammaGammaParam = 'p' | 'q' | 'gamma';

/**
 * Repeat buyers with a positive weight, as the likelihood reads them: per row x, m·x, ln(m·x) and the
 * weight, and per distinct x the summed weight (the terms in Γ and ψ depend on x only, so they are computed
 * once per distinct frequency, not once per customer).
 */
export interface GammaGammaData {
  readonly x: Float64Array;
  readonly mx: Float64Array;
  readonly lnMx: Float64Array;
  readonly w: Float64Array;
  readonly groupX: Float64Array;
  readonly groupWeight: Float64Array;
  /** Σ w. */
  readonly total: number;
  /** Σ w·ln m. */
  readonly sumWLnM: number;
}

/** Groups repeat buyers (x > 0, m > 0, w > 0) for {@link gammaGammaNegativeLogLikelihood}. */
export function gammaGammaData(x: Float64Array, m: Float64Array, w: Float64Array): GammaGammaData {
  const groups = new Map<number, number>();
  let total = 0;
  let sumWLnM = 0;
  const mx = new Float64Array(x.length);
  const lnMx = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    const mi = m[i] as number;
    const wi = w[i] as number;
    mx[i] = mi * xi;
    lnMx[i] = Math.log(mi) + Math.log(xi);
    total += wi;
    sumWLnM += wi * Math.log(mi);
    groups.set(xi, (groups.get(xi) ?? 0) + wi);
  }
  return { x, mx, lnMx, w, groupX: Float64Array.from(groups.keys()), groupWeight: Float64Array.from(groups.values()), total, sumWLnM };
}

/**
 * −LL of the repeat buyers at (p, q, γ), and its gradient when asked. Written in the note's second form
 * (footnote 1), where nothing cancels when p·x or m·x is large:
 *   ln f(m | x) = ln Γ(px + q) − ln Γ(px) − ln Γ(q) − ln m − q·ln(1 + mx/γ) − px·ln(1 + γ/(mx)).
 */
export function gammaGammaNegativeLogLikelihood(data: GammaGammaData): NegativeLogLikelihood {
  const { x, mx, lnMx, w, groupX, groupWeight, total } = data;
  return (params, gradient) => {
    const p = params[0] as number;
    const q = params[1] as number;
    const gamma = params[2] as number;
    const lnGammaParam = Math.log(gamma);
    // Terms that depend on x only.
    let ll = -total * lnGamma(q) - data.sumWLnM;
    let dp = 0;
    let dq = gradient === undefined ? 0 : -total * digamma(q);
    for (let g = 0; g < groupX.length; g++) {
      const xg = groupX[g] as number;
      const wg = groupWeight[g] as number;
      const px = p * xg;
      ll += wg * lnGammaRatio(px, q);
      if (gradient !== undefined) {
        const psiSum = digamma(px + q);
        dp += wg * xg * (psiSum - digamma(px));
        dq += wg * psiSum;
      }
    }
    // Per customer: L1 = ln(1 + γ/(mx)), L2 = ln(1 + mx/γ) = L1 + ln(mx) − ln γ.
    let sumWXL1 = 0;
    let sumWL2 = 0;
    let sumWRatio = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i] as number;
      const wi = w[i] as number;
      const l1 = Math.log1p(gamma / (mx[i] as number));
      sumWXL1 += wi * xi * l1;
      sumWL2 += wi * (l1 + (lnMx[i] as number) - lnGammaParam);
      if (gradient !== undefined) sumWRatio += (wi * (p * xi + q)) / (gamma + (mx[i] as number));
    }
    ll -= q * sumWL2 + p * sumWXL1;
    if (gradient !== undefined) {
      gradient[0] = -(dp - sumWXL1);
      gradient[1] = -(dq - sumWL2);
      gradient[2] = -((total * q) / gamma - sumWRatio);
    }
    return -ll;
  };
}

/**
 * E(M | x, m) = (γ + m·x)·p / (p·x + q − 1) for q > 1, computed as (γ/x + m)·p / (p + (q − 1)/x): all terms
 * positive, so accurate to a few ulps. Past the float range (m near 1e308) it falls back to the weighted
 * average of the population mean p·γ/(q − 1) and m, which never exceeds the larger of the two.
 */
export function expectedSpend(p: number, q: number, gamma: number, x: number, m: number): number {
  const population = (p * gamma) / (q - 1);
  if (x === 0) return population;
  const direct = ((gamma / x + m) * p) / (p + (q - 1) / x);
  if (Number.isFinite(direct)) return direct;
  const own = (p * x) / (p * x + q - 1);
  return population + own * (m - population);
}

/** Pearson correlation of frequency and monetary value over the repeat buyers (weighted); null without variance. */
export function frequencyMonetaryCorrelation(data: GammaGammaData, m: Float64Array): number | null {
  const { x, w, total } = data;
  let meanX = 0;
  let meanM = 0;
  for (let i = 0; i < x.length; i++) {
    meanX += (w[i] as number) * (x[i] as number);
    meanM += (w[i] as number) * (m[i] as number);
  }
  meanX /= total;
  meanM /= total;
  let sxx = 0;
  let smm = 0;
  let sxm = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = (x[i] as number) - meanX;
    const dm = (m[i] as number) - meanM;
    const wi = w[i] as number;
    sxx += wi * dx * dx;
    smm += wi * dm * dm;
    sxm += wi * dx * dm;
  }
  if (!(sxx > 0) || !(smm > 0)) return null;
  const r = sxm / Math.sqrt(sxx * smm);
  return Number.isFinite(r) ? Math.max(-1, Math.min(1, r)) : null;
}

/** Weighted mean spend Σ w·m / Σ w of the repeat buyers: the scale of gamma. */
export function meanSpend(data: GammaGammaData): number {
  let sum = 0;
  for (let i = 0; i < data.x.length; i++) sum += ((data.w[i] as number) * (data.mx[i] as number)) / (data.x[i] as number);
  return sum / data.total;
}
