/**
 * Reading feedbackSummary's options: the window, zone and periods, the rating scale and its sentiment
 * bands, and the active-customer counts (given, or from periodSummary results of the same windows).
 */
import { MAX_PERIODS, PeriodGrid, type PeriodUnit, supportedRange } from '../core/_periods.js';
import { readScale } from '../core/_surveyShare.js';
import { isValidTimeZone, lastInstantOf, toEpochMs } from '../core/_time.js';
import { type Ctx, confidence as readConfidence, count, fail, oneOf, own, record } from '../core/_validate.js';

/** A customer count: given, or read from a periodSummary result of the same window. */
export type CustomerCount = number | null;

/** The rating scale and its sentiment bands, inclusive: negative <= negativeUpTo < neutral < positiveFrom <= positive. */
export interface RatingScale {
  readonly scale: number | 'nps';
  readonly min: number;
  readonly max: number;
  readonly negativeUpTo: number;
  readonly positiveFrom: number;
}

const OPTION_KEYS = ['from', 'to', 'timeZone', 'period', 'weekStartsOn', 'scale', 'negativeUpTo', 'positiveFrom', 'confidence', 'customers', 'periodCustomers', 'fields', 'onInvalid'];
const UNITS: readonly Exclude<PeriodUnit, 'hour'>[] = ['day', 'week', 'month', 'quarter', 'year'];

/** The options of feedbackSummary, read and checked. `end` is the first instant after `to`. */
export function readFeedbackOptions(ctx: Ctx, options: unknown) {
  const opts = record(ctx, 'options', options, OPTION_KEYS);
  const timeZone = own(opts, 'timeZone') ?? 'UTC';
  if (!isValidTimeZone(timeZone)) fail(ctx, 'options.timeZone', 'an IANA time zone name such as "Europe/Berlin"', timeZone);
  const from = toEpochMs(own(opts, 'from'), timeZone);
  if (from === undefined) fail(ctx, 'options.from', 'a valid Date, epoch milliseconds or ISO-8601 string', own(opts, 'from'));
  const to = lastInstantOf(own(opts, 'to'), timeZone);
  if (to === undefined) fail(ctx, 'options.to', 'a valid Date, epoch milliseconds or ISO-8601 string', own(opts, 'to'));
  if (to < from) fail(ctx, 'options.to', `not before options.from (${new Date(from).toISOString()})`, own(opts, 'to'), 'INCONSISTENT_INPUT');
  const rawPeriod = own(opts, 'period');
  const period = rawPeriod === undefined ? null : oneOf(ctx, 'options.period', rawPeriod, UNITS, 'month');
  const rawWeek = own(opts, 'weekStartsOn');
  const weekStartsOn = rawWeek === undefined ? 1 : count(ctx, 'options.weekStartsOn', rawWeek);
  if (weekStartsOn > 6) fail(ctx, 'options.weekStartsOn', 'an integer from 0 (Sunday) to 6 (Saturday)', rawWeek);
  let grid: PeriodGrid | null = null;
  if (period !== null) {
    // Near the ends of the ECMAScript time range a period's bounds would not be valid Dates.
    const [first, last] = supportedRange({ unit: period, timeZone, weekStartsOn });
    const rule = `inside the range where every ${period} period of ${timeZone} is a valid Date (${new Date(first).toISOString()} to ${new Date(last).toISOString()})`;
    if (from < first) fail(ctx, 'options.from', rule, own(opts, 'from'));
    if (to > last) fail(ctx, 'options.to', rule, own(opts, 'to'));
    try {
      grid = new PeriodGrid({ unit: period, timeZone, weekStartsOn }, from, to);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      fail(ctx, 'options.period', `a unit giving at most ${MAX_PERIODS} periods from options.from to options.to`, rawPeriod);
    }
  }
  const rating = readRatingScale(ctx, opts);
  const level = readConfidence(ctx, own(opts, 'confidence'));
  const onInvalid = oneOf(ctx, 'options.onInvalid', own(opts, 'onInvalid'), ['throw', 'skip'], 'throw');
  const customers = readCustomerCount(ctx, 'options.customers', own(opts, 'customers'), from, to);
  const periodCustomers = readPeriodCustomers(ctx, own(opts, 'periodCustomers'), grid, from, to);
  return { opts, timeZone, from, to, end: to + 1, period, weekStartsOn, grid, rating, level, onInvalid, customers, periodCustomers };
}

function readRatingScale(ctx: Ctx, opts: object): RatingScale {
  if (own(opts, 'scale') === 'nps') {
    for (const key of ['negativeUpTo', 'positiveFrom']) {
      if (own(opts, key) !== undefined) fail(ctx, `options.${key}`, "left out with scale 'nps' (its bands are the NPS groups 0-6, 7-8, 9-10)", own(opts, key));
    }
    return { scale: 'nps', min: 0, max: 10, negativeUpTo: 6, positiveFrom: 9 };
  }
  const scale = readScale(ctx, opts, 5);
  if (scale < 3) fail(ctx, 'options.scale', "an integer from 3 to 100 (ratings run from 1 to scale) or 'nps' (0-10)", own(opts, 'scale'));
  const negativeUpTo = band(ctx, opts, 'negativeUpTo', scale, Math.floor((scale - 1) / 2));
  const positiveFrom = band(ctx, opts, 'positiveFrom', scale, scale - 1);
  if (positiveFrom <= negativeUpTo) {
    fail(ctx, 'options.positiveFrom', `above options.negativeUpTo (${negativeUpTo})`, positiveFrom, 'INCONSISTENT_INPUT');
  }
  return { scale, min: 1, max: scale, negativeUpTo, positiveFrom };
}

function band(ctx: Ctx, opts: object, key: string, scale: number, fallback: number): number {
  const value = own(opts, key);
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > scale) fail(ctx, `options.${key}`, `an integer from 1 to the scale (${scale})`, value);
  return value;
}

/**
 * A customer count: a count, or a periodSummary result whose window is [from, to] exactly (its
 * `customers.activeInPeriod`); `null` when absent.
 */
function readCustomerCount(ctx: Ctx, field: string, value: unknown, from: number, to: number): CustomerCount {
  if (value === undefined) return null;
  if (typeof value === 'number') return count(ctx, field, value);
  if (typeof value !== 'object' || value === null) fail(ctx, field, 'a count of active customers or a periodSummary result', value);
  const flows = own(value, 'customers');
  const summaryFrom = own(value, 'from');
  const summaryTo = own(value, 'to');
  if (typeof flows !== 'object' || flows === null || !(summaryFrom instanceof Date) || !(summaryTo instanceof Date)) {
    fail(ctx, field, 'a count of active customers or a periodSummary result', value);
  }
  const active = count(ctx, `${field}.customers.activeInPeriod`, own(flows, 'activeInPeriod'));
  if (summaryFrom.getTime() !== from || summaryTo.getTime() !== to) {
    const window = `${new Date(from).toISOString()} to ${new Date(to).toISOString()}`;
    fail(ctx, `${field}.from`, `a periodSummary of the same window (${window})`, `${summaryFrom.toISOString()} to ${summaryTo.toISOString()}`, 'INCONSISTENT_INPUT');
  }
  return active;
}

/** The first and last instant of period i of the grid, clipped to [from, to]. */
export function periodBounds(grid: PeriodGrid, i: number, from: number, to: number): readonly [number, number] {
  return [Math.max(grid.starts[i] as number, from), Math.min((grid.starts[i + 1] as number) - 1, to)];
}

function readPeriodCustomers(ctx: Ctx, value: unknown, grid: PeriodGrid | null, from: number, to: number): readonly CustomerCount[] | null {
  if (value === undefined) return null;
  if (grid === null) fail(ctx, 'options.periodCustomers', 'left out without options.period', value);
  if (!Array.isArray(value)) fail(ctx, 'options.periodCustomers', 'an array with one count or periodSummary per period', value);
  if (value.length !== grid.length) fail(ctx, 'options.periodCustomers', `an array of ${grid.length} entries (one per period)`, value.length, 'INCONSISTENT_INPUT');
  return value.map((entry, i) => {
    const [start, last] = periodBounds(grid, i, from, to);
    return readCustomerCount(ctx, `options.periodCustomers[${i}]`, entry, start, last);
  });
}
