import { endOption, readSetup, SETUP_KEYS } from '../models/_rfmInput.js';
import type { RfmSummary, RfmSummaryOptions } from '../models/rfmSummary.js';
import { fail, noExtraArguments, own, record } from '../core/_validate.js';
import { periodNumbering } from './_periodNumber.js';
import { rfmStatement } from './_rfmQuery.js';
import { rfmSummaryFromRows } from './_rfmSummaryFromRows.js';
import { rowList } from './_rowValues.js';
import { readTarget, type SqlTarget, TARGET_KEYS } from './_target.js';

/**
 * A compiled RFM summary query: one SQL statement to run with the engine's own driver, and the reader of
 * its rows.
 * @category sql
 */
export interface RfmSummarySqlQuery {
  /** One statement, every value inlined as a literal (no placeholders). */
  readonly sql: string;
  /**
   * The {@link RfmSummary} of the rows the statement returned, as the driver returns them (row objects
   * with numbers, bigints or numeric strings, and text ids and sums): the summary `rfmSummary` makes of
   * the same events. Throws a MetricError naming the row and column of a value it cannot read, or the
   * column of rows the query counted as bad (null or empty ids, null timestamps, empty event names,
   * negative amounts).
   */
  readRows(rows: Iterable<object>): RfmSummary;
}

const FN = 'rfmSummarySql';

/**
 * Compiles an RFM summary ({@link rfmSummary}: frequency, recency, T and monetary value per customer, in
 * the BTYD convention) to one SQL statement for DuckDB, PostgreSQL or ClickHouse, so the customer base
 * of a table too large for one process is summarised by the engine, and comes back as the same
 * {@link RfmSummary} that `rfmSummary` makes of the same events, ready for the model fitters. The
 * library writes SQL and reads rows; it never connects to a database.
 *
 * The engine snaps purchases to calendar periods (day, week or month in `timeZone`, numbered from its
 * wall clock of each instant as {@link cohortSql} does) and returns per customer, as text and 64-bit
 * integers: the id (cast to text), the number of purchase periods up to the calibration period, the
 * first and the last of them, and the exact sum of the repeat periods' amounts. `readRows` measures
 * recency and T between period starts and takes the mean amount exactly as `rfmSummary` does, and sorts
 * the customers by id (UTF-16 order). A row without an event name (NULL) is a purchase named
 * `'purchase'`, a NULL amount is 0. Bad rows (null or empty ids, null timestamps, empty event names, and
 * negative amounts, which `rfmSummary` refuses) are counted by the query and refused by `readRows`,
 * naming the column: `onInvalid: 'skip'` is refused (filter such rows out in a view), as is
 * `options.fields` (name the columns in `target.columns`). `skipped` is always empty.
 *
 * @param options - As {@link rfmSummary} takes them, without `fields`.
 * @param target - The engine (`dialect`), the `table` and its `columns`.
 * @throws {@link MetricError} `INVALID_INPUT` for bad or unsupported options and names; `readRows` throws
 * `INVALID_INPUT` for bad values or bad rows counted by the query, `INCONSISTENT_INPUT` for rows that
 * no run of this query returns.
 * @example
 * ```ts
 * import { rfmSummarySql } from 'loyalty-metrics';
 * const query = rfmSummarySql(
 *   { period: 'day', timeUnit: 'week', calibrationEnd: '2024-02-28' },
 *   { dialect: 'duckdb', table: 'shop.orders', columns: { customerId: 'user_id', timestamp: 'ts', amount: 'total' } },
 * );
 * query.sql.startsWith('WITH lm_raw AS (SELECT lm_src."user_id" AS c') //=> true
 * // rows as the engine returned them (run query.sql with your driver); periods are day numbers since 1970-01-01
 * const summary = query.readRows([
 *   { what: 'customer', id: 'ann', n: 3, f: 19725, l: 19760, amount: '80.00' },
 *   { what: 'customer', id: 'bob', n: 1, f: 19767, l: 19767, amount: '0.00' },
 *   { what: 'bad', id: '', n: 0, f: 0, l: 0, amount: '' },
 *   { what: 'read', id: '', n: 6, f: 0, l: 0, amount: '' },
 *   { what: 'counts', id: '', n: 0, f: 1, l: 0, amount: '' },
 * ]);
 * summary.customers[0] //=> {"customerId": "ann", "frequency": 2, "recency": 5, "T": 8, "monetaryValue": 40}
 * summary.customers[1] //=> {"customerId": "bob", "frequency": 0, "recency": 0, "T": 2, "monetaryValue": 0}
 * summary.ignoredAfterCalibration //=> 1
 * ```
 * @category sql
 */
export function rfmSummarySql(options: Omit<RfmSummaryOptions, 'fields'>, target: SqlTarget): RfmSummarySqlQuery {
  const ctx = { fn: FN };
  noExtraArguments(ctx, arguments, 2);
  const opts = record(ctx, 'options', options, ['calibrationEnd', ...SETUP_KEYS]);
  if (own(opts, 'fields') !== undefined) fail(ctx, 'options.fields', 'left out: name the columns in target.columns (field accessors cannot run in an engine)', own(opts, 'fields'));
  const setup = readSetup(ctx, opts);
  if (setup.onInvalid === 'skip') {
    fail(ctx, 'options.onInvalid', "'throw': the query counts bad rows and readRows refuses them, naming the column (filter them out in a view to leave them out)", 'skip');
  }
  const end = endOption(ctx, 'options.calibrationEnd', own(opts, 'calibrationEnd'), setup);
  const t = readTarget(FN, target, TARGET_KEYS);
  const zone = setup.calendar.timeZone;
  const numbering = periodNumbering(setup.calendar, end.instant);
  const lastPeriod = numbering.of(end.instant);
  const sql = rfmStatement(FN, t, [...setup.purchases], numbering, zone, lastPeriod);
  const plan = {
    fn: `${FN}().readRows`,
    setup,
    calibrationEnd: end,
    lastPeriod,
    amountDecimals: t.amountDecimals,
    columnNames: { customerId: t.customerId, timestamp: t.timestamp, event: t.event ?? '(none)', amount: t.amount ?? '(none)' },
  };
  return Object.freeze({
    sql,
    readRows: (rows: Iterable<object>): RfmSummary => rfmSummaryFromRows(plan, rowList(plan.fn, rows)),
  });
}
