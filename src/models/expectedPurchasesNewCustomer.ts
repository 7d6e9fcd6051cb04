import { type Ctx, fail, noExtraArguments } from '../core/_validate.js';
import * as betaGeo from './_betaGeo.js';
import { BETA_GEO_PARAMS } from './_betaGeo.js';
import { readParams } from './_fit.js';
import * as betaGeoBetaBinom from './_betaGeoBetaBinom.js';
import * as modifiedBetaGeo from './_modifiedBetaGeo.js';
import * as paretoNbd from './_paretoNbd.js';
import { horizon, modelOf, type TransactionModelFit } from './_predict.js';

/**
 * Options of {@link expectedPurchasesNewCustomer}.
 * @category models
 */
export interface ExpectedPurchasesNewCustomerOptions {
  /**
   * Time since acquisition, in the model's time unit: a finite number >= 0. For a BG/BB fit, the number
   * of transaction opportunities since acquisition (an integer).
   */
  readonly t: number;
}

/** The model tags with this prediction; a new model adds its tag here and one case below. */
const MODELS = ['betaGeo', 'modifiedBetaGeo', 'betaGeoBetaBinom', 'paretoNbd'] as const;

/**
 * Expected number of repeat purchases E[X(t)] in the first t time units of a customer acquired at time 0
 * (a randomly chosen new customer; the building block of tracking plots and of cohort projections).
 *
 * Generic over the fit's `model` tag:
 * - `'betaGeo'` ({@link fitBetaGeo}, Fader, Hardie & Lee 2005, eq. 9):
 *   (a+b−1)/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b; a+b−1; t/(α+t))].
 * - `'modifiedBetaGeo'` ({@link fitModifiedBetaGeo}): b/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b+1; a+b; t/(α+t))].
 * - `'betaGeoBetaBinom'` ({@link fitBetaGeoBetaBinom}, Fader, Hardie & Shang 2010, eq. 9): E[X(n)] over the
 *   first n = t opportunities (an integer), α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)Γ(1+δ+n)/(Γ(γ+δ+n)Γ(1+δ))],
 *   computed as α/(α+β) · Σ_{s=1}^{n} B(γ, δ+s)/B(γ,δ) (term by term up to 64, then the closed form with
 *   ln Γ ratios that stay exact at γ = 1, where the printed form is 0/0).
 * - `'paretoNbd'` ({@link fitParetoNbd}, Schmittlein et al. 1987; Fader & Hardie 2005 note):
 *   r β / (α (s−1)) · [1 − (β/(β+t))^(s−1)], taken in log space as r/α · β · L · (1 − e^−(s−1)L)/((s−1)L) with
 *   L = ln(1 + t/β), so s = 1 is its limit r β/α · ln(1 + t/β).
 *
 * Both are the conditional expectation of {@link expectedPurchases} at x = t_x = T = 0, computed with the
 * same stable series (finite at a = 1).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a fit that is not one of the models above (naming
 * `fit.model`) or with a missing or non-positive parameter, or a t that is not a finite number >= 0;
 * `UNDEFINED_RESULT` when t is so long relative to alpha that the series does not converge; for a BG/BB
 * fit, `INVALID_INPUT` for a t that is not an integer.
 * @example
 * ```ts
 * import { expectedPurchasesNewCustomer } from 'loyalty-metrics';
 * const fit = { model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
 * expectedPurchasesNewCustomer(fit, { t: 39 }).toFixed(4) //=> '1.1967'
 * expectedPurchasesNewCustomer(fit, { t: 78 }).toFixed(4) //=> '1.8605'
 * ```
 * @example
 * ```ts
 * import { expectedPurchasesNewCustomer } from 'loyalty-metrics';
 * // BG/BB, annual donations: repeat gifts per new donor over the first 6 and 11 appeals.
 * const donors = { model: 'betaGeoBetaBinom', params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 } };
 * expectedPurchasesNewCustomer(donors, { t: 6 }).toFixed(3) //=> '2.220'
 * expectedPurchasesNewCustomer(donors, { t: 11 }).toFixed(3) //=> '3.388'
 * ```
 * @example
 * ```ts
 * import { expectedPurchasesNewCustomer } from 'loyalty-metrics';
 * // Pareto/NBD, the parameters of BTYD's pnbd.Expectation example (weeks); BTYD prints 0.09916088.
 * const pnbd = { model: 'paretoNbd', params: { r: 0.55, alpha: 10.56, s: 0.61, beta: 11.64 } };
 * expectedPurchasesNewCustomer(pnbd, { t: 2 }).toFixed(8) //=> '0.09916088'
 * ```
 * @category models
 */
export function expectedPurchasesNewCustomer(fit: TransactionModelFit, options: ExpectedPurchasesNewCustomerOptions): number {
  const ctx: Ctx = { fn: 'expectedPurchasesNewCustomer' };
  noExtraArguments(ctx, arguments, 2);
  const model = modelOf(ctx, fit, MODELS);
  const t = horizon(ctx, options);
  switch (model) {
    case 'betaGeo':
      return betaGeo.expectedPurchasesNewCustomer(ctx, readParams(ctx, fit, MODELS, BETA_GEO_PARAMS).params, 0, t);
    case 'modifiedBetaGeo':
      return modifiedBetaGeo.expectedPurchasesNewCustomer(ctx, readParams(ctx, fit, MODELS, BETA_GEO_PARAMS).params, t);
    case 'betaGeoBetaBinom': {
      const { params } = readParams(ctx, fit, MODELS, betaGeoBetaBinom.BGBB_PARAMS);
      return betaGeoBetaBinom.bgbbExpectedPurchasesNewCustomer(params, betaGeoBetaBinom.opportunities(ctx, 'options.t', t));
    }
    case 'paretoNbd':
      return paretoNbd.expectedPurchasesNewCustomer(readParams(ctx, fit, MODELS, paretoNbd.PARETO_NBD_PARAMS).params, t);
    default:
      return fail(ctx, 'fit.model', `one of ${MODELS.join(', ')}`, model);
  }
}
