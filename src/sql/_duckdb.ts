import { type Dialect, doubledQuotes, posMod } from './_dialect.js';

/**
 * DuckDB (with its ICU extension, which the official builds and the Node bindings load, for `timezone()`
 * with IANA names): standard quoting, `epoch_ms` both ways, `timezone(zone, timestamptz)` for the wall
 * clock.
 */
export const duckdb: Dialect = {
  name: 'duckdb',
  ident: (part) => `"${doubledQuotes(part, '"')}"`,
  text: (value) => `'${doubledQuotes(value, "'")}'`,
  epochMs: (column, unit) => {
    if (unit === 'ms') return `CAST(${column} AS BIGINT)`;
    if (unit === 's') return `(CAST(${column} AS BIGINT) * 1000)`;
    return `epoch_ms(${column})`;
  },
  wallMs: (ms, zone) => `epoch_ms(timezone(${duckdb.text(zone)}, timezone('UTC', epoch_ms(${ms}))))`,
  // Month boundaries between 1970-01 and the wall clock's month, plus 1970 · 12: one date function per row.
  monthIndex: (wall) => `(date_diff('month', TIMESTAMP '1970-01-01 00:00:00', epoch_ms(${wall})) + 23640)`,
  floorDiv: (x, d) => `((${x}) - ${posMod(x, d)}) // ${d}`,
  int: (x) => `CAST(${x} AS BIGINT)`,
  str: (x) => `CAST(${x} AS VARCHAR)`,
  amount: (column, minorUnits) => (minorUnits ? `CAST(${column} AS HUGEINT)` : column),
  intType: 'BIGINT',
  computeOnce: 'MATERIALIZED ',
};
