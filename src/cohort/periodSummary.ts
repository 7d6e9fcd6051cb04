import type { Decimal } from 'decimal.js';
import { churnRate } from '../churn/churnRate.js';
import { ExactDecimal } from '../core/_decimal.js';
import { isValidTimeZone, lastInstantOf, type TimestampInput, toEpochMs } from '../core/_time.js';
import { fail, noExtraArguments, oneOf, own, record } from '../core/_validate.js';
import { MetricError } from '../core/MetricError.js';
import type { Rate } from '../core/Rate.js';
import { averageInteractionDuration } from '../engagement/averageInteractionDuration.js';
import { interactionFrequency } from '../engagement/interactionFrequency.js';
import { repeatPurchaseRate } from '../retention/repeatPurchaseRate.js';
import { retentionRate } from '../retention/retentionRate.js';
import { averageOrderValue } from '../value/averageOrderValue.js';
import { averageRevenuePerCustomer } from '../value/averageRevenuePerCustomer.js';
import { purchaseFrequency } from '../value/purchaseFrequency.js';
import { accessors, type AnyEventRecord, type EventFields, type FieldAccessor, type FieldName, readEvent, type SkippedRecord, toSkipped } from '../events/_eventInput.js';
import { type Activity, type ActivityRule, customerActivity, type EventActivity, readActivity } from './_activity.js';
import { EventColumnRows, isColumnForm } from '../events/_eventColumns.js';
import type { EventColumns } from '../events/_eventColumns.js';

/**
 * Options of {@link periodSummary}.
 * @typeParam R - The type of the event records, whose fields `fields` names. Default {@link AnyEventRecord} (any object).
 * @category cohort
 */
export interface PeriodSummaryOptions<R = AnyEventRecord> {
  /** First instant of the period (inclusive); a date alone is its midnight in `timeZone`. */
  readonly from: TimestampInput;
  /**
   * Last instant of the period (inclusive); a date alone covers that whole day in `timeZone`, so a month
   * is `from: '2024-10-01', to: '2024-10-31'`. An instant covers its whole millisecond.
   */
  readonly to: TimestampInput;
  /** IANA zone for timestamps without an offset. Default `'UTC'`. */
  readonly timeZone?: string;
  /** What "active" means. Default `{ type: 'events', inactivityDays: 90 }`. */
  readonly activity?: Activity;
  /** Event names that are orders. Default `['purchase']`. */
  readonly purchaseEvents?: readonly string[];
  /** Event names that are interactions (their `duration` is summed). Default `['interaction']`. */
  readonly interactionEvents?: readonly string[];
  /** Where the fields of records of another shape are. Default: the CustomerEvent names plus `duration`. Records only (an error with columns). */
  readonly fields?: PeriodSummaryFields<R>;
  /** `'throw'` (default) at the first bad record, or `'skip'` and report it. */
  readonly onInvalid?: 'throw' | 'skip';
}

/**
 * Field mapping of {@link periodSummary}: the cohort builder's, plus the interaction duration.
 * @typeParam R - The record type; names must be its keys and accessors take it. Default {@link AnyEventRecord} (any object).
 * @category cohort
 */
export interface PeriodSummaryFields<R = AnyEventRecord> extends EventFields<R> {
  /** Property name or accessor of an interaction's duration (a non-negative number). Default `'duration'`. */
  readonly duration?: NoInfer<FieldName<R>> | FieldAccessor<R>;
}

/**
 * Events as parallel columns for {@link periodSummary}: the cohort builder's {@link EventColumns}
 * (customer ids, epoch-millisecond timestamps, optional event names, optional amounts in integer minor
 * units) plus the interactions' durations. The `columns` of {@link parseEventsCsv} and
 * {@link parseEventsNdjson} are of this form.
 * @category cohort
 */
export interface PeriodSummaryColumns extends EventColumns {
  /** Interaction durations (non-negative numbers, in the unit you choose); default none. */
  readonly duration?: ArrayLike<number>;
}

/**
 * Customer flows of a period. `retained + lost = atStart` and `retained + new + reactivated = atEnd`,
 * exactly.
 * @category cohort
 */
export interface PeriodCustomerCounts {
  /** Active at the start: in the last moment before `from` (a customer starting exactly at `from` is new). */
  readonly atStart: number;
  /** Active at the end: in the period's last moment, at `to` (one starting just after `to` is not). */
  readonly atEnd: number;
  /** Active at both. */
  readonly retained: number;
  /** Active at the start, not at the end. */
  readonly lost: number;
  /** First ever active inside the period and active at the end. */
  readonly new: number;
  /** Known before the period, not active at the start, active at the end. */
  readonly reactivated: number;
  /** First ever active inside the period but no longer active at the end. */
  readonly joinedAndLost: number;
  /** With at least one event inside the period (the customers of ARPC and frequencies). */
  readonly activeInPeriod: number;
  /** With at least one order inside the period. */
  readonly withOrders: number;
  /** With at least two orders inside the period. */
  readonly withRepeatOrders: number;
}

/**
 * The KPIs of a period, each computed by the library's public function of the same name; `null` where
 * the function's population is empty (no customers at the start, no orders...).
 * @category cohort
 */
export interface PeriodKpis {
  /** retentionRate: retained / atStart. */
  readonly retentionRate: Rate | null;
  /** churnRate (start basis): lost / atStart. */
  readonly churnRate: Rate | null;
  /** averageRevenuePerCustomer: revenue / activeInPeriod. */
  readonly averageRevenuePerCustomer: Decimal | null;
  /** averageOrderValue: revenue / orders. */
  readonly averageOrderValue: Decimal | null;
  /** purchaseFrequency: orders / activeInPeriod. */
  readonly purchaseFrequency: Rate | null;
  /** repeatPurchaseRate: withRepeatOrders / withOrders. */
  readonly repeatPurchaseRate: Rate | null;
  /** interactionFrequency: interactions / activeInPeriod. */
  readonly interactionFrequency: Rate | null;
  /** averageInteractionDuration: interaction duration / interactions, in the unit of `duration`. */
  readonly averageInteractionDuration: Decimal | null;
}

/**
 * Result of {@link periodSummary}.
 * @category cohort
 */
export interface PeriodSummary {
  /** First instant of the period. */
  readonly from: Date;
  /** Last instant of the period (inclusive): 23:59:59.999 of a date-only `to`, in the zone. */
  readonly to: Date;
  /** Customer flows. */
  readonly customers: PeriodCustomerCounts;
  /** Order events inside the period. */
  readonly orders: number;
  /** Sum of the order events' amounts inside the period. */
  readonly revenue: Decimal;
  /** Interaction events inside the period. */
  readonly interactions: number;
  /** Sum of the interaction events' `duration` inside the period (the unit you give, e.g. ms). */
  readonly interactionDuration: Decimal;
  /** The KPIs computed from these counts. */
  readonly kpis: PeriodKpis;
  /** Records (or column rows) read. */
  readonly recordsRead: number;
  /** Records skipped under `onInvalid: 'skip'`, with index and reason. */
  readonly skipped: readonly SkippedRecord[];
}

const ZERO = new ExactDecimal(0);

interface CustomerState {
  readonly activity: EventActivity;
  orders: number;
  activeInPeriod: boolean;
}

/**
 * Period KPIs straight from raw events: customers at the start and end of [from, to], retained, lost, new,
 * reactivated, orders, revenue, interactions and their duration, and the KPIs of the metric families
 * computed from them by the same public functions a user calls, so retention + churn = 1 exactly.
 *
 * "Active" has two definitions (`options.activity`):
 * - `{ type: 'events', inactivityDays: 90, events? }` (non-contractual, the default): active at instant t
 *   when the customer has a qualifying event (any event, or the named `events`) in [t - inactivityDays, t),
 *   with days of 24 hours;
 * - `{ type: 'subscriptions', subscriptions: [{ customerId, start, end? }] }` (contractual): active at t
 *   when a subscription covers t (start <= t < end, end after start; no end = still running).
 *
 * The period is [from, to], both inclusive, as in {@link CohortBuilder.build}: a date-only `to` covers
 * that whole day in `timeZone` (`to: '2024-10-31'` ends at 23:59:59.999), an instant its millisecond.
 * "At start" is activity in the last moment before `from`, "at end" activity in the last moment of the
 * period, so the end of one period is the start of the next, a subscription starting exactly at `from`
 * (a plan that starts at midnight on the 1st) is new in the period, and one starting just after `to` is
 * not active at its end. Reactivated customers are reported apart (known before, inactive at the start,
 * active at the end), so retained + lost = atStart and retained + new + reactivated = atEnd hold exactly,
 * and so does retention + churn = 1. Orders, revenue and interactions count the events in [from, to]; ARPC
 * and the frequencies divide by the customers with an event in the period. A negative amount is a refund:
 * it nets `revenue` (and so ARPC and AOV), and the event counts exactly as with a positive amount (an
 * order event is an order, activity is by event names), so the counts and rates never depend on signs.
 *
 * Events come as records (an array or any iterable) or as {@link PeriodSummaryColumns}, parallel arrays
 * such as the `columns` of {@link parseEventsCsv}: row i is read as the record of the same fields, except
 * that timestamps are epoch milliseconds (a string or Date cell is a bad record) and amounts are whole
 * minor units (1999 with `amountDecimals: 2` is exactly 19.99). `fields` is for records only.
 *
 * @throws {@link MetricError} `INVALID_INPUT` for bad options or (with `onInvalid: 'throw'`) the first bad
 * record, naming its index and field (`events[3].amount`); `INCONSISTENT_INPUT` when `to` is before
 * `from`, when a subscription does not end after it starts, when columns differ in length, or when refunds
 * make the period's net revenue negative (ARPC and AOV need a non-negative revenue).
 * @example
 * ```ts
 * import { periodSummary } from 'loyalty-metrics';
 * const events = [
 *   { customerId: 'a', timestamp: '2024-09-10', amount: 40 },
 *   { customerId: 'b', timestamp: '2024-09-20', amount: 15 },
 *   { customerId: 'a', timestamp: '2024-10-05', amount: 25 },
 *   { customerId: 'c', timestamp: '2024-10-12', amount: 60 },
 *   { customerId: 'c', timestamp: '2024-10-30', amount: 30 },
 * ];
 * const october = periodSummary(events, { from: '2024-10-01', to: '2024-10-31', activity: { type: 'events', inactivityDays: 30 } });
 * const { atStart, retained, lost, new: added } = october.customers;
 * JSON.stringify([atStart, retained, lost, added]) //=> '[2,1,1,1]'
 * october.kpis.churnRate.toString() //=> '1/2'
 * october.kpis.averageOrderValue.toFixed(2) //=> '38.33'
 * ```
 * @example
 * The same events as columns (amounts in cents), as `parseEventsCsv(text).columns` gives them:
 * ```ts
 * import { periodSummary } from 'loyalty-metrics';
 * const columns = {
 *   customerId: ['a', 'b', 'a', 'c', 'c'],
 *   timestamp: [Date.UTC(2024, 8, 10), Date.UTC(2024, 8, 20), Date.UTC(2024, 9, 5), Date.UTC(2024, 9, 12), Date.UTC(2024, 9, 30)],
 *   amount: [4000, 1500, 2500, 6000, 3000],
 *   amountDecimals: 2,
 * };
 * const october = periodSummary(columns, { from: '2024-10-01', to: '2024-10-31', activity: { type: 'events', inactivityDays: 30 } });
 * october.revenue.toString() //=> "115"
 * october.kpis.churnRate.toString() //=> "1/2"
 * october.recordsRead //=> 5
 * ```
 * @typeParam R - The type of the event records, given explicitly (`periodSummary<Order>(orders, { ..., fields: {
 * customerId: (r) => r.user } })`) to have `events` checked, `fields` names checked against its keys and its
 * accessors take it. It is never inferred, so options typed apart still fit. Default {@link AnyEventRecord} (any object).
 * @category cohort
 */
export function periodSummary<R extends object = AnyEventRecord>(events: Iterable<NoInfer<R>> | PeriodSummaryColumns, options: NoInfer<PeriodSummaryOptions<R>>): PeriodSummary {
  const fn = 'periodSummary';
  const ctx = { fn };
  noExtraArguments(ctx, arguments, 2);
  const columnForm = isColumnForm(events);
  if (!columnForm && (events === null || typeof (events as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== 'function')) {
    fail(ctx, 'events', 'an iterable of events or an object of parallel columns (PeriodSummaryColumns)', events);
  }
  const { opts, timeZone, from, to, end, onInvalid, purchases, interactionNames, rule } = readPeriodOptions(ctx, options);
  if (columnForm && own(opts, 'fields') !== undefined) fail(ctx, 'options.fields', 'left out with columns (fields map properties of event objects)', own(opts, 'fields'));
  const { fields, readDuration } = splitFields(ctx, own(opts, 'fields'));
  const read = accessors(fn, fields);
  const columns = columnForm ? new EventColumnRows(ctx, 'events', events, timeZone, ['duration']) : undefined;
  const durations = columns?.extra.duration;

  const customers = new Map<string, CustomerState>();
  const skipped: SkippedRecord[] = [];
  const totals = { recordsRead: 0, orders: 0, interactions: 0, revenue: ZERO, duration: ZERO };
  // Columns are read by row number, records as they come.
  for (const raw of columns === undefined ? (events as Iterable<unknown>) : rowNumbers(columns.length)) {
    const index = totals.recordsRead++;
    let event;
    let eventDuration: Decimal | undefined;
    try {
      if (columns === undefined) {
        event = readEvent(fn, raw, index, read, timeZone, undefined);
        eventDuration = durationOf(fn, readDuration(raw as object), index);
      } else {
        event = columns.row(index);
        eventDuration = durationOf(fn, durations?.[index], index);
      }
    } catch (error) {
      if (onInvalid === 'throw' || !(error instanceof MetricError)) throw error;
      skipped.push(toSkipped(error, index));
      continue;
    }
    const state = customers.get(event.customerId) ?? newState(customers, event.customerId);
    if (rule.type === 'events' && (rule.events === undefined || rule.events.has(event.event))) observe(state.activity, event.timestamp, from, end);
    if (event.timestamp < from || event.timestamp >= end) continue;
    state.activeInPeriod = true;
    if (purchases.has(event.event)) {
      totals.orders++;
      state.orders++;
      if (event.amount !== undefined) totals.revenue = totals.revenue.plus(event.amount);
    }
    if (interactionNames.has(event.event)) {
      totals.interactions++;
      if (eventDuration !== undefined) totals.duration = totals.duration.plus(eventDuration);
    }
  }
  if (rule.type === 'subscriptions') for (const id of rule.intervals.keys()) if (!customers.has(id)) newState(customers, id);
  const counts = countFlows(customers, rule, from, end);
  return Object.freeze({
    from: new Date(from),
    to: new Date(to),
    customers: counts,
    orders: totals.orders,
    revenue: totals.revenue,
    interactions: totals.interactions,
    interactionDuration: totals.duration,
    kpis: kpisOf(fn, counts, totals.orders, totals.revenue, totals.interactions, totals.duration),
    recordsRead: totals.recordsRead,
    skipped,
  });
}

/**
 * The options of {@link periodSummary} read and checked (also by periodSummarySql, which compiles the
 * same definition): the period [from, to] (`end` = to + 1 ms), the zone, the event classes and the rule.
 */
export function readPeriodOptions(ctx: { fn: string }, options: unknown) {
  const opts = record(ctx, 'options', options, ['from', 'to', 'timeZone', 'activity', 'purchaseEvents', 'interactionEvents', 'fields', 'onInvalid']);
  const timeZone = own(opts, 'timeZone') ?? 'UTC';
  if (!isValidTimeZone(timeZone)) fail(ctx, 'options.timeZone', 'an IANA time zone name such as "Europe/Berlin"', timeZone);
  const from = toEpochMs(own(opts, 'from'), timeZone);
  if (from === undefined) fail(ctx, 'options.from', 'a valid Date, epoch milliseconds or ISO-8601 string', own(opts, 'from'));
  // `to` is inclusive (a date alone is its whole day); `end`, the first instant after the period, is what the counts compare with.
  const to = lastInstantOf(own(opts, 'to'), timeZone);
  if (to === undefined) fail(ctx, 'options.to', 'a valid Date, epoch milliseconds or ISO-8601 string', own(opts, 'to'));
  if (to < from) fail(ctx, 'options.to', `not before options.from (${new Date(from).toISOString()})`, own(opts, 'to'), 'INCONSISTENT_INPUT');
  const end = to + 1;
  const onInvalid = oneOf(ctx, 'options.onInvalid', own(opts, 'onInvalid'), ['throw', 'skip'], 'throw');
  const purchases = nameSet(ctx, 'options.purchaseEvents', own(opts, 'purchaseEvents'), ['purchase']);
  const interactionNames = nameSet(ctx, 'options.interactionEvents', own(opts, 'interactionEvents'), ['interaction']);
  const rule = readActivity(ctx, own(opts, 'activity'), timeZone);
  return { opts, timeZone, from, to, end, onInvalid, purchases, interactionNames, rule };
}

function newState(customers: Map<string, CustomerState>, id: string): CustomerState {
  const state = { activity: { first: Infinity, lastBeforeFrom: -Infinity, lastBeforeTo: -Infinity }, orders: 0, activeInPeriod: false };
  customers.set(id, state);
  return state;
}

function observe(activity: EventActivity, t: number, from: number, end: number): void {
  if (t < activity.first) activity.first = t;
  if (t < from && t > activity.lastBeforeFrom) activity.lastBeforeFrom = t;
  if (t < end && t > activity.lastBeforeTo) activity.lastBeforeTo = t;
}

/** The flows of [from, end), `end` being the first instant after the period. */
function countFlows(customers: ReadonlyMap<string, CustomerState>, rule: ActivityRule, from: number, end: number): PeriodCustomerCounts {
  const c = { atStart: 0, atEnd: 0, retained: 0, lost: 0, new: 0, reactivated: 0, joinedAndLost: 0, activeInPeriod: 0, withOrders: 0, withRepeatOrders: 0 };
  for (const [id, state] of customers) {
    const { atStart, atEnd, first } = customerActivity(rule, id, state.activity, from, end);
    const joinedInPeriod = first >= from && first < end;
    if (atStart) c.atStart++;
    if (atEnd) c.atEnd++;
    if (atStart && atEnd) c.retained++;
    if (atStart && !atEnd) c.lost++;
    if (!atStart && atEnd && joinedInPeriod) c.new++;
    if (!atStart && atEnd && first < from) c.reactivated++;
    if (!atEnd && joinedInPeriod) c.joinedAndLost++;
    if (state.activeInPeriod) c.activeInPeriod++;
    if (state.orders >= 1) c.withOrders++;
    if (state.orders >= 2) c.withRepeatOrders++;
  }
  return Object.freeze(c);
}

/** The KPIs of a period's counts, by the public functions (shared with periodSummarySql). */
export function kpisOf(fn: string, c: PeriodCustomerCounts, orders: number, revenue: Decimal, interactions: number, duration: Decimal): PeriodKpis {
  const when = <T>(defined: boolean, compute: () => T): T | null => (defined ? compute() : null);
  // ARPC and AOV are shares of a positive amount: a period whose refunds exceed its sales has none.
  if (revenue.isNegative() && !revenue.isZero() && (c.activeInPeriod > 0 || orders > 0)) {
    fail({ fn }, 'revenue', 'non-negative for averageRevenuePerCustomer and averageOrderValue (refunds made the net revenue of the period negative)', revenue.toFixed(), 'INCONSISTENT_INPUT');
  }
  return Object.freeze({
    retentionRate: when(c.atStart > 0, () => retentionRate({ customersAtStart: c.atStart, customersAtEnd: c.atEnd, newCustomers: c.new + c.reactivated })),
    churnRate: when(c.atStart > 0, () => churnRate({ customersAtStart: c.atStart, customersLost: c.lost })),
    averageRevenuePerCustomer: when(c.activeInPeriod > 0, () => averageRevenuePerCustomer({ revenue, customers: c.activeInPeriod })),
    averageOrderValue: when(orders > 0, () => averageOrderValue({ revenue, orders })),
    purchaseFrequency: when(c.activeInPeriod > 0, () => purchaseFrequency({ orders, customers: c.activeInPeriod })),
    repeatPurchaseRate: when(c.withOrders > 0, () => repeatPurchaseRate({ customersWithOrders: c.withOrders, customersWithRepeatOrders: c.withRepeatOrders })),
    interactionFrequency: when(c.activeInPeriod > 0, () => interactionFrequency({ interactions, customers: c.activeInPeriod })),
    averageInteractionDuration: when(interactions > 0, () => averageInteractionDuration({ totalDuration: duration, interactions })),
  });
}

function nameSet(ctx: { fn: string }, field: string, value: unknown, fallback: readonly string[]): ReadonlySet<string> {
  if (value === undefined) return new Set(fallback);
  if (!Array.isArray(value) || value.some((n) => typeof n !== 'string' || n === '')) fail(ctx, field, 'an array of event names', value);
  return new Set(value as string[]);
}

type Reader = (record: object) => unknown;

/** 0, 1, ..., n - 1. */
function* rowNumbers(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

/** Splits the `duration` accessor off the field mapping shared with the cohort builder. */
function splitFields(ctx: { fn: string }, value: unknown): { fields: unknown; readDuration: Reader } {
  if (value === undefined) return { fields: undefined, readDuration: (r) => own(r, 'duration') };
  if (typeof value !== 'object' || value === null) return fail(ctx, 'options.fields', 'an object', value);
  const { duration, ...fields } = value as Record<string, unknown>;
  if (duration === undefined) return { fields, readDuration: (r) => own(r, 'duration') };
  if (typeof duration === 'function') return { fields, readDuration: duration as Reader };
  if (typeof duration !== 'string' || duration === '') return fail(ctx, 'options.fields.duration', 'a property name or a function', duration);
  return { fields, readDuration: (r) => own(r, duration) };
}

function durationOf(fn: string, value: unknown, index: number): Decimal | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail({ fn }, `events[${index}].duration`, 'a non-negative finite number', value);
  }
  return new ExactDecimal(value);
}
