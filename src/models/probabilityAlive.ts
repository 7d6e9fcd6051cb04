import { type Ctx, fail, noExtraArguments } from '../core/_validate.js';
import { BETA_GEO_PARAMS, probabilityAliveKernel } from './_betaGeo.js';
import { readParams } from './_fit.js';
import * as betaGeoBetaBinom from './_betaGeoBetaBinom.js';
import * as modifiedBetaGeo from './_modifiedBetaGeo.js';
import * as paretoNbd from './_paretoNbd.js';
import type { BetaGeoBetaBinomCustomer, BetaGeoBetaBinomCustomers } from './fitBetaGeoBetaBinom.js';
import { mapCustomers, modelOf, type CustomerHistories, type CustomerHistory, readCustomers, type TransactionModelFit } from './_predict.js';

/** The model tags with this prediction; a new model adds its tag here and one case below. */
const MODELS = ['betaGeo', 'modifiedBetaGeo', 'betaGeoBetaBinom', 'paretoNbd'] as const;

/**
 * Probability that a customer with history (x, t_x, T) is still alive (has not dropped out) at T.
 *
 * Generic over the fit's `model` tag:
 * - `'betaGeo'` ({@link fitBetaGeo}, Fader, Hardie & Lee 2005, eq. 11 / the 2008 note):
 *   1 / (1 + [x > 0] · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)). Convention: **1 at frequency 0**, because a
 *   BG/NBD customer can only drop out right after a repeat purchase (lifetimes and BTYD do the same).
 * - `'modifiedBetaGeo'` ({@link fitModifiedBetaGeo}): 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)), below 1
 *   at frequency 0 too, since an MBG/NBD customer may drop out right after the first purchase.
 * - `'betaGeoBetaBinom'` ({@link fitBetaGeoBetaBinom}, Fader, Hardie & Shang 2010, eq. 11): the customer
 *   is `{ frequency, recency, n }` in opportunities and the result is P(alive at opportunity n + 1 | x, t_x, n)
 *   = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ) / L(α, β, γ, δ | x, t_x, n) (as BTYD's `bgbb.PAlive`). A
 *   customer who transacted at opportunity n gets (δ+n)/(γ+δ+n) whatever x; one who was frequent and then
 *   went silent can score below one who never transacted.
 * - `'paretoNbd'` ({@link fitParetoNbd}, Fader & Hardie 2005 note): (α+T)^−(r+x) (β+T)^−s / [(α+T)^−(r+x)
 *   (β+T)^−s + s ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ], i.e. 1 / (1 + s/(r+s+x) · (α+T)^(r+x) (β+T)^s · A₀)
 *   with the note's A₀, its hypergeometric terms taken after Euler's transformation in log space (exact
 *   for any frequency). Below 1 at frequency 0: a Pareto/NBD customer may drop out at any time.
 *
 * Computed as a logistic of the log-odds, so it stays in [0, 1] and finite for any history (a customer
 * with 1000 purchases who went silent gets 0, not NaN). One customer gives a number; an array of
 * customers or an object of columns gives a `Float64Array` in order.
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a fit that is not one of the models above (naming
 * `fit.model`) or with a missing or non-positive parameter, or a customer whose frequency is not a
 * non-negative integer or whose recency or T is negative or not finite; `INCONSISTENT_INPUT` for
 * recency > T or frequency 0 with recency > 0. For a BG/BB fit also `INVALID_INPUT` for a recency or n
 * that is not an integer, and `INCONSISTENT_INPUT` for frequency > recency.
 * @example
 * ```ts
 * import { probabilityAlive } from 'loyalty-metrics';
 * const fit = { model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
 * probabilityAlive(fit, { frequency: 0, recency: 0, T: 38.86 }) //=> 1
 * probabilityAlive(fit, { frequency: 2, recency: 30.43, T: 38.86 }).toFixed(3) //=> '0.727'
 * probabilityAlive(fit, { frequency: 2, recency: 5, T: 38.86 }).toFixed(3) //=> '0.124'
 * ```
 * @example
 * ```ts
 * import { probabilityAlive } from 'loyalty-metrics';
 * // BG/BB, annual donations after 6 appeals (Fader, Hardie & Shang 2010, Table 6: 0.11, 0.59, 0.93).
 * const donors = { model: 'betaGeoBetaBinom', params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 } };
 * const alive = probabilityAlive(donors, { frequency: [0, 2, 6], recency: [0, 4, 6], n: [6, 6, 6] });
 * Array.from(alive, (p) => p.toFixed(2)) //=> ["0.11", "0.59", "0.93"]
 * ```
 * @example
 * ```ts
 * import { probabilityAlive } from 'loyalty-metrics';
 * // Pareto/NBD on CDNOW (weeks; Fader & Hardie's estimates). Customer 1516 of the BTYD walkthrough (0.9979
 * // there), a one-time buyer, and a customer with 350 repeat purchases (finite and exact at any frequency).
 * const pnbd = { model: 'paretoNbd', params: { r: 0.5534, alpha: 10.5776, s: 0.6061, beta: 11.665 } };
 * probabilityAlive(pnbd, { frequency: 26, recency: 30.86, T: 31 }).toFixed(4) //=> '0.9979'
 * probabilityAlive(pnbd, { frequency: 0, recency: 0, T: 38.86 }).toFixed(3) //=> '0.295'
 * probabilityAlive(pnbd, { frequency: 350, recency: 38.5, T: 39 }).toFixed(3) //=> '0.945'
 * ```
 * @category models
 */
export function probabilityAlive(fit: TransactionModelFit, customer: CustomerHistory | BetaGeoBetaBinomCustomer): number;
export function probabilityAlive(fit: TransactionModelFit, customers: CustomerHistories | BetaGeoBetaBinomCustomers): Float64Array;
export function probabilityAlive(fit: TransactionModelFit, customers: CustomerHistory | CustomerHistories | BetaGeoBetaBinomCustomer | BetaGeoBetaBinomCustomers): number | Float64Array;
export function probabilityAlive(fit: TransactionModelFit, customers: unknown): number | Float64Array {
  const ctx: Ctx = { fn: 'probabilityAlive' };
  noExtraArguments(ctx, arguments, 2);
  const model = modelOf(ctx, fit, MODELS);
  switch (model) {
    case 'betaGeo': {
      const { params } = readParams(ctx, fit, MODELS, BETA_GEO_PARAMS);
      return mapCustomers(readCustomers(ctx, customers), probabilityAliveKernel(params, 0));
    }
    case 'modifiedBetaGeo': {
      const { params } = readParams(ctx, fit, MODELS, BETA_GEO_PARAMS);
      return mapCustomers(readCustomers(ctx, customers), modifiedBetaGeo.probabilityAliveKernel(params));
    }
    case 'betaGeoBetaBinom': {
      const { params } = readParams(ctx, fit, MODELS, betaGeoBetaBinom.BGBB_PARAMS);
      return mapCustomers(readCustomers(ctx, customers, { ageField: 'n' }), betaGeoBetaBinom.probabilityAliveKernel(params));
    }
    case 'paretoNbd': {
      const { params } = readParams(ctx, fit, MODELS, paretoNbd.PARETO_NBD_PARAMS);
      return mapCustomers(readCustomers(ctx, customers), paretoNbd.probabilityAliveKernel(params));
    }
    default:
      return fail(ctx, 'fit.model', `one of ${MODELS.join(', ')}`, model);
  }
}
