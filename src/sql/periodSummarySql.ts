import { type PeriodSummary, type PeriodSummaryOptions, readPeriodOptions } from '../cohort/periodSummary.js';
import { fail, noExtraArguments, own, record } from '../core/_validate.js';
import { periodSummaryFromRows } from './_periodSummaryFromRows.js';
import { periodSummaryQuery } from './_periodSummaryQuery.js';
import { identifier, type ReadTarget, readTarget, type SqlEventColumns, type SqlTarget, TARGET_KEYS } from './_target.js';

/**
 * The columns of {@link periodSummarySql}: the event columns of every compiler plus the interactions'
 * durations.
 * @category sql
 */
export interface PeriodSummarySqlColumns extends SqlEventColumns {
  /**
   * The interaction duration column: an integer or `DECIMAL` / `NUMERIC` column, summed exactly by the
   * engine (a floating-point column would be summed in floating point: cast it to a decimal in a view).
   * Null is no duration. Without it no event has a duration.
   */
  readonly duration?: string;
}

/**
 * The target of {@link periodSummarySql}: the engine, the table and its columns.
 * @category sql
 */
export interface PeriodSummarySqlTarget extends SqlTarget {
  /** The columns of the events, with the optional duration column. */
  readonly columns: PeriodSummarySqlColumns;
}

/**
 * A compiled period-summary query: one SQL statement to run with the engine's own driver, and the reader
 * of its rows.
 * @category sql
 */
export interface PeriodSummarySqlQuery {
  /** One statement, every value inlined as a literal (no placeholders). */
  readonly sql: string;
  /**
   * The {@link PeriodSummary} of the rows the statement returned, as the driver returns them (row objects
   * with numbers, bigints or numeric strings, and text sums): the summary `periodSummary` makes of the same
   * events. Throws a MetricError naming the row and column of a value it cannot read, or the column of
   * rows the query counted as bad (null or empty ids, null timestamps, empty event names, negative
   * durations), where `periodSummary` would throw at the first such record. The rows of the query run on
   * each shard of a table sharded by customer (disjoint customers), put together in one list, give the
   * summary of the whole table: every row is a count or a sum.
   */
  readRows(rows: Iterable<object>): PeriodSummary;
}

const FN = 'periodSummarySql';
const COLUMN_KEYS = ['customerId', 'timestamp', 'event', 'amount', 'timestampUnit', 'amountDecimals', 'duration'];

/**
 * Compiles the period KPIs of {@link periodSummary} to one SQL statement for DuckDB, PostgreSQL or
 * ClickHouse, so the customers at the start and end of a period, retained, lost, new and reactivated,
 * orders, revenue (summed as exact decimals by the engine), interactions and their duration are counted
 * where the events are, and come back as the same {@link PeriodSummary}, KPIs included (computed here
 * from the engine's counts by the same public functions). The library writes SQL and reads rows; it
 * never connects to a database.
 *
 * The definitions are periodSummary's: the period is [from, to], both inclusive (a date-only `to` covers
 * its whole day in `timeZone`), computed here as epoch milliseconds, so the engine compares integers
 * only and needs no zone data. Under the events rule a customer is active at instant t with a qualifying
 * event in [t - inactivityDays, t) (days of 24 hours), read in the last moment before `from` and in the
 * period's last moment; under the subscriptions rule the flows come from the subscriptions (given in the
 * options) and the engine counts the events. A null event name is an event without a name (a
 * `'purchase'`), a null amount or duration is none. `options.fields` (use `target.columns`) and
 * `onInvalid: 'skip'` (the query counts bad rows; `readRows` refuses them, naming the column) are
 * refused. Timestamps are read to the millisecond.
 *
 * @param options - The period and its definitions, exactly as `periodSummary(events, options)` takes them.
 * @param target - The engine (`dialect`), the `table` and its `columns`, with the optional `duration` column.
 * @throws {@link MetricError} `INVALID_INPUT` for bad or unsupported options or names,
 * `INCONSISTENT_INPUT` when `to` is before `from`; `readRows` throws `INVALID_INPUT` for bad values or
 * bad rows counted by the query, `INCONSISTENT_INPUT` for rows of another query or refunds that make the
 * period's net revenue negative.
 * @example
 * ```ts
 * import { periodSummarySql } from 'loyalty-metrics';
 * const query = periodSummarySql(
 *   { from: '2024-10-01', to: '2024-10-31', activity: { type: 'events', inactivityDays: 30 } },
 *   { dialect: 'duckdb', table: 'shop.events', columns: { customerId: 'user_id', timestamp: 'ts', amount: 'amount' } },
 * );
 * query.sql.startsWith('WITH lm_raw AS (SELECT lm_src."user_id" AS c') //=> true
 * // rows as the engine returned them for three customers (run query.sql with your driver)
 * const october = query.readRows([
 *   { what: 'bad', r: 0n, k: 0n, n: 0n, amount: '' },
 *   { what: 'customers', r: 11n, k: 3n, n: 1n, amount: '' },
 *   { what: 'customers', r: 9n, k: 0n, n: 1n, amount: '' },
 *   { what: 'customers', r: 6n, k: 5n, n: 1n, amount: '' },
 *   { what: 'orders', r: 3n, k: 0n, n: 5n, amount: '115.00' },
 *   { what: 'duration', r: 0n, k: 0n, n: 0n, amount: '0' },
 * ]);
 * const { atStart, retained, lost, new: added } = october.customers;
 * JSON.stringify([atStart, retained, lost, added]) //=> '[2,1,1,1]'
 * october.kpis.churnRate.toString() //=> '1/2'
 * october.kpis.averageOrderValue.toFixed(2) //=> '38.33'
 * ```
 * @category sql
 */
export function periodSummarySql(options: PeriodSummaryOptions, target: PeriodSummarySqlTarget): PeriodSummarySqlQuery {
  const ctx = { fn: FN };
  noExtraArguments(ctx, arguments, 2);
  if (typeof options === 'object' && options !== null && own(options, 'fields') !== undefined) {
    fail(ctx, 'options.fields', 'left out: name the columns in target.columns (field accessors cannot run in an engine)', own(options, 'fields'));
  }
  const { from, to, end, onInvalid, purchases, interactionNames, rule } = readPeriodOptions(ctx, options);
  if (onInvalid === 'skip') {
    fail(ctx, 'options.onInvalid', "'throw': the query counts bad rows and readRows refuses them, naming the column (filter them out in a view to leave them out)", 'skip');
  }
  const { t, duration } = readPeriodTarget(target);
  const sql = periodSummaryQuery({ fn: FN, target: t, duration, from, end, rule, purchases, interactions: interactionNames });
  const plan = {
    fn: `${FN}().readRows`,
    from,
    to,
    rule,
    amountDecimals: t.amountDecimals,
    columnNames: { customerId: t.customerId, timestamp: t.timestamp, event: t.event ?? '(none)', duration: duration ?? '(none)' },
  };
  return Object.freeze({ sql, readRows: (rows: Iterable<object>): PeriodSummary => periodSummaryFromRows(plan, rows) });
}

/** The common target, plus the duration column (read here: the other compilers have none). */
function readPeriodTarget(target: unknown): { t: ReadTarget; duration: string | undefined } {
  const ctx = { fn: FN };
  const outer = record(ctx, 'target', target, TARGET_KEYS);
  const columns = record(ctx, 'target.columns', own(outer, 'columns'), COLUMN_KEYS);
  const { duration, ...common } = columns as Record<string, unknown>;
  const t = readTarget(FN, { ...outer, columns: common }, TARGET_KEYS);
  return { t, duration: duration === undefined ? undefined : t.dialect.ident(identifier(ctx, 'target.columns.duration', duration)) };
}
