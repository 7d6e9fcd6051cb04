import { fail, noExtraArguments, own } from '../core/_validate.js';
import { type FitOptions, fitMaximumLikelihood, type ModelFit, readColumns, readFitOptions, weightsFor } from './_fit.js';
import { GAMMA_GAMMA_PARAMS, type GammaGammaParam, frequencyMonetaryCorrelation, gammaGammaData, gammaGammaNegativeLogLikelihood, meanSpend } from './_gammaGamma.js';

export type { GammaGammaParam };

/**
 * One customer as {@link fitGammaGamma} reads it (the shape `rfmSummary` returns; other fields such as
 * `customerId`, `recency` and `T` are allowed and ignored).
 * @category models
 */
export interface GammaGammaCustomer {
  /** Repeat purchases (a non-negative integer). Customers with 0 are left out of the fit and counted. */
  readonly frequency: number;
  /** Mean amount of the repeat purchases: > 0 for a repeat buyer (0 or any amount >= 0 when frequency is 0). */
  readonly monetaryValue: number;
}

/**
 * The same customers as parallel columns (arrays or typed arrays of equal length); `{ columns }` (the
 * column form of `rfmSummary`) is accepted too.
 * @category models
 */
export interface GammaGammaColumns {
  /** Repeat purchases per customer. */
  readonly frequency: ArrayLike<number>;
  /** Mean repeat spend per customer. */
  readonly monetaryValue: ArrayLike<number>;
}

/**
 * Options of {@link fitGammaGamma}: the options every fit shares (`weights` count identical customers, one
 * weight per row, including the rows with frequency 0; `maxIterations`, `timeBudgetMs`, `signal` and
 * `onProgress` bound and follow the fit, see {@link FitOptions}), and what to do with repeat buyers whose
 * repeat orders were all free.
 * @category models
 */
export interface FitGammaGammaOptions extends FitOptions<GammaGammaParam> {
  /**
   * Repeat buyers with `monetaryValue` 0 (every repeat order free: samples, vouchers, 100 % discounts). The
   * model's spends are positive, so they cannot be fitted. `'refuse'` (default) throws naming the first one;
   * `'exclude'` leaves them out of the fit and counts them in `excludedZeroSpend` (what lifetimes users do by
   * hand with `summary[summary.monetary_value > 0]`).
   */
  readonly zeroSpend?: 'refuse' | 'exclude';
}

/**
 * A fitted Gamma-Gamma spend model: the common fit fields plus the customers left out and the
 * frequency-spend correlation that checks the model's independence assumption. `customers` and `rows`
 * count the repeat buyers fitted (weights summed, rows of positive weight).
 * @category models
 */
export interface GammaGammaFit extends ModelFit<'gammaGamma', GammaGammaParam> {
  /** Customers with frequency 0 (sum of their weights): left out, the model has no spend of theirs to fit. */
  readonly excludedCustomers: number;
  /**
   * Repeat buyers with monetary value 0 (sum of their weights) left out with `zeroSpend: 'exclude'`; 0
   * otherwise. They are not in `customers` nor in `excludedCustomers`.
   */
  readonly excludedZeroSpend: number;
  /**
   * Pearson correlation of frequency and monetary value over the repeat buyers (weighted). The model
   * assumes spend independent of the purchase process: a value far from 0 says the assumption is doubtful
   * (Fader, Hardie & Lee 2005 report 0.11 on CDNOW). null when either has no variance.
   */
  readonly frequencyMonetaryCorrelation: number | null;
}

/**
 * Fits the Gamma-Gamma model of spend per transaction (Colombo & Jiang 1999; Fader, Hardie & Lee 2005;
 * Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary Value") by maximum likelihood.
 *
 * Model: a customer's transaction values are gamma(p, ν) around their own mean p/ν; ν is gamma(q, γ)
 * across customers; spend is independent of the number and timing of transactions. The data of a repeat
 * buyer is their mean spend m over x repeat transactions, whose density is (note, eq. 1a)
 * f(m | x) = Γ(px + q) / (Γ(px) Γ(q)) · γ^q m^(px−1) x^(px) / (γ + m x)^(px+q).
 *
 * Only repeat buyers (frequency > 0) are fitted, as in the note and in lifetimes / CLVTools; customers with
 * frequency 0 are left out and counted in `excludedCustomers`. Repeat buyers whose repeat orders were all
 * free (monetary value 0) cannot be fitted (the model's spends are positive): they are refused unless
 * `zeroSpend: 'exclude'` leaves them out and counts them in `excludedZeroSpend`. The log-likelihood is maximised over
 * ln p, ln q, ln γ with the analytic gradient (terms in Γ and ψ computed once per distinct frequency).
 * On the 946 repeat buyers of the CDNOW sample this gives the published p = 6.25, q = 3.74, γ = 15.44.
 *
 * Check the independence assumption before using the model for CLV: `frequencyMonetaryCorrelation`
 * should be near 0.
 *
 * Identification: when the repeat buyers' spend rates are alike, the likelihood rises along the ridge
 * q, gamma -> infinity with q/gamma fixed (no heterogeneity to estimate); that is reported as
 * `CONVERGENCE_FAILURE` naming q and gamma, on every runtime, not as a fit with huge q and gamma.
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a frequency that is not a non-negative integer, a
 * monetary value that is negative or not finite, a repeat buyer with monetaryValue 0 (unless
 * `zeroSpend: 'exclude'`), fewer than two
 * different monetary values among the repeat buyers (the model cannot be estimated), bad options;
 * `INCONSISTENT_INPUT` for columns or weights of different lengths; `EMPTY_POPULATION` with no repeat
 * buyer of positive weight; `CONVERGENCE_FAILURE` (with a hint) when the optimiser fails.
 * @example
 * ```ts
 * import { fitGammaGamma } from 'loyalty-metrics';
 * const customers = [
 *   { frequency: 2, monetaryValue: 22.35 }, { frequency: 1, monetaryValue: 11.77 },
 *   { frequency: 0, monetaryValue: 0 }, { frequency: 7, monetaryValue: 73.74 },
 *   { frequency: 2, monetaryValue: 25.55 }, { frequency: 5, monetaryValue: 29.44 },
 *   { frequency: 3, monetaryValue: 40.1 }, { frequency: 1, monetaryValue: 18 },
 * ];
 * const fit = fitGammaGamma(customers);
 * fit.model //=> 'gammaGamma'
 * fit.customers //=> 7
 * fit.excludedCustomers //=> 1
 * Object.keys(fit.params) //=> ["p", "q", "gamma"]
 * // A repeat buyer whose orders were all free is refused, unless left out and counted:
 * const withFree = fitGammaGamma([...customers, { frequency: 3, monetaryValue: 0 }], { zeroSpend: 'exclude' });
 * withFree.excludedZeroSpend //=> 1
 * withFree.params.p === fit.params.p //=> true
 * ```
 * @category models
 */
export function fitGammaGamma(summary: readonly GammaGammaCustomer[] | GammaGammaColumns | { readonly columns: GammaGammaColumns }, options?: FitGammaGammaOptions): GammaGammaFit {
  const ctx = { fn: 'fitGammaGamma' };
  noExtraArguments(ctx, arguments, 2);
  const read = readFitOptions(ctx, options, GAMMA_GAMMA_PARAMS, ['zeroSpend']);
  const zeroSpend = own(read.raw, 'zeroSpend') ?? 'refuse';
  if (zeroSpend !== 'refuse' && zeroSpend !== 'exclude') fail(ctx, 'options.zeroSpend', "'refuse' or 'exclude'", zeroSpend);
  const rows = Array.isArray(summary);
  const { columns, length } = readColumns(ctx, summary, ['frequency', 'monetaryValue'] as const, (field, value, path) => {
    if (field === 'frequency') {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(ctx, path, 'a non-negative integer (repeat purchases)', value);
      return value;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(ctx, path, 'a finite amount >= 0 (mean repeat spend)', value);
    return value;
  });
  const { weights } = weightsFor(ctx, read.weights, length);
  let repeat = 0;
  let excluded = 0;
  let excludedZeroSpend = 0;
  for (let i = 0; i < length; i++) {
    if ((columns.frequency[i] as number) === 0) {
      excluded += weights[i] as number;
      continue;
    }
    if ((columns.monetaryValue[i] as number) === 0) {
      if (zeroSpend === 'exclude') {
        excludedZeroSpend += weights[i] as number;
        continue;
      }
      fail(ctx, rows ? `summary[${i}].monetaryValue` : `summary.monetaryValue[${i}]`, "a positive amount for a repeat buyer (frequency > 0), or options.zeroSpend: 'exclude' to leave repeat buyers whose orders were all free out of the fit", 0);
    }
    if ((weights[i] as number) > 0) repeat++;
  }
  const x = new Float64Array(repeat);
  const m = new Float64Array(repeat);
  const w = new Float64Array(repeat);
  let k = 0;
  let distinct = false;
  for (let i = 0; i < length; i++) {
    if ((columns.frequency[i] as number) === 0 || (weights[i] as number) === 0 || (columns.monetaryValue[i] as number) === 0) continue;
    x[k] = columns.frequency[i] as number;
    m[k] = columns.monetaryValue[i] as number;
    w[k] = weights[i] as number;
    if (m[k] !== m[0]) distinct = true;
    k++;
  }
  if (repeat === 0) fail(ctx, 'summary', 'customers with at least one repeat buyer (frequency > 0) of positive weight: the spend model fits repeat buyers only', `${length} rows`, 'EMPTY_POPULATION');
  if (!distinct) fail(ctx, 'summary', 'repeat buyers with at least two different monetary values (with one value the spend distribution cannot be estimated)', `${repeat} repeat buyers, all with monetaryValue ${m[0]}`);
  const data = gammaGammaData(x, m, w);
  const scale = meanSpend(data);
  const fit = fitMaximumLikelihood({
    ctx,
    model: 'gammaGamma',
    names: GAMMA_GAMMA_PARAMS,
    // gamma is a rate of spend: its scale is the mean spend (q/gamma ~ p/mean), so the start and the bounds
    // follow the currency unit (dollars or cents take the same path). The ridge q, gamma -> infinity with
    // q/gamma fixed (spend rates alike across customers) is a bound, reported as such on every runtime.
    start: [1, 1, scale],
    restarts: [
      [1, 2, 2 * scale],
      [4, 4, 4 * scale],
    ],
    scales: [1, 1, scale],
    rowsAre: 'repeat buyers',
    negativeLogLikelihood: gammaGammaNegativeLogLikelihood(data),
    analyticGradient: true,
    options: read,
    customers: data.total,
    rows: repeat,
  });
  return Object.freeze({ ...fit, excludedCustomers: excluded, excludedZeroSpend, frequencyMonetaryCorrelation: frequencyMonetaryCorrelation(data, m) });
}
