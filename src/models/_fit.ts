/**
 * What every maximum-likelihood fit shares: the common options, reading customers given as rows or as
 * columns (with weights for compressed data), the optimisation over log-parameters, standard errors from
 * the observed information, and the frozen, JSON-serialisable result.
 */
import { type AbortSignalLike, readLongWork, stopIfAborted } from '../core/_longWork.js';
import { criticalValue } from '../core/_normalQuantile.js';
import { type Ctx, confidence as readConfidence, fail, finiteNumber, options as readOptions, own, isArrayLike } from '../core/_validate.js';
import { invertPositiveDefinite, numericHessian } from './_math/hessian.js';
import { minimize } from './_math/minimize.js';
import { type CustomerData, readCustomers } from './_predict.js';

/**
 * The time units a model can be fitted in. Recorded on the fit when given, so that
 * `modelCustomerLifetimeValue` can check it against the unit it is told.
 * @category models
 */
export type ModelTimeUnit = 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

export const MODEL_TIME_UNITS: readonly ModelTimeUnit[] = ['hour', 'day', 'week', 'month', 'quarter', 'year'];

/**
 * Options shared by every maximum-likelihood fit (fitBetaGeo, fitModifiedBetaGeo, fitParetoNbd,
 * fitBetaGeoBetaBinom, fitGammaGamma, fitShiftedBetaGeometric). A long fit reports its progress with
 * `onProgress` and is bounded by `maxIterations`, `timeBudgetMs` (wall time) or an `AbortSignal`.
 * @example
 * ```ts
 * import { fitParetoNbd } from 'loyalty-metrics';
 * const summary = [
 *   { frequency: 2, recency: 30.43, T: 38.86 }, { frequency: 1, recency: 1.71, T: 38.86 },
 *   { frequency: 0, recency: 0, T: 38.86 }, { frequency: 7, recency: 29.43, T: 38.86 },
 *   { frequency: 1, recency: 5, T: 38.86 }, { frequency: 0, recency: 0, T: 38.86 },
 *   { frequency: 2, recency: 35.71, T: 38.86 }, { frequency: 5, recency: 24.43, T: 38.71 },
 * ];
 * const seen = [];
 * const fit = fitParetoNbd(summary, { onProgress: (progress) => seen.push(progress) });
 * fit.stop //=> 'converged'
 * seen.every((progress, i) => i === 0 || progress.iteration >= seen[i - 1].iteration) //=> true
 * seen[seen.length - 1].iteration === fit.iterations //=> true
 * seen[seen.length - 1].done //=> true
 * seen[seen.length - 1].logLikelihood === fit.logLikelihood //=> true
 * // A budget of 0 ms stops after the first iteration: with requireConvergence: false, that point comes
 * // back marked (by default the fit throws CONVERGENCE_FAILURE naming options.timeBudgetMs).
 * const quick = fitParetoNbd(summary, { timeBudgetMs: 0, requireConvergence: false });
 * [quick.iterations, quick.converged, quick.stop] //=> [1, false, "timeBudget"]
 * // An aborted signal stops the fit before it starts (and between iterations): it throws signal.reason.
 * const controller = new AbortController();
 * controller.abort(new Error('stop'));
 * try {
 *   fitParetoNbd(summary, { signal: controller.signal });
 * } catch (error) {
 *   error.message //=> 'stop'
 * }
 * ```
 * @category models
 */
export interface FitOptions<P extends string> {
  /**
   * Starting values of the parameters (all positive); missing ones take the model's default start. When
   * the optimiser does not converge from there, the model's own starting points are tried before giving up.
   */
  readonly initialParams?: Readonly<Partial<Record<P, number>>>;
  /** Weight of each customer row (a count of identical customers in compressed data). Default 1 each. */
  readonly weights?: ArrayLike<number>;
  /**
   * L2 penalty on the parameters, as in lifetimes' `penalizer_coef`: the optimiser minimises
   * −LL / Σw + penalizer × Σ θ². Default 0 (the maximum-likelihood estimate). The reported
   * `logLikelihood` is the data's, without the penalty.
   */
  readonly penalizer?: number;
  /** Iterations of the optimiser (from each starting point) before it gives up. Default 1000. */
  readonly maxIterations?: number;
  /**
   * Wall-time budget of the fit in milliseconds (a non-negative finite number), from the call to the end of
   * the optimisation, checked with `Date.now()` between the optimiser's iterations: once it has run out
   * the fit stops (no further starting point is tried) and, like a fit that does not converge, throws
   * `CONVERGENCE_FAILURE` naming the budget, or with `requireConvergence: false` returns the best point
   * so far with `converged: false` and `stop: 'timeBudget'`. Reading the data and the standard errors
   * after the optimisation are not interrupted. `0` stops after the first iteration. Default: no budget.
   */
  readonly timeBudgetMs?: number;
  /**
   * Stops the fit: checked before the optimisation and between its iterations (after `onProgress`);
   * once aborted the fit throws `signal.reason` (an `AbortController`'s signal, or any object with a
   * boolean `aborted`).
   */
  readonly signal?: AbortSignalLike;
  /**
   * Called after each iteration of the optimiser and once at the end with the result's point, also when
   * the fit then throws `CONVERGENCE_FAILURE` (not when it is aborted, its input is refused, or the
   * likelihood is not finite at the best point). Keep it cheap: it runs between iterations; what it
   * throws stops the fit and propagates.
   */
  readonly onProgress?: (progress: FitProgress) => void;
  /** Confidence level of the `summary` intervals. Default 0.95. */
  readonly confidence?: number;
  /** The time unit of recency and T (and of every prediction's t): recorded on the fit, checked by CLV. */
  readonly timeUnit?: ModelTimeUnit;
  /**
   * When the optimiser does not converge (or `timeBudgetMs` runs out first), or the parameters run off to a
   * bound (see `boundary` on the fit):
   * throw a `CONVERGENCE_FAILURE` MetricError (default, `true`) or return the best point found with
   * `converged: false` (`false`). A likelihood that is not finite there, or positive for discrete data,
   * always throws.
   */
  readonly requireConvergence?: boolean;
}

export const FIT_OPTION_KEYS = ['initialParams', 'weights', 'penalizer', 'maxIterations', 'confidence', 'timeUnit', 'requireConvergence', 'timeBudgetMs', 'signal', 'onProgress'] as const;

/**
 * Where a maximum-likelihood fit stands, passed to the `onProgress` option after each iteration of the
 * optimiser and once at the end (`done: true`, with the fit's own log-likelihood and total iterations).
 * @category models
 */
export interface FitProgress {
  /** Optimiser iterations so far, summed over the starting points (the fit's `iterations` at the end). */
  readonly iteration: number;
  /** Which starting point the optimiser is running from, 0-based (at the end: the one whose point is returned). */
  readonly start: number;
  /** The data's log-likelihood at the current point (without any penalty). */
  readonly logLikelihood: number;
  /**
   * Largest absolute component of the gradient of the optimised objective (−LL / customers + penalty) over
   * the log-parameters at the current point: the optimiser converges when it falls to about
   * 1e-9 × max(1, |objective|).
   */
  readonly gradientNorm: number;
  /** Milliseconds since the fit was called (`Date.now()` differences). */
  readonly elapsedMs: number;
  /** True on the last call, made once the fit has its result. */
  readonly done: boolean;
}

/**
 * Why a fit's optimisation stopped: `'converged'` (its convergence test met at an interior point: the only
 * value with `converged: true`), `'boundary'` (the test met, or nearly, with parameters run off to a bound:
 * see `boundary`), `'maxIterations'` (options.maxIterations used up), `'timeBudget'` (options.timeBudgetMs
 * ran out) or `'stalled'` (the line search found no better point while the gradient was not yet small:
 * rounding noise or a likelihood that is not finite nearby).
 * @category models
 */
export type FitStop = 'converged' | 'boundary' | 'maxIterations' | 'timeBudget' | 'stalled';

/**
 * One parameter of a fit's summary table: estimate, standard error and a confidence interval computed on
 * the log scale (exp(ln θ̂ ± z·SE/θ̂)), so that it stays positive like the parameter.
 * @category models
 */
export interface ParameterSummary {
  /** The parameter's name. */
  readonly parameter: string;
  /** The maximum-likelihood estimate. */
  readonly estimate: number;
  /** Its standard error from the observed information, or null when the information matrix is singular. */
  readonly standardError: number | null;
  /** Lower confidence limit; null with the standard error, or when the interval overflows (SE ≫ estimate). */
  readonly lower: number | null;
  /** Upper confidence limit; null with the standard error, or when the interval overflows (SE ≫ estimate). */
  readonly upper: number | null;
}

/**
 * What every fit returns. Frozen and plain JSON: `JSON.parse(JSON.stringify(fit))` is a fit that every
 * prediction accepts, and so is a hand-written `{ model, params }`.
 * @category models
 */
export interface ModelFit<M extends string, P extends string> {
  /** The model tag that predictions dispatch on. */
  readonly model: M;
  /** The estimated parameters. */
  readonly params: Readonly<Record<P, number>>;
  /** The data's log-likelihood at the estimate (weighted sum over customers, without any penalty). */
  readonly logLikelihood: number;
  /**
   * Whether the optimiser met its convergence test at a maximum inside the parameter space. Always false
   * when `boundary` is not empty.
   */
  readonly converged: boolean;
  /**
   * The parameters that ran off towards 0 or infinity (more than a factor 1e3 from their scale in the
   * data): the likelihood has no maximum inside the parameter space and the data do not identify the
   * model. Empty for a proper fit; only seen with `requireConvergence: false` (otherwise such a fit throws
   * `CONVERGENCE_FAILURE` naming them).
   */
  readonly boundary: readonly P[];
  /** Optimiser iterations used. */
  readonly iterations: number;
  /** Why the optimisation stopped; `'converged'` exactly when `converged` is true. */
  readonly stop: FitStop;
  /** Standard error per parameter (null when the observed information is singular). */
  readonly standardErrors: Readonly<Record<P, number | null>>;
  /** One row per parameter: estimate, standard error, confidence interval. */
  readonly summary: readonly ParameterSummary[];
  /** Confidence level of `summary`. */
  readonly confidence: number;
  /** Customers in the data (sum of the weights). */
  readonly customers: number;
  /** Rows of the data (distinct customers or patterns). */
  readonly rows: number;
  /** The penalizer used (0 for maximum likelihood). */
  readonly penalizer: number;
  /** Time unit of the data, when the caller stated it; null otherwise. */
  readonly timeUnit: ModelTimeUnit | null;
}

/** Common options read and checked once. */
export interface ReadFitOptions<P extends string> {
  readonly initial: Readonly<Partial<Record<P, number>>>;
  readonly weights: Float64Array | undefined;
  readonly penalizer: number;
  readonly maxIterations: number;
  readonly confidence: number;
  readonly timeUnit: ModelTimeUnit | null;
  readonly requireConvergence: boolean;
  /** Wall-time budget in ms; Infinity when none was given. */
  readonly timeBudgetMs: number;
  readonly signal: AbortSignalLike | undefined;
  readonly onProgress: ((progress: FitProgress) => void) | undefined;
  /** `Date.now()` when the options were read (the start of the fit call): the budget's and elapsedMs's origin. */
  readonly startedAt: number;
}

/** Reads the common options plus any model-specific keys (returned in `raw` for the caller to read). */
export function readFitOptions<P extends string>(ctx: Ctx, value: unknown, names: readonly P[], extraKeys: readonly string[] = []): ReadFitOptions<P> & { readonly raw: object } {
  const raw = readOptions(ctx, value, [...FIT_OPTION_KEYS, ...extraKeys]);
  const initialValue = own(raw, 'initialParams');
  const initial: Partial<Record<P, number>> = {};
  if (initialValue !== undefined) {
    if (typeof initialValue !== 'object' || initialValue === null || Array.isArray(initialValue)) fail(ctx, 'options.initialParams', `an object of ${names.join(', ')}`, initialValue);
    for (const key of Object.keys(initialValue)) {
      if (!(names as readonly string[]).includes(key)) fail(ctx, `options.initialParams.${key}`, `one of ${names.join(', ')}`, own(initialValue, key));
      initial[key as P] = finiteNumber(ctx, `options.initialParams.${key}`, own(initialValue, key), { min: 0, minExclusive: true, max: 1e12 });
    }
  }
  const weightsValue = own(raw, 'weights');
  const requireValue = own(raw, 'requireConvergence');
  if (requireValue !== undefined && typeof requireValue !== 'boolean') fail(ctx, 'options.requireConvergence', 'a boolean', requireValue);
  const timeUnit = own(raw, 'timeUnit');
  if (timeUnit !== undefined && !(MODEL_TIME_UNITS as readonly unknown[]).includes(timeUnit)) fail(ctx, 'options.timeUnit', `one of ${MODEL_TIME_UNITS.join(', ')}`, timeUnit);
  const maxIterations = own(raw, 'maxIterations');
  const budget = own(raw, 'timeBudgetMs');
  if (budget !== undefined && (typeof budget !== 'number' || !(budget >= 0) || !Number.isFinite(budget))) fail(ctx, 'options.timeBudgetMs', 'a non-negative finite number of milliseconds', budget);
  const { signal, onProgress } = readLongWork(ctx, raw);
  stopIfAborted(signal);
  return {
    raw,
    initial,
    weights: weightsValue === undefined ? undefined : readWeights(ctx, weightsValue),
    penalizer: own(raw, 'penalizer') === undefined ? 0 : finiteNumber(ctx, 'options.penalizer', own(raw, 'penalizer'), { min: 0 }),
    maxIterations: maxIterations === undefined ? 1000 : positiveInteger(ctx, 'options.maxIterations', maxIterations),
    confidence: readConfidence(ctx, own(raw, 'confidence')),
    timeUnit: (timeUnit as ModelTimeUnit | undefined) ?? null,
    requireConvergence: requireValue ?? true,
    timeBudgetMs: budget ?? Number.POSITIVE_INFINITY,
    signal,
    onProgress: onProgress as ((progress: FitProgress) => void) | undefined,
    startedAt: Date.now(),
  };
}

function positiveInteger(ctx: Ctx, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) fail(ctx, field, 'a positive integer', value);
  return value;
}

function readWeights(ctx: Ctx, value: unknown): Float64Array {
  if (!isArrayLike(value)) fail(ctx, 'options.weights', 'an array of non-negative finite numbers', value);
  const weights = new Float64Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const w = value[i];
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) fail(ctx, `options.weights[${i}]`, 'a non-negative finite number', w);
    weights[i] = w;
  }
  return weights;
}

/**
 * Reads named numeric fields of customers given as an array of row objects or as an object of parallel
 * columns (arrays or typed arrays), into Float64Arrays. Each value goes through `check` (which throws with
 * the field path). Extra row fields (customerId, monetaryValue, ...) are allowed and ignored.
 */
export function readColumns<F extends string>(
  ctx: Ctx,
  summary: unknown,
  fields: readonly F[],
  check: (field: F, value: unknown, path: string) => number,
): { readonly columns: Readonly<Record<F, Float64Array>>; readonly length: number } {
  if (Array.isArray(summary)) return readRows(ctx, summary, fields, check);
  if (typeof summary !== 'object' || summary === null) fail(ctx, 'summary', 'an array of customers or an object of columns', summary);
  const source = own(summary, 'columns') !== undefined && own(summary, fields[0] as string) === undefined ? own(summary, 'columns') : summary;
  if (typeof source !== 'object' || source === null) fail(ctx, 'summary.columns', 'an object of columns', source);
  let length: number | undefined;
  const columns = {} as Record<F, Float64Array>;
  for (const field of fields) {
    const column = own(source, field);
    if (!isArrayLike(column)) fail(ctx, `summary.${field}`, 'an array or a typed array (column form)', column);
    if (length === undefined) length = column.length;
    else if (column.length !== length) fail(ctx, `summary.${field}`, `as long as summary.${fields[0]} (${length})`, column.length, 'INCONSISTENT_INPUT');
    const out = new Float64Array(column.length);
    for (let i = 0; i < column.length; i++) out[i] = check(field, column[i], `summary.${field}[${i}]`);
    columns[field] = out;
  }
  return { columns, length: length ?? 0 };
}

function readRows<F extends string>(ctx: Ctx, rows: readonly unknown[], fields: readonly F[], check: (field: F, value: unknown, path: string) => number) {
  const columns = {} as Record<F, Float64Array>;
  for (const field of fields) columns[field] = new Float64Array(rows.length);
  rows.forEach((row, i) => {
    if (typeof row !== 'object' || row === null) fail(ctx, `summary[${i}]`, `a customer object with ${fields.join(', ')}`, row);
    for (const field of fields) columns[field][i] = check(field, own(row, field), `summary[${i}].${field}`);
  });
  return { columns, length: rows.length };
}

/**
 * The customers a transaction model is fitted on (rows or columns of frequency, recency and `ageField`,
 * T or n opportunities) with their weights: a single customer object is refused, and fewer than 2
 * customers by weight is EMPTY_POPULATION.
 */
export function readFitCustomers(ctx: Ctx, summary: unknown, weightsOption: Float64Array | undefined, ageField: 'T' | 'n'): { readonly data: CustomerData; readonly weights: Float64Array; readonly total: number } {
  if (typeof summary !== 'object' || summary === null || (!Array.isArray(summary) && typeof (summary as { frequency?: unknown }).frequency === 'number')) {
    fail(ctx, 'summary', `an array of customers { frequency, recency, ${ageField} } or an object of columns`, summary);
  }
  const data = ageField === 'T' ? readCustomers(ctx, summary, { name: 'summary', age: 'nonNegative' }) : readCustomers(ctx, summary, { name: 'summary', ageField: 'n' });
  const { weights, total } = weightsFor(ctx, weightsOption, data.length);
  if (total < 2) fail(ctx, 'summary', 'at least 2 customers (sum of weights) to fit a model on', total, 'EMPTY_POPULATION');
  return { data, weights, total };
}

/** The weight column (ones when not given), checked against the row count and for a positive total. */
export function weightsFor(ctx: Ctx, weights: Float64Array | undefined, rows: number): { readonly weights: Float64Array; readonly total: number } {
  if (weights !== undefined && weights.length !== rows) fail(ctx, 'options.weights', `as long as the summary (${rows} rows)`, weights.length, 'INCONSISTENT_INPUT');
  const w = weights ?? new Float64Array(rows).fill(1);
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i] as number;
  if (!(total > 0)) fail(ctx, 'summary', 'at least one customer with a positive weight', rows, 'EMPTY_POPULATION');
  return { weights: w, total };
}

/**
 * The negative log-likelihood of the whole (weighted) data at natural parameters `params`; when
 * `gradient` is given it also writes ∂(−LL)/∂params into it. Non-finite values mean "not admissible".
 */
export type NegativeLogLikelihood = (params: Float64Array, gradient: Float64Array | undefined) => number;

export interface MaximumLikelihoodSpec<M extends string, P extends string> {
  readonly ctx: Ctx;
  readonly model: M;
  readonly names: readonly P[];
  /** Default starting values, in `names` order; `options.initial` overrides them one by one. */
  readonly start: readonly number[];
  readonly negativeLogLikelihood: NegativeLogLikelihood;
  /** False when `negativeLogLikelihood` cannot fill the gradient: central differences are used instead. */
  readonly analyticGradient: boolean;
  readonly options: ReadFitOptions<P>;
  readonly customers: number;
  readonly rows: number;
  /**
   * The scale of each parameter in the data's units (1 for shapes, e.g. the mean age for a rate in time):
   * a parameter more than {@link BOUNDARY} times above or below its scale has run off to a bound. Default 1 each.
   */
  readonly scales?: readonly number[];
  /** Other starting points (in `names` order) tried, after the first, when the first run does not converge. */
  readonly restarts?: readonly (readonly number[])[];
  /** What a row is, for the convergence message (e.g. 'distinct (frequency, recency, T)'). */
  readonly rowsAre?: string;
  /** True when the likelihood is a probability (discrete data): a positive log-likelihood is then impossible. */
  readonly probability?: boolean;
}

/**
 * A parameter more than this factor (1e3) above or below its scale has run off to a bound of the parameter
 * space: the likelihood keeps rising towards 0 or infinity, or along a ridge (q, gamma -> infinity with
 * q/gamma fixed: spend rates alike), and the data do not identify the model. A shape of 1e3 already means a
 * gamma or beta mixture with a coefficient of variation near 3 %: no heterogeneity left to estimate. The
 * optimiser stops somewhere along such a ridge, at a point that depends on rounding, so the verdict must not
 * depend on where exactly it stopped: any point this far out gets it, converged or not, on every runtime.
 */
export const BOUNDARY = 1e3;

/**
 * Maximises the likelihood over θ = ln(params) (every parameter is positive), then derives standard
 * errors from the observed information in the natural parameters. Throws CONVERGENCE_FAILURE, with a hint,
 * when the optimiser fails and `requireConvergence` is on.
 */
export function fitMaximumLikelihood<M extends string, P extends string>(spec: MaximumLikelihoodSpec<M, P>): ModelFit<M, P> {
  const { names, options } = spec;
  const n = names.length;
  const scale = 1 / spec.customers;
  const gradientOf = spec.analyticGradient ? spec.negativeLogLikelihood : numericGradient(spec.negativeLogLikelihood);
  const params = new Float64Array(n);
  const gradient = new Float64Array(n);
  const objective = (theta: Float64Array, thetaGradient: Float64Array | undefined): number => {
    for (let i = 0; i < n; i++) params[i] = Math.exp(theta[i] as number);
    const value = gradientOf(params, thetaGradient === undefined ? undefined : gradient);
    let penalty = 0;
    for (let i = 0; i < n; i++) penalty += (params[i] as number) ** 2;
    if (thetaGradient !== undefined) {
      for (let i = 0; i < n; i++) {
        const p = params[i] as number;
        thetaGradient[i] = ((gradient[i] as number) * scale + 2 * options.penalizer * p) * p;
      }
    }
    return value * scale + options.penalizer * penalty;
  };
  // The caller's start (the model's default for the parameters not given) first; when that run does not
  // converge, or ends at a bound, the model's other starts (method of moments and around it). The best
  // point over all runs decides.
  const first = names.map((name, i) => options.initial[name] ?? (spec.start[i] as number));
  const starts = [first, ...(spec.restarts ?? [])].map((values) => values.map((value) => Math.log(value)));
  const runs: Run<P>[] = [];
  // Progress, the signal and the time budget are looked at between iterations; once the budget has run out
  // no further starting point is tried.
  const { signal, onProgress, timeBudgetMs, startedAt } = options;
  const dataLogLikelihood = (theta: Float64Array, value: number): number => {
    let penalty = 0;
    for (let i = 0; i < n; i++) penalty += Math.exp(2 * (theta[i] as number));
    return -(value - options.penalizer * penalty) * spec.customers;
  };
  let before = 0;
  let outOfTime = false;
  stopIfAborted(signal);
  for (const [index, start] of starts.entries()) {
    if (index > 0 && Date.now() - startedAt >= timeBudgetMs) {
      outOfTime = true;
      break;
    }
    const onIteration = (iteration: number, theta: Float64Array, value: number, thetaGradient: Float64Array): boolean => {
      if (onProgress !== undefined) {
        onProgress(Object.freeze({ iteration: before + iteration, start: index, logLikelihood: dataLogLikelihood(theta, value), gradientNorm: maxAbs(thetaGradient), elapsedMs: Date.now() - startedAt, done: false }));
      }
      stopIfAborted(signal);
      return Date.now() - startedAt >= timeBudgetMs;
    };
    const result = minimize(objective, start, { maxIterations: options.maxIterations, gradientTolerance: 1e-9, onIteration });
    before += result.iterations;
    const estimate = Float64Array.from(result.x, Math.exp);
    const run: Run<P> = { result, estimate, logLikelihood: -spec.negativeLogLikelihood(estimate, undefined), boundary: boundaryOf(spec, estimate) };
    runs.push(run);
    if (result.converged && run.boundary.length === 0 && Number.isFinite(run.logLikelihood)) break;
    if (result.reason === 'interrupted') {
      outOfTime = true;
      break;
    }
  }
  // A converged interior run wins, unless a run at a bound is clearly higher (then that was a local maximum
  // and the likelihood's supremum is at the bound); with no converged run, the highest point.
  const lowest = runs.reduce((a, b) => (b.result.value < a.result.value || !Number.isFinite(a.result.value) ? b : a));
  const good = runs.find((run) => run.result.converged && run.boundary.length === 0 && Number.isFinite(run.logLikelihood));
  const best = good === undefined || lowest.result.value < good.result.value - 1e-9 * Math.max(1, Math.abs(good.result.value)) ? lowest : good;
  const iterations = runs.reduce((sum, run) => sum + run.result.iterations, 0);
  const { estimate, logLikelihood, result } = best;
  // A positive log-likelihood of discrete data, or an overflowing one, is a parameter at a bound too.
  const impossible = !Number.isFinite(logLikelihood) || (spec.probability === true && logLikelihood > 0);
  const boundary = best.boundary.length === 0 && impossible ? names.filter((_, i) => !Number.isFinite(estimate[i]) || !((estimate[i] as number) > 0)) : best.boundary;
  if (impossible) boundaryFailure(spec, best, boundary, iterations);
  // Once the budget cut the fit short (no converged interior point yet), that is why it stopped, even at a
  // bound: the other starting points were not tried.
  const stop: FitStop = result.converged && boundary.length === 0 ? 'converged' : outOfTime ? 'timeBudget' : result.converged ? 'boundary' : result.reason === 'maxIterations' ? 'maxIterations' : 'stalled';
  onProgress?.(Object.freeze({ iteration: iterations, start: runs.indexOf(best), logLikelihood, gradientNorm: maxAbs(result.gradient), elapsedMs: Date.now() - startedAt, done: true }));
  if (stop === 'timeBudget' && options.requireConvergence) budgetFailure(spec, iterations, runs.length);
  if (boundary.length > 0) {
    if (options.requireConvergence) boundaryFailure(spec, best, boundary, iterations);
    const errors = standardErrors(gradientOf, estimate);
    return freezeFit(spec, estimate, errors, logLikelihood, false, iterations, boundary, stop);
  }
  if (!result.converged && options.requireConvergence) convergenceFailure(spec, iterations, runs.length, result.reason);
  const errors = standardErrors(gradientOf, estimate);
  return freezeFit(spec, estimate, errors, logLikelihood, result.converged, iterations, [], stop);
}

/** The largest absolute component (the max norm) of a gradient. */
function maxAbs(values: Float64Array): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i] as number));
  return max;
}

interface Run<P extends string = string> {
  readonly result: ReturnType<typeof minimize>;
  readonly estimate: Float64Array;
  readonly logLikelihood: number;
  readonly boundary: readonly P[];
}

/** The parameters more than BOUNDARY times above or below their scale (or not finite, or 0). */
function boundaryOf<P extends string>(spec: MaximumLikelihoodSpec<string, P>, estimate: Float64Array): P[] {
  return spec.names.filter((_, i) => {
    const value = estimate[i] as number;
    const ratio = value / (spec.scales?.[i] ?? 1);
    return !(Number.isFinite(value) && value > 0 && ratio < BOUNDARY && ratio > 1 / BOUNDARY);
  });
}

function rowsReceived(spec: MaximumLikelihoodSpec<string, string>): string {
  return `${spec.rows} rows${spec.rowsAre === undefined ? '' : ` (${spec.rowsAre})`} of ${spec.customers} customers`;
}

function boundaryFailure(spec: MaximumLikelihoodSpec<string, string>, best: Run, boundary: readonly string[], iterations: number): never {
  const where = boundary.map((name) => {
    const i = spec.names.indexOf(name);
    const value = best.estimate[i] as number;
    return `${name} = ${Number.isFinite(value) ? value.toPrecision(3) : String(value)} ${value / (spec.scales?.[i] ?? 1) >= 1 ? '-> infinity' : '-> 0'}`;
  });
  const what = where.length > 0 ? `the likelihood rises towards a bound of the parameters (${where.join(', ')})` : 'the likelihood is not finite at the best point found';
  fail(
    spec.ctx,
    'summary',
    `data that identify the ${spec.model} model (no maximum inside the parameter space after ${iterations} iterations: ${what}, so the data do not identify the model; a small options.penalizer such as 0.001 gives a regularised fit, or pass requireConvergence: false to get the point with converged: false and its boundary)`,
    rowsReceived(spec),
    'CONVERGENCE_FAILURE',
  );
}

function budgetFailure(spec: MaximumLikelihoodSpec<string, string>, iterations: number, starts: number): never {
  const elapsed = Date.now() - spec.options.startedAt;
  fail(
    spec.ctx,
    'options.timeBudgetMs',
    `long enough for the ${spec.model} fit to converge (the budget ran out after ${elapsed} ms and ${iterations} iteration${iterations === 1 ? '' : 's'} from ${starts} starting point${starts === 1 ? '' : 's'} on ${rowsReceived(spec)}; raise options.timeBudgetMs, or pass requireConvergence: false to get the best point so far with converged: false and stop: 'timeBudget')`,
    spec.options.timeBudgetMs,
    'CONVERGENCE_FAILURE',
  );
}

function convergenceFailure(spec: MaximumLikelihoodSpec<string, string>, iterations: number, starts: number, reason: string): never {
  const hint = reason === 'maxIterations' ? 'raise options.maxIterations, ' : 'try other options.initialParams, ';
  fail(
    spec.ctx,
    'summary',
    `data the ${spec.model} likelihood can be maximised on (no convergence after ${iterations} iterations from ${starts} starting point${starts === 1 ? '' : 's'}; ${hint}or, with few customers, a small options.penalizer such as 0.001; or pass requireConvergence: false to get the last point)`,
    rowsReceived(spec),
    'CONVERGENCE_FAILURE',
  );
}

/** Central differences of the negative log-likelihood, for models without an analytic gradient. */
function numericGradient(f: NegativeLogLikelihood): NegativeLogLikelihood {
  return (params, gradient) => {
    const value = f(params, undefined);
    if (gradient === undefined) return value;
    const point = Float64Array.from(params);
    for (let i = 0; i < params.length; i++) {
      const p = params[i] as number;
      const h = 1e-6 * p;
      point[i] = p + h;
      const up = f(point, undefined);
      point[i] = p - h;
      const down = f(point, undefined);
      point[i] = p;
      gradient[i] = (up - down) / (2 * h);
    }
    return value;
  };
}

function standardErrors(gradientOf: NegativeLogLikelihood, estimate: Float64Array): (number | null)[] {
  const hessian = numericHessian((p, g) => gradientOf(p, g), estimate);
  const covariance = invertPositiveDefinite(hessian);
  return Array.from(estimate, (_, i) => {
    const variance = covariance?.[i]?.[i];
    return variance !== undefined && variance > 0 && Number.isFinite(variance) ? Math.sqrt(variance) : null;
  });
}

function freezeFit<M extends string, P extends string>(spec: MaximumLikelihoodSpec<M, P>, estimate: Float64Array, errors: readonly (number | null)[], logLikelihood: number, converged: boolean, iterations: number, boundary: readonly P[], stop: FitStop): ModelFit<M, P> {
  const z = criticalValue(spec.options.confidence);
  const params = {} as Record<P, number>;
  const standardErrorsByName = {} as Record<P, number | null>;
  const summary = spec.names.map((name, i) => {
    const value = estimate[i] as number;
    const se = errors[i] ?? null;
    params[name] = value;
    standardErrorsByName[name] = se;
    const spread = se === null ? null : Math.exp((z * se) / value);
    // A standard error many times the estimate (a weakly identified parameter) overflows exp(z·SE/θ̂).
    const bounded = spread !== null && Number.isFinite(value * spread);
    return Object.freeze({ parameter: name, estimate: value, standardError: se, lower: bounded ? value / spread : null, upper: bounded ? value * spread : null });
  });
  return Object.freeze({
    model: spec.model,
    params: Object.freeze(params),
    logLikelihood,
    converged,
    boundary: Object.freeze([...boundary]),
    iterations,
    stop,
    standardErrors: Object.freeze(standardErrorsByName),
    summary: Object.freeze(summary),
    confidence: spec.options.confidence,
    customers: spec.customers,
    rows: spec.rows,
    penalizer: spec.options.penalizer,
    timeUnit: spec.options.timeUnit,
  });
}

/**
 * Reads the `params` of a fit (or of a hand-written `{ model, params }`) for a prediction: the model tag
 * must be one of `models`, and each named parameter a positive finite number.
 */
export function readParams<P extends string>(ctx: Ctx, fit: unknown, models: readonly string[], names: readonly P[]): { readonly model: string; readonly params: Readonly<Record<P, number>> } {
  if (typeof fit !== 'object' || fit === null) fail(ctx, 'fit', `a model fit of ${models.join(', ')}`, fit);
  const model = own(fit, 'model');
  if (typeof model !== 'string' || !models.includes(model)) fail(ctx, 'fit.model', `one of ${models.join(', ')}`, model);
  const raw = own(fit, 'params');
  if (typeof raw !== 'object' || raw === null) fail(ctx, 'fit.params', `an object of ${names.join(', ')}`, raw);
  const params = {} as Record<P, number>;
  for (const name of names) params[name] = finiteNumber(ctx, `fit.params.${name}`, own(raw, name), { min: 0, minExclusive: true });
  return { model, params };
}
