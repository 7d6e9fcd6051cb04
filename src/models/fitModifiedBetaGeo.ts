import { fitBetaGeoFamily } from './_betaGeo.js';
import type { ModelFit } from './_fit.js';
import type { CustomerHistories } from './_predict.js';
import type { BetaGeoFitOptions, BetaGeoParamName } from './fitBetaGeo.js';

/**
 * An MBG/NBD fit: `params` `{ r, alpha, a, b }` (alpha in the data's time unit), the log-likelihood,
 * standard errors and the summary table. Frozen, JSON-serialisable.
 * @category models
 */
export type ModifiedBetaGeoFit = ModelFit<'modifiedBetaGeo', BetaGeoParamName>;

/**
 * Fits the MBG/NBD model (Batislam, Denizel & Filiztekin 2007; the `mbgnbd` functions of BTYDplus and
 * lifetimes' ModifiedBetaGeoFitter) by maximum likelihood. As BG/NBD ({@link fitBetaGeo}), with one
 * change: a customer may drop out right after *every* purchase, the first one (time 0) included. So a
 * customer with no repeat purchase is not certainly alive (BG/NBD says P(alive) = 1 for them, which
 * overstates the value of one-time buyers); use it when many customers buy once and never return.
 *
 * Log-likelihood per customer (Batislam et al. 2007; BTYDplus `mbgnbd.LL`):
 *   ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x+1) − ln B(a, b) + ln((α+T)^−(r+x) + a/(b+x) · (α+t_x)^−(r+x)),
 * maximised like BG/NBD (compressed rows, analytic gradient, BFGS on log-parameters). Same time-unit rule
 * (alpha is in the data's unit; predictions use it) and the same refusal of degenerate data.
 *
 * @throws {@link MetricError} `INVALID_INPUT` when the summary is not an array of customers or an object
 * of columns, a frequency is not a non-negative integer, a recency is negative or not finite, a T is not
 * a finite number > 0, or an option is invalid; `INCONSISTENT_INPUT` for recency > T, frequency 0 with
 * recency > 0, or columns (or weights) of different lengths; `EMPTY_POPULATION` for fewer than 2
 * customers or no repeat buyer; `CONVERGENCE_FAILURE` when the optimiser fails.
 * @example
 * ```ts
 * import { fitBetaGeo, fitModifiedBetaGeo, probabilityAlive } from 'loyalty-metrics';
 * const rows = [
 *   { frequency: 0, recency: 0, T: 38 }, { frequency: 1, recency: 20, T: 38 },
 *   { frequency: 2, recency: 30, T: 38 }, { frequency: 4, recency: 36, T: 38 },
 *   { frequency: 1, recency: 2, T: 36 }, { frequency: 6, recency: 10, T: 36 },
 *   { frequency: 3, recency: 33, T: 35 }, { frequency: 0, recency: 0, T: 35 },
 * ];
 * const weights = [120, 30, 18, 8, 25, 3, 9, 110];
 * const fit = fitModifiedBetaGeo(rows, { weights, timeUnit: 'week' });
 * fit.model //=> 'modifiedBetaGeo'
 * fit.logLikelihood.toFixed(2) //=> '-835.26'
 * // A one-time buyer of 38 weeks ago: certainly alive for BG/NBD, probably gone for MBG/NBD.
 * probabilityAlive(fitBetaGeo(rows, { weights }), rows[0]) //=> 1
 * probabilityAlive(fit, rows[0]).toFixed(2) //=> '0.32'
 * ```
 * @category models
 */
export function fitModifiedBetaGeo(summary: CustomerHistories, options?: BetaGeoFitOptions): ModifiedBetaGeoFit {
  return fitBetaGeoFamily({ fn: 'fitModifiedBetaGeo' }, 'modifiedBetaGeo', 1, summary, options);
}
