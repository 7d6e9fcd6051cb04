/**
 * The input side of rfmSummary and calibrationHoldoutSplit: options, and one pass over the events
 * (objects, iterables or columns) into per-customer, per-period purchase amounts, summed exactly.
 */
import type { Decimal } from 'decimal.js';
import { checkEventColumns } from '../events/_eventColumns.js';
import { accessors, readEvent, type SkippedRecord, toSkipped } from '../events/_eventInput.js';
import { ExactDecimal } from '../core/_decimal.js';
import { type Calendar, PeriodLocator } from '../core/_periods.js';
import { isValidTimeZone, toEpochMs } from '../core/_time.js';
import { type Ctx, fail, finiteNumber, oneOf, own } from '../core/_validate.js';
import { MetricError } from '../core/MetricError.js';

/**
 * Why rfmSummary refuses a negative amount (a refund), which the cohort builder and periodSummary net: the
 * monetary value feeds the Gamma-Gamma spend model, which needs positive transactions (lifetimes' practice).
 */
const NO_REFUNDS = 'non-negative (rfmSummary sums purchases for the spend model: net each refund into the order it returns, or leave refund rows out, before summarising)';
import type { RfmPeriod, RfmTimeUnit } from './rfmSummary.js';

/** Options shared by rfmSummary and calibrationHoldoutSplit (besides the end dates). */
export const SETUP_KEYS = ['period', 'timeUnit', 'timeZone', 'weekStartsOn', 'purchaseEvents', 'fields', 'onInvalid'] as const;

const PERIODS: readonly RfmPeriod[] = ['day', 'week', 'month'];

export interface RfmSetup {
  readonly calendar: Calendar & { readonly unit: RfmPeriod };
  readonly timeUnit: RfmTimeUnit;
  readonly purchases: ReadonlySet<string>;
  readonly fields: unknown;
  readonly onInvalid: 'throw' | 'skip';
}

/** Reads and checks the calendar, unit, filter and input options. */
export function readSetup(ctx: Ctx, opts: object): RfmSetup {
  const rawPeriod = own(opts, 'period');
  if (rawPeriod === undefined) fail(ctx, 'options.period', "one of 'day', 'week', 'month' (the grain purchases are snapped to)", rawPeriod);
  const period = oneOf(ctx, 'options.period', rawPeriod, PERIODS, 'day');
  const timeUnit = oneOf(ctx, 'options.timeUnit', own(opts, 'timeUnit'), PERIODS, period);
  if (timeUnit === 'month' && period !== 'month') {
    fail(ctx, 'options.timeUnit', `'day' or 'week' when options.period is '${period}' (a month has no fixed length: measure in months only with period 'month')`, timeUnit);
  }
  const timeZone = own(opts, 'timeZone') ?? 'UTC';
  if (!isValidTimeZone(timeZone)) fail(ctx, 'options.timeZone', 'an IANA time zone name such as "Europe/Berlin"', timeZone);
  const rawWeek = own(opts, 'weekStartsOn');
  const weekStartsOn = rawWeek === undefined ? 1 : finiteNumber(ctx, 'options.weekStartsOn', rawWeek, { min: 0, max: 6, rule: 'an integer from 0 (Sunday) to 6' });
  if (!Number.isInteger(weekStartsOn)) fail(ctx, 'options.weekStartsOn', 'an integer from 0 (Sunday) to 6', rawWeek);
  const rawPurchases = own(opts, 'purchaseEvents');
  if (rawPurchases !== undefined && (!Array.isArray(rawPurchases) || rawPurchases.length === 0 || rawPurchases.some((n) => typeof n !== 'string' || n === ''))) {
    fail(ctx, 'options.purchaseEvents', 'a non-empty array of event names', rawPurchases);
  }
  return {
    calendar: { unit: period, timeZone, weekStartsOn },
    timeUnit,
    purchases: new Set((rawPurchases as string[] | undefined) ?? ['purchase']),
    fields: own(opts, 'fields'),
    onInvalid: oneOf(ctx, 'options.onInvalid', own(opts, 'onInvalid'), ['throw', 'skip'], 'throw'),
  };
}

/** An end option (calibrationEnd, observationEnd): the instant and the start of the period holding it. */
export function endOption(ctx: Ctx, field: string, value: unknown, setup: RfmSetup): { readonly instant: number; readonly period: number } {
  if (value === undefined) fail(ctx, field, 'a Date, epoch milliseconds or ISO-8601 string (required)', value);
  const instant = toEpochMs(value, setup.calendar.timeZone);
  if (instant === undefined) fail(ctx, field, 'a valid Date, epoch milliseconds or ISO-8601 string', value);
  return { instant, period: new PeriodLocator(setup.calendar).locate(instant) };
}

/**
 * A period's purchase amount: minor units (a safe integer, at `decimals`) while exact sums stay below
 * 2^53, a Decimal in whole units beyond that or for amounts read from objects.
 */
export type Amount = number | Decimal;

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15] as const;

function toDecimal(amount: Amount, decimals: number): Decimal {
  return typeof amount === 'number' ? new ExactDecimal(`${amount}e-${decimals}`) : amount;
}

export function plus(a: Amount, b: Amount, decimals: number): Amount {
  if (typeof a === 'number' && typeof b === 'number') {
    const sum = a + b;
    if (Number.isSafeInteger(sum)) return sum;
  }
  return toDecimal(a, decimals).plus(toDecimal(b, decimals));
}

/** The exact mean of `n` amounts summing to `total`, rounded once to float64. */
export function meanAmount(total: Amount, n: number, decimals: number): number {
  if (n === 0) return 0;
  const scale = n * (POW10[decimals] as number);
  if (typeof total === 'number' && Number.isSafeInteger(scale)) return total / scale;
  return toDecimal(total, decimals).div(n).toNumber();
}

/** What one pass over the events found: per customer, its purchase periods in order with their summed amounts. */
export interface Collected {
  /** Customer ids by dense index, in first-seen order. */
  readonly ids: readonly string[];
  /** Dense index of each customer id. */
  readonly index: ReadonlyMap<string, number>;
  /** The periods of customer c are entries offsets[c] to offsets[c + 1] - 1 of `periods` and `amounts`. */
  readonly offsets: Int32Array;
  /** Period starts, ascending within each customer, one entry per period with a purchase (up to the cut-off). */
  readonly periods: Float64Array;
  /** The summed amount of each entry of `periods`. */
  readonly amounts: readonly Amount[];
  readonly decimals: number;
  readonly recordsRead: number;
  readonly ignoredEvents: number;
  /** Valid purchase records in a period after the calibration period. */
  readonly afterCalibration: number;
  /** Valid purchase records in a period after the cut-off period (not kept). */
  readonly afterCutoff: number;
  readonly skipped: readonly SkippedRecord[];
}

const MAX_EPOCH_MS = 8.64e15;

/**
 * Reads every record once: validates it (throwing or skipping as `onInvalid` says), keeps purchase
 * events and snaps them to their period. Periods after `cutoff` are counted, not kept. The kept rows
 * are then grouped by customer (a counting sort on dense customer indexes) and, within a customer,
 * by period, summing the amounts of a period: no per-customer map is built.
 */
export function collect(ctx: Ctx, events: unknown, setup: RfmSetup, calibration: number, cutoff: number): Collected {
  const fn = ctx.fn;
  const locator = new PeriodLocator(setup.calendar);
  const index = new Map<string, number>();
  const ids: string[] = [];
  const rowCustomer: number[] = [];
  const rowPeriod: number[] = [];
  const rowAmount: Amount[] = [];
  const skipped: SkippedRecord[] = [];
  const state = { recordsRead: 0, ignoredEvents: 0, afterCalibration: 0, afterCutoff: 0 };
  const reject = (error: unknown, at: number): void => {
    if (setup.onInvalid === 'throw' || !(error instanceof MetricError)) throw error;
    skipped.push(Object.freeze(toSkipped(error, at)));
  };
  const place = (id: string, timestamp: number, amount: Amount): void => {
    const start = locator.locate(timestamp);
    if (start > calibration) {
      state.afterCalibration++;
      if (start > cutoff) {
        state.afterCutoff++;
        return;
      }
    }
    let c = index.get(id);
    if (c === undefined) {
      c = ids.length;
      index.set(id, c);
      ids.push(id);
    }
    rowCustomer.push(c);
    rowPeriod.push(start);
    rowAmount.push(amount);
  };

  let decimals = 0;
  if (typeof events === 'object' && events !== null && typeof (events as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    if (own(events, 'customerId') === undefined) fail(ctx, 'events', 'an iterable of events or an object of parallel columns (EventColumns)', events);
    if (setup.fields !== undefined) fail(ctx, 'options.fields', 'left out with columns (fields map properties of event objects)', setup.fields);
    const columns = checkEventColumns(ctx, 'events', events);
    decimals = columns.decimals;
    const { ids: idColumn, times, names, amounts } = columns;
    for (let i = 0; i < idColumn.length; i++) {
      const at = state.recordsRead++;
      const rawId = idColumn[i];
      const id = typeof rawId === 'number' && Number.isFinite(rawId) ? String(rawId) : rawId;
      const time = times[i];
      const name = names?.[i] ?? 'purchase';
      const minor = amounts?.[i] ?? 0;
      if (typeof id !== 'string' || id === '') reject(badRow(fn, `events[${at}].customerId`, 'a non-empty string or a finite number', rawId), at);
      else if (typeof time !== 'number' || !(Math.abs(time) <= MAX_EPOCH_MS)) reject(badRow(fn, `events[${at}].timestamp`, 'epoch milliseconds (a finite number within the Date range)', time), at);
      else if (typeof name !== 'string' || name === '') reject(badRow(fn, `events[${at}].event`, 'a non-empty string', name), at);
      else if (typeof minor !== 'number' || !Number.isSafeInteger(minor)) reject(badRow(fn, `events[${at}].amount`, 'a whole number of minor units', minor), at);
      else if (minor < 0) reject(badRow(fn, `events[${at}].amount`, `${NO_REFUNDS}`, minor), at);
      else if (!setup.purchases.has(name)) state.ignoredEvents++;
      else place(id, time + 0, minor + 0);
    }
  } else {
    if (events === null || typeof events === 'string' || typeof (events as { [Symbol.iterator]?: unknown } | undefined)?.[Symbol.iterator] !== 'function') {
      fail(ctx, 'events', 'an iterable of events or an object of parallel columns (EventColumns)', events);
    }
    const read = accessors(fn, setup.fields);
    const timeZone = setup.calendar.timeZone;
    for (const record of events as Iterable<unknown>) {
      const at = state.recordsRead++;
      let event;
      try {
        event = readEvent(fn, record, at, read, timeZone, undefined);
      } catch (error) {
        reject(error, at);
        continue;
      }
      if (event.amount?.isNegative() === true && !event.amount.isZero()) {
        reject(badRow(fn, `events[${at}].amount`, NO_REFUNDS, event.amount.toNumber()), at);
        continue;
      }
      if (!setup.purchases.has(event.event)) state.ignoredEvents++;
      else place(event.customerId, event.timestamp, event.amount ?? 0);
    }
  }
  return { ids, index, ...group(ids.length, rowCustomer, rowPeriod, rowAmount, decimals), decimals, ...state, skipped: Object.freeze(skipped) };
}

/** Rows grouped by customer, then by period (ascending), with the amounts of one period summed. */
function group(customers: number, rowCustomer: readonly number[], rowPeriod: readonly number[], rowAmount: readonly Amount[], decimals: number): Pick<Collected, 'offsets' | 'periods' | 'amounts'> {
  const rows = rowCustomer.length;
  const rowStart = new Int32Array(customers + 1);
  for (let r = 0; r < rows; r++) {
    const slot = (rowCustomer[r] as number) + 1;
    rowStart[slot] = (rowStart[slot] as number) + 1;
  }
  for (let c = 0; c < customers; c++) rowStart[c + 1] = (rowStart[c + 1] as number) + (rowStart[c] as number);
  const next = rowStart.slice(0, customers);
  const order = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = rowCustomer[r] as number;
    const slot = next[c] as number;
    order[slot] = r;
    next[c] = slot + 1;
  }
  const offsets = new Int32Array(customers + 1);
  const periods = new Float64Array(rows);
  const amounts: Amount[] = [];
  for (let c = 0; c < customers; c++) {
    const a = rowStart[c] as number;
    const b = rowStart[c + 1] as number;
    sortByPeriod(order, a, b, rowPeriod);
    let last = Number.NaN;
    for (let x = a; x < b; x++) {
      const r = order[x] as number;
      const period = rowPeriod[r] as number;
      if (period === last) {
        amounts[amounts.length - 1] = plus(amounts[amounts.length - 1] as Amount, rowAmount[r] as Amount, decimals);
      } else {
        periods[amounts.length] = period;
        amounts.push(rowAmount[r] as Amount);
        last = period;
      }
    }
    offsets[c + 1] = amounts.length;
  }
  return { offsets, periods, amounts };
}

/** Sorts order[a..b) by period: insertion sort for the usual handful of rows, a comparison sort beyond. */
function sortByPeriod(order: Int32Array, a: number, b: number, rowPeriod: readonly number[]): void {
  if (b - a > 32) {
    order.set(Array.from(order.subarray(a, b)).sort((u, v) => (rowPeriod[u] as number) - (rowPeriod[v] as number)), a);
    return;
  }
  for (let x = a + 1; x < b; x++) {
    const r = order[x] as number;
    const period = rowPeriod[r] as number;
    let y = x - 1;
    while (y >= a && (rowPeriod[order[y] as number] as number) > period) {
      order[y + 1] = order[y] as number;
      y--;
    }
    order[y + 1] = r;
  }
}

function badRow(fn: string, field: string, rule: string, received: unknown): MetricError {
  return new MetricError({ code: 'INVALID_INPUT', functionName: fn, field, rule, received });
}

