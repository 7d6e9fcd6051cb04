/**
 * What differs between SQL engines, as small expression builders: quoting, the instant of a timestamp
 * column as epoch milliseconds, the wall clock of an instant in an IANA zone, the month of a wall clock, floor division and the output casts. Everything else (the plan) is shared SQL that all
 * three engines read alike.
 */
export interface Dialect {
  readonly name: SqlDialect;
  /** A quoted identifier (one part of a name). */
  ident(part: string): string;
  /** A string literal that means exactly `value`. */
  text(value: string): string;
  /** Epoch milliseconds (a 64-bit integer) of a timestamp column (`unit` undefined) or an integer epoch column. */
  epochMs(column: string, unit: TimestampUnit | undefined): string;
  /** The wall clock in `zone` of the instant `ms` (epoch ms), as epoch ms of that wall time read as UTC. */
  wallMs(ms: string, zone: string): string;
  /** 12 · year + month - 1 (month 1-12) of a wall clock given as epoch ms: the calendar month's number. */
  monthIndex(wall: string): string;
  /** x divided by the positive integer d, rounded down (toward -∞), on 64-bit integers. */
  floorDiv(x: string, d: number): string;
  /** A 64-bit integer output column. */
  int(x: string): string;
  /** A text output column (an exact decimal sum, an id). */
  str(x: string): string;
  /** An amount column read for exact summing: decimals stay decimals, integer minor units widen. */
  amount(column: string, minorUnits: boolean): string;
  /** The 64-bit integer type name (for casts of literals in UNION ALL). */
  readonly intType: string;
  /**
   * The keyword that makes a step used by several parts of the query computed once (`MATERIALIZED ` in
   * DuckDB, which otherwise may compute it once per use; PostgreSQL stores such steps by itself and
   * ClickHouse has no such keyword).
   */
  readonly computeOnce: string;
}

/**
 * The engines {@link cohortSql} and its siblings write SQL for.
 * @category sql
 */
export type SqlDialect = 'duckdb' | 'postgres' | 'clickhouse';

/**
 * The unit of an integer timestamp column: epoch seconds or milliseconds. Leave it out for a column of a
 * timestamp type.
 * @category sql
 */
export type TimestampUnit = 's' | 'ms';

/** x mod d in [0, d) for a positive d, written with the truncating `%` every engine has. */
export function posMod(x: string, d: number): string {
  return `(((${x}) % ${d}) + ${d}) % ${d}`;
}

/** The integer part of a string literal's body: doubled quotes, and nothing else special. */
export function doubledQuotes(value: string, quote: string): string {
  return value.split(quote).join(quote + quote);
}
