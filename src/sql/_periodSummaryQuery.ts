import type { ActivityRule } from '../cohort/_activity.js';
import type { ReadTarget } from './_target.js';
import { literalText } from './_target.js';

/** What the period query needs: the table, the period [from, end) and the event classes, read and checked. */
export interface PeriodQueryShape {
  readonly fn: string;
  readonly target: ReadTarget;
  /** The quoted duration column, or undefined when the table has none (every duration absent). */
  readonly duration: string | undefined;
  readonly from: number;
  /** The first instant after the period (its inclusive `to` plus 1 ms). */
  readonly end: number;
  readonly rule: ActivityRule;
  readonly purchases: ReadonlySet<string>;
  readonly interactions: ReadonlySet<string>;
}

/** The instants JavaScript can hold (a Date's range): an event outside it is a bad timestamp in process too. */
const MAX_INSTANT = 8_640_000_000_000_000;

/**
 * The period query: one result set of rows (what, r, k, n, amount), every column the same in every row:
 * - ('bad', null ids (or ''), null or out-of-range timestamps, empty event names, '') over all rows (the
 *   three kinds are disjoint: a row counts for its first fault);
 * - ('customers', flags, orders class, customers, ''): customers grouped by their activity flags
 *   (1 active at the start, 2 at the end, 4 first qualifying event in the period, 8 before it) and by
 *   1 (an event in the period) + 2 · min(orders in the period, 2);
 * - ('orders', orders, interactions, valid rows, revenue) and ('duration', 0, 0, negative durations,
 *   interaction duration): counts and exact text sums of the events in the period, and the valid rows (so
 *   rows read = valid rows + bad rows) and those with a negative duration.
 * Four scans of the table at most where an engine inlines the CTEs (ClickHouse).
 * Activity is the in-process rule on integer epoch ms: active at the start when the latest qualifying
 * event before `from` is at or after from - window, at the end when the latest before `end` is at or
 * after end - window. Under the subscriptions rule no event qualifies (flags 0): the reader adds the
 * subscriptions' flows, which do not depend on the events.
 */
export function periodSummaryQuery(q: PeriodQueryShape): string {
  const t = q.target;
  const d = t.dialect;
  const list = (field: string, names: ReadonlySet<string>): string => {
    const literals = [...names].map((name, i) => d.text(literalText({ fn: q.fn }, `${field}[${i}]`, name)));
    return literals.length === 0 ? '1 = 0' : `ev IN (${literals.join(', ')})`;
  };
  const qualifies = q.rule.type === 'subscriptions' ? '1 = 0' : q.rule.events === undefined ? '1 = 1' : list('options.activity.events', q.rule.events);
  const isPurchase = list('options.purchaseEvents', q.purchases);
  const isInteraction = list('options.interactionEvents', q.interactions);
  const window = q.rule.type === 'events' ? q.rule.windowMs : 0;
  // A window reaching past the first instant JavaScript holds takes in every earlier event: written as that bound, a 64-bit literal.
  const since = (instant: number): number => Math.max(instant - window, -MAX_INSTANT - 1);

  // The table's columns qualified by a table alias: ClickHouse would read a bare name that equals an alias
  // of the same SELECT (a timestamp column named `c`) as that alias.
  const col = (quoted: string): string => `lm_src.${quoted}`;
  const event = t.event === undefined ? `'purchase'` : `COALESCE(${col(t.event)}, 'purchase')`;
  const amount = t.amount === undefined ? '0' : `COALESCE(${d.amount(col(t.amount), t.amountDecimals !== undefined)}, 0)`;
  // No duration column: every duration 0, which sums like absent ones (nothing) and is never negative.
  const duration = q.duration === undefined ? '0' : col(q.duration);
  const raw = `lm_raw AS (SELECT ${col(t.customerId)} AS c, ${d.epochMs(col(t.timestamp), t.timestampUnit)} AS e, ${event} AS ev, ${amount} AS a, ${duration} AS du FROM ${t.table} AS lm_src)`;
  const badId = `(c IS NULL OR ${d.str('c')} = '')`;
  const badTime = `(e IS NULL OR e < ${-MAX_INSTANT} OR e > ${MAX_INSTANT})`;
  const valid = `NOT ${badId} AND NOT ${badTime} AND ev <> ''`;
  const ev = `lm_ev AS (SELECT c, e, ev, a, du FROM lm_raw WHERE ${valid})`;
  const inPeriod = `e >= ${q.from} AND e < ${q.end}`;
  const perCustomer =
    `lm_pc AS (SELECT c, MIN(CASE WHEN ${qualifies} THEN e END) AS first_e, ` +
    `MAX(CASE WHEN ${qualifies} AND e < ${q.from} THEN e END) AS last_before_from, ` +
    `MAX(CASE WHEN ${qualifies} AND e < ${q.end} THEN e END) AS last_before_end, ` +
    `MAX(CASE WHEN ${inPeriod} THEN 1 ELSE 0 END) AS in_period, ` +
    `SUM(CASE WHEN ${inPeriod} AND ${isPurchase} THEN 1 ELSE 0 END) AS orders FROM lm_ev GROUP BY c)`;
  const flag = (condition: string, bit: number): string => `(CASE WHEN ${condition} THEN ${bit} ELSE 0 END)`;
  const flags = [
    flag(`last_before_from >= ${since(q.from)}`, 1),
    flag(`last_before_end >= ${since(q.end)}`, 2),
    flag(`first_e >= ${q.from} AND first_e < ${q.end}`, 4),
    flag(`first_e < ${q.from}`, 8),
  ].join(' + ');
  const codes = `lm_codes AS (SELECT ${flags} AS flags, in_period + 2 * (CASE WHEN orders >= 2 THEN 2 ELSE orders END) AS order_class FROM lm_pc)`;

  const sum = (condition: string): string => d.int(`COALESCE(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0)`);
  const zero = d.int('0');
  const selects = [
    `SELECT 'bad' AS what, ${sum(badId)} AS r, ${sum(`NOT ${badId} AND ${badTime}`)} AS k, ${sum(`NOT ${badId} AND NOT ${badTime} AND ev = ''`)} AS n, '' AS amount FROM lm_raw`,
    `SELECT 'customers' AS what, ${d.int('flags')} AS r, ${d.int('order_class')} AS k, ${d.int('COUNT(*)')} AS n, '' AS amount FROM lm_codes GROUP BY flags, order_class`,
    `SELECT 'orders' AS what, ${sum(`${inPeriod} AND ${isPurchase}`)} AS r, ${sum(`${inPeriod} AND ${isInteraction}`)} AS k, ${d.int('COUNT(*)')} AS n, ${d.str(`COALESCE(SUM(CASE WHEN ${inPeriod} AND ${isPurchase} THEN a ELSE 0 END), 0)`)} AS amount FROM lm_ev`,
    `SELECT 'duration' AS what, ${zero} AS r, ${zero} AS k, ${sum('du < 0')} AS n, ${d.str(`COALESCE(SUM(CASE WHEN ${inPeriod} AND ${isInteraction} THEN COALESCE(du, 0) ELSE 0 END), 0)`)} AS amount FROM lm_ev`,
  ];
  return `WITH ${[raw, ev, perCustomer, codes].join(',\n')}\n${selects.join('\nUNION ALL\n')}`;
}
