import { type ActivityRule, customerActivity } from '../cohort/_activity.js';
import { kpisOf, type PeriodCustomerCounts, type PeriodSummary } from '../cohort/periodSummary.js';
import { ZERO } from '../core/_decimal.js';
import { fail } from '../core/_validate.js';
import { amount, int, rowList, what } from './_rowValues.js';

/** What the reader needs from the compiled period query. */
export interface PeriodReadPlan {
  readonly fn: string;
  readonly from: number;
  /** The period's last instant (inclusive). */
  readonly to: number;
  readonly rule: ActivityRule;
  readonly amountDecimals: number | undefined;
  /** Column names, for the messages about bad rows. */
  readonly columnNames: { readonly customerId: string; readonly timestamp: string; readonly event: string; readonly duration: string };
}

const KINDS = ['bad', 'customers', 'orders', 'duration'];

type Flows = { -readonly [K in keyof PeriodCustomerCounts]: number };

/**
 * The {@link PeriodSummary} the query's rows describe: the one periodSummary computes from the same events.
 * The rows of one run, or the rows of runs on shards of disjoint customers put together: every row is a
 * count or a sum, so the shards' rows add up to the whole table's.
 */
export function periodSummaryFromRows(plan: PeriodReadPlan, input: unknown): PeriodSummary {
  const { fn } = plan;
  const rows = rowList(fn, input);
  const flows: Flows = { atStart: 0, atEnd: 0, retained: 0, lost: 0, new: 0, reactivated: 0, joinedAndLost: 0, activeInPeriod: 0, withOrders: 0, withRepeatOrders: 0 };
  const t = { badIds: 0, badTimes: 0, badNames: 0, badDurations: 0, valid: 0, orders: 0, interactions: 0, revenue: ZERO, duration: ZERO };
  const seen = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const kind = what(fn, rows, i, KINDS);
    seen.add(kind);
    const r = int(fn, rows, i, 'r');
    const k = int(fn, rows, i, 'k');
    const n = int(fn, rows, i, 'n');
    if (kind === 'bad') {
      t.badIds += r;
      t.badTimes += k;
      t.badNames += n;
    } else if (kind === 'orders') {
      t.orders += r;
      t.interactions += k;
      t.valid += n;
      t.revenue = t.revenue.plus(amount(fn, rows, i, 'amount', plan.amountDecimals));
    } else if (kind === 'duration') {
      t.badDurations += n;
      t.duration = t.duration.plus(amount(fn, rows, i, 'amount', undefined));
    } else {
      if (r < 0 || r > 15) fail({ fn }, `rows[${i}].r`, 'activity flags from 0 to 15 (the rows of this query)', r, 'INCONSISTENT_INPUT');
      if (k < 0 || k > 5) fail({ fn }, `rows[${i}].k`, 'an order class from 0 to 5 (the rows of this query)', k, 'INCONSISTENT_INPUT');
      add(flows, r, k, n);
    }
  }
  for (const kind of ['bad', 'orders', 'duration']) {
    if (!seen.has(kind)) fail({ fn }, 'rows', `the rows of this query (its '${kind}' row is missing)`, rows.length, 'INCONSISTENT_INPUT');
  }
  checkBad(plan, t.badIds, t.badTimes, t.badNames, t.badDurations);
  const end = plan.to + 1;
  // Subscriptions: the flows are the subscribed customers' (those with events only have none), known here.
  if (plan.rule.type === 'subscriptions') {
    for (const id of plan.rule.intervals.keys()) {
      const { atStart, atEnd, first } = customerActivity(plan.rule, id, undefined, plan.from, end);
      add(flows, (atStart ? 1 : 0) + (atEnd ? 2 : 0) + (first >= plan.from && first < end ? 4 : 0) + (first < plan.from ? 8 : 0), 0, 1);
    }
  }
  const counts: PeriodCustomerCounts = Object.freeze(flows);
  return Object.freeze({
    from: new Date(plan.from),
    to: new Date(plan.to),
    customers: counts,
    orders: t.orders,
    revenue: t.revenue,
    interactions: t.interactions,
    interactionDuration: t.duration,
    kpis: kpisOf(fn, counts, t.orders, t.revenue, t.interactions, t.duration),
    recordsRead: t.valid + t.badIds + t.badTimes + t.badNames,
    skipped: [],
  });
}

/** Adds n customers of one activity-flags value and order class (in-period event + 2 · min(orders, 2)) to the flows, as periodSummary counts them. */
function add(c: Flows, flags: number, orderClass: number, n: number): void {
  const atStart = (flags & 1) !== 0;
  const atEnd = (flags & 2) !== 0;
  const joinedInPeriod = (flags & 4) !== 0;
  const before = (flags & 8) !== 0;
  if (atStart) c.atStart += n;
  if (atEnd) c.atEnd += n;
  if (atStart && atEnd) c.retained += n;
  if (atStart && !atEnd) c.lost += n;
  if (!atStart && atEnd && joinedInPeriod) c.new += n;
  if (!atStart && atEnd && before) c.reactivated += n;
  if (!atEnd && joinedInPeriod) c.joinedAndLost += n;
  if ((orderClass & 1) !== 0) c.activeInPeriod += n;
  if (orderClass >> 1 >= 1) c.withOrders += n;
  if (orderClass >> 1 >= 2) c.withRepeatOrders += n;
}

/** Bad rows the query counted: periodSummary throws at the first such record, so readRows refuses them, naming the column. */
function checkBad(plan: PeriodReadPlan, ids: number, timestamps: number, events: number, durations: number): void {
  const names = plan.columnNames;
  const found = [
    [ids, 'target.columns.customerId', `a non-null, non-empty id in every row of the table (${names.customerId}): the query counted ${ids} rows with a null or empty customer id`],
    [timestamps, 'target.columns.timestamp', `a non-null instant within ±8.64e15 ms of 1970 in every row of the table (${names.timestamp}): the query counted ${timestamps} rows without one`],
    [events, 'target.columns.event', `a non-empty event name or null in every row (${names.event}): the query counted ${events} rows with an empty event name`],
    [durations, 'target.columns.duration', `non-negative or null in every row (${names.duration}): the query counted ${durations} rows with a negative duration`],
  ] as const;
  for (const [count, field, rule] of found) if (count > 0) fail({ fn: plan.fn }, field, `${rule}; filter them out in a view, or fix the data`, count);
}
