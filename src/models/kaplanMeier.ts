import { criticalValue } from '../core/_normalQuantile.js';
import { confidence as readConfidence, noExtraArguments, options as readOptions, own } from '../core/_validate.js';
import { registerKaplanMeierCurve } from './_kaplanMeierCurve.js';
import { logLogInterval, medianTime, productLimit } from './_productLimit.js';
import { readSurvivalData } from './_survivalData.js';

/**
 * Input of {@link kaplanMeier}: parallel columns, one entry per subject (customer, subscription).
 * @category models
 */
export interface KaplanMeierInput {
  /** Time from the origin (signup, first order) to the event or to censoring; finite, >= 0. */
  readonly durations: ArrayLike<number>;
  /** Whether the event (churn) was observed: `true` (or 1) for an event, `false` (or 0) for right-censored. */
  readonly observed: ArrayLike<boolean | number>;
  /**
   * Late entry (left truncation): the time, on the same clock as `durations`, from which the subject was
   * observed. Finite, >= 0 and strictly below its duration. A subject is at risk at t when entry < t <= duration.
   */
  readonly entry?: ArrayLike<number>;
  /** Case weights (a count of identical subjects in compressed data): finite, >= 0, with a positive total. */
  readonly weights?: ArrayLike<number>;
}

/**
 * Options of {@link kaplanMeier}.
 * @category models
 */
export interface KaplanMeierOptions {
  /** Two-sided confidence level of the pointwise intervals and of the median's interval, in (0, 1). Default 0.95. */
  readonly confidence?: number;
}

/**
 * One row of the Kaplan-Meier table, at a distinct duration (event or censoring time). Counts are sums of
 * weights, so they are fractional with fractional weights.
 * @category models
 */
export interface KaplanMeierRow {
  /** The time. */
  readonly time: number;
  /** Subjects at risk just before `time`: entry < time <= duration. */
  readonly atRisk: number;
  /** Events at `time`. */
  readonly events: number;
  /** Subjects censored at `time` (still at risk for the events at `time`). */
  readonly censored: number;
  /**
   * Only with `entry`: subjects that entered the risk set since the previous row (entry in
   * [previous time, time)), so atRisk = previous atRisk − previous events − previous censored + entered.
   */
  readonly entered?: number;
  /** S(time), the estimated probability of surviving past `time`. */
  readonly survival: number;
  /** Greenwood standard error of S(time); null once S = 0 (the variance is undefined there). */
  readonly standardError: number | null;
  /** Lower limit of the log-log interval; null where S = 1 or S = 0 (the transform is undefined, as in R). */
  readonly lower: number | null;
  /** Upper limit of the log-log interval; null where S = 1 or S = 0. */
  readonly upper: number | null;
}

/**
 * The median survival time and its confidence interval (null where undefined).
 * @category models
 */
export interface KaplanMeierMedian {
  /** The median: null when S never falls to 0.5. */
  readonly time: number | null;
  /** Where the lower limit curve falls to 0.5: null when it never does. */
  readonly lower: number | null;
  /** Where the upper limit curve falls to 0.5: null when it never does (common with censored data). */
  readonly upper: number | null;
}

/**
 * The result of {@link kaplanMeier}: frozen, plain JSON. {@link survival} and
 * {@link retentionProbability} accept it, also after `JSON.parse(JSON.stringify(fit))`.
 * @category models
 */
export interface KaplanMeierFit {
  /** The model tag that predictions dispatch on. */
  readonly model: 'kaplanMeier';
  /** One row per distinct duration, ascending. */
  readonly table: readonly KaplanMeierRow[];
  /** Median survival time and its interval. */
  readonly median: KaplanMeierMedian;
  /** Confidence level of the intervals. */
  readonly confidence: number;
  /** The interval's construction: the exponential-Greenwood (log-log) interval. */
  readonly intervalType: 'log-log';
  /** Input rows. */
  readonly rows: number;
  /** Subjects: the sum of the weights (= rows when unweighted). */
  readonly subjects: number;
  /** Events observed: the sum of their weights. */
  readonly events: number;
}

/**
 * Kaplan-Meier (product-limit) survival curve with right censoring, late entry and case weights.
 *
 * With n_j at risk and d_j events at the distinct times t_j: S(t) = Π_{t_j <= t} (1 − d_j / n_j).
 * Greenwood's variance: Var S(t) = S(t)² Σ_{t_j <= t} d_j / (n_j (n_j − d_j)) (`standardError` is its
 * square root). The interval is the exponential-Greenwood ("log-log") one, R's `conf.type = "log-log"`:
 * with σ² = Σ d_j / (n_j (n_j − d_j)) and z the normal critical value, S(t)^exp(±zσ / |ln S(t)|); it
 * always lies in [0, 1].
 *
 * Definitional choices, as in R's `survival` package (checked against `survfit` in the tests): a subject
 * is at risk at t when entry < t <= duration, so events at t happen before censorings at t (the censored
 * are still at risk) and a subject entering at t is not yet at risk at t; weights are case weights (a
 * weight of 3 is three identical subjects, in the variance too). The median is the first time S(t) <= 0.5;
 * when S equals 0.5 exactly over a stretch, the midpoint of that stretch (from the time S reaches 0.5 to
 * the time it falls below), as `print.survfit` does; its limits are where the lower and upper limit curves
 * fall to 0.5 by the same rule. When S ends exactly at 0.5 the median is the time it got there
 * (`quantile.survfit` would take the midpoint with the last follow-up time instead).
 * Sources: E. L. Kaplan & P. Meier (1958), "Nonparametric estimation from incomplete observations", JASA
 * 53(282); M. Greenwood (1926), "The natural duration of cancer"; J. D. Kalbfleisch & R. L. Prentice
 * (2002), The Statistical Analysis of Failure Time Data, 2nd ed., section 1.4; T. Therneau, R package
 * `survival` (`survfit`, `print.survfit`).
 *
 * Edge cases: S, the standard error and the interval are flat after the last event; once S reaches 0
 * (everyone at risk had the event), `standardError`, `lower` and `upper` are null; before the first
 * event (S = 1) the interval is null, as in R. Zero-weight rows are allowed and still make table rows.
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a column that is not an array, a duration or entry that is
 * not a finite number >= 0, an `observed` flag that is not a boolean or 0/1, a negative or non-finite
 * weight, an unknown field or option, or a confidence outside (0, 1); `INCONSISTENT_INPUT` for columns of
 * different lengths or an entry not below its duration; `EMPTY_POPULATION` for no rows or a zero total weight.
 * Errors name the column and index (`durations[3]`).
 * @example
 * ```ts
 * import { kaplanMeier, survival } from 'loyalty-metrics';
 * // Months from signup to cancellation (observed) or to today (still subscribed, censored).
 * const fit = kaplanMeier({
 *   durations: [1, 2, 2, 3, 4, 4, 5, 6, 8, 9],
 *   observed: [true, true, false, true, true, false, false, true, false, false],
 * });
 * // time, atRisk, events, censored, survival, standardError, lower, upper
 * Object.values(fit.table[2]).map((x) => Number(x.toFixed(4))) //=> [3, 7, 1, 0, 0.6857, 0.1515, 0.3046, 0.8871]
 * fit.table.map((r) => r.survival.toFixed(3)) //=> ["0.900", "0.800", "0.686", "0.571", "0.571", "0.381", "0.381", "0.381"]
 * fit.median //=> {"time": 6, "lower": 1, "upper": null}
 * survival(fit, 4.5).toFixed(3) //=> '0.571'
 * ```
 * @category models
 */
export function kaplanMeier(input: KaplanMeierInput, options?: KaplanMeierOptions): KaplanMeierFit {
  const ctx = { fn: 'kaplanMeier' };
  noExtraArguments(ctx, arguments, 2);
  const data = readSurvivalData(ctx, input);
  const level = readConfidence(ctx, own(readOptions(ctx, options, ['confidence']), 'confidence'));
  const columns = productLimit(data);
  const z = criticalValue(level);
  const rows: KaplanMeierRow[] = [];
  const lowers: (number | null)[] = [];
  const uppers: (number | null)[] = [];
  let events = 0;
  for (let k = 0; k < columns.time.length; k++) {
    const s = columns.survival[k] as number;
    const greenwood = columns.greenwood[k] as number;
    const { lower, upper } = logLogInterval(s, greenwood, columns.logSurvival[k] as number, z);
    lowers.push(lower);
    uppers.push(upper);
    events += columns.events[k] as number;
    rows.push(Object.freeze({
      time: columns.time[k] as number,
      atRisk: columns.atRisk[k] as number,
      events: columns.events[k] as number,
      censored: columns.censored[k] as number,
      ...(columns.entered === undefined ? {} : { entered: columns.entered[k] as number }),
      survival: s,
      standardError: s > 0 && Number.isFinite(greenwood) ? s * Math.sqrt(greenwood) : null,
      lower,
      upper,
    }));
  }
  const table = Object.freeze(rows);
  registerKaplanMeierCurve(table, columns.time, columns.survival);
  return Object.freeze({
    model: 'kaplanMeier',
    table,
    median: Object.freeze({ time: medianTime(columns.time, columns.survival), lower: medianTime(columns.time, lowers), upper: medianTime(columns.time, uppers) }),
    confidence: level,
    intervalType: 'log-log',
    rows: data.durations.length,
    subjects: data.total,
    events,
  });
}
