import { type Ctx, fail, noExtraArguments } from '../core/_validate.js';
import { BETA_GEO_PARAMS, expectedPurchasesKernel } from './_betaGeo.js';
import { readParams } from './_fit.js';
import * as betaGeoBetaBinom from './_betaGeoBetaBinom.js';
import * as modifiedBetaGeo from './_modifiedBetaGeo.js';
import * as paretoNbd from './_paretoNbd.js';
import type { BetaGeoBetaBinomCustomer, BetaGeoBetaBinomCustomers } from './fitBetaGeoBetaBinom.js';
import { type CustomerData, horizon, mapCustomers, modelOf, type CustomerHistories, type CustomerHistory, readCustomers, type TransactionModelFit } from './_predict.js';

/**
 * Options of {@link expectedPurchases}.
 * @category models
 */
export interface ExpectedPurchasesOptions {
  /**
   * The horizon: expected repeat purchases in (T, T + t], in the model's time unit. A finite number >= 0.
   * For a BG/BB fit, t is n*, the number of future transaction opportunities n + 1, ..., n + n*: an integer.
   */
  readonly t: number;
}

/** The model tags with this prediction; a new model adds its tag here and one case below. */
const MODELS = ['betaGeo', 'modifiedBetaGeo', 'betaGeoBetaBinom', 'paretoNbd'] as const;

/**
 * Expected number of purchases in the next t time units for a customer with history (x, t_x, T):
 * E[X(T, T + t] | x, t_x, T], the "conditional expectation" of the buy-till-you-die models.
 *
 * Generic over the fit's `model` tag:
 * - `'betaGeo'` ({@link fitBetaGeo}, Fader, Hardie & Lee 2005, eq. 10):
 *   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive | x, t_x, T).
 * - `'modifiedBetaGeo'` ({@link fitModifiedBetaGeo}, Batislam et al. 2007): the same with b + x − 1 → b + x
 *   and a + b + x − 1 → a + b + x.
 * - `'paretoNbd'` ({@link fitParetoNbd}, Schmittlein et al. 1987; Fader & Hardie 2005 note):
 *   (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive | x, t_x, T), taken in log space as
 *   (r+x)/(α+T) · (β+T) · L · (1 − e^−(s−1)L)/((s−1)L) with L = ln(1 + t/(β+T)), so s = 1 is its limit.
 * - `'betaGeoBetaBinom'` ({@link fitBetaGeoBetaBinom}, Fader, Hardie & Shang 2010, eq. 13), in discrete
 *   opportunities: the customer is `{ frequency, recency, n }` and `t` is n*, the number of future
 *   opportunities (an integer: `{ t: 5 }` = the next 5 annual appeals): E[X(n, n + n*) | x, t_x, n] =
 *   B(α+x+1, β+n−x)/B(α,β) · Σ_{s=1}^{n*} B(γ, δ+n+s)/B(γ,δ) / L(α, β, γ, δ | x, t_x, n), the sum in closed
 *   form beyond 64 opportunities (stable as γ → 1).
 *
 * The hypergeometric term is computed after Euler's transformation as a series in z = t/(α+T+t) < 1 in
 * scaled (log-space) arithmetic, with the a = 1 limit handled, so extreme customers (frequency 1000) stay
 * finite and exact. The customer is `{ frequency, recency, T }` in the model's time unit (the shape
 * `rfmSummary` returns); for many customers pass an array of customers or an object of columns (the
 * column form of `rfmSummary`) and get a `Float64Array`, one value per customer, in order.
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a fit that is not one of the models above (naming
 * `fit.model`) or with a missing or non-positive parameter, a customer whose frequency is not a
 * non-negative integer or whose recency or T is negative or not finite, or a t that is not a finite
 * number >= 0; `INCONSISTENT_INPUT` for recency > T or frequency 0 with recency > 0; `UNDEFINED_RESULT`
 * when t is so long relative to alpha + T that the series does not converge in 10⁷ terms. For a BG/BB fit
 * also `INVALID_INPUT` for a t, frequency, recency or n that is not an integer, and `INCONSISTENT_INPUT`
 * for frequency > recency.
 * @example
 * ```ts
 * import { expectedPurchases } from 'loyalty-metrics';
 * // Published BG/NBD parameters for CDNOW (weeks); Fader, Hardie & Lee (2005) report 1.226.
 * const fit = { model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
 * expectedPurchases(fit, { frequency: 2, recency: 30.43, T: 38.86 }, { t: 39 }).toFixed(3) //=> '1.226'
 * const many = expectedPurchases(fit, { frequency: [0, 2, 7], recency: [0, 30.43, 35.71], T: [38.86, 38.86, 38.86] }, { t: 39 });
 * Array.from(many, (e) => e.toFixed(2)) //=> ["0.20", "1.23", "4.47"]
 * ```
 * @example
 * ```ts
 * import { expectedPurchases } from 'loyalty-metrics';
 * // BG/BB for annual donations (Fader, Hardie & Shang 2010): gifts expected in the next 5 appeals from a
 * // donor who gave in 4 of the 6 past appeals, the last in the 5th.
 * const donors = { model: 'betaGeoBetaBinom', params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 } };
 * expectedPurchases(donors, { frequency: 4, recency: 5, n: 6 }, { t: 5 }).toFixed(3) //=> '2.030'
 * ```
 * @example
 * ```ts
 * import { expectedPurchases } from 'loyalty-metrics';
 * // Pareto/NBD on CDNOW (weeks; Fader & Hardie's estimates): customer 1516 of the BTYD walkthrough, 26 repeat
 * // purchases, the last at 30.86 of 31 weeks, in the next 52 weeks (the walkthrough prints 25.46).
 * const pnbd = { model: 'paretoNbd', params: { r: 0.5534, alpha: 10.5776, s: 0.6061, beta: 11.665 } };
 * expectedPurchases(pnbd, { frequency: 26, recency: 30.86, T: 31 }, { t: 52 }).toFixed(2) //=> '25.46'
 * ```
 * @category models
 */
export function expectedPurchases(fit: TransactionModelFit, customer: CustomerHistory | BetaGeoBetaBinomCustomer, options: ExpectedPurchasesOptions): number;
export function expectedPurchases(fit: TransactionModelFit, customers: CustomerHistories | BetaGeoBetaBinomCustomers, options: ExpectedPurchasesOptions): Float64Array;
export function expectedPurchases(
  fit: TransactionModelFit,
  customers: CustomerHistory | CustomerHistories | BetaGeoBetaBinomCustomer | BetaGeoBetaBinomCustomers,
  options: ExpectedPurchasesOptions,
): number | Float64Array;
export function expectedPurchases(fit: TransactionModelFit, customers: unknown, options: ExpectedPurchasesOptions): number | Float64Array {
  const ctx: Ctx = { fn: 'expectedPurchases' };
  noExtraArguments(ctx, arguments, 3);
  const model = modelOf(ctx, fit, MODELS);
  const t = horizon(ctx, options);
  let data: CustomerData;
  switch (model) {
    case 'betaGeo': {
      const { params } = readParams(ctx, fit, MODELS, BETA_GEO_PARAMS);
      data = readCustomers(ctx, customers);
      return mapCustomers(data, expectedPurchasesKernel(ctx, params, 0, t));
    }
    case 'modifiedBetaGeo': {
      const { params } = readParams(ctx, fit, MODELS, BETA_GEO_PARAMS);
      data = readCustomers(ctx, customers);
      return mapCustomers(data, modifiedBetaGeo.expectedPurchasesKernel(ctx, params, t));
    }
    case 'betaGeoBetaBinom': {
      const { params } = readParams(ctx, fit, MODELS, betaGeoBetaBinom.BGBB_PARAMS);
      const future = betaGeoBetaBinom.opportunities(ctx, 'options.t', t);
      data = readCustomers(ctx, customers, { ageField: 'n' });
      return mapCustomers(data, betaGeoBetaBinom.expectedPurchasesKernel(params, future));
    }
    case 'paretoNbd': {
      const { params } = readParams(ctx, fit, MODELS, paretoNbd.PARETO_NBD_PARAMS);
      data = readCustomers(ctx, customers);
      return mapCustomers(data, paretoNbd.expectedPurchasesKernel(params, t));
    }
    default:
      return fail(ctx, 'fit.model', `one of ${MODELS.join(', ')}`, model);
  }
}
