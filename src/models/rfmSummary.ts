import type { AnyEventRecord, EventFields, SkippedRecord } from '../events/_eventInput.js';
import type { EventColumns } from '../events/_eventColumns.js';
import type { TimestampInput } from '../core/_time.js';
import { noExtraArguments, own, record } from '../core/_validate.js';
import { collect, endOption, readSetup, SETUP_KEYS } from './_rfmInput.js';
import { buildSummary } from './_rfmRows.js';

/**
 * The calendar grain purchases are snapped to: several purchases of a customer in one period count as
 * one, with their amounts summed.
 * @category models
 */
export type RfmPeriod = 'day' | 'week' | 'month';

/**
 * The unit recency and T are measured in: `'day'` (calendar days), `'week'` (7 calendar days, so a
 * daily grain gives fractional weeks) or `'month'` (whole calendar months; only with period `'month'`).
 * @category models
 */
export type RfmTimeUnit = 'day' | 'week' | 'month';

/**
 * One customer in the BTYD ("buy till you die") convention, the input of the customer-base models.
 * @category models
 */
export interface RfmCustomer {
  /** The customer. */
  readonly customerId: string;
  /** Repeat purchases: periods with a purchase, minus 1 (the first). */
  readonly frequency: number;
  /** Time from the first to the last purchase period, in the time unit (0 without repeats). */
  readonly recency: number;
  /** Time from the first purchase period to the last calibration period, in the time unit. */
  readonly T: number;
  /** Mean amount of the repeat periods (first period excluded), float64; 0 without repeats. */
  readonly monetaryValue: number;
}

/**
 * The customers of a summary column-wise (for the model fitters): entry i of every column is customer i
 * of `customers`. Typed arrays cannot be frozen: treat them as read-only, copy them to change them.
 * @category models
 */
export interface RfmColumns {
  /** Customer ids, in the order of the rows. */
  readonly customerId: readonly string[];
  /** {@link RfmCustomer.frequency} per customer. */
  readonly frequency: Float64Array;
  /** {@link RfmCustomer.recency} per customer. */
  readonly recency: Float64Array;
  /** {@link RfmCustomer.T} per customer. */
  readonly T: Float64Array;
  /** {@link RfmCustomer.monetaryValue} per customer. */
  readonly monetaryValue: Float64Array;
}

/**
 * The events {@link rfmSummary} reads: event objects (any iterable; other shapes through
 * `options.fields`), or parallel columns such as `parseEventsCsv(text).columns`.
 * @typeParam R - The type of the event objects. Default {@link AnyEventRecord} (any object).
 * @category models
 */
export type RfmEvents<R = AnyEventRecord> = Iterable<R> | EventColumns;

/**
 * Options of {@link rfmSummary}.
 * @typeParam R - The type of the event objects, whose fields `fields` names. Default {@link AnyEventRecord} (any object).
 * @category models
 */
export interface RfmSummaryOptions<R = AnyEventRecord> {
  /** The grain purchases are snapped to (required). */
  readonly period: RfmPeriod;
  /**
   * The end of calibration (required), inclusive like every `to` of the library. The period that
   * contains it is the last calibration period, whole: a purchase later on that day (week, month) is in
   * calibration, as in lifetimes; so a date alone always covers its whole day.
   */
  readonly calibrationEnd: TimestampInput;
  /** Unit of recency and T. Default: the period. `'month'` needs period `'month'`. */
  readonly timeUnit?: RfmTimeUnit;
  /** IANA zone of the calendar, and of timestamps without an offset. Default `'UTC'`. */
  readonly timeZone?: string;
  /** First day of `'week'` periods, 0 (Sunday) to 6. Default 1 (ISO Monday, as lifetimes' `'W'`). */
  readonly weekStartsOn?: number;
  /** Event names that are purchases; other valid events are counted in `ignoredEvents`. Default `['purchase']` (an event without a name is a purchase). */
  readonly purchaseEvents?: readonly string[];
  /** Where the fields of event objects of another shape are (names, keys of `R`, or accessors of an `R`). Not with columns. */
  readonly fields?: EventFields<R>;
  /** `'throw'` (default) at the first bad record, naming its index and field; or `'skip'` and report it. */
  readonly onInvalid?: 'throw' | 'skip';
}

/**
 * Result of {@link rfmSummary}.
 * @category models
 */
export interface RfmSummary {
  /** One frozen row per customer with a purchase in calibration, sorted by customer id (UTF-16 order). */
  readonly customers: readonly RfmCustomer[];
  /** The same numbers column-wise, in the same order. */
  readonly columns: RfmColumns;
  /** The grain purchases were snapped to. */
  readonly period: RfmPeriod;
  /** The unit of recency and T. */
  readonly timeUnit: RfmTimeUnit;
  /** The calendar's zone. */
  readonly timeZone: string;
  /** First day of the week of `'week'` periods. */
  readonly weekStartsOn: number;
  /** The calibration end as given. */
  readonly calibrationEnd: Date;
  /** Start of the period containing `calibrationEnd`: the last calibration period; T is measured to it. */
  readonly calibrationEndPeriod: Date;
  /** Records read, valid or not. */
  readonly recordsRead: number;
  /** Valid records whose event is not a purchase event. */
  readonly ignoredEvents: number;
  /** Valid purchase records after the last calibration period: left out of the summary, counted here. */
  readonly ignoredAfterCalibration: number;
  /** Records skipped under `onInvalid: 'skip'`, with index, field and reason. */
  readonly skipped: readonly SkippedRecord[];
}

/**
 * The RFM summary of raw transactions in the BTYD convention of lifetimes and CLVTools: per customer,
 * frequency, recency, T and monetary value, the input of the customer-base models (BG/NBD, Pareto/NBD,
 * Gamma-Gamma).
 *
 * Purchases are snapped to calendar periods (`period`, in `timeZone`); a customer's purchases in one
 * period count once and their amounts are summed. With p_1 < ... < p_k the customer's purchase periods up
 * to the last calibration period P (the period containing `calibrationEnd`):
 * - frequency = k - 1 (repeat purchases);
 * - recency = time from start(p_1) to start(p_k); T = time from start(p_1) to start(P);
 * - monetaryValue = (amount(p_2) + ... + amount(p_k)) / (k - 1), 0 when k = 1.
 *
 * Times are measured between period starts (the lifetimes convention), in `timeUnit`: calendar days,
 * weeks of exactly 7 days (fractional with a daily grain), or whole calendar months (period `'month'`
 * only). The published CDNOW fits snap to days and measure in weeks: `{ period: 'day', timeUnit: 'week' }`
 * gives recency = days / 7 as in Fader, Hardie & Lee (2005). "RFM recency" in marketing is the opposite
 * quantity, time since the last purchase = T - recency (see {@link rfmScores}).
 *
 * Sums of amounts are exact (minor units or Decimals); monetaryValue is their mean rounded once to
 * float64, as the models compute in float64. Purchases after the calibration period are not in the
 * summary and are counted in `ignoredAfterCalibration`; customers are sorted by id, so the result does
 * not depend on the order of the events, and summaries of disjoint sets of customers concatenate.
 * A negative amount (a refund, which the cohort builder and periodSummary net) is a bad record here: the
 * monetary value feeds the Gamma-Gamma spend model, which needs positive transactions (as in lifetimes),
 * so net each refund into the order it returns, or leave refund rows out, before summarising.
 *
 * @param events - Event objects (`{ customerId, timestamp, event?, amount? }`, any iterable), or
 * columns (`{ customerId, timestamp, event?, amount?, amountDecimals? }`: epoch ms, amounts in minor units).
 * @throws {@link MetricError} `INVALID_INPUT` for bad options (missing `period` or `calibrationEnd`,
 * `timeUnit: 'month'` with a daily or weekly grain, unknown keys) or, with `onInvalid: 'throw'`, the first
 * bad record; `INCONSISTENT_INPUT` for columns of different lengths.
 * @example
 * ```ts
 * import { rfmSummary } from 'loyalty-metrics';
 * const purchases = [
 *   { customerId: 'ann', timestamp: '2024-01-03', amount: 40 },
 *   { customerId: 'ann', timestamp: '2024-01-03', amount: 10 }, // same day: one purchase of 50
 *   { customerId: 'ann', timestamp: '2024-01-17', amount: 30 },
 *   { customerId: 'ann', timestamp: '2024-02-07', amount: 50 },
 *   { customerId: 'bob', timestamp: '2024-02-14', amount: 25 },
 *   { customerId: 'bob', timestamp: '2024-03-20', amount: 99 }, // after calibration: ignored, counted
 * ];
 * const summary = rfmSummary(purchases, { period: 'day', timeUnit: 'week', calibrationEnd: '2024-02-28' });
 * summary.customers[0] //=> {"customerId": "ann", "frequency": 2, "recency": 5, "T": 8, "monetaryValue": 40}
 * summary.customers[1] //=> {"customerId": "bob", "frequency": 0, "recency": 0, "T": 2, "monetaryValue": 0}
 * summary.ignoredAfterCalibration //=> 1
 * Array.from(summary.columns.T) //=> [8, 2]
 * ```
 * @typeParam R - The type of the event objects, given explicitly (`rfmSummary<Order>(orders, { ..., fields: {
 * customerId: (r) => r.user } })`) to have `events` checked, `fields` names checked against its keys and its
 * accessors take it. It is never inferred, so options typed apart still fit. Default {@link AnyEventRecord} (any object).
 * @category models
 */
export function rfmSummary<R extends object = AnyEventRecord>(events: RfmEvents<NoInfer<R>>, options: NoInfer<RfmSummaryOptions<R>>): RfmSummary {
  const ctx = { fn: 'rfmSummary' };
  noExtraArguments(ctx, arguments, 2);
  const opts = record(ctx, 'options', options, ['calibrationEnd', ...SETUP_KEYS]);
  const setup = readSetup(ctx, opts);
  const end = endOption(ctx, 'options.calibrationEnd', own(opts, 'calibrationEnd'), setup);
  const collected = collect(ctx, events, setup, end.period, end.period);
  return buildSummary(collected, setup, end).summary;
}
