/**
 * The test oracle for wall clocks: Intl.DateTimeFormat's local fields of an instant, read without the
 * library's offset code (@date-fns/tz's tzOffset and the longOffset names of src/core/_zoneOffset.ts).
 */

export interface Wall {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** UTC offset in minutes (east positive; fractional where the zone data has seconds). */
  readonly offset: number;
  /** UTC offset in whole milliseconds. */
  readonly offsetMs: number;
  /** Days since 1970-01-01 of the local date. */
  readonly dayNumber: number;
  /** 0 = Sunday ... 6 = Saturday. */
  readonly weekday: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local wall clock of an instant (years 1000-9999), by Intl. */
export function intlWall(ms: number, timeZone: string): Wall {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const [year, month, day, hour, minute, second] = [p.year, p.month, p.day, p.hour, p.minute, p.second].map((v) => v ?? Number.NaN) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const flooredToSecond = ms - (((ms % 1000) + 1000) % 1000);
  const offsetMs = Date.UTC(year, month - 1, day, hour, minute, second) - flooredToSecond;
  const dayNumber = Date.UTC(year, month - 1, day) / DAY;
  return { year, month, day, hour, minute, second, offset: offsetMs / MINUTE, offsetMs, dayNumber, weekday: (((dayNumber + 4) % 7) + 7) % 7 };
}
