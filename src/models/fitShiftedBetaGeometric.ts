import { fail, noExtraArguments, own, record } from '../core/_validate.js';
import { type FitOptions, fitMaximumLikelihood, type ModelFit, readFitOptions } from './_fit.js';
import { SBG_PARAMS, type ShiftedBetaGeometricParam, sbgNegativeLogLikelihood } from './_shiftedBetaGeometric.js';

export type { ShiftedBetaGeometricParam };

/**
 * Input of {@link fitShiftedBetaGeometric}: one cohort's active customers by period.
 * @category models
 */
export interface FitShiftedBetaGeometricInput {
  /**
   * Customers still active at the start of periods 0, 1, ..., T (counts): entry 0 is the cohort size
   * (> 0), the counts never increase, and at least three are needed (two periods after the start).
   * Pass counts, not percentages: the standard errors depend on the cohort size.
   */
  readonly activeCustomers: readonly number[];
}

/**
 * Options of {@link fitShiftedBetaGeometric}: the options every fit shares, except `weights` (the counts
 * already are weights). `timeUnit` names the period (e.g. `'year'`, `'month'`); `maxIterations`,
 * `timeBudgetMs`, `signal` and `onProgress` bound and follow the fit (see {@link FitOptions}).
 * @category models
 */
export type FitShiftedBetaGeometricOptions = Omit<FitOptions<ShiftedBetaGeometricParam>, 'weights'>;

/**
 * A fitted sBG model. `customers` is the cohort size and `rows` the number of observations
 * (`activeCustomers.length`).
 * @category models
 */
export type ShiftedBetaGeometricFit = ModelFit<'shiftedBetaGeometric', ShiftedBetaGeometricParam>;

/**
 * What the sBG predictions ({@link survival}, {@link retentionProbability},
 * {@link discountedExpectedLifetime}) read from a fit: the tag and α, β. A fit from
 * {@link fitShiftedBetaGeometric}, restored from JSON, or written by hand with published parameters works.
 * @category models
 */
export interface ShiftedBetaGeometricParamsFit {
  /** Must be `'shiftedBetaGeometric'`. */
  readonly model: 'shiftedBetaGeometric';
  /** The sBG parameters: the beta distribution of the churn probability across customers. */
  readonly params: {
    /** First shape parameter of the churn probability's beta distribution (its mean is alpha / (alpha + beta)). */
    readonly alpha: number;
    /** Second shape parameter of the churn probability's beta distribution. */
    readonly beta: number;
  };
}

/**
 * Fits the shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007, "How to
 * project customer retention", Journal of Interactive Marketing 21(1), 76-90) to one cohort by maximum
 * likelihood.
 *
 * Model: at the end of each period a customer renews or churns; a customer's churn probability θ is
 * constant over time and beta(α, β) across customers, so the cohort's retention rate rises with tenure
 * (the less loyal leave first). Survival S(t) = B(α, β + t) / B(α, β); retention rate
 * r(t) = (β + t − 1) / (α + β + t − 1); P(T = t) = S(t − 1) − S(t).
 *
 * Data: activeCustomers[t] customers active at the start of period t = 0..T. The n_t =
 * activeCustomers[t − 1] − activeCustomers[t] lost in period t contribute ln P(T = t); the activeCustomers[T]
 * still active are right-censored and contribute ln S(T) (paper, eq. B3). Maximised over ln α, ln β with
 * the analytic gradient. On the paper's data (1000 customers, years 0..7) this gives α = 0.704, β = 1.182
 * ("regular") and α = 0.668, β = 3.806 ("high end"). Project with {@link survival} and
 * {@link retentionProbability}; value with {@link discountedExpectedLifetime}.
 *
 * @throws {@link MetricError} `INVALID_INPUT` for counts that are not non-negative integers, a first
 * count of 0, fewer than three counts (one period does not identify two parameters), `options.weights`,
 * or other bad options; `INCONSISTENT_INPUT` when a count exceeds the one before it; `INVALID_INPUT` when
 * nobody is lost or everybody is lost in the first period (the estimate would be at the boundary);
 * `CONVERGENCE_FAILURE` (with a hint) when the optimiser fails.
 * @example
 * ```ts
 * import { fitShiftedBetaGeometric, survival } from 'loyalty-metrics';
 * // Fader & Hardie (2007), "regular" customers, years 0..7.
 * const fit = fitShiftedBetaGeometric({ activeCustomers: [1000, 631, 468, 382, 326, 289, 262, 241] }, { timeUnit: 'year' });
 * fit.params.alpha.toFixed(3) //=> '0.704'
 * fit.params.beta.toFixed(3) //=> '1.182'
 * Math.round(1000 * survival(fit, 12)) //=> 170
 * ```
 * @category models
 */
export function fitShiftedBetaGeometric(input: FitShiftedBetaGeometricInput, options?: FitShiftedBetaGeometricOptions): ShiftedBetaGeometricFit {
  const ctx = { fn: 'fitShiftedBetaGeometric' };
  noExtraArguments(ctx, arguments, 2);
  if (typeof options === 'object' && options !== null && own(options, 'weights') !== undefined) {
    fail(ctx, 'options.weights', 'absent: the sBG fit takes counts, which already are weights', own(options, 'weights'));
  }
  const read = readFitOptions(ctx, options, SBG_PARAMS);
  const fields = record(ctx, 'input', input, ['activeCustomers']);
  const active = own(fields, 'activeCustomers');
  if (!Array.isArray(active)) fail(ctx, 'activeCustomers', 'an array of counts (customers active at the start of periods 0..T)', active);
  if (active.length < 3) fail(ctx, 'activeCustomers', 'at least 3 counts (periods 0, 1 and 2: one period does not identify two parameters)', active);
  const counts = new Float64Array(active.length);
  for (let t = 0; t < active.length; t++) {
    const value: unknown = active[t];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(ctx, `activeCustomers[${t}]`, 'a non-negative integer (a count of customers)', value);
    if (t === 0 && value === 0) fail(ctx, 'activeCustomers[0]', 'a positive count (the cohort size)', value);
    if (t > 0 && value > (counts[t - 1] as number)) {
      fail(ctx, `activeCustomers[${t}]`, `at most activeCustomers[${t - 1}] (${counts[t - 1]}): customers active at a period's start never increase`, value, 'INCONSISTENT_INPUT');
    }
    counts[t] = value;
  }
  const size = counts[0] as number;
  const last = counts.length - 1;
  const survivors = counts[last] as number;
  if (survivors === size) fail(ctx, 'activeCustomers', 'counts with at least one customer lost (with no churn the estimate is at the boundary)', active);
  if (counts[1] === 0) fail(ctx, 'activeCustomers[1]', 'a positive count: with every customer lost in the first period the estimate is at the boundary', 0);
  const lost = new Float64Array(last);
  for (let t = 1; t <= last; t++) lost[t - 1] = (counts[t - 1] as number) - (counts[t] as number);
  return fitMaximumLikelihood({
    ctx,
    model: 'shiftedBetaGeometric',
    names: SBG_PARAMS,
    start: [1, 1],
    restarts: [
      [0.5, 2],
      [4, 4],
    ],
    rowsAre: 'periods',
    probability: true,
    negativeLogLikelihood: sbgNegativeLogLikelihood(lost, survivors),
    analyticGradient: true,
    options: read,
    customers: size,
    rows: counts.length,
  });
}
