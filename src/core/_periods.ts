import { wallClock, zoneOffsetMs } from './_zoneOffset.js';
import { utcWall, wallToInstant } from './_time.js';

/**
 * Calendar units a period can have.
 * @category cohort
 */
export type PeriodUnit = 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

/** How periods are laid on the time line: a unit, an IANA zone and the first day of the week. */
export interface Calendar {
  readonly unit: PeriodUnit;
  readonly timeZone: string;
  /** 0 = Sunday ... 6 = Saturday; 1 (ISO Monday) by default. */
  readonly weekStartsOn: number;
}

/** A table wider than this is a mistake (hourly periods over years), not an analysis. */
export const MAX_PERIODS = 100_000;

export const PERIOD_UNITS: readonly PeriodUnit[] = ['hour', 'day', 'week', 'month', 'quarter', 'year'];

/** The ECMAScript time range, ±8.64e15 ms. */
const MAX_EPOCH_MS = 8.64e15;

/** The longest period of each unit, with two days to spare for any zone's offset (a bound, not a length). */
const EDGE_MARGIN_MS: Record<PeriodUnit, number> = {
  hour: 2 * 86_400_000 + 3_600_000,
  day: 3 * 86_400_000,
  week: 9 * 86_400_000,
  month: 33 * 86_400_000,
  quarter: 94 * 86_400_000,
  year: 368 * 86_400_000,
};

const supportedRanges = new Map<string, readonly [number, number]>();

/**
 * The instants [first, last] whose period, and the period's end, lie inside the ECMAScript time range
 * (±8.64e15 ms), so that every boundary of a table over them is a valid Date. Near the ends the wall
 * clock of a zone, or the end of the last year, is past the range: instants of the first and last
 * (partial) periods there are refused by the builder, not placed. About -271820 to +275759 for years;
 * within a few days of ±8.64e15 for days and hours.
 */
export function supportedRange(cal: Calendar): readonly [number, number] {
  const key = `${cal.unit} ${cal.timeZone} ${cal.weekStartsOn}`;
  let range = supportedRanges.get(key);
  if (range === undefined) {
    const margin = EDGE_MARGIN_MS[cal.unit];
    const first = periodStart(-MAX_EPOCH_MS + margin, cal);
    const end = nextPeriodStart(periodStart(MAX_EPOCH_MS - margin, cal), cal);
    range = Object.freeze([first, end - 1] as const);
    supportedRanges.set(key, range);
  }
  return range;
}

/** Start (epoch ms) of the calendar period containing `ms`, in the calendar's zone. */
export function periodStart(ms: number, cal: Calendar): number {
  if (cal.unit === 'hour') return hourStart(ms, cal.timeZone);
  const d = wallClock(ms, cal.timeZone);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  const day = d.getUTCDate();
  switch (cal.unit) {
    case 'day':
      return localMidnight(y, mo, day, cal.timeZone);
    case 'week': {
      const back = (d.getUTCDay() - cal.weekStartsOn + 7) % 7;
      return localMidnight(y, mo, day - back, cal.timeZone);
    }
    case 'month':
      return localMidnight(y, mo, 1, cal.timeZone);
    case 'quarter':
      return localMidnight(y, mo - (mo % 3), 1, cal.timeZone);
    case 'year':
      return localMidnight(y, 0, 1, cal.timeZone);
  }
}

/** Start of the period after the one that starts at `start`. */
export function nextPeriodStart(start: number, cal: Calendar): number {
  if (cal.unit === 'hour') return nextHourStart(start, cal.timeZone);
  const d = wallClock(start, cal.timeZone);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  const day = d.getUTCDate();
  switch (cal.unit) {
    case 'day':
      return localMidnight(y, mo, day + 1, cal.timeZone);
    case 'week':
      return localMidnight(y, mo, day + 7, cal.timeZone);
    case 'month':
      return localMidnight(y, mo + 1, 1, cal.timeZone);
    case 'quarter':
      return localMidnight(y, mo + 3, 1, cal.timeZone);
    case 'year':
      return localMidnight(y + 1, 0, 1, cal.timeZone);
  }
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** x mod m in [0, m). */
function mod(x: number, m: number): number {
  return ((x % m) + m) % m;
}

/**
 * Hour periods: an hour runs from a local HH:00, or from an offset change that falls inside a local hour,
 * to the next local HH:00 or the next offset change, whichever comes first; that is, a maximal run of
 * instants with the same local hour and UTC offset. Where the offset changes by whole hours at a local
 * :00 (most DST rules) every hour is 60 minutes; where it changes by 30 minutes (Australia/Lord_Howe) the
 * hour after a spring change and the repeated half hour of an autumn change are 30-minute periods; a
 * change made at :45 local (Pacific/Chatham) cuts its hour in two. Zones are assumed not to change
 * offset twice within one hour.
 */
function hourStart(ms: number, timeZone: string): number {
  const offset = zoneOffsetMs(timeZone, ms);
  // The local :00 of ms's wall hour, read at ms's offset: the start unless the offset changed since.
  const mark = ms - mod(ms + offset, HOUR_MS);
  if (mark === ms) return mark;
  const markOffset = zoneOffsetMs(timeZone, mark);
  return markOffset === offset ? mark : changeInstant(timeZone, mark, ms, markOffset);
}

/** Start of the hour period after the one that starts at `start` (see hourStart). */
function nextHourStart(start: number, timeZone: string): number {
  const offset = zoneOffsetMs(timeZone, start);
  // The next local :00 at start's offset: the end unless the offset changes before it.
  const mark = start + HOUR_MS - mod(start + offset, HOUR_MS);
  return zoneOffsetMs(timeZone, mark - 1) === offset ? mark : changeInstant(timeZone, start, mark - 1, offset);
}

/** The first instant of (lo, hi] whose offset differs from `offset`, the offset at lo (one change in between). */
export function changeInstant(timeZone: string, lo: number, hi: number, offset: number): number {
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (zoneOffsetMs(timeZone, mid) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The first instant of a local calendar day (normally 00:00; where a DST change skips midnight, the
 * first wall time that exists, as wallToInstant resolves it).
 */
function localMidnight(year: number, month: number, day: number, timeZone: string): number {
  return wallToInstant(timeZone, year, month, day);
}

/** A label for the period starting at `start`: 2024, 2024-Q1, 2024-03, 2024-W09, 2024-03-05, 2024-03-05T13. */
export function periodLabel(start: number, cal: Calendar): string {
  if (cal.unit === 'hour') return hourLabel(start, cal.timeZone);
  const d = wallClock(start, cal.timeZone);
  const y = yearLabel(d.getUTCFullYear());
  const mo = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  switch (cal.unit) {
    case 'year':
      return y;
    case 'quarter':
      return `${y}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
    case 'month':
      return `${y}-${mo}`;
    case 'week':
      return cal.weekStartsOn === 1 ? isoWeekLabel(d) : `${y}-${mo}-${day}`;
    case 'day':
      return `${y}-${mo}-${day}`;
  }
}

/**
 * `2024-03-05T13`; where the same wall hour happens at two offsets (the clocks went back across it), the
 * UTC offset is added (`2024-11-03T01-04:00`, then `2024-11-03T01-05:00`) so that every hour has its own
 * label.
 */
function hourLabel(start: number, timeZone: string): string {
  const offset = zoneOffsetMs(timeZone, start);
  const local = start + offset;
  const wallHour = local - mod(local, HOUR_MS);
  const d = new Date(wallHour);
  const pad = (n: number) => String(n).padStart(2, '0');
  const label = `${yearLabel(d.getUTCFullYear())}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}`;
  for (const other of new Set([zoneOffsetMs(timeZone, start - DAY_MS), zoneOffsetMs(timeZone, start + DAY_MS)])) {
    if (other === offset) continue;
    // Does this wall hour also happen at the other offset (at its first or last millisecond there)?
    if (zoneOffsetMs(timeZone, wallHour - other) === other || zoneOffsetMs(timeZone, wallHour + HOUR_MS - 1 - other) === other) {
      return `${label}${offsetLabel(offset)}`;
    }
  }
  return label;
}

/** +05:30, -04:00 (with seconds, +00:19:32, for the local mean times of old zone data). */
function offsetLabel(offset: number): string {
  const sign = offset >= 0 ? '+' : '-';
  const seconds = Math.round(Math.abs(offset) / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const hhmm = `${sign}${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}`;
  return seconds % 60 === 0 ? hhmm : `${hhmm}:${pad(seconds % 60)}`;
}

/** ISO-8601 week label of a Monday: the week belongs to the year of its Thursday. */
function isoWeekLabel(monday: Date): string {
  const thursday = utcWall(monday.getUTCFullYear(), monday.getUTCMonth(), monday.getUTCDate() + 3);
  const isoYear = new Date(thursday).getUTCFullYear();
  // January 1 read 400 years nearer to 1970 (same weekdays and leap years): near the ends of the time
  // range the year's own January 1 is not a valid Date.
  const shift = isoYear < 0 ? 400 : -400;
  const january1 = utcWall(isoYear + shift, 0, 1) - (shift / 400) * 146_097 * 86_400_000;
  const week = Math.floor((thursday - january1) / 86_400_000 / 7) + 1;
  return `${yearLabel(isoYear)}-W${String(week).padStart(2, '0')}`;
}

/**
 * A year as ISO 8601 writes it: four digits for 0000-9999 and, past them, the expanded form with a sign
 * (-0001 for 2 BC, -271821, +10000, +275760), so labels of years before 0 and after 9999 stay readable
 * and still sort within their sign.
 */
export function yearLabel(year: number): string {
  if (year < 0) return `-${String(-year).padStart(4, '0')}`;
  return year > 9999 ? `+${year}` : String(year).padStart(4, '0');
}

/**
 * The periods covering [from, to]: boundaries computed once, in the zone, so placing an event is a
 * binary search on numbers (no date arithmetic per event).
 */
export class PeriodGrid {
  /** starts[i] is the start of period i; starts[length] is the end of the last period. */
  readonly starts: Float64Array;
  readonly calendar: Calendar;

  /** Throws a RangeError past `maxPeriods` periods; callers turn it into their own MetricError. */
  constructor(calendar: Calendar, from: number, to: number, maxPeriods = MAX_PERIODS) {
    this.calendar = calendar;
    const list: number[] = [periodStart(from, calendar)];
    let last = list[0] as number;
    while (last <= to) {
      if (list.length > maxPeriods) throw new RangeError(`more than ${maxPeriods} periods`);
      last = nextPeriodStart(last, calendar);
      list.push(last);
    }
    this.starts = Float64Array.from(list);
  }

  /** Number of periods. */
  get length(): number {
    return this.starts.length - 1;
  }

  /** Index of the period containing `ms`, or -1 outside the grid. */
  indexOf(ms: number): number {
    const starts = this.starts;
    // Written so that NaN, which fails every comparison, is outside too.
    if (!(ms >= (starts[0] as number) && ms < (starts[starts.length - 1] as number))) return -1;
    return lastStartAtOrBefore(starts, ms);
  }

  /** Label of period i. */
  label(i: number): string {
    return periodLabel(this.starts[i] as number, this.calendar);
  }
}

/**
 * Places instants in calendar periods fast: fixed-length UTC units by arithmetic, everything else by a
 * binary search over boundaries computed once (with the zone rules) and extended as new instants
 * arrive, so no date object is made per event.
 */
export class PeriodLocator {
  readonly #calendar: Calendar;
  readonly #fixed: ((ms: number) => number) | undefined;
  #starts: number[] = [];
  #lastStart = Number.NaN;
  #lastEnd = Number.NaN;

  constructor(calendar: Calendar) {
    this.#calendar = calendar;
    this.#fixed = fixedLengthStart(calendar);
  }

  /** Start (epoch ms) of the period containing `ms`. */
  locate(ms: number): number {
    if (ms >= this.#lastStart && ms < this.#lastEnd) return this.#lastStart;
    if (this.#fixed !== undefined) return this.#fixed(ms);
    const starts = this.#starts;
    if (starts.length === 0 || ms < (starts[0] as number) || ms >= (starts[starts.length - 1] as number)) this.#cover(ms);
    const i = this.#search(ms);
    this.#lastStart = this.#starts[i] as number;
    this.#lastEnd = this.#starts[i + 1] as number;
    return this.#lastStart;
  }

  #search(ms: number): number {
    return lastStartAtOrBefore(this.#starts, ms);
  }

  /** Extends the boundaries to cover `ms`; a far instant starts a fresh list rather than filling the gap. */
  #cover(ms: number): void {
    const start = periodStart(ms, this.#calendar);
    const starts = this.#starts;
    const first = starts[0];
    const last = starts[starts.length - 1];
    if (first === undefined || last === undefined || Math.abs(ms - (ms < first ? first : last)) > MAX_GAP_MS[this.#calendar.unit]) {
      this.#starts = [start, nextPeriodStart(start, this.#calendar)];
      return;
    }
    if (ms < first) {
      const before: number[] = [];
      for (let s = start; s < first; s = nextPeriodStart(s, this.#calendar)) before.push(s);
      this.#starts = before.concat(starts);
      return;
    }
    let s = last;
    while (s <= ms) {
      s = nextPeriodStart(s, this.#calendar);
      starts.push(s);
    }
  }
}

/** How far the locator fills boundaries before starting afresh (about 10,000 periods). */
const MAX_GAP_MS: Record<PeriodUnit, number> = {
  hour: 3.6e7 * 1000,
  day: 8.64e7 * 10_000,
  week: 6.048e8 * 10_000,
  month: 2.6e9 * 10_000,
  quarter: 7.9e9 * 10_000,
  year: 3.2e10 * 10_000,
};

/** Arithmetic period starts for units of fixed length in UTC (hour, day, week). */
function fixedLengthStart(cal: Calendar): ((ms: number) => number) | undefined {
  if (cal.timeZone !== 'UTC') return undefined;
  if (cal.unit === 'hour') return (ms) => Math.floor(ms / HOUR_MS) * HOUR_MS;
  if (cal.unit === 'day') return (ms) => Math.floor(ms / 86_400_000) * 86_400_000;
  if (cal.unit === 'week') {
    return (ms) => {
      const days = Math.floor(ms / 86_400_000);
      // 1970-01-01 was a Thursday (day 4).
      const back = (((days + 4 - cal.weekStartsOn) % 7) + 7) % 7;
      return (days - back) * 86_400_000;
    };
  }
  return undefined;
}

/** The index of the last of the increasing `starts` at or before `ms`, for starts[0] <= ms < the last start. */
function lastStartAtOrBefore(starts: ArrayLike<number>, ms: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as number) <= ms) lo = mid;
    else hi = mid;
  }
  return lo;
}
