import { type Dialect, doubledQuotes, posMod } from './_dialect.js';

/**
 * PostgreSQL (also PGlite, Citus and other PostgreSQL-compatible engines): `E''` literals, which mean the
 * same whatever `standard_conforming_strings` says; `extract(epoch ...)` (exact numeric since
 * PostgreSQL 14) and `AT TIME ZONE` with IANA names from the server's zone data.
 */
export const postgres: Dialect = {
  name: 'postgres',
  ident: (part) => `"${doubledQuotes(part, '"')}"`,
  text: (value) => `E'${doubledQuotes(value.replaceAll('\\', '\\\\'), "'")}'`,
  epochMs: (column, unit) => {
    if (unit === 'ms') return `CAST(${column} AS BIGINT)`;
    if (unit === 's') return `(CAST(${column} AS BIGINT) * 1000)`;
    return `CAST(floor(extract(epoch FROM ${column}) * 1000) AS BIGINT)`;
  },
  wallMs: (ms, zone) =>
    `CAST(floor(extract(epoch FROM ((TIMESTAMPTZ '1970-01-01 00:00:00+00' + (${ms}) * INTERVAL '1 millisecond') AT TIME ZONE ${postgres.text(zone)})) * 1000) AS BIGINT)`,
  monthIndex: (wall) => {
    const ts = `(TIMESTAMP '1970-01-01 00:00:00' + (${wall}) * INTERVAL '1 millisecond')`;
    return `(CAST(extract(year FROM ${ts}) AS BIGINT) * 12 + CAST(extract(month FROM ${ts}) AS BIGINT) - 1)`;
  },
  floorDiv: (x, d) => `(((${x}) - ${posMod(x, d)}) / ${d})`,
  int: (x) => `CAST(${x} AS BIGINT)`,
  str: (x) => `CAST(${x} AS TEXT)`,
  amount: (column, minorUnits) => (minorUnits ? `CAST(${column} AS NUMERIC)` : column),
  intType: 'BIGINT',
  computeOnce: '',
};
