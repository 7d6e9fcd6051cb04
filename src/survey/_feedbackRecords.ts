/**
 * Reading feedbackSummary's records: the field mapping, one validated item at a time, and the column form
 * read row by row as records.
 */
import { toEpochMs } from '../core/_time.js';
import { type Ctx, fail, own } from '../core/_validate.js';
import { MetricError } from '../core/MetricError.js';
import { arrayColumn, EPOCH_MS_CELL, sameLengths } from '../events/_eventColumns.js';
import { fieldAccessors } from '../events/_eventInput.js';
import type { RatingScale } from './_feedbackOptions.js';

/** The fields of a feedback record, in reading order. */
export const FEEDBACK_FIELDS = ['customerId', 'timestamp', 'channel', 'kind', 'rating', 'answered', 'answeredAt'] as const;
type FeedbackField = (typeof FEEDBACK_FIELDS)[number];

/** One validated feedback item. */
export interface FeedbackItem {
  readonly customerId: string;
  readonly timestamp: number;
  readonly channel: string | null;
  readonly kind: string | null;
  readonly rating: number | null;
  readonly answered: boolean;
  readonly answeredAt: number | null;
}

type Accessor = (record: object) => unknown;

/** The field mapping as one accessor per field, checked once. */
export function feedbackAccessors(ctx: Ctx, fields: unknown): readonly Accessor[] {
  return fieldAccessors(ctx, fields, FEEDBACK_FIELDS);
}

/** Validates one record (throws a MetricError naming `records[index].<field>`). `epochOnly`: the column form. */
export function readFeedback(ctx: Ctx, raw: unknown, index: number, read: readonly Accessor[], timeZone: string, rating: RatingScale, epochOnly = false): FeedbackItem {
  const at = `records[${index}]`;
  if (typeof raw !== 'object' || raw === null) fail(ctx, at, 'a feedback object', raw);
  const value = (k: number): unknown => {
    try {
      return (read[k] as Accessor)(raw);
    } catch (error) {
      throw accessorError(ctx, `${at}.${FEEDBACK_FIELDS[k] as FeedbackField}`, error, raw);
    }
  };
  const rawId = value(0);
  const customerId = typeof rawId === 'number' && Number.isFinite(rawId) ? String(rawId) : rawId;
  if (typeof customerId !== 'string' || customerId === '') fail(ctx, `${at}.customerId`, 'a non-empty string or a finite number', rawId);
  const rawTime = value(1);
  if (epochOnly && typeof rawTime !== 'number') fail(ctx, `${at}.timestamp`, EPOCH_MS_CELL, rawTime);
  const timestamp = toEpochMs(rawTime, timeZone);
  if (timestamp === undefined) fail(ctx, `${at}.timestamp`, 'a valid Date, epoch milliseconds or ISO-8601 string', rawTime);
  const channel = label(ctx, `${at}.channel`, value(2));
  const kind = label(ctx, `${at}.kind`, value(3));
  const rawRating = value(4);
  if (rawRating !== undefined && rawRating !== null && (typeof rawRating !== 'number' || !Number.isInteger(rawRating) || rawRating < rating.min || rawRating > rating.max)) {
    fail(ctx, `${at}.rating`, `an integer from ${rating.min} to ${rating.max}, or left out`, rawRating);
  }
  const rawAnswered = value(5);
  if (rawAnswered !== undefined && rawAnswered !== null && typeof rawAnswered !== 'boolean') fail(ctx, `${at}.answered`, 'a boolean, or left out', rawAnswered);
  const rawAnsweredAt = value(6);
  let answeredAt: number | null = null;
  if (rawAnsweredAt !== undefined && rawAnsweredAt !== null) {
    if (epochOnly && typeof rawAnsweredAt !== 'number') fail(ctx, `${at}.answeredAt`, EPOCH_MS_CELL, rawAnsweredAt);
    const ms = toEpochMs(rawAnsweredAt, timeZone);
    if (ms === undefined) fail(ctx, `${at}.answeredAt`, 'a valid Date, epoch milliseconds or ISO-8601 string, or left out', rawAnsweredAt);
    if (ms < timestamp) fail(ctx, `${at}.answeredAt`, `not before the item's timestamp (${new Date(timestamp).toISOString()})`, rawAnsweredAt, 'INCONSISTENT_INPUT');
    if (rawAnswered === false) fail(ctx, `${at}.answered`, 'true or left out when answeredAt is given', rawAnswered, 'INCONSISTENT_INPUT');
    answeredAt = ms;
  }
  return { customerId, timestamp, channel, kind, rating: (rawRating as number | null | undefined) ?? null, answered: rawAnswered === true || answeredAt !== null, answeredAt };
}

function label(ctx: Ctx, field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value === '') fail(ctx, field, 'a non-empty string, or left out', value);
  return value;
}

function accessorError(ctx: Ctx, field: string, cause: unknown, raw: unknown): MetricError {
  let what: string;
  try {
    what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  } catch {
    what = 'a value that cannot be shown';
  }
  if (what.length > 100) what = `${what.slice(0, 97)}...`;
  const error = new MetricError({ code: 'INVALID_INPUT', functionName: ctx.fn, field, rule: `readable by options.fields (the accessor threw ${what})`, received: raw });
  Object.defineProperty(error, 'cause', { value: cause, writable: true, configurable: true, enumerable: false });
  return error;
}

/** Feedback columns, checked (known keys, arrays, equal lengths): row i as a record for {@link readFeedback}. */
export function feedbackColumns(ctx: Ctx, value: object): { readonly length: number; row(i: number): object } {
  for (const key of Object.keys(value)) {
    if (!(FEEDBACK_FIELDS as readonly string[]).includes(key)) fail(ctx, `records.${key}`, `one of the column names (${FEEDBACK_FIELDS.join(', ')})`, own(value, key));
  }
  const columns = FEEDBACK_FIELDS.map((name) => {
    const column = own(value, name);
    return column === undefined && name !== 'customerId' && name !== 'timestamp' ? undefined : arrayColumn(ctx, `records.${name}`, column);
  });
  const n = (columns[0] as ArrayLike<unknown>).length;
  sameLengths(ctx, 'records', n, FEEDBACK_FIELDS.slice(1).map((name, k) => [name, columns[k + 1]] as const));
  return {
    length: n,
    row: (i) => {
      const row: Record<string, unknown> = {};
      FEEDBACK_FIELDS.forEach((name, k) => {
        row[name] = columns[k]?.[i];
      });
      return row;
    },
  };
}
