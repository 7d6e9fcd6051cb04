/**
 * The shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007, "How to project
 * customer retention", Journal of Interactive Marketing 21(1)): each customer churns at the end of each
 * period with their own probability θ, and θ is beta(α, β) across customers. Then
 *   S(t) = B(α, β + t) / B(α, β),  r(t) = S(t) / S(t − 1) = (β + t − 1) / (α + β + t − 1),
 *   P(T = t) = S(t − 1) − S(t) = S(t − 1) · α / (α + β + t − 1)   (t = 1, 2, ...).
 */
import { type Ctx, fail } from '../core/_validate.js';
import { type NegativeLogLikelihood, readParams } from './_fit.js';
import { lnGammaRatio } from './_math/lnGammaRatio.js';

export const SBG_PARAMS: readonly ShiftedBetaGeometricParam[] = ['alpha', 'beta'];

/**
 * Parameter names of the sBG model: alpha and beta of the beta distribution of the churn probability.
 * @category models
 */
export type ShiftedBetaGeometricParam = 'alpha' | 'beta';

/**
 * −LL of a cohort (paper, eq. B3): `lost[t − 1]` customers lost in period t (t = 1..T) contribute
 * ln P(T = t), the `survivors` at T contribute ln S(T) (right-censored). Computed by the recursion
 * S(t) = S(t − 1)·(β + t − 1)/(α + β + t − 1), which needs no special function, with its derivatives:
 *   ∂ ln S(t)/∂α = −Σ_{k<t} 1/(α + β + k),  ∂ ln S(t)/∂β = Σ_{k<t} [1/(β + k) − 1/(α + β + k)].
 */
export function sbgNegativeLogLikelihood(lost: Float64Array, survivors: number): NegativeLogLikelihood {
  return (params, gradient) => {
    const alpha = params[0] as number;
    const beta = params[1] as number;
    const lnAlpha = Math.log(alpha);
    let lnS = 0; // ln S(t − 1)
    let dsA = 0;
    let dsB = 0;
    let ll = 0;
    let gA = 0;
    let gB = 0;
    for (let t = 1; t <= lost.length; t++) {
      const denominator = alpha + beta + t - 1;
      const n = lost[t - 1] as number;
      if (n > 0) {
        ll += n * (lnS + lnAlpha - Math.log(denominator));
        gA += n * (dsA + 1 / alpha - 1 / denominator);
        gB += n * (dsB - 1 / denominator);
      }
      lnS += Math.log1p(-alpha / denominator);
      dsA -= 1 / denominator;
      dsB += 1 / (beta + t - 1) - 1 / denominator;
    }
    if (survivors > 0) {
      ll += survivors * lnS;
      gA += survivors * dsA;
      gB += survivors * dsB;
    }
    if (gradient !== undefined) {
      gradient[0] = -gA;
      gradient[1] = -gB;
    }
    return -ll;
  };
}

/**
 * ln S(t) = ln Γ(β + t) − ln Γ(β) − [ln Γ(α + β + t) − ln Γ(α + β)], for t >= 0 (0 at t = 0). When α + β
 * is past the float range, every factor (β + k)/(α + β + k) equals β/(α + β) to double precision.
 */
export function sbgLogSurvival(alpha: number, beta: number, t: number): number {
  if (t === 0) return 0;
  if (!Number.isFinite(alpha + beta)) return -t * Math.log1p(alpha / beta);
  // The first factor β/(α + β) apart, so that tiny α and β (even subnormal) do not meet Γ's pole at 0.
  const first = Math.log1p(-alpha / (alpha + beta));
  return t === 1 ? first : first + lnGammaRatio(beta + 1, t - 1) - lnGammaRatio(alpha + beta + 1, t - 1);
}

/** S(t), the share of the cohort still active after t periods (t a non-negative integer). */
export function sbgSurvival(alpha: number, beta: number, t: number): number {
  return Math.exp(sbgLogSurvival(alpha, beta, t));
}

/** r(t) = (β + t − 1) / (α + β + t − 1), the retention rate of period t >= 1 among those active at its start. */
export function sbgRetention(alpha: number, beta: number, t: number): number {
  return 1 / (1 + alpha / (beta + t - 1)); // no overflow of α + β
}

/** The α, β of an sBG fit (or a hand-written `{ model: 'shiftedBetaGeometric', params }`) for a prediction. */
export function sbgParams(ctx: Ctx, fit: unknown): { readonly alpha: number; readonly beta: number } {
  return readParams(ctx, fit, ['shiftedBetaGeometric'], SBG_PARAMS).params;
}

/** A period index for the sBG (a discrete-time model): an integer >= `min`. */
export function sbgPeriod(ctx: Ctx, field: string, value: unknown, min: 0 | 1): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    fail(ctx, field, `an integer >= ${min} (a period of the sBG model, which is discrete)`, value);
  }
  return value;
}
