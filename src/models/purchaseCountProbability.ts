import { type Ctx, count, fail, finiteNumber, noExtraArguments, own, record } from '../core/_validate.js';
import * as betaGeo from './_betaGeo.js';
import { BETA_GEO_PARAMS } from './_betaGeo.js';
import { readParams } from './_fit.js';
import * as betaGeoBetaBinom from './_betaGeoBetaBinom.js';
import * as modifiedBetaGeo from './_modifiedBetaGeo.js';
import * as paretoNbd from './_paretoNbd.js';
import { MAX_OPPORTUNITIES, modelOf, type TransactionModelFit } from './_predict.js';

/**
 * Input of {@link purchaseCountProbability}.
 * @category models
 */
export interface PurchaseCountProbabilityInput {
  /**
   * Time since acquisition, in the model's time unit: a finite number >= 0. For a BG/BB fit, the number of
   * transaction opportunities since acquisition (an integer).
   */
  readonly t: number;
  /** The number of repeat purchases: a non-negative integer. */
  readonly n: number;
}

/** The model tags with this prediction; a new model adds its tag here and one case below. */
const MODELS = ['betaGeo', 'modifiedBetaGeo', 'betaGeoBetaBinom', 'paretoNbd'] as const;

/**
 * The probability P(X(t) = n) that a customer just acquired makes exactly n repeat purchases in (0, t]:
 * the model's count distribution (PMF), summing to 1 over n = 0, 1, 2, ...
 *
 * Generic over the fit's `model` tag:
 * - `'betaGeo'` ({@link fitBetaGeo}, Fader, Hardie & Lee 2005, eq. 8):
 *   B(a, b+n)/B(a, b) · NB(n) + [n > 0] · B(a+1, b+n−1)/B(a, b) · P(NB >= n),
 *   NB(n) = Γ(r+n)/(Γ(r) n!) · (α/(α+t))^r · (t/(α+t))^n the gamma-Poisson count; P(NB >= n) is taken from
 *   the regularised incomplete beta function I_{t/(α+t)}(n, r) in log space, not as 1 − a sum (which loses
 *   every digit when the sum is near 1).
 * - `'modifiedBetaGeo'` ({@link fitModifiedBetaGeo}): B(a, b+n+1)/B(a, b) · NB(n) + B(a+1, b+n)/B(a, b) ·
 *   P(NB >= n), derived like eq. 8 with the extra dropout chance at time 0 (alive at t after n + 1 survived
 *   chances, or dropped right after the n-th repeat purchase, made before t). Batislam et al. (2007) do
 *   not print it; it sums to 1 and its mean is {@link expectedPurchasesNewCustomer}, which the tests check.
 * - `'paretoNbd'` ({@link fitParetoNbd}; Fader & Hardie, "Deriving an expression for P(X(t) = x) under the
 *   Pareto/NBD model"): NB(n; t) · (β/(β+t))^s + Γ(r+n)/(Γ(r) n!) · α^r β^s s · ∫₀^t τⁿ (α+τ)^−(r+n) (β+τ)^−(s+1) dτ
 *   (alive through t, or dead at τ < t after n purchases). The note expands the integral into a difference
 *   of sums of 2F1 terms, which cancels badly for large n; here it is integrated numerically (adaptive
 *   Gauss–Kronrod, split at the integrand's mode, in scaled log space), to about 1e-13 relative.
 * - `'betaGeoBetaBinom'` ({@link fitBetaGeoBetaBinom}, Fader, Hardie & Shang 2010, eq. 8): P(X(t) = n) for
 *   n transactions in the first t opportunities (an integer t <= 1,000,000):
 *   C(t,n) B(α+n, β+t−n)/B(α,β) · B(γ, δ+t)/B(γ,δ) + Σ_{i=n}^{t−1} C(i,n) B(α+n, β+i−n)/B(α,β) · B(γ+1, δ+i)/B(γ,δ),
 *   summed in log space; it sums to 1 over n = 0..t and is 0 for n > t (more transactions than opportunities).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a fit that is not one of the models above (naming
 * `fit.model`) or with a missing or non-positive parameter, a t that is not a finite number >= 0, or an n
 * that is not a non-negative integer; for a BG/BB fit also a t that is not an integer or exceeds 1,000,000.
 * @example
 * ```ts
 * import { purchaseCountProbability } from 'loyalty-metrics';
 * const fit = { model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
 * // Share of new CDNOW customers with 0, 1, 2 repeat purchases in their first 39 weeks.
 * [0, 1, 2].map((n) => purchaseCountProbability(fit, { t: 39, n }).toFixed(3)) //=> ["0.574", "0.199", "0.085"]
 * ```
 * @example
 * ```ts
 * import { purchaseCountProbability } from 'loyalty-metrics';
 * // The same with Pareto/NBD (Fader & Hardie's CDNOW estimates, weeks).
 * const pnbd = { model: 'paretoNbd', params: { r: 0.5534, alpha: 10.5776, s: 0.6061, beta: 11.665 } };
 * [0, 1, 2].map((n) => purchaseCountProbability(pnbd, { t: 39, n }).toFixed(3)) //=> ["0.593", "0.166", "0.083"]
 * ```
 * @example
 * ```ts
 * import { purchaseCountProbability } from 'loyalty-metrics';
 * // BG/BB: of 11,104 new donors, how many give again in none and in all of the next 6 annual appeals, at
 * // the rounded published parameters (at the unrounded estimates Fader & Hardie's spreadsheet has 3,454.9
 * // and 1,253.1).
 * const donors = { model: 'betaGeoBetaBinom', params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 } };
 * [0, 6].map((n) => (11104 * purchaseCountProbability(donors, { t: 6, n })).toFixed(0)) //=> ["3456", "1252"]
 * ```
 * @category models
 */
export function purchaseCountProbability(fit: TransactionModelFit, input: PurchaseCountProbabilityInput): number {
  const ctx: Ctx = { fn: 'purchaseCountProbability' };
  noExtraArguments(ctx, arguments, 2);
  const model = modelOf(ctx, fit, MODELS);
  const checked = record(ctx, 'input', input, ['t', 'n']);
  const t = finiteNumber(ctx, 't', own(checked, 't'), { min: 0, max: 1e15 });
  const n = count(ctx, 'n', own(checked, 'n'));
  switch (model) {
    case 'betaGeo':
      return betaGeo.purchaseCountProbability(readParams(ctx, fit, MODELS, BETA_GEO_PARAMS).params, 0, t, n);
    case 'modifiedBetaGeo':
      return modifiedBetaGeo.purchaseCountProbability(readParams(ctx, fit, MODELS, BETA_GEO_PARAMS).params, t, n);
    case 'betaGeoBetaBinom': {
      const { params } = readParams(ctx, fit, MODELS, betaGeoBetaBinom.BGBB_PARAMS);
      const opportunities = betaGeoBetaBinom.opportunities(ctx, 't', t);
      if (opportunities > MAX_OPPORTUNITIES) fail(ctx, 't', `at most ${MAX_OPPORTUNITIES} opportunities for a BG/BB fit`, t);
      return betaGeoBetaBinom.bgbbPurchaseCountProbability(params, opportunities, n);
    }
    case 'paretoNbd':
      return paretoNbd.purchaseCountProbability(readParams(ctx, fit, MODELS, paretoNbd.PARETO_NBD_PARAMS).params, t, n);
    default:
      return fail(ctx, 'fit.model', `one of ${MODELS.join(', ')}`, model);
  }
}
