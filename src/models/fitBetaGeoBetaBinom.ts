import { fail, noExtraArguments } from '../core/_validate.js';
import { BGBB_PARAMS, bgbbNegativeLogLikelihood, compressPatterns } from './_betaGeoBetaBinom.js';
import { type FitOptions, fitMaximumLikelihood, type ModelFit, readFitCustomers, readFitOptions } from './_fit.js';

/**
 * One customer (or one pattern of the compressed form) for the BG/BB model, in discrete transaction
 * opportunities: `frequency` = x repeat transactions among the `n` opportunities after the first
 * transaction, the last of them at opportunity `recency` = t_x. All integers with 0 <= x <= t_x <= n and
 * x = 0 exactly when t_x = 0. Other fields (`customerId`, ...) are allowed and ignored.
 * @category models
 */
export interface BetaGeoBetaBinomCustomer {
  /** x: opportunities with a transaction (repeat transactions), a non-negative integer <= recency. */
  readonly frequency: number;
  /** t_x: the opportunity (1..n) of the last transaction; 0 when frequency is 0. */
  readonly recency: number;
  /** n: the opportunities observed since the first transaction, a non-negative integer >= recency. */
  readonly n: number;
}

/**
 * BG/BB customers as parallel columns (arrays or typed arrays of equal length). `{ columns: { ... } }` is
 * accepted too.
 * @category models
 */
export interface BetaGeoBetaBinomColumns {
  /** x per customer (or pattern). */
  readonly frequency: ArrayLike<number>;
  /** t_x per customer (or pattern). */
  readonly recency: ArrayLike<number>;
  /** n per customer (or pattern). */
  readonly n: ArrayLike<number>;
}

/**
 * Many BG/BB customers (or patterns): an array of {@link BetaGeoBetaBinomCustomer}, or parallel columns,
 * also wrapped as `{ columns }`.
 * @category models
 */
export type BetaGeoBetaBinomCustomers = readonly BetaGeoBetaBinomCustomer[] | BetaGeoBetaBinomColumns | {
  /** The columns, wrapped (the column form of a summary object). */
  readonly columns: BetaGeoBetaBinomColumns;
};

/**
 * The names of the BG/BB parameters: alpha and beta shape the beta distribution of the transaction
 * probability p, gamma and delta that of the dropout probability θ.
 * @category models
 */
export type BetaGeoBetaBinomParameter = 'alpha' | 'beta' | 'gamma' | 'delta';

/**
 * Options of {@link fitBetaGeoBetaBinom}: the common fit options. `weights` holds the number of customers
 * of each row in the compressed form (one row per (x, t_x, n) pattern); `timeUnit` may record the length
 * of one opportunity when opportunities are regular (a year for annual appeals). A long fit is bounded
 * and followed with `maxIterations`, `timeBudgetMs`, `signal` and `onProgress` (see {@link FitOptions}).
 * @category models
 */
export type FitBetaGeoBetaBinomOptions = FitOptions<BetaGeoBetaBinomParameter>;

/**
 * A fitted BG/BB model: `{ model: 'betaGeoBetaBinom', params: { alpha, beta, gamma, delta }, ... }`.
 * @category models
 */
export type BetaGeoBetaBinomFit = ModelFit<'betaGeoBetaBinom', BetaGeoBetaBinomParameter>;

/**
 * Fits the BG/BB model (beta-geometric / beta-Bernoulli) of Fader, Hardie & Shang (2010), "Customer-Base
 * Analysis in a Discrete-Time Noncontractual Setting", Marketing Science 29(6), 1086-1108, by maximum
 * likelihood: the discrete-time counterpart of Pareto/NBD and BG/NBD, for transactions that can only happen
 * at discrete opportunities (an annual appeal, a yearly event, a weekly draw) or that are recorded per period.
 *
 * Model: while alive a customer transacts at each opportunity with probability p; before each opportunity
 * an alive customer dies with probability θ (so P(alive at opportunity t) = (1 − θ)^t); across customers
 * p ~ Beta(alpha, beta) and θ ~ Beta(gamma, delta). The likelihood of (x, t_x, n) (the paper's eq. 5) is
 *
 * L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ),
 *
 * and the log-likelihood is Σ w_k ln L_k over the rows. It is computed in log space (the sum's terms by
 * their ratios, so long histories stay finite) with its analytic gradient (digamma differences), identical
 * rows are merged into weighted patterns first, and the optimiser works on ln(params) from (1, 1, 1, 1).
 *
 * Data: customers `{ frequency, recency, n }` as an array, as columns, or compressed (one row per pattern,
 * the number of customers in `options.weights`, as in the paper's donations data). From a summary in
 * periods (`rfmSummary` with the opportunity as the period), x = frequency, t_x = recency and n = T when
 * every period after the first purchase is one opportunity.
 *
 * Predictions read the fit's tag and parameters: {@link expectedPurchases} (the next `t` opportunities),
 * {@link expectedPurchasesNewCustomer}, {@link probabilityAlive} (alive at opportunity n + 1) and
 * {@link purchaseCountProbability}.
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a summary that is not an array or columns, a frequency,
 * recency or n that is not a non-negative integer (naming the row and field, e.g. `summary[3].recency`),
 * or a bad option; `INCONSISTENT_INPUT` for recency > n, frequency > recency, frequency 0 with recency > 0,
 * or weights of another length; `EMPTY_POPULATION` for fewer than 2 customers, no transaction at all, or no
 * missed opportunity at all (the likelihood then has no maximum); `CONVERGENCE_FAILURE` with a hint when
 * the optimiser fails.
 * @example
 * ```ts
 * import { fitBetaGeoBetaBinom } from 'loyalty-metrics';
 * // The 1995 donor cohort of Fader, Hardie & Shang (2010): 11,104 donors, 6 annual appeals (1996-2001),
 * // compressed to one row per (x, t_x) pattern with its number of donors.
 * const donations = {
 *   frequency: [0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6],
 *   recency: [0, 1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 3, 4, 5, 6, 4, 5, 6, 5, 6, 6],
 *   n: Array(22).fill(6),
 * };
 * const donors = [3464, 1091, 277, 129, 78, 119, 129, 613, 255, 155, 173, 234, 322, 181, 225, 357, 240, 284, 512, 335, 728, 1203];
 * const fit = fitBetaGeoBetaBinom(donations, { weights: donors, timeUnit: 'year' });
 * Object.values(fit.params).map((v) => v.toFixed(3)) //=> ["1.204", "0.750", "0.657", "2.783"]
 * fit.logLikelihood.toFixed(1) //=> '-33225.6'
 * fit.customers //=> 11104
 * ```
 * @category models
 */
export function fitBetaGeoBetaBinom(summary: BetaGeoBetaBinomCustomers, options?: FitBetaGeoBetaBinomOptions): BetaGeoBetaBinomFit {
  const ctx = { fn: 'fitBetaGeoBetaBinom' };
  noExtraArguments(ctx, arguments, 2);
  const read = readFitOptions(ctx, options, BGBB_PARAMS);
  const { data, weights, total } = readFitCustomers(ctx, summary, read.weights, 'n');
  const patterns = compressPatterns(data.frequency, data.recency, data.age, weights);
  let buyers = 0;
  let missers = 0;
  for (let i = 0; i < patterns.length; i++) {
    if ((patterns.x[i] as number) > 0) buyers += patterns.weight[i] as number;
    if ((patterns.x[i] as number) < (patterns.n[i] as number)) missers += patterns.weight[i] as number;
  }
  if (!(buyers > 0)) fail(ctx, 'summary', 'data with at least one repeat transaction (frequency > 0): with none the likelihood has no maximum', 'no transactions', 'EMPTY_POPULATION');
  if (!(missers > 0)) fail(ctx, 'summary', 'data with at least one missed opportunity (frequency < n): when everyone transacts every time the likelihood has no maximum', 'frequency = n everywhere', 'EMPTY_POPULATION');
  return fitMaximumLikelihood({
    ctx,
    model: 'betaGeoBetaBinom',
    names: BGBB_PARAMS,
    start: [1, 1, 1, 1],
    restarts: [
      [0.5, 0.5, 0.5, 2],
      [2, 2, 2, 2],
    ],
    rowsAre: 'distinct (frequency, recency, n)',
    probability: true,
    negativeLogLikelihood: bgbbNegativeLogLikelihood(patterns),
    analyticGradient: true,
    options: read,
    customers: total,
    rows: patterns.length,
  });
}
