import { fail } from '../core/_validate.js';
import type { ReadTarget } from './_target.js';
import { literalText } from './_target.js';

/** Which events start a cohort and which count as returns, as the builder classifies them. */
export interface EventClasses {
  readonly startEvents: readonly string[] | null;
  readonly returnEvents: readonly string[] | null;
  /** When both lists are given: an event named in neither is a bad row (`'invalid'`) or left out (`'ignore'`). */
  readonly unknownEvents: 'invalid' | 'ignore';
}

/**
 * The shared first steps of every query: `raw` (the table's columns under fixed names: c, e, ev, a) and
 * `ev` (the valid, counted events with flags s and r, the wall clock w and the period number p), plus
 * `lm_check`, one light scan of the table of its own, with the rows that count bad rows ('bad': null or
 * empty ids, null timestamps, empty or unknown event names) and give the counted events' first and last
 * instants ('range').
 */
export function eventsCte(fn: string, t: ReadTarget, classes: EventClasses, period: (e: string, w: string) => string, wall: ((e: string) => string) | undefined): { ctes: string[]; check: string; checks: string[] } {
  const d = t.dialect;
  const list = (field: string, names: readonly string[]) => names.map((name, i) => d.text(literalText({ fn }, `${field}[${i}]`, name))).join(', ');
  const starts = classes.startEvents;
  const returns = classes.returnEvents;
  const isStart = starts === null ? '1' : `CASE WHEN ev IN (${list('options.startEvents', starts)}) THEN 1 ELSE 0 END`;
  const isReturn = returns === null ? '1' : `CASE WHEN ev IN (${list('options.returnEvents', returns)}) THEN 1 ELSE 0 END`;
  const both = starts !== null && returns !== null;
  const known = both ? `ev IN (${list('options.startEvents', starts)}, ${list('options.returnEvents', returns)})` : 'TRUE';
  const validName = classes.unknownEvents === 'invalid' ? `ev <> '' AND ${known}` : `ev <> ''`;
  const counted = classes.unknownEvents === 'ignore' ? known : 'TRUE';
  if ((starts !== null || returns !== null) && t.event === undefined) {
    fail({ fn }, 'target.columns.event', 'given when options.startEvents or options.returnEvents names events', undefined);
  }
  // The table's columns qualified by a table alias: ClickHouse reads a bare name that equals an alias of the
  // same SELECT (an event column named `a`, a customer column named `e`) as that alias.
  const col = (quoted: string): string => `lm_src.${quoted}`;
  const event = t.event === undefined ? `'purchase'` : `COALESCE(${col(t.event)}, 'purchase')`;
  const amount = t.amount === undefined ? '0' : `COALESCE(${d.amount(col(t.amount), t.amountDecimals !== undefined)}, 0)`;
  const columns = `${col(t.customerId)} AS c, ${d.epochMs(col(t.timestamp), t.timestampUnit)} AS e, ${event} AS ev`;
  const raw = `lm_raw AS (SELECT ${columns}, ${amount} AS a FROM ${t.table} AS lm_src)`;
  // An empty id is a bad record in process (a non-empty string), so it is a bad row here too.
  const badId = `(c IS NULL OR ${d.str('c')} = '')`;
  const valid = `NOT ${badId} AND e IS NOT NULL AND ${validName}`;
  const w = wall === undefined ? 'e' : wall('e');
  const flagged = `lm_flagged AS (SELECT c, e, ${w} AS w, ${isStart} AS s, ${isReturn} AS r, a FROM lm_raw WHERE ${valid} AND ${counted})`;
  const ev = `lm_ev AS (SELECT c, e, w, ${period('e', 'w')} AS p, s, r, CASE WHEN r = 1 THEN a ELSE 0 END AS a FROM lm_flagged)`;
  const sum = (condition: string) => `COALESCE(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0)`;
  const kept = `${valid} AND ${counted}`;
  // One light scan of the table (no zone arithmetic) counts the bad rows and finds the counted events' range.
  const check =
    `lm_check AS ${d.computeOnce}(SELECT ${sum(badId)} AS bad_ids, ${sum(`NOT ${badId} AND e IS NULL`)} AS bad_times, ${sum(`NOT ${badId} AND e IS NOT NULL AND NOT (${validName})`)} AS bad_names, ` +
    `MIN(CASE WHEN ${kept} THEN e END) AS first_e, MAX(CASE WHEN ${kept} THEN e END) AS last_e, ${sum(kept)} AS events FROM (SELECT ${columns} FROM ${t.table} AS lm_src) lm_bad)`;
  const checks = [
    `SELECT 'bad' AS what, ${d.int('bad_ids')} AS r, ${d.int('bad_times')} AS k, ${d.int('bad_names')} AS n, '' AS amount FROM lm_check`,
    `SELECT 'range' AS what, ${d.int('COALESCE(first_e, 0)')} AS r, ${d.int('COALESCE(last_e, 0)')} AS k, ${d.int('events')} AS n, '' AS amount FROM lm_check`,
  ];
  return { ctes: [raw, flagged, ev], check, checks };
}
