/**
 * A hand-written reader for the ISO-8601 forms that machines write (`2024-03-05T13:20:00Z`,
 * `2024-03-05T13:20:00.123+01:00`, and without an offset in UTC), digit by digit: no regular expression,
 * no Date, no substring. It returns exactly what the general reader (`toEpochMs` in src/core/_time.ts)
 * returns for these forms, and NaN for anything else, which the caller then hands to the general reader
 * (other forms, spaces, a wall time in a zone other than UTC, and every invalid text).
 */

/**
 * Reads timestamps in the fast forms. `parse` leaves the instant in `value` and returns whether it read
 * one: a float returned by a call that is not inlined would be boxed, once per event.
 */
export class IsoReader {
  /** The instant (epoch ms) of the last successful `parse`. */
  value = 0;
  /** The last date read, as yyyymmdd, and its day number (consecutive events mostly share their day). */
  #lastDate = -1;
  #lastDays = 0;

  /** `utcWallTime`: read a text without offset as UTC (the reader's zone is UTC). */
  constructor(private readonly utcWallTime: boolean) {}

  /** Epoch ms of `text` (or of its part from `from` to `to`) in one of the fast forms, or NaN. */
  read(text: string, from = 0, to = text.length): number {
    return this.parse(text, from, to) ? this.value : Number.NaN;
  }

  /** Reads `text[from .. to)`; true (the instant in `value`) when it is in one of the fast forms. */
  parse(text: string, from: number, to: number): boolean {
    const s = from;
    // (Inside the text: past its end charCodeAt gives NaN, which `|` would read as 0.)
    if (to - s < 19 || to > text.length) return false;
    // The 14 digits, each checked by `d | (d + 6)` staying below 16 (no branch per digit), and the
    // separators '-', '-', 'T', ':', ':' by XOR; one test for all of them.
    const y0 = text.charCodeAt(s) - 48;
    const y1 = text.charCodeAt(s + 1) - 48;
    const y2 = text.charCodeAt(s + 2) - 48;
    const y3 = text.charCodeAt(s + 3) - 48;
    const m0 = text.charCodeAt(s + 5) - 48;
    const m1 = text.charCodeAt(s + 6) - 48;
    const d0 = text.charCodeAt(s + 8) - 48;
    const d1 = text.charCodeAt(s + 9) - 48;
    const h0 = text.charCodeAt(s + 11) - 48;
    const h1 = text.charCodeAt(s + 12) - 48;
    const i0 = text.charCodeAt(s + 14) - 48;
    const i1 = text.charCodeAt(s + 15) - 48;
    const s0 = text.charCodeAt(s + 17) - 48;
    const s1 = text.charCodeAt(s + 18) - 48;
    const digits =
      y0 | (y0 + 6) | y1 | (y1 + 6) | y2 | (y2 + 6) | y3 | (y3 + 6) | m0 | (m0 + 6) | m1 | (m1 + 6) | d0 | (d0 + 6) | d1 | (d1 + 6) |
      h0 | (h0 + 6) | h1 | (h1 + 6) | i0 | (i0 + 6) | i1 | (i1 + 6) | s0 | (s0 + 6) | s1 | (s1 + 6);
    const separators = (text.charCodeAt(s + 4) ^ 45) | (text.charCodeAt(s + 7) ^ 45) | (text.charCodeAt(s + 10) ^ 84) | (text.charCodeAt(s + 13) ^ 58) | (text.charCodeAt(s + 16) ^ 58);
    if ((digits & ~15) !== 0 || separators !== 0) return false;
    const hour = h0 * 10 + h1;
    const minute = i0 * 10 + i1;
    const second = s0 * 10 + s1;
    if (hour > 23 || minute > 59 || second > 59) return false;
    const date = (((y0 * 10 + y1) * 10 + y2) * 10 + y3) * 10_000 + (m0 * 10 + m1) * 100 + d0 * 10 + d1;
    if (!this.setDateAndTime(date, hour * 3_600_000 + minute * 60_000 + second * 1000)) return false;
    // The common form ends here with Z.
    if (to - s === 20 && text.charCodeAt(s + 19) === 90) return true;
    const ms = withFractionAndOffset(text, s + 19, to, this.value, this.utcWallTime);
    if (Number.isNaN(ms)) return false;
    this.value = ms;
    return true;
  }

  /** Sets `value` to the date yyyymmdd (checked, through the day cache) plus `millis`; false for a date that does not exist. */
  setDateAndTime(date: number, millis: number): boolean {
    let days = this.#lastDays;
    if (date !== this.#lastDate) {
      days = dateDays(date);
      if (days === NO_DATE) return false;
      this.#lastDate = date;
      this.#lastDays = days;
    }
    this.value = days * 86_400_000 + millis;
    return true;
  }
}

/**
 * Reads the common form `YYYY-MM-DDTHH:MM:SSZ` from 20 ASCII bytes at `s` into `reader.value`, as `parse`
 * reads its text (the same checks); false for anything else, which the caller reads as text.
 */
export function parseZuluBytes(reader: IsoReader, b: Uint8Array, s: number): boolean {
  if (s + 20 > b.length || b[s + 19] !== 90) return false;
  const y0 = (b[s] as number) - 48;
  const y1 = (b[s + 1] as number) - 48;
  const y2 = (b[s + 2] as number) - 48;
  const y3 = (b[s + 3] as number) - 48;
  const m0 = (b[s + 5] as number) - 48;
  const m1 = (b[s + 6] as number) - 48;
  const d0 = (b[s + 8] as number) - 48;
  const d1 = (b[s + 9] as number) - 48;
  const h0 = (b[s + 11] as number) - 48;
  const h1 = (b[s + 12] as number) - 48;
  const i0 = (b[s + 14] as number) - 48;
  const i1 = (b[s + 15] as number) - 48;
  const s0 = (b[s + 17] as number) - 48;
  const s1 = (b[s + 18] as number) - 48;
  const digits =
    y0 | (y0 + 6) | y1 | (y1 + 6) | y2 | (y2 + 6) | y3 | (y3 + 6) | m0 | (m0 + 6) | m1 | (m1 + 6) | d0 | (d0 + 6) | d1 | (d1 + 6) |
    h0 | (h0 + 6) | h1 | (h1 + 6) | i0 | (i0 + 6) | i1 | (i1 + 6) | s0 | (s0 + 6) | s1 | (s1 + 6);
  const separators = ((b[s + 4] as number) ^ 45) | ((b[s + 7] as number) ^ 45) | ((b[s + 10] as number) ^ 84) | ((b[s + 13] as number) ^ 58) | ((b[s + 16] as number) ^ 58);
  if ((digits & ~15) !== 0 || separators !== 0) return false;
  const hour = h0 * 10 + h1;
  const minute = i0 * 10 + i1;
  const second = s0 * 10 + s1;
  if (hour > 23 || minute > 59 || second > 59) return false;
  return reader.setDateAndTime((((y0 * 10 + y1) * 10 + y2) * 10 + y3) * 10_000 + (m0 * 10 + m1) * 100 + d0 * 10 + d1, hour * 3_600_000 + minute * 60_000 + second * 1000);
}

/**
 * The instant of a timestamp whose date and time (to the second) are read, `wall` ms as if UTC, from `i`
 * (after the seconds) to `n`: an optional fraction, then Z, an offset, or nothing (UTC readers only); NaN
 * for anything else.
 */
function withFractionAndOffset(text: string, at: number, n: number, wallSeconds: number, utcWallTime: boolean): number {
  let i = at;
  let millis = 0;
  const separator = i < n ? text.charCodeAt(i) : 0;
  if (separator === 46 || separator === 44) {
    // 1 to 9 fraction digits; the general reader truncates to whole milliseconds.
    let scale = 100;
    const end = Math.min(n, i + 10);
    for (i++; i < end; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      millis += d * scale;
      scale /= 10;
    }
    if (i === at + 1 || (i < n && isDigit(text.charCodeAt(i)))) return Number.NaN;
    millis = Math.floor(millis);
  }
  const wall = wallSeconds + millis;
  if (i === n) return utcWallTime ? wall : Number.NaN;
  const sign = text.charCodeAt(i);
  if ((sign === 90 || sign === 122) && i + 1 === n) return wall;
  if (sign !== 43 && sign !== 45) return Number.NaN;
  // ±HH, ±HHMM or ±HH:MM
  const hours = i + 3 <= n ? digits2(text, i + 1) : -1;
  let minutes = 0;
  const rest = n - (i + 3);
  if (rest === 3 && text.charCodeAt(i + 3) === 58) minutes = digits2(text, i + 4);
  else if (rest === 2) minutes = digits2(text, i + 3);
  else if (rest !== 0) return Number.NaN;
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return Number.NaN;
  const offset = (hours * 60 + minutes) * 60_000;
  return sign === 45 ? wall + offset : wall - offset;
}

/** Returned by dateDays for a text that is not a valid date (days are small integers: never boxed). */
const NO_DATE = -1e9;

/** Days from 1970-01-01 to the date yyyymmdd, or NO_DATE when it is not a valid date. */
function dateDays(date: number): number {
  const year = Math.floor(date / 10_000);
  const month = Math.floor(date / 100) % 100;
  const day = date % 100;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NO_DATE;
  return daysFromCivil(year, month, day);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function digits2(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm), exact for any year. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
