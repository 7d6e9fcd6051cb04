import { TZDate } from '@date-fns/tz';

/**
 * A point in time as users pass it: a Date, epoch milliseconds, or an ISO-8601 string (without an offset
 * it is a wall-clock time in the zone of the function that reads it).
 * @category cohort
 */
export type TimestampInput = Date | number | string;

/** The ECMAScript time range, ±100,000,000 days around the epoch. */
const MAX_EPOCH_MS = 8.64e15;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Whether an IANA time zone name is known to this runtime's Intl data. */
export function isValidTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Epoch milliseconds of a timestamp, or `undefined` when it is not a valid point in time. A string
 * without an offset is a wall-clock time in `timeZone` (a date alone is its midnight there); a wall
 * time that falls in a DST gap or overlap resolves as `TZDate` does (the later offset in a gap, the
 * earlier instant in an overlap).
 */
export function toEpochMs(value: unknown, timeZone: string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) <= MAX_EPOCH_MS ? value + 0 : undefined;
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (typeof value === 'string') return parseIso(value, timeZone);
  return undefined;
}

function parseIso(text: string, timeZone: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  const offset = m[8];
  if (offset !== undefined) {
    const offsetMinutes = parseOffset(offset);
    if (offsetMinutes === undefined) return undefined;
    return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  }
  if (timeZone === 'UTC') return Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const ms = new TZDate(year, month - 1, day, hour, minute, second, millis, timeZone).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

function parseOffset(offset: string): number | undefined {
  if (offset === 'Z' || offset === 'z') return 0;
  const sign = offset[0] === '-' ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
