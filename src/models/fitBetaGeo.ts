import { fitBetaGeoFamily } from './_betaGeo.js';
import type { FitOptions, ModelFit } from './_fit.js';
import type { CustomerHistories } from './_predict.js';

/**
 * The parameter names of BG/NBD and MBG/NBD fits: purchase rates λ ~ Gamma(shape r, rate alpha), dropout
 * probabilities p ~ Beta(a, b).
 * @category models
 */
export type BetaGeoParamName = 'r' | 'alpha' | 'a' | 'b';

/**
 * Options of {@link fitBetaGeo} and {@link fitModifiedBetaGeo}: the common fit options, with
 * `initialParams` over r, alpha, a, b (default start r = 1, alpha = the mean T, a = 0.5, b = 1), and the
 * bounds and progress of every fit (`maxIterations`, `timeBudgetMs`, `signal`, `onProgress`; see {@link FitOptions}).
 * @category models
 */
export type BetaGeoFitOptions = FitOptions<BetaGeoParamName>;

/**
 * A BG/NBD fit: `params` `{ r, alpha, a, b }` (alpha in the data's time unit), the log-likelihood,
 * standard errors and the summary table. Frozen, JSON-serialisable.
 * @category models
 */
export type BetaGeoFit = ModelFit<'betaGeo', BetaGeoParamName>;

/**
 * Fits the BG/NBD ("beta-geometric / negative binomial distribution") model of Fader, Hardie & Lee (2005,
 * "Counting your customers the easy way") by maximum likelihood: while alive a customer buys at a
 * Poisson rate λ, after each repeat purchase drops out with probability p; λ ~ Gamma(r, alpha) and
 * p ~ Beta(a, b) across customers. For non-contractual repeat buying (retail, e-commerce) where dropout is
 * unobserved; Pareto/NBD lets customers drop out at any time instead, MBG/NBD ({@link fitModifiedBetaGeo})
 * also right after the first purchase.
 *
 * Log-likelihood per customer (FHL 2005 eq. 6, in log space as in their 2008 note):
 *   ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b) + ln((α+T)^−(r+x) + [x>0] · a/(b+x−1) · (α+t_x)^−(r+x)).
 * Identical (x, t_x, T) rows are merged into weights first (CDNOW's 2,357 customers become 1,016
 * rows), the gamma terms are computed once per distinct frequency, and BFGS on the log-parameters uses
 * the analytic gradient (digamma terms), so the CDNOW fit takes about 4 ms.
 *
 * Time unit: recency and T are in one unit of your choice (weeks in the paper); alpha comes out in that
 * unit and every prediction's t must use it. Fitting in days instead of weeks multiplies alpha by 7 and
 * changes no prediction. Say the unit with `options.timeUnit` so that model CLV can check it.
 *
 * Degenerate data: fewer than 2 customers (sum of weights) or no repeat buyer at all is refused with
 * `EMPTY_POPULATION` before optimising (with no repeat purchase the likelihood grows without bound
 * towards a → 0 and has no maximum); any other data the optimiser cannot maximise gives
 * `CONVERGENCE_FAILURE` with a hint.
 *
 * @throws {@link MetricError} `INVALID_INPUT` when the summary is not an array of customers or an object
 * of columns, a frequency is not a non-negative integer, a recency is negative or not finite, a T is not
 * a finite number > 0, or an option is invalid; `INCONSISTENT_INPUT` for recency > T, frequency 0 with
 * recency > 0, or columns (or weights) of different lengths; `EMPTY_POPULATION` as above;
 * `CONVERGENCE_FAILURE` when the optimiser fails (with a hint; `requireConvergence: false` returns the
 * last point instead).
 * @example
 * ```ts
 * import { expectedPurchases, fitBetaGeo, probabilityAlive } from 'loyalty-metrics';
 * // 323 customers in weeks, as 8 distinct (frequency, recency, T) rows with counts as weights.
 * const rows = [
 *   { frequency: 0, recency: 0, T: 38 }, { frequency: 1, recency: 20, T: 38 },
 *   { frequency: 2, recency: 30, T: 38 }, { frequency: 4, recency: 36, T: 38 },
 *   { frequency: 1, recency: 2, T: 36 }, { frequency: 6, recency: 10, T: 36 },
 *   { frequency: 3, recency: 33, T: 35 }, { frequency: 0, recency: 0, T: 35 },
 * ];
 * const fit = fitBetaGeo(rows, { weights: [120, 30, 18, 8, 25, 3, 9, 110], timeUnit: 'week' });
 * fit.model //=> 'betaGeo'
 * fit.customers //=> 323
 * fit.logLikelihood.toFixed(2) //=> '-834.77'
 * Object.keys(fit.params) //=> ["r", "alpha", "a", "b"]
 * // Six purchases, silent for 26 weeks, versus four purchases, the last 2 weeks ago:
 * probabilityAlive(fit, rows[5]).toFixed(2) //=> '0.09'
 * probabilityAlive(fit, rows[3]).toFixed(2) //=> '0.91'
 * expectedPurchases(fit, rows[3], { t: 10 }).toFixed(2) //=> '0.79'
 * ```
 * @category models
 */
export function fitBetaGeo(summary: CustomerHistories, options?: BetaGeoFitOptions): BetaGeoFit {
  return fitBetaGeoFamily({ fn: 'fitBetaGeo' }, 'betaGeo', 0, summary, options);
}
