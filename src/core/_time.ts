import { zoneOffsetMs } from './_zoneOffset.js';

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
 * time that falls in a DST gap or overlap resolves as `wallToInstant` says (the later offset in a gap, the
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

/**
 * The last instant an inclusive end (`to`) covers, in epoch milliseconds, or `undefined` when it is not a
 * valid point in time. A date-only string (`'2024-03-31'`, or with an offset, `'2024-03-31+02:00'`) covers
 * that whole day: its result is the last millisecond before the next midnight, in `timeZone` (or at that
 * offset). Any other input is the instant itself, whose whole millisecond is covered. So the range
 * "from 2024-01-01 to 2024-03-31" is every instant of January, February and March, and the first instant
 * after an inclusive end is always `lastInstantOf(to) + 1`.
 */
export function lastInstantOf(value: unknown, timeZone: string): number | undefined {
  if (typeof value === 'string') return parseIso(value, timeZone, true);
  return toEpochMs(value, timeZone);
}

function parseIso(text: string, timeZone: string, wholeDay = false): number | undefined {
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
  // A date alone, read as an inclusive end, is its whole day: the instant before the next midnight.
  const nextDay = wholeDay && m[4] === undefined ? 1 : 0;
  const offset = m[8];
  let ms: number;
  if (offset !== undefined) {
    const offsetMinutes = parseOffset(offset);
    if (offsetMinutes === undefined) return undefined;
    ms = utcWall(year, month - 1, day + nextDay, hour, minute, second, millis) - offsetMinutes * 60_000 - nextDay;
  } else {
    ms = wallToInstant(timeZone, year, month - 1, day + nextDay, hour, minute, second, millis) - nextDay;
  }
  return Number.isNaN(ms) || Math.abs(ms) > MAX_EPOCH_MS ? undefined : ms;
}

/** 400 Gregorian years, exactly 146,097 days: shifting by it keeps weekdays and leap years. */
const FOUR_CENTURIES_MS = 146_097 * 86_400_000;

/**
 * Epoch ms of a wall-clock time read as UTC; fields may overflow (month 12, day 32) as in Date.UTC,
 * but years 0-99 are taken as written, not as 1900-1999.
 */
export function utcWall(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  if (year >= 0 && year < 100) return Date.UTC(year + 400, month, day, hour, minute, second, ms) - FOUR_CENTURIES_MS;
  return Date.UTC(year, month, day, hour, minute, second, ms);
}

/**
 * The instant of a wall-clock time in an IANA zone, from the zone's offsets alone (never the host's):
 * in an autumn overlap the earlier instant; in a spring gap the wall time is read with the offset before
 * the change, so it lands as far after the gap as it was into it (02:30 in Berlin on 2024-03-31 is 03:30
 * CEST), as Temporal's 'compatible' disambiguation does.
 */
export function wallToInstant(timeZone: string, year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const wall = utcWall(year, month, day, hour, minute, second, ms);
  if (timeZone === 'UTC') return wall;
  const before = zoneOffsetMs(timeZone, wall - 86_400_000);
  const after = zoneOffsetMs(timeZone, wall + 86_400_000);
  let best = Number.NaN;
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = wall - offset;
    if (zoneOffsetMs(timeZone, instant) === offset && !(instant >= best)) best = instant;
  }
  return Number.isNaN(best) ? wall - before : best;
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
  return new Date(utcWall(year, month, 0)).getUTCDate();
}
