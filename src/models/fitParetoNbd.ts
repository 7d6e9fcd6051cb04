import type { FitOptions, ModelFit } from './_fit.js';
import { fitParetoNbdData, type ParetoNbdParam } from './_paretoNbd.js';
import type { CustomerHistories } from './_predict.js';

/**
 * The parameter names of a Pareto/NBD fit: purchase rates λ ~ Gamma(shape r, rate alpha), dropout rates
 * μ ~ Gamma(shape s, rate beta).
 * @category models
 */
export type ParetoNbdParamName = 'r' | 'alpha' | 's' | 'beta';

/**
 * Options of {@link fitParetoNbd}: the common fit options, with `initialParams` over r, alpha, s, beta
 * (default start r = s = 1, alpha = beta = the mean T), and the bounds and progress of every fit
 * (`maxIterations`, `timeBudgetMs`, `signal`, `onProgress`; see {@link FitOptions}).
 * @category models
 */
export type ParetoNbdFitOptions = FitOptions<ParetoNbdParamName>;

/**
 * A Pareto/NBD fit: `params` `{ r, alpha, s, beta }` (alpha and beta in the data's time unit), the
 * log-likelihood, standard errors and the summary table. Frozen, JSON-serialisable.
 * @category models
 */
export type ParetoNbdFit = ModelFit<'paretoNbd', ParetoNbdParamName>;

/**
 * Fits the Pareto/NBD model of Schmittlein, Morrison & Colombo (1987, "Counting your customers") by
 * maximum likelihood: while alive a customer buys at a Poisson rate λ and drops out at an exponentially
 * distributed time of rate μ (at any moment, not only after a purchase as in BG/NBD);
 * λ ~ Gamma(r, alpha) and μ ~ Gamma(s, beta) across customers. For non-contractual repeat buying where
 * dropout is unobserved; the BTYD and CLVTools `pnbd`, lifetimes' ParetoNBDFitter.
 *
 * Log-likelihood per customer (Fader & Hardie 2005, "A note on deriving the Pareto/NBD model and related
 * expressions", eq. 22–23), written with the integral it comes from:
 *   ln Γ(r+x) − ln Γ(r) + r ln α + s ln β + ln[(α+T)^−(r+x) (β+T)^−s + s ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ].
 * The integral (the note's A₀ / (r+s+x)) is the difference of two Gaussian hypergeometric terms, which are
 * evaluated after Euler's transformation as positive series bounded by 1/(1−z): exact and finite for any
 * frequency (the naive series overflow beyond about 300 purchases), continuous through alpha = beta, and
 * with an analytic gradient. Where the series argument |α−β|/(max(α,β)+t_x) exceeds 0.75 (very unequal
 * alpha and beta, which the optimiser may try on its way, or data where they are that far apart) the
 * integral is computed by adaptive Gauss–Kronrod quadrature instead, once per evaluation for all the
 * customers with no repeat purchase (they share it). Identical (x, t_x, T) rows are merged into weights first and BFGS on the
 * log-parameters uses the analytic gradient: CDNOW fits in tens of milliseconds. The sum over rows is
 * compensated, so that on large bases the optimiser still sees the last gains near the maximum and stops at
 * its strict gradient test: 200,000 customers (about 83,000 distinct rows) fit in about 3 s. A long fit
 * reports its progress (`onProgress`) and can be bounded (`maxIterations`, `timeBudgetMs`, `signal`).
 *
 * Identification: beta (and with it s) is weakly identified on typical data (CDNOW: beta = 11.7 with a
 * standard error near 6); predictions are much more stable than the parameters. Compare fits through the
 * log-likelihood and the predictions, not through beta.
 *
 * Time unit: recency and T are in one unit of your choice (weeks in the paper); alpha and beta come out in
 * that unit and every prediction's t must use it. Say the unit with `options.timeUnit` so that model CLV
 * can check it.
 *
 * Degenerate data: fewer than 2 customers (sum of weights) or no repeat buyer is refused with
 * `EMPTY_POPULATION`; data the optimiser cannot maximise (a handful of customers often drive beta to 0 or
 * infinity) gives `CONVERGENCE_FAILURE` with a hint (a small `penalizer` usually helps).
 *
 * @throws {@link MetricError} `INVALID_INPUT` when the summary is not an array of customers or an object
 * of columns, a frequency is not a non-negative integer, a recency is negative or not finite, a T is not
 * a finite number > 0, or an option is invalid; `INCONSISTENT_INPUT` for recency > T, frequency 0 with
 * recency > 0, or columns (or weights) of different lengths; `EMPTY_POPULATION` as above;
 * `CONVERGENCE_FAILURE` when the optimiser fails (`requireConvergence: false` returns the last point).
 * @example
 * ```ts
 * import { expectedPurchases, fitParetoNbd, probabilityAlive } from 'loyalty-metrics';
 * // Twelve customers in weeks: frequency (repeat purchases), recency, T.
 * const summary = [
 *   { frequency: 2, recency: 30.43, T: 38.86 }, { frequency: 1, recency: 1.71, T: 38.86 },
 *   { frequency: 0, recency: 0, T: 38.86 }, { frequency: 0, recency: 0, T: 38.86 },
 *   { frequency: 0, recency: 0, T: 38.86 }, { frequency: 7, recency: 29.43, T: 38.86 },
 *   { frequency: 1, recency: 5, T: 38.86 }, { frequency: 0, recency: 0, T: 38.86 },
 *   { frequency: 2, recency: 35.71, T: 38.86 }, { frequency: 0, recency: 0, T: 38.86 },
 *   { frequency: 5, recency: 24.43, T: 38.71 }, { frequency: 0, recency: 0, T: 38.71 },
 * ];
 * const fit = fitParetoNbd(summary, { timeUnit: 'week' });
 * fit.model //=> 'paretoNbd'
 * fit.logLikelihood.toFixed(2) //=> '-69.63'
 * Object.keys(fit.params) //=> ["r", "alpha", "s", "beta"]
 * probabilityAlive(fit, summary[5]) > probabilityAlive(fit, summary[1]) //=> true
 * expectedPurchases(fit, summary[5], { t: 39 }) > expectedPurchases(fit, summary[1], { t: 39 }) //=> true
 * ```
 * @category models
 */
export function fitParetoNbd(summary: CustomerHistories, options?: ParetoNbdFitOptions): ParetoNbdFit {
  return fitParetoNbdData({ fn: 'fitParetoNbd' }, summary, options);
}
