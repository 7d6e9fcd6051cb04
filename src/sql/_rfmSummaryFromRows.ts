import type { Amount, RfmSetup } from '../models/_rfmInput.js';
import { customerRows, frozenSummary } from '../models/_rfmRows.js';
import type { RfmSummary } from '../models/rfmSummary.js';
import { wallToInstant } from '../core/_time.js';
import { fail } from '../core/_validate.js';
import { amount, cell, int, rowList, what } from './_rowValues.js';

/** What the reader needs from the compiled query. */
export interface RfmReadPlan {
  readonly fn: string;
  readonly setup: RfmSetup;
  readonly calibrationEnd: { readonly instant: number; readonly period: number };
  /** The period number of the calibration period. */
  readonly lastPeriod: number;
  readonly amountDecimals: number | undefined;
  /** Column names, for the messages about bad rows. */
  readonly columnNames: { readonly customerId: string; readonly timestamp: string; readonly event: string; readonly amount: string };
}

const KINDS = ['customer', 'bad', 'read', 'counts'];
const NO_REFUNDS = 'non-negative (rfmSummary sums purchases for the spend model: net each refund into the order it returns, or leave refund rows out, before summarising)';

interface CustomerRow {
  readonly id: string;
  readonly periods: number;
  readonly first: number;
  readonly last: number;
  readonly repeats: Amount;
}

/** The summary the query's rows describe: rfmSummary's of the same events. */
export function rfmSummaryFromRows(plan: RfmReadPlan, input: unknown): RfmSummary {
  const { fn } = plan;
  const rows = rowList(fn, input);
  const singles = new Map<string, [number, number, number]>();
  const customerRows: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const kind = what(fn, rows, i, KINDS);
    if (kind === 'customer') {
      customerRows.push(i);
      continue;
    }
    if (singles.has(kind)) fail({ fn }, `rows[${i}].what`, `the kind of one row only (the rows of one run of the query)`, kind, 'INCONSISTENT_INPUT');
    singles.set(kind, [int(fn, rows, i, 'n'), int(fn, rows, i, 'f'), int(fn, rows, i, 'l')]);
  }
  const single = (kind: string): [number, number, number] => {
    const found = singles.get(kind);
    if (found === undefined) fail({ fn }, 'rows', `the rows of this query (its '${kind}' row is missing)`, rows.length, 'INCONSISTENT_INPUT');
    return found;
  };
  const [badIds, nullTimes, badEvents] = single('bad');
  const [recordsRead, negativeAmounts] = single('read');
  const [ignoredEvents, afterCalibration] = single('counts');
  // Bad rows first: an empty id would otherwise fail as a customer row.
  checkBad(plan, badIds, nullTimes, badEvents, negativeAmounts);
  const customers: CustomerRow[] = [];
  const seen = new Set<string>();
  for (const i of customerRows) {
    const row = customerRow(plan, rows, i);
    if (seen.has(row.id)) fail({ fn }, `rows[${i}].id`, 'the id of one customer row only (the rows of one run of the query)', row.id, 'INCONSISTENT_INPUT');
    seen.add(row.id);
    customers.push(row);
  }
  return summaryOf(plan, customers, recordsRead, ignoredEvents, afterCalibration);
}

function customerRow(plan: RfmReadPlan, rows: readonly unknown[], i: number): CustomerRow {
  const { fn } = plan;
  const id = cell(fn, rows, i, 'id');
  if (typeof id !== 'string' || id === '') fail({ fn }, `rows[${i}].id`, 'a customer id as non-empty text (the query casts ids to text)', id);
  const periods = int(fn, rows, i, 'n');
  const first = int(fn, rows, i, 'f');
  const last = int(fn, rows, i, 'l');
  // k periods from first to last, none after the calibration period: k = 1 exactly when first = last.
  if (!(periods >= 1 && first <= last && last <= plan.lastPeriod && (periods === 1) === (first === last) && periods <= last - first + 1)) {
    fail({ fn }, `rows[${i}]`, `a customer's purchase periods: n >= 1 periods from f to l <= ${plan.lastPeriod} (the calibration period), n = 1 exactly when f = l`, `n ${periods}, f ${first}, l ${last}`, 'INCONSISTENT_INPUT');
  }
  const total = amount(fn, rows, i, 'amount', undefined);
  if (total.isNegative() && !total.isZero()) fail({ fn }, `rows[${i}].amount`, 'a non-negative sum of purchase amounts', total.toString(), 'INCONSISTENT_INPUT');
  if (periods === 1 && !total.isZero()) fail({ fn }, `rows[${i}].amount`, "0 for a customer with one purchase period (the sum of the repeat periods' amounts)", total.toString(), 'INCONSISTENT_INPUT');
  const decimals = plan.amountDecimals ?? 0;
  // Integer minor units stay a number while safe, as rfmSummary keeps column amounts; decimals stay exact.
  let repeats: Amount;
  if (plan.amountDecimals !== undefined && total.isInteger() && total.abs().lte(Number.MAX_SAFE_INTEGER)) repeats = total.toNumber();
  else repeats = decimals === 0 ? total : total.div(10 ** decimals);
  return { id, periods, first, last, repeats };
}

function checkBad(plan: RfmReadPlan, badIds: number, nullTimes: number, badEvents: number, negativeAmounts: number): void {
  const names = plan.columnNames;
  const found = [
    [badIds, 'target.columns.customerId', `a non-null, non-empty id in every row of the table (${names.customerId}): the query counted ${badIds} rows with a null or empty customer id`],
    [nullTimes, 'target.columns.timestamp', `non-null in every row of the table (${names.timestamp}): the query counted ${nullTimes} rows with a null timestamp`],
    [badEvents, 'target.columns.event', `a non-empty event name (or null, a purchase) in every row (${names.event}): the query counted ${badEvents} rows with an empty event name`],
    [negativeAmounts, 'target.columns.amount', `${NO_REFUNDS} in every row (${names.amount}): the query counted ${negativeAmounts} rows with a negative amount`],
  ] as const;
  for (const [count, field, rule] of found) if (count > 0) fail({ fn: plan.fn }, field, `${rule}; filter them out in a view, or fix the data`, count);
}

/**
 * The summary as rfmSummary's buildSummary assembles it (same rows, columns, order and freezing), from one
 * aggregate per customer: memory grows with the customers, not with their purchase periods, so bases
 * too large for the in-process summary's period arrays are read too. Durations and means are rfmSummary's
 * own (durationMeter between period starts, meanAmount of the exact repeat total).
 */
function summaryOf(plan: RfmReadPlan, rows: readonly CustomerRow[], recordsRead: number, ignoredEvents: number, afterCalibration: number): RfmSummary {
  const { setup, calibrationEnd } = plan;
  const start = periodStartOf(setup);
  const decimals = plan.amountDecimals ?? 0;
  const byId = new Map(rows.map((row) => [row.id, row]));
  const ids = [...byId.keys()].sort();
  const periodsOf = (i: number) => {
    const s = byId.get(ids[i] as string) as CustomerRow;
    return { first: start(s.first), last: start(s.last), periods: s.periods, repeatTotal: s.repeats };
  };
  const { customers, columns } = customerRows(ids, periodsOf, setup, calibrationEnd.period, decimals);
  return frozenSummary({ customers, columns }, setup, calibrationEnd, { recordsRead, ignoredEvents, ignoredAfterCalibration: afterCalibration, skipped: Object.freeze([]) });
}

/**
 * The start instant of a period number (see periodNumbering): the first instant of the period's first
 * wall day, found as rfmSummary's calendar finds it (the local midnight, or the first wall time after a
 * skipped one). Day n is 1970-01-01 + n days; week n starts on day 7n - (4 - weekStartsOn); month n is
 * month n mod 12 of year ⌊n / 12⌋.
 */
function periodStartOf(setup: RfmSetup): (n: number) => number {
  const { unit, timeZone, weekStartsOn } = setup.calendar;
  const cache = new Map<number, number>();
  return (n) => {
    let start = cache.get(n);
    if (start === undefined) {
      if (unit === 'month') start = wallToInstant(timeZone, Math.floor(n / 12), n - 12 * Math.floor(n / 12), 1);
      else start = wallToInstant(timeZone, 1970, 0, 1 + (unit === 'week' ? 7 * n - (4 - weekStartsOn) : n));
      cache.set(n, start);
    }
    return start;
  };
}
