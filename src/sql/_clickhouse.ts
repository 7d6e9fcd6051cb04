import { type Dialect, posMod } from './_dialect.js';

/** ClickHouse escapes with backslashes in literals and quoted names, so both the backslash and the quote are escaped. */
function escaped(value: string, quote: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll(quote, `\\${quote}`);
}

/**
 * ClickHouse (also chdb and clusters through Distributed tables): backquoted names, backslash escapes,
 * `DateTime64` arithmetic through `toUnixTimestamp64Milli` / `fromUnixTimestamp64Milli` and
 * `timeZoneOffset` for the wall clock (DateTime64 covers 1900-2299).
 */
export const clickhouse: Dialect = {
  name: 'clickhouse',
  ident: (part) => `\`${escaped(part, '`')}\``,
  text: (value) => `'${escaped(value, "'")}'`,
  epochMs: (column, unit) => {
    if (unit === 'ms') return `toInt64(${column})`;
    if (unit === 's') return `(toInt64(${column}) * 1000)`;
    return `toUnixTimestamp64Milli(toDateTime64(${column}, 3))`;
  },
  wallMs: (ms, zone) => `((${ms}) + 1000 * toInt64(timeZoneOffset(fromUnixTimestamp64Milli(toInt64(${ms}), ${clickhouse.text(zone)}))))`,
  monthIndex: (wall) => {
    const ts = `fromUnixTimestamp64Milli(toInt64(${wall}), 'UTC')`;
    return `(toInt64(toYear(${ts})) * 12 + toInt64(toMonth(${ts})) - 1)`;
  },
  floorDiv: (x, d) => `intDiv((${x}) - ${posMod(x, d)}, ${d})`,
  int: (x) => `toInt64(${x})`,
  str: (x) => `toString(${x})`,
  amount: (column, minorUnits) => (minorUnits ? `toInt128(${column})` : column),
  intType: 'Int64',
  computeOnce: '',
};
