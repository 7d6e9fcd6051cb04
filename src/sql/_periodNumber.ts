import { type Calendar, type PeriodGrid } from '../core/_periods.js';
import { fail } from '../core/_validate.js';
import { zoneOffsetMs } from '../core/_zoneOffset.js';
import type { Dialect } from './_dialect.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Calendar periods as integers, computed alike in the engine and here: the engine numbers each event's
 * period, this side numbers the table's grid and maps the engine's numbers back to rows and columns.
 *
 * From the wall clock w (epoch ms of the local date and time read as UTC): day = ⌊w / 24 h⌋, week =
 * ⌊(day + 4 - weekStartsOn) / 7⌋ (1970-01-01 was a Thursday), month = 12·year + month - 1, quarter =
 * 4·year + ⌊(month - 1) / 3⌋, year. Hours are numbered on the instant: ⌊(t + s) / 1 h⌋ with s the zone's
 * offset modulo one hour, which numbers the zone's hours one by one wherever its offsets differ by whole
 * hours (checked on the table's grid: see {@link checkGridNumbers}).
 */
export interface PeriodNumbering {
  /** The period number of the instant `ms`. */
  of(ms: number): number;
  /** The SQL expression of the period number from the epoch-ms expression `e` and wall-clock expression `w`. */
  sql(dialect: Dialect, e: string, w: string): string;
  /** The offset's part below one hour used for hours, in ms (0 for most zones, 30 min for India). */
  readonly subHour: number;
}

export function periodNumbering(calendar: Calendar, reference: number): PeriodNumbering {
  const { unit, timeZone, weekStartsOn } = calendar;
  const subHour = mod(zoneOffsetMs(timeZone, reference), HOUR_MS);
  const wall = (ms: number) => ms + zoneOffsetMs(timeZone, ms);
  const weekShift = 4 - weekStartsOn;
  switch (unit) {
    case 'hour':
      return { subHour, of: (ms) => Math.floor((ms + subHour) / HOUR_MS), sql: (d, e) => d.floorDiv(`${e} + ${subHour}`, HOUR_MS) };
    case 'day':
      return { subHour, of: (ms) => Math.floor(wall(ms) / DAY_MS), sql: (d, _e, w) => d.floorDiv(w, DAY_MS) };
    case 'week':
      return {
        subHour,
        of: (ms) => Math.floor((Math.floor(wall(ms) / DAY_MS) + weekShift) / 7),
        sql: (d, _e, w) => d.floorDiv(`${d.floorDiv(w, DAY_MS)} + ${weekShift}`, 7),
      };
    case 'month':
      return { subHour, of: (ms) => civil(wall(ms), 12, 1), sql: (d, _e, w) => d.monthIndex(w) };
    case 'quarter':
      return { subHour, of: (ms) => civil(wall(ms), 4, 3), sql: (d, _e, w) => d.floorDiv(d.monthIndex(w), 3) };
    case 'year':
      return { subHour, of: (ms) => new Date(wall(ms)).getUTCFullYear(), sql: (d, _e, w) => d.floorDiv(d.monthIndex(w), 12) };
  }
}

/** perYear · year + ⌊(month - 1) / monthsPer⌋ of a wall clock. */
function civil(wall: number, perYear: number, monthsPer: number): number {
  const date = new Date(wall);
  return date.getUTCFullYear() * perYear + Math.floor(date.getUTCMonth() / monthsPer);
}

function mod(x: number, m: number): number {
  return ((x % m) + m) % m;
}

/**
 * The grid row of each period number. The numbers of consecutive periods must increase, and for hours
 * go up by exactly one, or the engine's numbers would not name the grid's periods: that fails for hours
 * in a zone whose offset changes by other than whole hours within the table (Australia/Lord_Howe's
 * 30-minute DST, Pacific/Chatham's change at :45, the local mean times of old zone data).
 */
export function checkGridNumbers(fn: string, grid: PeriodGrid, numbering: PeriodNumbering): Map<number, number> {
  const rows = new Map<number, number>();
  const hours = grid.calendar.unit === 'hour';
  let previous = Number.NaN;
  // The end of the last period too: an hour must end where the next numbered hour begins.
  for (let i = 0; i <= grid.length; i++) {
    const start = grid.starts[i] as number;
    const n = numbering.of(start);
    const step = n - previous;
    const aligned = !hours || mod(start + numbering.subHour, HOUR_MS) === 0;
    if (!aligned || !(i === 0 || (hours ? step === 1 : step >= 1))) {
      fail(
        { fn },
        'options.period',
        `a period whose boundaries the engine can compute: the hours of ${grid.calendar.timeZone} around ${new Date(start).toISOString()} are not whole hours of one offset (a change of offset by other than whole hours); use 'day' or longer periods, or CohortBuilder in process`,
        grid.calendar.unit,
      );
    }
    if (i < grid.length) rows.set(n, i);
    previous = n;
  }
  return rows;
}
