import type { PeriodNumbering } from './_periodNumber.js';
import { eventsCte } from './_eventsCte.js';
import { literalText, type ReadTarget } from './_target.js';
import { fail } from '../core/_validate.js';

/**
 * The statement of rfmSummarySql. After the shared event steps (`lm_raw` -> `lm_flagged` -> `lm_ev`,
 * where r = 1 marks a purchase event), one result set of rows (what, id, n, f, l, amount):
 * - ('customer', id as text, purchase periods up to the calibration period P, first period, last period,
 *   exact sum of the amounts of the periods after the first) for each customer with a purchase by P;
 * - ('bad', '', rows with a null or empty id, with a null timestamp, with an empty event name) and
 *   ('read', '', rows read, valid rows with a negative amount, 0), both over the whole table;
 * - ('counts', '', valid non-purchase rows, valid purchase rows after P, 0).
 * Column names differ from every alias of the same SELECT: ClickHouse lets an alias shadow a column.
 */
export function rfmStatement(fn: string, t: ReadTarget, purchases: readonly string[], numbering: PeriodNumbering, zone: string, lastPeriod: number): string {
  const d = t.dialect;
  purchases.forEach((name, i) => literalText({ fn }, `options.purchaseEvents[${i}]`, name));
  let returnEvents: readonly string[] | null = purchases;
  if (t.event === undefined) {
    // Without an event column every row is a 'purchase', as an event without a name is in process.
    if (!purchases.includes('purchase')) {
      fail({ fn }, 'target.columns.event', "given when options.purchaseEvents does not name 'purchase' (without an event column every row is a 'purchase')", undefined);
    }
    returnEvents = null;
  }
  const wall = zone === 'UTC' ? undefined : (e: string) => d.wallMs(e, zone);
  const events = eventsCte(fn, t, { startEvents: null, returnEvents, unknownEvents: 'invalid' }, (e, w) => numbering.sql(d, e, w), wall);
  const cells = `lm_rfm_cells AS (SELECT c, p, SUM(a) AS pa FROM lm_ev WHERE r = 1 AND p <= ${lastPeriod} GROUP BY c, p)`;
  const firsts = `lm_rfm_firsts AS (SELECT c, p, pa, MIN(p) OVER (PARTITION BY c) AS fp FROM lm_rfm_cells)`;
  const customers = `lm_rfm_customers AS (SELECT c AS cid, COUNT(*) AS periods, MIN(p) AS firstp, MAX(p) AS lastp, SUM(CASE WHEN p > fp THEN pa ELSE 0 END) AS repeats FROM lm_rfm_firsts GROUP BY c)`;
  const sum = (condition: string) => d.int(`COALESCE(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0)`);
  const badId = `c IS NULL OR ${d.str('c')} = ''`;
  const validRow = `NOT (${badId}) AND e IS NOT NULL AND ev <> ''`;
  const selects = [
    `SELECT 'customer' AS what, ${d.str('cid')} AS id, ${d.int('periods')} AS n, ${d.int('firstp')} AS f, ${d.int('lastp')} AS l, ${d.str('repeats')} AS amount FROM lm_rfm_customers`,
    `SELECT 'bad' AS what, '' AS id, ${sum(badId)} AS n, ${sum(`NOT (${badId}) AND e IS NULL`)} AS f, ${sum(`NOT (${badId}) AND e IS NOT NULL AND ev = ''`)} AS l, '' AS amount FROM lm_raw`,
    `SELECT 'read' AS what, '' AS id, ${d.int('COUNT(*)')} AS n, ${sum(`${validRow} AND a < 0`)} AS f, ${d.int('0')} AS l, '' AS amount FROM lm_raw`,
    `SELECT 'counts' AS what, '' AS id, ${sum('r = 0')} AS n, ${sum(`r = 1 AND p > ${lastPeriod}`)} AS f, ${d.int('0')} AS l, '' AS amount FROM lm_ev`,
  ];
  return `WITH ${[...events.ctes, cells, firsts, customers].join(',\n')}\n${selects.join('\nUNION ALL\n')}`;
}
