/**
 * `--sql <dialect>`: instead of reading a file, print the one SQL statement that computes the same result
 * where the events are (cohortSql, periodSummarySql, rfmSummarySql, described in the warehouse guide). The table is
 * `--table`, its columns `--fields` (default `customer_id` and `timestamp`, no event or amount column).
 */
import type { SqlEventColumns, SqlTarget } from '../sql/_target.js';
import type { SqlDialect } from '../sql/_dialect.js';
import { type FlagSpec, type FlagValues, fieldMap, text, UsageError } from './_args.js';

/** The flags of the commands that can print a query. */
export const SQL_FLAGS: readonly FlagSpec[] = [
  { name: 'sql', type: 'string', value: 'dialect', choices: ['duckdb', 'postgres', 'clickhouse'], help: 'Print the SQL query for this engine instead of reading a file (needs --table).' },
  { name: 'table', type: 'string', value: 'name', help: 'With --sql: the table or view of the events (schema.table).' },
];

/** The column keys `--fields` takes with `--sql` (names, plus timestampUnit=ms|s and amountDecimals=2). */
const SQL_KEYS = ['customerId', 'timestamp', 'event', 'amount', 'timestampUnit', 'amountDecimals'];

/** The SQL target of the flags, or undefined without `--sql`. */
export function sqlTarget(values: FlagValues, command: string, extraKeys: readonly string[] = []): (SqlTarget & { readonly columns: SqlEventColumns & Record<string, unknown> }) | undefined {
  const dialect = text(values, 'sql');
  const table = text(values, 'table');
  if (dialect === undefined) {
    if (table !== undefined) throw new UsageError('--table is for --sql only', command);
    return undefined;
  }
  if (table === undefined) throw new UsageError('--sql needs --table <name>', command);
  const map = fieldMap(values, command, [...SQL_KEYS, ...extraKeys]);
  const { timestampUnit, amountDecimals, ...names } = map;
  const decimals = amountDecimals === undefined ? undefined : Number(amountDecimals);
  const columns = {
    customerId: 'customer_id',
    timestamp: 'timestamp',
    ...names,
    ...(timestampUnit === undefined ? {} : { timestampUnit }),
    ...(decimals === undefined ? {} : { amountDecimals: decimals }),
  } as SqlEventColumns & Record<string, unknown>;
  return { dialect: dialect as SqlDialect, table, columns };
}
