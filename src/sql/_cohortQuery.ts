import type { Dialect } from './_dialect.js';

/** What the cohort query needs beyond the events: the definition's axes as SQL-ready values. */
export interface CohortQueryShape {
  readonly dialect: Dialect;
  readonly recurring: boolean;
  readonly minOccurrences: number;
  /** 'on', 'onOrAfter', or the bracket offsets. */
  readonly rule: 'on' | 'onOrAfter' | readonly number[];
  /** Period numbers of the table's first and last rows, when from / to are known now. */
  readonly firstRow: number | undefined;
  readonly lastRow: number | undefined;
  /** Rolling windows: the window length in ms and the anchored value of an instant (SQL of e and w). */
  readonly rolling: { readonly window: number; readonly anchor: (e: string, w: string) => string } | undefined;
  readonly hasAmount: boolean;
}

/**
 * The aggregate part of the cohort query, after the `ev` step: one result set of rows (what, r, k, n,
 * amount) that the reader turns into a table:
 * - ('repeat', row, 0, members with two or more returns) for calendar tables; rolling tables give
 *   ('repeat', row, k2, members) with k2 the window of the second return event;
 * - calendar tables with 'on': ('cell', row, k, n, sum) per offset, n the members at k = 0 (the cohort's
 *   size) and the members who returned at k > 0, sum the revenue at k;
 * - otherwise ('size', row, 0, members), ('count', row, k, members) for 'on' (offset k) and brackets
 *   (column k), ('last', row, k, members) for 'onOrAfter' (k = the member's last qualifying return),
 *   ('revenue', row, k, 0, sum) per offset, and ('latest', row, t, 0) for rolling tables (the latest
 *   anchored start).
 * The 'bad' and 'range' rows come from the events step (see eventsCte). Rows are period numbers; offsets
 * are period (or window) counts.
 */
export function cohortAggregates(q: CohortQueryShape): { ctes: string[]; selects: string[] } {
  return q.rolling === undefined ? calendarAggregates(q) : rollingAggregates(q, q.rolling);
}

function rowBounds(q: CohortQueryShape, column: string): string {
  const bounds: string[] = [];
  if (q.firstRow !== undefined) bounds.push(`${column} >= ${q.firstRow}`);
  if (q.lastRow !== undefined) bounds.push(`${column} <= ${q.lastRow}`);
  return bounds.length === 0 ? 'TRUE' : bounds.join(' AND ');
}

function calendarAggregates(q: CohortQueryShape): { ctes: string[]; selects: string[] } {
  const d = q.dialect;
  const cells = `lm_cells AS (SELECT c, p, SUM(s) AS s, SUM(r) AS r, SUM(a) AS a FROM lm_ev GROUP BY c, p)`;
  const upTo = q.lastRow === undefined ? '' : ` AND p <= ${q.lastRow}`;
  // Members: (customer, cohort period) pairs. 'first': each customer's earliest start period (a grouping
  // joined back, which DuckDB runs faster than a window over the cells); 'recurring': every start period.
  const members = q.recurring
    ? `lm_members AS (SELECT c, p AS cr FROM lm_cells WHERE s > 0 AND ${rowBounds(q, 'p')})`
    : `lm_members AS (SELECT c, cr FROM (SELECT c, MIN(CASE WHEN s > 0 THEN p END) AS cr FROM lm_cells GROUP BY c) firsts WHERE cr IS NOT NULL AND ${rowBounds(q, 'cr')})`;
  const mc = `lm_mc AS ${d.computeOnce}(SELECT lm_members.c AS c, lm_members.cr AS cr, lm_cells.p - lm_members.cr AS k, lm_cells.r AS r, lm_cells.a AS a FROM lm_cells JOIN lm_members ON lm_members.c = lm_cells.c WHERE lm_cells.p >= lm_members.cr${upTo.replace(' p <=', ' lm_cells.p <=')})`;
  const perMember = `lm_pm AS (SELECT c, cr, SUM(r) AS returns, MAX(CASE WHEN k > 0 AND r >= ${q.minOccurrences} THEN k END) AS lastk FROM lm_mc GROUP BY c, cr)`;
  const repeat = `SELECT 'repeat' AS what, ${d.int('cr')} AS r, ${d.int('0')} AS k, ${d.int('COUNT(*)')} AS n, '' AS amount FROM lm_pm WHERE returns >= 2 GROUP BY cr`;
  const amount = q.hasAmount ? d.str('SUM(a)') : `''`;
  if (q.rule === 'on') {
    // One pass for sizes (offset 0: every member has its start cell there), returns and revenue per offset.
    // lm_mc.r qualified: ClickHouse lets a SELECT's own alias r (the cohort row) shadow the source's column r anywhere in it.
    const n = `CASE WHEN k = 0 THEN COUNT(*) ELSE SUM(CASE WHEN lm_mc.r >= ${q.minOccurrences} THEN 1 ELSE 0 END) END`;
    const cell = `SELECT 'cell' AS what, ${d.int('cr')} AS r, ${d.int('k')} AS k, ${d.int(n)} AS n, ${amount} AS amount FROM lm_mc GROUP BY cr, k`;
    return { ctes: [cells, members, mc, perMember], selects: [repeat, cell] };
  }
  const selects = [repeat, `SELECT 'size' AS what, ${d.int('cr')} AS r, ${d.int('0')} AS k, ${d.int('COUNT(*)')} AS n, '' AS amount FROM lm_pm GROUP BY cr`, ...returnSelects(q, 'lm_mc', 'lm_pm')];
  if (q.hasAmount) selects.push(`SELECT 'revenue' AS what, ${d.int('cr')} AS r, ${d.int('k')} AS k, ${d.int('0')} AS n, ${amount} AS amount FROM lm_mc GROUP BY cr, k`);
  return { ctes: [cells, members, mc, perMember], selects };
}

/** The return counts of the rule, from per-(member, offset) rows `cellsOf` and per-member rows `membersOf` (with lastk). */
function returnSelects(q: CohortQueryShape, cellsOf: string, membersOf: string): string[] {
  const d = q.dialect;
  // Qualified: in ClickHouse the output alias `r` (the cohort row) would shadow the return count r here.
  const qualifies = `${cellsOf}.k > 0 AND ${cellsOf}.r >= ${q.minOccurrences}`;
  if (q.rule === 'onOrAfter') {
    return [`SELECT 'last' AS what, ${d.int('cr')} AS r, ${d.int('lastk')} AS k, ${d.int('COUNT(*)')} AS n, '' AS amount FROM ${membersOf} WHERE lastk IS NOT NULL GROUP BY cr, lastk`];
  }
  if (q.rule === 'on') {
    return [`SELECT 'count' AS what, ${d.int('cr')} AS r, ${d.int('k')} AS k, ${d.int('COUNT(*)')} AS n, '' AS amount FROM ${cellsOf} WHERE ${qualifies} GROUP BY cr, k`];
  }
  const brackets = q.rule;
  const cases = brackets.map((b, j) => `WHEN k >= ${b} THEN ${j + 1}`).reverse().join(' ');
  const column = `CASE ${cases} ELSE 0 END`;
  return [
    `SELECT 'count' AS what, ${d.int('cr')} AS r, ${d.int('col')} AS k, ${d.int('COUNT(DISTINCT c)')} AS n, '' AS amount FROM (SELECT c, cr, ${column} AS col FROM ${cellsOf} WHERE ${qualifies}) bracketed WHERE col > 0 GROUP BY cr, col`,
  ];
}

function rollingAggregates(q: CohortQueryShape, rolling: NonNullable<CohortQueryShape['rolling']>): { ctes: string[]; selects: string[] } {
  const d = q.dialect;
  const starts = q.recurring
    ? `lm_starts AS (SELECT c, p AS cr, MIN(e) AS t0 FROM lm_ev WHERE s > 0 GROUP BY c, p)`
    : `lm_starts AS (SELECT c, MIN(e) AS t0 FROM lm_ev WHERE s > 0 GROUP BY c)`;
  // The row and the anchor of each start instant, computed as for any event (the same expressions).
  const startRows = q.recurring
    ? `lm_members AS (SELECT lm_starts.c AS c, lm_starts.cr AS cr, lm_starts.t0 AS t0, lm_ev.w AS w0, lm_ev.e AS e0 FROM lm_starts JOIN lm_ev ON lm_ev.c = lm_starts.c AND lm_ev.e = lm_starts.t0 AND lm_ev.s > 0 WHERE ${rowBounds(q, 'lm_starts.cr')} GROUP BY lm_starts.c, lm_starts.cr, lm_starts.t0, lm_ev.w, lm_ev.e)`
    : `lm_members AS (SELECT lm_starts.c AS c, lm_ev.p AS cr, lm_starts.t0 AS t0, lm_ev.w AS w0, lm_ev.e AS e0 FROM lm_starts JOIN lm_ev ON lm_ev.c = lm_starts.c AND lm_ev.e = lm_starts.t0 AND lm_ev.s > 0 WHERE ${rowBounds(q, 'lm_ev.p')} GROUP BY lm_starts.c, lm_ev.p, lm_starts.t0, lm_ev.w, lm_ev.e)`;
  const anchored = `lm_anchored AS (SELECT c, cr, t0, ${rolling.anchor('e0', 'w0')} AS a0 FROM lm_members)`;
  const windows = `lm_mw AS ${d.computeOnce}(SELECT lm_anchored.c AS c, lm_anchored.cr AS cr, ${d.floorDiv(`${rolling.anchor('lm_ev.e', 'lm_ev.w')} - lm_anchored.a0`, rolling.window)} AS k, SUM(lm_ev.r) AS r, SUM(lm_ev.a) AS a FROM lm_anchored JOIN lm_ev ON lm_ev.c = lm_anchored.c WHERE lm_ev.e >= lm_anchored.t0 GROUP BY lm_anchored.c, lm_anchored.cr, lm_anchored.a0, ${d.floorDiv(`${rolling.anchor('lm_ev.e', 'lm_ev.w')} - lm_anchored.a0`, rolling.window)})`;
  const running = `lm_running AS (SELECT c, cr, k, r, SUM(r) OVER (PARTITION BY c, cr ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS seen FROM lm_mw)`;
  const perMember = `lm_pm AS (SELECT c, cr, MIN(CASE WHEN seen >= 2 THEN k END) AS k2, MAX(CASE WHEN k > 0 AND r >= ${q.minOccurrences} THEN k END) AS lastk FROM lm_running GROUP BY c, cr)`;
  const selects = [
    `SELECT 'size' AS what, ${d.int('cr')} AS r, ${d.int('0')} AS k, ${d.int('COUNT(*)')} AS n, '' AS amount FROM lm_pm GROUP BY cr`,
    `SELECT 'repeat' AS what, ${d.int('cr')} AS r, ${d.int('k2')} AS k, ${d.int('COUNT(*)')} AS n, '' AS amount FROM lm_pm WHERE k2 IS NOT NULL GROUP BY cr, k2`,
    `SELECT 'latest' AS what, ${d.int('cr')} AS r, ${d.int('MAX(a0)')} AS k, ${d.int('0')} AS n, '' AS amount FROM lm_anchored GROUP BY cr`,
    ...returnSelects(q, 'lm_mw', 'lm_pm'),
  ];
  if (q.hasAmount) selects.push(`SELECT 'revenue' AS what, ${d.int('cr')} AS r, ${d.int('k')} AS k, ${d.int('0')} AS n, ${d.str('SUM(a)')} AS amount FROM lm_mw GROUP BY cr, k`);
  return { ctes: [starts, startRows, anchored, windows, running, perMember], selects };
}
