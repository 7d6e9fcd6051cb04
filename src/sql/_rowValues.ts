import type { Decimal } from 'decimal.js';
import { ExactDecimal } from '../core/_decimal.js';
import { fail } from '../core/_validate.js';

/**
 * Readers of the values drivers return, checked: 64-bit integers come as numbers (PGlite, ClickHouse
 * JSON with unquoted 64-bit integers), bigints (@duckdb/node-api, pg with a bigint parser) or numeric
 * strings (pg, ClickHouse JSON's default); exact decimal sums come as text.
 */
export function rowList(fn: string, rows: unknown): readonly unknown[] {
  if (typeof rows !== 'object' || rows === null || typeof (rows as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    fail({ fn }, 'rows', "the query's result rows: an array (or iterable) of row objects, as the driver returns them", rows);
  }
  return Array.isArray(rows) ? rows : Array.from(rows as Iterable<unknown>);
}

/** The value of column `key` of row i, which must be an object with that column. */
export function cell(fn: string, rows: readonly unknown[], i: number, key: string): unknown {
  const row = rows[i];
  if (typeof row !== 'object' || row === null) fail({ fn }, `rows[${i}]`, 'a row object (column name -> value)', row);
  if (!(key in row)) fail({ fn }, `rows[${i}].${key}`, `a column of the query's result (the rows of another query?)`, undefined);
  return (row as Record<string, unknown>)[key];
}

const INTEGER = /^-?\d{1,16}$/;

/** A safe integer from a number, a bigint or a numeric string. */
export function int(fn: string, rows: readonly unknown[], i: number, key: string): number {
  const value = cell(fn, rows, i, key);
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'bigint') n = value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
  else if (typeof value === 'string' && INTEGER.test(value)) n = Number(value);
  if (n === undefined || !Number.isSafeInteger(n)) fail({ fn }, `rows[${i}].${key}`, 'a whole number (a number, bigint or numeric string) within ±(2^53 - 1)', value);
  return n;
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** An exact amount from decimal text (also a number or bigint, which some drivers return for small sums). */
export function amount(fn: string, rows: readonly unknown[], i: number, key: string, decimals: number | undefined): Decimal {
  const value = cell(fn, rows, i, key);
  let text: string | undefined;
  if (typeof value === 'string' && value.length <= 400 && DECIMAL.test(value)) text = value;
  else if (typeof value === 'bigint') text = String(value);
  else if (typeof value === 'number' && Number.isSafeInteger(value)) text = String(value);
  if (text === undefined) fail({ fn }, `rows[${i}].${key}`, 'an exact decimal amount as text (the query casts its sums to text)', value);
  const parsed = new ExactDecimal(text);
  return decimals === undefined || decimals === 0 ? parsed : parsed.div(new ExactDecimal(10).pow(decimals));
}

/** The row kind in column `what`. */
export function what(fn: string, rows: readonly unknown[], i: number, kinds: readonly string[]): string {
  const value = cell(fn, rows, i, 'what');
  if (typeof value !== 'string' || !kinds.includes(value)) fail({ fn }, `rows[${i}].what`, `one of ${kinds.map((k) => `'${k}'`).join(', ')} (the rows of this query)`, value);
  return value;
}
