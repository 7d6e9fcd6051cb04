import { fail, finiteNumber, noExtraArguments, own, record } from '../core/_validate.js';
import { hyp2f1OnePositive } from './_math/hyp2f1Positive.js';
import { sbgParams } from './_shiftedBetaGeometric.js';
import type { ShiftedBetaGeometricParamsFit } from './fitShiftedBetaGeometric.js';

/**
 * Input of {@link discountedExpectedLifetime}.
 * @category models
 */
export interface DiscountedExpectedLifetimeInput {
  /**
   * Discount rate per period of the model (the cohort's period: yearly data, yearly rate), >= 0 (0.1 for
   * 10%). 0 gives the undiscounted expected lifetime, finite only when alpha > 1.
   */
  readonly discountRate: number;
  /**
   * Renewals the customer has already made (n − 1 in Fader & Hardie 2010), a non-negative integer. When
   * given, the result is the discounted expected residual lifetime (DERL) of such a customer; when absent,
   * the discounted expected lifetime (DEL) of a customer at acquisition.
   */
  readonly renewals?: number;
}

/**
 * Discounted expected lifetime (DEL) of a new customer, or discounted expected residual lifetime (DERL) of
 * a customer who has made `renewals` renewals, under the shifted-beta-geometric model, in periods (Fader &
 * Hardie 2010, "Customer-Base Valuation in a Contractual Setting: The Perils of Ignoring Heterogeneity",
 * Marketing Science 29(1), eqs. for DEL and DERL). Multiply by the margin per period for a CLV.
 *
 * With d = discountRate and S(t) = B(α, β + t)/B(α, β):
 * - DEL(d) = Σ_{t>=0} S(t)/(1 + d)^t = 2F1(1, β; α + β; 1/(1 + d)): the first period is paid at
 *   acquisition (t = 0, undiscounted), period t + 1 at time t if the customer is still there.
 * - DERL(d | n − 1 renewals) = Σ_{t>=n} [S(t)/S(n − 1)]/(1 + d)^(t − n)
 *   = (β + n − 1)/(α + β + n − 1) · 2F1(1, β + n; α + β + n; 1/(1 + d)), with n = renewals + 1: valued
 *   just before the customer's next renewal decision, that renewal's payment undiscounted. A customer who
 *   has just joined (renewals 0) has DERL = (DEL − 1)(1 + d).
 *
 * DERL grows with the renewals made: survivors are the customers with low churn probabilities. With
 * d = 0 the sums are the undiscounted expected lifetimes, (α + β − 1)/(α − 1) for DEL, finite only for
 * α > 1. The hypergeometric series is summed in float64 with an Euler–Maclaurin tail for small d.
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a fit that is not a `'shiftedBetaGeometric'` fit with
 * positive finite alpha and beta, a discount rate that is negative or not finite, renewals that is not a
 * non-negative integer, an unknown field; `UNDEFINED_RESULT` when discountRate is 0 and alpha <= 1 (the
 * expected lifetime is infinite) or the value is past the float range.
 * @example
 * ```ts
 * import { discountedExpectedLifetime } from 'loyalty-metrics';
 * // "High end" customers of Fader & Hardie (2007), yearly, discounted at 10% a year.
 * const fit = { model: 'shiftedBetaGeometric', params: { alpha: 0.668, beta: 3.806 } };
 * discountedExpectedLifetime(fit, { discountRate: 0.1 }).toFixed(3) //=> '5.923'
 * // A customer who has renewed 7 times is worth more years than a new one.
 * discountedExpectedLifetime(fit, { discountRate: 0.1, renewals: 7 }).toFixed(3) //=> '7.530'
 * ```
 * @category models
 */
export function discountedExpectedLifetime(fit: ShiftedBetaGeometricParamsFit, input: DiscountedExpectedLifetimeInput): number {
  const ctx = { fn: 'discountedExpectedLifetime' };
  noExtraArguments(ctx, arguments, 2);
  const { alpha, beta } = sbgParams(ctx, fit);
  const fields = record(ctx, 'input', input, ['discountRate', 'renewals']);
  const discountRate = finiteNumber(ctx, 'discountRate', own(fields, 'discountRate'), { min: 0 });
  const renewalsValue = own(fields, 'renewals');
  if (renewalsValue !== undefined && (typeof renewalsValue !== 'number' || !Number.isSafeInteger(renewalsValue) || renewalsValue < 0)) {
    fail(ctx, 'renewals', 'a non-negative integer (renewals already made)', renewalsValue);
  }
  if (discountRate === 0 && !(alpha > 1)) {
    fail(ctx, 'discountRate', `positive when alpha <= 1 (alpha = ${alpha}: the undiscounted expected lifetime is infinite)`, discountRate, 'UNDEFINED_RESULT');
  }
  const lambda = Math.log1p(discountRate);
  let value: number;
  if (renewalsValue === undefined) {
    value = hyp2f1OnePositive(beta, alpha, lambda);
  } else {
    const renewals = renewalsValue as number;
    const n = renewals + 1;
    value = hyp2f1OnePositive(beta + n, alpha, lambda) / (1 + alpha / (beta + renewals)); // × r(n) = (β + n − 1)/(α + β + n − 1)
  }
  if (!Number.isFinite(value)) fail(ctx, 'discountRate', 'a rate for which the lifetime is within the float range', discountRate, 'UNDEFINED_RESULT');
  return value;
}
