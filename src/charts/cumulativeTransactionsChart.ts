import { MAX_PERIODS, nextPeriodStart, periodLabel } from '../core/_periods.js';
import { fail, noExtraArguments, own, record } from '../core/_validate.js';
import type { TimestampInput } from '../core/_time.js';
import { expectedPurchasesNewCustomer } from '../models/expectedPurchasesNewCustomer.js';
import { collect, endOption, readSetup, SETUP_KEYS } from '../models/_rfmInput.js';
import { durationMeter } from '../models/_rfmRows.js';
import type { TransactionModelFit } from '../models/_predict.js';
import type { RfmEvents, RfmSummaryOptions } from '../models/rfmSummary.js';
import { type Chart, createChart } from '../render/_chart.js';
import { CHART_WIDTH, formatNumber } from '../render/_plot.js';
import { capital, drawTracking, TRACKING_HEIGHT } from './_trackingDraw.js';
import { asChart, checkTimeUnit, CONTINUOUS_MODELS, readFit, readTitle } from './_fitCheck.js';

/**
 * Options of {@link cumulativeTransactionsChart}: those of {@link calibrationHoldoutSplit} (the calendar
 * grain, the time unit, the zone, the calibration and observation ends, the event filter) plus the drawing.
 * @category charts
 */
export interface CumulativeTransactionsChartOptions extends RfmSummaryOptions {
  /** The end of observation (required), in a period after the calibration end's: the tracking plot ends with its period. */
  readonly observationEnd: TimestampInput;
  /** Draw repeat transactions per time unit instead of their running total. Default false (cumulative). */
  readonly incremental?: boolean;
  /** The heading (the SVG's `<title>`). Default `"Cumulative repeat transactions: actual vs <model>"` (or "Repeat transactions per <unit>"). */
  readonly title?: string;
}

/**
 * One point of {@link cumulativeTransactionsChart}: the end of one time unit since the first purchase.
 * @category charts
 */
export interface CumulativeTransactionsPoint {
  /** The end of the step, in time units since `origin` (1, 2, ...; the last may be shorter, at the end of the observation period). */
  readonly t: number;
  /** Repeat transactions before `t` (cumulative) or in the step ending at `t` (incremental): a count. */
  readonly actual: number;
  /** The model's expectation of the same: Σ over customers of E[X(t − t0_i)] (cumulative) or its increase over the step. */
  readonly expected: number;
}

/**
 * The plotted numbers of {@link cumulativeTransactionsChart}.
 * @category charts
 */
export interface CumulativeTransactionsChartData {
  /** The fit's model tag. */
  readonly model: string;
  /** The unit of `t` (and of the model's rates). */
  readonly timeUnit: string;
  /** Start of the earliest first-purchase period (t = 0), ISO-8601; null without customers. */
  readonly origin: string | null;
  /** The end of the calibration period, in time units since `origin`. */
  readonly calibrationEnd: number;
  /** The end of the observation period, in time units since `origin`: the last point's `t`. */
  readonly observationEnd: number;
  /** Whether `points` are per step (true) or running totals (false). */
  readonly incremental: boolean;
  /** Customers with a first purchase up to the observation end. */
  readonly customers: number;
  /** Repeat transactions observed up to the observation end. */
  readonly repeatTransactions: number;
  /** Repeat transactions the model expects over the same time. */
  readonly expectedRepeatTransactions: number;
  /** One point per time unit since `origin`. */
  readonly points: readonly CumulativeTransactionsPoint[];
}

const OPTION_KEYS = ['calibrationEnd', 'observationEnd', 'incremental', 'title', ...SETUP_KEYS];

/**
 * The tracking plot (Fader, Hardie & Lee 2005, figure 3; Fader & Hardie's note "Creating an incremental /
 * cumulative tracking plot"; lifetimes' `plot_cumulative_transactions` and `plot_incremental_transactions`):
 * repeat transactions over calendar time, actual against the model, with the end of calibration marked,
 * so that the forecast into the holdout can be judged.
 *
 * Repeat transactions are counted as {@link rfmSummary} counts them: purchases are snapped to `period`
 * in `timeZone`, a customer's purchases in one period count once, and each customer's first period is
 * not a repeat. Time t runs in `timeUnit`s from `origin`, the start of the earliest first purchase; step
 * k covers [k − 1, k) (the last step ends with the observation end's period). Every customer first seen
 * up to the observation end is counted, as in lifetimes (customers acquired in the holdout too).
 * - actual(t) = repeat transactions at positions < t (cumulative) or in [t − 1, t) (incremental);
 * - expected(t) = Σ_i E[X(t − t0_i)], with t0_i the position of customer i's first purchase period and
 *   E[X(·)] from {@link expectedPurchasesNewCustomer}; customers with the same first period are summed
 *   once, and equal lags are computed once. Incremental: expected(t) − expected(t − 1).
 *
 * `transactions` are event objects or columns as for {@link rfmSummary} and {@link calibrationHoldoutSplit}
 * (read by the same reader, with the same `fields`, `purchaseEvents` and `onInvalid`). `timeUnit`
 * defaults to the fit's `timeUnit` when it has one (and must equal it), otherwise to `period`.
 *
 * @param fit - A fit of the library (or `{ model, params }` by hand, as in the example); when it states its
 * `timeUnit` (a fit made with `options.timeUnit`), the data's unit must be the same.
 * @throws {@link MetricError} as {@link calibrationHoldoutSplit} for the events and the options; also
 * `INVALID_INPUT` for a fit that is not BG/NBD, MBG/NBD or Pareto/NBD or has a bad parameter, a bad
 * `incremental` or `title`, or more than 100,000 steps; `INCONSISTENT_INPUT` when `timeUnit` differs from the
 * fit's or `observationEnd` is not in a later period than `calibrationEnd`.
 * @example
 * ```ts
 * import { cumulativeTransactionsChart } from 'loyalty-metrics';
 * const purchases = [
 *   { customerId: 'ann', timestamp: '2024-01-01' },
 *   { customerId: 'ann', timestamp: '2024-01-10' },
 *   { customerId: 'ann', timestamp: '2024-01-24' },
 *   { customerId: 'bob', timestamp: '2024-01-08' },
 *   { customerId: 'bob', timestamp: '2024-01-16' },
 * ];
 * const fit = { model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, timeUnit: 'week' };
 * const chart = cumulativeTransactionsChart(fit, purchases, { period: 'day', calibrationEnd: '2024-01-14', observationEnd: '2024-01-28' });
 * chart.data.points.map((p) => p.actual) //=> [0, 1, 2, 3]
 * chart.data.calibrationEnd //=> 2
 * ```
 * @category charts
 */
export function cumulativeTransactionsChart(fit: TransactionModelFit & { readonly timeUnit?: string | null }, transactions: RfmEvents, options: CumulativeTransactionsChartOptions): Chart<CumulativeTransactionsChartData> {
  const ctx = { fn: 'cumulativeTransactionsChart' };
  noExtraArguments(ctx, arguments, 3);
  const model = readFit(ctx, fit, CONTINUOUS_MODELS);
  const opts = record(ctx, 'options', options, OPTION_KEYS);
  const givenUnit = own(opts, 'timeUnit');
  checkTimeUnit(ctx, 'options.timeUnit', model.timeUnit, givenUnit);
  const setup = readSetup(ctx, { ...opts, timeUnit: givenUnit ?? model.timeUnit ?? undefined });
  checkTimeUnit(ctx, 'options.timeUnit', model.timeUnit, setup.timeUnit);
  const incremental = own(opts, 'incremental') ?? false;
  if (typeof incremental !== 'boolean') fail(ctx, 'options.incremental', 'a boolean', incremental);
  const calibrationEnd = endOption(ctx, 'options.calibrationEnd', own(opts, 'calibrationEnd'), setup);
  const observationEnd = endOption(ctx, 'options.observationEnd', own(opts, 'observationEnd'), setup);
  if (observationEnd.period <= calibrationEnd.period) {
    fail(ctx, 'options.observationEnd', `in a ${setup.calendar.unit} after the one of options.calibrationEnd (${new Date(calibrationEnd.instant).toISOString()})`, own(opts, 'observationEnd'), 'INCONSISTENT_INPUT');
  }
  const unit = setup.timeUnit;
  const title = readTitle(ctx, own(opts, 'title'), incremental ? `Repeat transactions per ${unit}: actual vs ${model.name}` : `Cumulative repeat transactions: actual vs ${model.name}`);
  const collected = collect(ctx, transactions, setup, calibrationEnd.period, observationEnd.period);
  const { offsets, periods } = collected;
  const customers = collected.ids.length;

  let origin = Number.POSITIVE_INFINITY;
  for (let c = 0; c < customers; c++) origin = Math.min(origin, periods[offsets[c] as number] as number);
  const meter = durationMeter(setup);
  const at = (start: number): number => meter(origin, start);
  const empty = customers === 0;
  const endPos = empty ? 0 : at(nextPeriodStart(observationEnd.period, setup.calendar));
  const calPos = empty ? 0 : at(nextPeriodStart(calibrationEnd.period, setup.calendar));
  const steps = Math.ceil(endPos - 1e-9);
  if (steps > MAX_PERIODS) fail(ctx, 'options.observationEnd', `at most ${formatNumber(MAX_PERIODS)} ${unit}s after the first purchase (a tracking plot of ${formatNumber(steps)} steps)`, own(opts, 'observationEnd'));

  // Actual: each customer's purchase periods after the first, counted in the step that holds them.
  const actualSteps = new Float64Array(steps);
  const cohorts = new Map<number, number>();
  for (let c = 0; c < customers; c++) {
    const a = offsets[c] as number;
    const b = offsets[c + 1] as number;
    const first = at(periods[a] as number);
    cohorts.set(first, (cohorts.get(first) ?? 0) + 1);
    for (let k = a + 1; k < b; k++) {
      const step = Math.min(steps - 1, Math.floor(at(periods[k] as number) + 1e-9));
      actualSteps[step] = (actualSteps[step] as number) + 1;
    }
  }
  // Expected: Σ over first-purchase cohorts of size × E[X(t − t0)], each distinct lag computed once.
  // Lags equal in exact arithmetic (e.g. (7k − d)/7 reached from different pairs) share one entry: the key
  // is the lag to 1e-7 of a unit, far below a day in any unit, and the value is taken at the first one seen.
  const lags = new Map<number, number>();
  const expectedAt = (lag: number): number => {
    const key = Math.round(lag * 1e7);
    let e = lags.get(key);
    if (e === undefined) {
      e = asChart(ctx, () => expectedPurchasesNewCustomer(fit, { t: lag }));
      lags.set(key, e);
    }
    return e;
  };
  const groups = [...cohorts.entries()].sort((u, v) => u[0] - v[0]);
  const points: CumulativeTransactionsPoint[] = [];
  let actualTotal = 0;
  let previousExpected = 0;
  for (let s = 0; s < steps; s++) {
    const t = Math.min(s + 1, endPos);
    let expected = 0;
    for (const [t0, size] of groups) {
      if (t0 >= t) break;
      expected += size * expectedAt(t - t0);
    }
    const actualStep = actualSteps[s] as number;
    actualTotal += actualStep;
    points.push(incremental ? { t, actual: actualStep, expected: Math.max(0, expected - previousExpected) } : { t, actual: actualTotal, expected });
    previousExpected = expected;
  }
  const originText = empty ? '' : periodLabel(origin, { unit: 'day', timeZone: setup.calendar.timeZone, weekStartsOn: setup.calendar.weekStartsOn });
  const description = empty
    ? 'Repeat transactions over time: there is no purchase up to the observation end, so there is nothing to plot.'
    : `${incremental ? `Repeat transactions per ${unit}` : 'Cumulative repeat transactions'} of ${formatNumber(customers)} customers over ${formatNumber(steps)} ${unit}s since ${originText}, actual against the ${model.name} model's expectation; the calibration period ends after ${formatNumber(calPos, Number.isInteger(calPos) ? 0 : 2)} ${unit}s. Actual ${formatNumber(actualTotal)}, expected ${formatNumber(previousExpected, 1)} repeat transactions in all.`;
  const data: CumulativeTransactionsChartData = {
    model: model.model,
    timeUnit: unit,
    origin: empty ? null : new Date(origin).toISOString(),
    calibrationEnd: calPos,
    observationEnd: endPos,
    incremental,
    customers,
    repeatTransactions: actualTotal,
    expectedRepeatTransactions: previousExpected,
    points,
  };
  const xTitle = empty ? `${capital(unit)}s since the first purchase` : `${capital(unit)}s since ${originText}`;
  return createChart({ kind: 'cumulativeTransactions', title, description, data, width: CHART_WIDTH, height: TRACKING_HEIGHT, draw: () => drawTracking(title, description, data, model.name, xTitle) });
}
