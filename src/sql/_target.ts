import { fail, own, record } from '../core/_validate.js';
import { clickhouse } from './_clickhouse.js';
import type { Dialect, SqlDialect, TimestampUnit } from './_dialect.js';
import { duckdb } from './_duckdb.js';
import { postgres } from './_postgres.js';

/**
 * Where the events are in a table: the column names, and how the timestamp and amount columns hold their
 * values.
 * @category sql
 */
export interface SqlEventColumns {
  /** The customer id column (any type; ids are compared as the engine stores them, and read back as text). */
  readonly customerId: string;
  /**
   * The timestamp column: `timestamptz` / `TIMESTAMP WITH TIME ZONE`, `TIMESTAMP` holding UTC, ClickHouse
   * `DateTime` / `DateTime64` (any zone), or an integer epoch column with `timestampUnit`.
   */
  readonly timestamp: string;
  /** The event name column. Without it every row is a `'purchase'`, as an event without a name is in process. */
  readonly event?: string;
  /** The amount column (`DECIMAL` / `NUMERIC`, or integer minor units with `amountDecimals`). Without it every amount is 0. */
  readonly amount?: string;
  /** For an integer timestamp column: `'ms'` (epoch milliseconds) or `'s'` (epoch seconds). */
  readonly timestampUnit?: TimestampUnit;
  /** For an integer amount column of minor units: its decimals (2 for cents). Summed as integers, read exactly. */
  readonly amountDecimals?: number;
}

/**
 * The engine and the table a query is written for.
 * @category sql
 */
export interface SqlTarget {
  /** The engine's SQL: `'duckdb'`, `'postgres'` (PostgreSQL, PGlite, Citus) or `'clickhouse'` (also chdb). */
  readonly dialect: SqlDialect;
  /**
   * The table (or view): `'events'`, `'analytics.events'` (split at dots), or the parts as an array when a
   * part holds a dot itself (`['analytics', 'events.2024']`). Every part is quoted for the dialect.
   */
  readonly table: string | readonly string[];
  /** The columns of the events. */
  readonly columns: SqlEventColumns;
}

/** A target read and checked: the dialect, the quoted table, the column expressions. */
export interface ReadTarget {
  readonly dialect: Dialect;
  readonly table: string;
  readonly customerId: string;
  readonly timestamp: string;
  readonly event: string | undefined;
  readonly amount: string | undefined;
  readonly timestampUnit: TimestampUnit | undefined;
  /** Decimals of an integer minor-units amount column, or undefined for a decimal column. */
  readonly amountDecimals: number | undefined;
}

const DIALECTS: Readonly<Record<SqlDialect, Dialect>> = { duckdb, postgres, clickhouse };
export const TARGET_KEYS = ['dialect', 'table', 'columns'] as const;
const COLUMN_KEYS = ['customerId', 'timestamp', 'event', 'amount', 'timestampUnit', 'amountDecimals'];

/** PostgreSQL cuts longer names to 63 bytes without a word, so a longer name could mean another column. */
const MAX_NAME_BYTES = 63;

/** Reads the dialect, table and columns of a target (other keys are the caller's to read). */
export function readTarget(fn: string, target: unknown, keys: readonly string[]): ReadTarget {
  const ctx = { fn };
  const t = record(ctx, 'target', target, keys);
  const name = own(t, 'dialect');
  if (typeof name !== 'string' || !Object.hasOwn(DIALECTS, name)) fail(ctx, 'target.dialect', "'duckdb', 'postgres' or 'clickhouse'", name);
  const dialect = DIALECTS[name as SqlDialect];
  const table = tableName(ctx, dialect, own(t, 'table'));
  const c = record(ctx, 'target.columns', own(t, 'columns'), COLUMN_KEYS);
  const column = (key: string, required: boolean): string | undefined => {
    const value = own(c, key);
    if (value === undefined && !required) return undefined;
    return dialect.ident(identifier(ctx, `target.columns.${key}`, value));
  };
  const unit = own(c, 'timestampUnit');
  if (unit !== undefined && unit !== 'ms' && unit !== 's') fail(ctx, 'target.columns.timestampUnit', "'ms' or 's' for an integer epoch column (left out for a timestamp column)", unit);
  const decimals = own(c, 'amountDecimals');
  if (decimals !== undefined && !(typeof decimals === 'number' && Number.isInteger(decimals) && decimals >= 0 && decimals <= 18)) {
    fail(ctx, 'target.columns.amountDecimals', 'an integer from 0 to 18 (the decimals of an integer minor-units column)', decimals);
  }
  const amount = column('amount', false);
  if (decimals !== undefined && amount === undefined) fail(ctx, 'target.columns.amountDecimals', 'given with target.columns.amount', decimals);
  return {
    dialect,
    table,
    customerId: column('customerId', true) as string,
    timestamp: column('timestamp', true) as string,
    event: column('event', false),
    amount,
    timestampUnit: unit as TimestampUnit | undefined,
    amountDecimals: decimals as number | undefined,
  };
}

function tableName(ctx: { fn: string }, dialect: Dialect, value: unknown): string {
  let parts: unknown[];
  if (typeof value === 'string') parts = value.split('.');
  else if (Array.isArray(value) && value.length > 0) parts = value;
  else return fail(ctx, 'target.table', "a table name ('events', 'analytics.events') or its parts as a non-empty array", value);
  if (parts.length > 3) fail(ctx, 'target.table', 'at most three parts (catalog.schema.table)', value);
  // The query's own steps are named lm_...: a bare table name of that form would name a step, not the table.
  if (parts.length === 1 && typeof parts[0] === 'string' && /^lm_/i.test(parts[0])) {
    fail(ctx, 'target.table', "a name not starting with 'lm_' (the query's own steps are named so), or the table with its schema ('public.lm_x')", value);
  }
  return parts.map((part, i) => dialect.ident(identifier(ctx, Array.isArray(value) ? `target.table[${i}]` : 'target.table', part))).join('.');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A name the engines can hold: a non-empty string without NUL, at most 63 bytes in UTF-8, with no lone surrogate. */
export function identifier(ctx: { fn: string }, field: string, value: unknown): string {
  const rule = 'a non-empty name of at most 63 bytes in UTF-8, without NUL characters or lone surrogates (any other character is quoted safely)';
  if (typeof value !== 'string' || value === '' || value.includes('\0') || LONE_SURROGATE.test(value) || utf8Length(value) > MAX_NAME_BYTES) {
    fail(ctx, field, rule, value);
  }
  return value;
}

/** A text value the engines can hold in a literal: no NUL (PostgreSQL text cannot), no lone surrogate. */
export function literalText(ctx: { fn: string }, field: string, value: string): string {
  if (value.includes('\0') || LONE_SURROGATE.test(value)) fail(ctx, field, 'text without NUL characters or lone surrogates (SQL text cannot hold them)', value);
  return value;
}

/** Bytes of a well-formed string in UTF-8 (no TextEncoder: the library's lib is plain ES2022). */
function utf8Length(value: string): number {
  let bytes = 0;
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
