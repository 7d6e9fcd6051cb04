/**
 * periodStart / nextPeriodStart / periodLabel / PeriodGrid (src/core/_periods.ts), DESIGN.md §3 and
 * DEFINITIONS.md "Cohorts": calendar periods (hour, day, week, month, quarter, year) aligned in an IANA
 * zone, weeks starting on any day (default ISO Monday); DST days are 23 or 25 hours long.
 *
 * Expected instants are worked by hand from the zone rules (stated beside each case) and written as UTC ISO
 * strings. The oracle for the properties is Intl.DateTimeFormat's wall clock (test/oracles/intlWall.ts): a
 * day, week, month, quarter or year is a maximal run of instants with the same local calendar key. An hour
 * starts at a local :00 (or at an offset change) and contains no other local :00, so the repeated hour of an
 * autumn overlap is two periods, and an hour can be shorter than 60 minutes where the offset changes by less
 * than an hour (Lord Howe's 30 minutes). An hour period is a maximal run of instants with the same local hour
 * and UTC offset: a change made at :45 local (Chatham, +12:45/+13:45) cuts its hour into 45 and 15 minutes.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Calendar, nextPeriodStart, PERIOD_UNITS, PeriodGrid, type PeriodUnit, periodLabel, periodStart } from '../../src/core/_periods.js';
import { toEpochMs } from '../../src/core/_time.js';
import { fcOptions } from '../arbitraries/counts.js';
import { intlWall, type Wall } from '../oracles/intlWall.js';

// ---------------------------------------------------------------------------------------------------
// Helpers

/** Epoch ms of a UTC ISO string ending in Z. */
function utc(iso: string): number {
  if (!iso.endsWith('Z')) throw new Error(`utc(): not a UTC string: ${iso}`);
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`utc(): invalid: ${iso}`);
  return ms;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const cal = (unit: PeriodUnit, timeZone: string, weekStartsOn = 1): Calendar => ({ unit, timeZone, weekStartsOn });
const hours = (ms: number): number => ms / HOUR;

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MIN_MS = utc('1970-01-01T00:00:00.000Z');
const MAX_MS = utc('2100-01-01T00:00:00.000Z');

/** The period [start, next) that contains ms, with its label. */
function periodOf(ms: number, c: Calendar): { start: string; next: string; label: string; hours: number } {
  const start = periodStart(ms, c);
  const next = nextPeriodStart(start, c);
  return { start: iso(start), next: iso(next), label: periodLabel(start, c), hours: hours(next - start) };
}

/** The calendar key of the period an instant is in (not for hours): equal keys on a run of instants = one period. */
function key(ms: number, c: Calendar): string {
  const w = intlWall(ms, c.timeZone);
  switch (c.unit) {
    case 'year':
      return `${w.year}`;
    case 'quarter':
      return `${w.year}-Q${Math.ceil(w.month / 3)}`;
    case 'month':
      return `${w.year}-${w.month}`;
    case 'day':
      return `${w.dayNumber}`;
    case 'week':
      return `${w.dayNumber - ((w.weekday - c.weekStartsOn + 7) % 7)}`;
    case 'hour':
      throw new Error('key(): hours are checked by hourPeriodProblem');
  }
}

/** Whether an instant is a local :00:00.000 or the first instant of a new UTC offset. */
function isHourMark(t: number, timeZone: string): boolean {
  const w = intlWall(t, timeZone);
  const onTheHour = w.minute === 0 && w.second === 0 && ((t % 1000) + 1000) % 1000 === 0;
  return onTheHour || intlWall(t - 1, timeZone).offset !== w.offset;
}

/** Why [start, next) is not an hour period of the zone, or '' when it is one. */
function hourPeriodProblem(start: number, next: number, timeZone: string): string {
  if (!(next > start && next - start <= HOUR)) return `length ${next - start} ms`;
  if (!isHourMark(start, timeZone)) return `start ${iso(start)} is not a local :00 nor an offset change`;
  if (!isHourMark(next, timeZone)) return `end ${iso(next)} is not a local :00 nor an offset change`;
  for (const offset of new Set([intlWall(start, timeZone).offset, intlWall(next - 1, timeZone).offset])) {
    // the first instant after start whose local time at this offset is :00
    const local = start + offset * MINUTE;
    const t = start + HOUR - (((local % HOUR) + HOUR) % HOUR);
    if (t < next && intlWall(t, timeZone).offset === offset) return `local :00 at ${iso(t)} inside the period`;
  }
  return '';
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** ISO-8601 weeks in a year: 53 when it starts on a Thursday, or on a Wednesday in a leap year. */
function isoWeeksIn(year: number): number {
  const p = (y: number) => (y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400)) % 7;
  return p(year) === 4 || p(year - 1) === 3 ? 53 : 52;
}

/** The label a period starting at `start` should have, from Intl wall fields. */
function expectedLabel(start: number, c: Calendar): string {
  const w = intlWall(start, c.timeZone);
  const date = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
  switch (c.unit) {
    case 'year':
      return pad(w.year, 4);
    case 'quarter':
      return `${pad(w.year, 4)}-Q${Math.ceil(w.month / 3)}`;
    case 'month':
      return `${pad(w.year, 4)}-${pad(w.month)}`;
    case 'day':
      return date;
    case 'hour':
      return `${date}T${pad(w.hour)}`;
    case 'week': {
      if (c.weekStartsOn !== 1) return date;
      // ISO week number: floor((ordinal date - ISO weekday + 10) / 7), moved to the neighbouring year at the ends
      const ordinal = w.dayNumber - Date.UTC(w.year, 0, 1) / DAY + 1;
      const isoWeekday = w.weekday === 0 ? 7 : w.weekday;
      let week = Math.floor((ordinal - isoWeekday + 10) / 7);
      let year = w.year;
      if (week < 1) {
        year -= 1;
        week = isoWeeksIn(year);
      } else if (week > isoWeeksIn(year)) {
        year += 1;
        week = 1;
      }
      return `${pad(year, 4)}-W${pad(week)}`;
    }
  }
}

/**
 * Daylight-saving transitions of 2024, worked by hand (UTC instant of the change, local times either side),
 * checked against Intl by the first test below. Used to bias random instants towards the hard cases.
 */
const TRANSITIONS: Readonly<Record<string, readonly number[]>> = {
  // 2024-03-31 02:00 CET (+01) -> 03:00 CEST (+02); 2024-10-27 03:00 CEST -> 02:00 CET.
  'Europe/Berlin': [utc('2024-03-31T01:00:00Z'), utc('2024-10-27T01:00:00Z')],
  // 2024-03-10 02:00 EST (-05) -> 03:00 EDT (-04); 2024-11-03 02:00 EDT -> 01:00 EST.
  'America/New_York': [utc('2024-03-10T07:00:00Z'), utc('2024-11-03T06:00:00Z')],
  // 2024-03-10 02:00 PST (-08) -> 03:00 PDT (-07); 2024-11-03 02:00 PDT -> 01:00 PST.
  'America/Los_Angeles': [utc('2024-03-10T10:00:00Z'), utc('2024-11-03T09:00:00Z')],
  // 2024-04-07 00:00 -03 -> 2024-04-06 23:00 -04 (23:xx repeats); 2024-09-08 00:00 -04 -> 01:00 -03 (midnight skipped).
  'America/Santiago': [utc('2024-04-07T03:00:00Z'), utc('2024-09-08T04:00:00Z')],
  // 2024-03-10 00:00 CST (-05) -> 01:00 CDT (-04) (midnight skipped); 2024-11-03 01:00 CDT -> 00:00 CST (midnight twice).
  'America/Havana': [utc('2024-03-10T05:00:00Z'), utc('2024-11-03T05:00:00Z')],
  // 2024-04-07 02:00 +11 -> 01:30 +10:30; 2024-10-06 02:00 +10:30 -> 02:30 +11 (30-minute DST).
  'Australia/Lord_Howe': [utc('2024-04-06T15:00:00Z'), utc('2024-10-05T15:30:00Z')],
  // 2024-04-07 03:45 +13:45 -> 02:45 +12:45; 2024-09-29 02:45 +12:45 -> 03:45 +13:45.
  'Pacific/Chatham': [utc('2024-04-06T14:00:00Z'), utc('2024-09-28T14:00:00Z')],
  // 1972-01-07 00:00 -00:44:30 (a negative offset under an hour) -> 00:44:30 GMT.
  'Africa/Monrovia': [utc('1972-01-07T00:44:30Z')],
};

const ZONES = [
  'UTC',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'America/Los_Angeles',
  'America/New_York',
  'Europe/Berlin',
  'America/Santiago',
  'America/Havana',
  'Pacific/Chatham',
  'Australia/Lord_Howe',
  'Africa/Monrovia',
] as const;

const anyInstant = fc.integer({ min: MIN_MS, max: MAX_MS - 1 });

/** An instant for a zone: uniform over 1970-2100, or within ±2 days (often ±2 hours) of one of its transitions. */
function instantIn(timeZone: string): fc.Arbitrary<number> {
  const near = TRANSITIONS[timeZone];
  if (near === undefined) return anyInstant;
  const around = fc.tuple(fc.constantFrom(...near), fc.oneof(fc.integer({ min: -2 * HOUR, max: 2 * HOUR }), fc.integer({ min: -2 * DAY, max: 2 * DAY })));
  return fc.oneof(anyInstant, around.map(([t, d]) => t + d));
}

interface Case {
  readonly cal: Calendar;
  readonly ms: number;
}

function cases(zones: readonly string[], units: readonly PeriodUnit[], keep: (c: Calendar) => boolean = () => true): fc.Arbitrary<Case> {
  return fc
    .record({ zone: fc.constantFrom(...zones), unit: fc.constantFrom(...units), weekStartsOn: fc.integer({ min: 0, max: 6 }) })
    .map(({ zone, unit, weekStartsOn }) => cal(unit, zone, weekStartsOn))
    .filter(keep)
    .chain((c) => instantIn(c.timeZone).map((ms) => ({ cal: c, ms })));
}

/** Every zone and unit, including hours in zones with a 30-minute DST (also tested apart, below). */
const anyCase = cases(ZONES, PERIOD_UNITS);

/** How many local days a period of the unit starting on that local date spans (not for hours). */
function calendarDays(unit: Exclude<PeriodUnit, 'hour'>, w: Wall): number {
  const months = { year: 12, quarter: 3, month: 1 } as const;
  if (unit === 'day') return 1;
  if (unit === 'week') return 7;
  return (Date.UTC(w.year, w.month - 1 + months[unit], 1) - Date.UTC(w.year, w.month - 1, 1)) / DAY;
}

/** Minutes since local midnight. */
const timeOfDay = (w: Wall) => w.hour * 60 + w.minute + w.second / 60;

// ---------------------------------------------------------------------------------------------------

describe('test fixtures', () => {
  it('the hand-worked 2024 transition table agrees with Intl (offset differs either side)', () => {
    for (const [zone, list] of Object.entries(TRANSITIONS)) {
      for (const t of list) expect(intlWall(t - 1, zone).offset, `${zone} ${iso(t)}`).not.toBe(intlWall(t, zone).offset);
    }
  });

  it('the ISO week oracle gives the known edge cases', () => {
    const label = (d: string) => expectedLabel(utc(d), cal('week', 'UTC'));
    expect(label('2020-12-28T00:00:00Z')).toBe('2020-W53');
    expect(label('2024-12-30T00:00:00Z')).toBe('2025-W01');
    expect(label('2024-02-26T00:00:00Z')).toBe('2024-W09');
    expect(label('2021-01-04T00:00:00Z')).toBe('2021-W01');
  });
});

describe('month boundaries', () => {
  it('Asia/Tokyo (UTC+9): 2024-01-31T16:00Z is already February', () => {
    // 2024-01-31T16:00Z = 2024-02-01 01:00 JST; February starts 2024-02-01 00:00 JST = 2024-01-31T15:00Z
    // and ends 2024-03-01 00:00 JST = 2024-02-29T15:00Z (29 days, leap year)
    expect(periodOf(utc('2024-01-31T16:00:00Z'), cal('month', 'Asia/Tokyo'))).toEqual({
      start: '2024-01-31T15:00:00.000Z',
      next: '2024-02-29T15:00:00.000Z',
      label: '2024-02',
      hours: 29 * 24,
    });
    // one millisecond before 15:00Z is 2024-01-31 23:59:59.999 JST: January, from 2024-01-01 00:00 JST = 2023-12-31T15:00Z
    expect(periodOf(utc('2024-01-31T14:59:59.999Z'), cal('month', 'Asia/Tokyo'))).toEqual({
      start: '2023-12-31T15:00:00.000Z',
      next: '2024-01-31T15:00:00.000Z',
      label: '2024-01',
      hours: 31 * 24,
    });
    // the start itself is in February (start inclusive)
    expect(periodLabel(periodStart(utc('2024-01-31T15:00:00Z'), cal('month', 'Asia/Tokyo')), cal('month', 'Asia/Tokyo'))).toBe('2024-02');
    // the day, too: 2024-02-01 JST
    expect(periodOf(utc('2024-01-31T16:00:00Z'), cal('day', 'Asia/Tokyo'))).toEqual({
      start: '2024-01-31T15:00:00.000Z',
      next: '2024-02-01T15:00:00.000Z',
      label: '2024-02-01',
      hours: 24,
    });
  });

  it('America/Los_Angeles: PST (-08) and PDT (-07), months with a DST change are 743 h and 721 h', () => {
    // 2024-03-01T07:59:59.999Z = 2024-02-29 23:59:59.999 PST: February, from 2024-02-01 00:00 PST = 08:00Z
    expect(periodOf(utc('2024-03-01T07:59:59.999Z'), cal('month', 'America/Los_Angeles'))).toEqual({
      start: '2024-02-01T08:00:00.000Z',
      next: '2024-03-01T08:00:00.000Z',
      label: '2024-02',
      hours: 29 * 24,
    });
    // March: 2024-03-01 00:00 PST = 08:00Z to 2024-04-01 00:00 PDT = 07:00Z: 31 days - 1 h
    expect(periodOf(utc('2024-03-01T08:00:00Z'), cal('month', 'America/Los_Angeles'))).toEqual({
      start: '2024-03-01T08:00:00.000Z',
      next: '2024-04-01T07:00:00.000Z',
      label: '2024-03',
      hours: 31 * 24 - 1,
    });
    // November: 2024-11-01 00:00 PDT = 07:00Z to 2024-12-01 00:00 PST = 08:00Z: 30 days + 1 h
    expect(periodOf(utc('2024-11-15T12:00:00Z'), cal('month', 'America/Los_Angeles'))).toEqual({
      start: '2024-11-01T07:00:00.000Z',
      next: '2024-12-01T08:00:00.000Z',
      label: '2024-11',
      hours: 30 * 24 + 1,
    });
  });
});

describe('days and weeks across DST', () => {
  it('Europe/Berlin 2024-03-31 is 23 h and 2024-10-27 is 25 h', () => {
    // 2024-03-31 00:00 CET (+01) = 2024-03-30T23:00Z; 2024-04-01 00:00 CEST (+02) = 2024-03-31T22:00Z
    expect(periodOf(utc('2024-03-31T12:00:00Z'), cal('day', 'Europe/Berlin'))).toEqual({
      start: '2024-03-30T23:00:00.000Z',
      next: '2024-03-31T22:00:00.000Z',
      label: '2024-03-31',
      hours: 23,
    });
    // 2024-10-27 00:00 CEST = 2024-10-26T22:00Z; 2024-10-28 00:00 CET = 2024-10-27T23:00Z
    expect(periodOf(utc('2024-10-27T12:00:00Z'), cal('day', 'Europe/Berlin'))).toEqual({
      start: '2024-10-26T22:00:00.000Z',
      next: '2024-10-27T23:00:00.000Z',
      label: '2024-10-27',
      hours: 25,
    });
  });

  it('Europe/Berlin: the weeks containing the changes are 167 h and 169 h (Monday and Sunday starts)', () => {
    // Monday 2024-03-25 00:00 CET = 03-24T23:00Z to Monday 04-01 00:00 CEST = 03-31T22:00Z; ISO week 13
    // (2024-01-01 is a Monday, so W01 starts then and 03-25, day 85, starts week (85 - 1) / 7 + 1 = 13)
    expect(periodOf(utc('2024-03-31T12:00:00Z'), cal('week', 'Europe/Berlin', 1))).toEqual({
      start: '2024-03-24T23:00:00.000Z',
      next: '2024-03-31T22:00:00.000Z',
      label: '2024-W13',
      hours: 167,
    });
    // Sunday 2024-03-31 00:00 CET = 03-30T23:00Z to Sunday 04-07 00:00 CEST = 04-06T22:00Z
    expect(periodOf(utc('2024-03-31T12:00:00Z'), cal('week', 'Europe/Berlin', 0))).toEqual({
      start: '2024-03-30T23:00:00.000Z',
      next: '2024-04-06T22:00:00.000Z',
      label: '2024-03-31',
      hours: 167,
    });
    // Monday 2024-10-21 00:00 CEST = 10-20T22:00Z to Monday 10-28 00:00 CET = 10-27T23:00Z; 10-21 is day 295: W43
    expect(periodOf(utc('2024-10-27T12:00:00Z'), cal('week', 'Europe/Berlin', 1))).toEqual({
      start: '2024-10-20T22:00:00.000Z',
      next: '2024-10-27T23:00:00.000Z',
      label: '2024-W43',
      hours: 169,
    });
  });

  it('America/New_York 2024-03-10 (23 h) and 2024-11-03 (25 h), with their weeks', () => {
    // 2024-03-10 00:00 EST (-05) = 05:00Z; 2024-03-11 00:00 EDT (-04) = 04:00Z
    expect(periodOf(utc('2024-03-10T12:00:00Z'), cal('day', 'America/New_York'))).toEqual({
      start: '2024-03-10T05:00:00.000Z',
      next: '2024-03-11T04:00:00.000Z',
      label: '2024-03-10',
      hours: 23,
    });
    // 2024-11-03 00:00 EDT = 04:00Z; 2024-11-04 00:00 EST = 05:00Z
    expect(periodOf(utc('2024-11-03T12:00:00Z'), cal('day', 'America/New_York'))).toEqual({
      start: '2024-11-03T04:00:00.000Z',
      next: '2024-11-04T05:00:00.000Z',
      label: '2024-11-03',
      hours: 25,
    });
    // Sunday weeks (the US convention): 2024-03-10 05:00Z to 03-17 04:00Z; 2024-11-03 04:00Z to 11-10 05:00Z
    expect(periodOf(utc('2024-03-12T12:00:00Z'), cal('week', 'America/New_York', 0))).toEqual({
      start: '2024-03-10T05:00:00.000Z',
      next: '2024-03-17T04:00:00.000Z',
      label: '2024-03-10',
      hours: 167,
    });
    expect(periodOf(utc('2024-11-09T12:00:00Z'), cal('week', 'America/New_York', 0))).toEqual({
      start: '2024-11-03T04:00:00.000Z',
      next: '2024-11-10T05:00:00.000Z',
      label: '2024-11-03',
      hours: 169,
    });
    // ISO weeks: Monday 2024-03-04 05:00Z (day 64: W10) to 03-11 04:00Z; Monday 10-28 04:00Z (day 302: W44) to 11-04 05:00Z
    expect(periodOf(utc('2024-03-10T12:00:00Z'), cal('week', 'America/New_York', 1))).toEqual({
      start: '2024-03-04T05:00:00.000Z',
      next: '2024-03-11T04:00:00.000Z',
      label: '2024-W10',
      hours: 167,
    });
    expect(periodOf(utc('2024-11-03T12:00:00Z'), cal('week', 'America/New_York', 1))).toEqual({
      start: '2024-10-28T04:00:00.000Z',
      next: '2024-11-04T05:00:00.000Z',
      label: '2024-W44',
      hours: 169,
    });
  });

  it('America/Santiago and America/Havana: a day whose midnight is skipped starts at 01:00; a repeated midnight counts once', () => {
    // Santiago 2024-09-08: 00:00 -04 does not exist (clocks go to 01:00 -03 at 04:00Z): the day starts at 04:00Z
    // and ends 2024-09-09 00:00 -03 = 03:00Z (23 h)
    expect(periodOf(utc('2024-09-08T12:00:00Z'), cal('day', 'America/Santiago'))).toEqual({
      start: '2024-09-08T04:00:00.000Z',
      next: '2024-09-09T03:00:00.000Z',
      label: '2024-09-08',
      hours: 23,
    });
    // Sunday week starting that day; the Monday week 2024-09-02 00:00 -04 = 04:00Z to 09-09 00:00 -03 = 03:00Z
    expect(periodOf(utc('2024-09-08T12:00:00Z'), cal('week', 'America/Santiago', 0)).start).toBe('2024-09-08T04:00:00.000Z');
    expect(periodOf(utc('2024-09-08T12:00:00Z'), cal('week', 'America/Santiago', 1))).toEqual({
      start: '2024-09-02T04:00:00.000Z',
      next: '2024-09-09T03:00:00.000Z',
      label: '2024-W36',
      hours: 167,
    });
    // Santiago 2024-04-06: 00:00 -03 = 03:00Z to 2024-04-07 00:00 -04 = 04:00Z (23:00-24:00 happens twice: 25 h)
    expect(periodOf(utc('2024-04-06T12:00:00Z'), cal('day', 'America/Santiago'))).toEqual({
      start: '2024-04-06T03:00:00.000Z',
      next: '2024-04-07T04:00:00.000Z',
      label: '2024-04-06',
      hours: 25,
    });
    // Havana 2024-11-03: 01:00 CDT -> 00:00 CST, so 00:00 happens at 04:00Z and again at 05:00Z: the day
    // starts at the first, and lasts to 2024-11-04 00:00 CST = 05:00Z (25 h)
    for (const t of ['2024-11-03T04:30:00Z', '2024-11-03T05:30:00Z']) {
      expect(periodOf(utc(t), cal('day', 'America/Havana'))).toEqual({
        start: '2024-11-03T04:00:00.000Z',
        next: '2024-11-04T05:00:00.000Z',
        label: '2024-11-03',
        hours: 25,
      });
    }
  });

  it('Australia/Lord_Howe (30-minute DST): days of 23.5 h and 24.5 h, weeks of 167.5 h and 168.5 h', () => {
    // 2024-10-06 00:00 +10:30 = 10-05T13:30Z; 2024-10-07 00:00 +11 = 10-06T13:00Z
    expect(periodOf(utc('2024-10-06T00:00:00Z'), cal('day', 'Australia/Lord_Howe'))).toEqual({
      start: '2024-10-05T13:30:00.000Z',
      next: '2024-10-06T13:00:00.000Z',
      label: '2024-10-06',
      hours: 23.5,
    });
    // 2024-04-07 00:00 +11 = 04-06T13:00Z; 2024-04-08 00:00 +10:30 = 04-07T13:30Z
    expect(periodOf(utc('2024-04-07T00:00:00Z'), cal('day', 'Australia/Lord_Howe'))).toEqual({
      start: '2024-04-06T13:00:00.000Z',
      next: '2024-04-07T13:30:00.000Z',
      label: '2024-04-07',
      hours: 24.5,
    });
    // Monday 2024-09-30 00:00 +10:30 = 09-29T13:30Z to Monday 10-07 00:00 +11 = 10-06T13:00Z
    expect(periodOf(utc('2024-10-06T00:00:00Z'), cal('week', 'Australia/Lord_Howe'))).toMatchObject({
      start: '2024-09-29T13:30:00.000Z',
      next: '2024-10-06T13:00:00.000Z',
      hours: 167.5,
    });
    // Monday 2024-04-01 00:00 +11 = 03-31T13:00Z to Monday 04-08 00:00 +10:30 = 04-07T13:30Z
    expect(periodOf(utc('2024-04-07T00:00:00Z'), cal('week', 'Australia/Lord_Howe'))).toMatchObject({
      start: '2024-03-31T13:00:00.000Z',
      next: '2024-04-07T13:30:00.000Z',
      hours: 168.5,
    });
  });

  it('Pacific/Apia skipped 2011-12-30 entirely: 12-29 is followed by 12-31, and that week is 144 h', () => {
    // 2011-12-29 00:00 -10 = 10:00Z; the next local midnight is 2011-12-31 00:00 +14 = 2011-12-30T10:00Z
    expect(periodOf(utc('2011-12-30T09:59:59.999Z'), cal('day', 'Pacific/Apia'))).toEqual({
      start: '2011-12-29T10:00:00.000Z',
      next: '2011-12-30T10:00:00.000Z',
      label: '2011-12-29',
      hours: 24,
    });
    expect(periodOf(utc('2011-12-30T10:00:00Z'), cal('day', 'Pacific/Apia')).label).toBe('2011-12-31');
    // Monday 2011-12-26 00:00 -10 = 10:00Z to Monday 2012-01-02 00:00 +14 = 2012-01-01T10:00Z
    expect(periodOf(utc('2011-12-30T12:00:00Z'), cal('week', 'Pacific/Apia'))).toEqual({
      start: '2011-12-26T10:00:00.000Z',
      next: '2012-01-01T10:00:00.000Z',
      label: '2011-W52',
      hours: 144,
    });
  });
});

describe('week starts and labels', () => {
  it('Wednesday 2024-02-28 (UTC): Monday week 2024-W09, Sunday week 2024-02-25, Saturday week 2024-02-24', () => {
    // 2024-02-26 is day 57 of 2024 (a Monday-started year): week (57 - 1) / 7 + 1 = 9
    expect(periodOf(utc('2024-02-28T12:00:00Z'), cal('week', 'UTC', 1))).toEqual({
      start: '2024-02-26T00:00:00.000Z',
      next: '2024-03-04T00:00:00.000Z',
      label: '2024-W09',
      hours: 168,
    });
    expect(periodOf(utc('2024-02-28T12:00:00Z'), cal('week', 'UTC', 0))).toEqual({
      start: '2024-02-25T00:00:00.000Z',
      next: '2024-03-03T00:00:00.000Z',
      label: '2024-02-25',
      hours: 168,
    });
    expect(periodOf(utc('2024-02-28T12:00:00Z'), cal('week', 'UTC', 6)).label).toBe('2024-02-24');
    // a week starting on the day itself (Wednesday = 3), and one crossing a month end (Thursday = 4: 02-22)
    expect(periodOf(utc('2024-02-28T00:00:00Z'), cal('week', 'UTC', 3)).label).toBe('2024-02-28');
    expect(periodOf(utc('2024-02-28T23:59:59.999Z'), cal('week', 'UTC', 4)).label).toBe('2024-02-22');
    expect(periodOf(utc('2024-03-01T12:00:00Z'), cal('week', 'UTC', 4)).next).toBe('2024-03-07T00:00:00.000Z');
  });

  it('the week start is taken in the zone: Sunday 2024-03-03 21:00 UTC is Monday in Tokyo', () => {
    // 2024-03-03T21:00Z = Monday 2024-03-04 06:00 JST: Monday week from 2024-03-04 00:00 JST = 03-03T15:00Z (W10)
    expect(periodOf(utc('2024-03-03T21:00:00Z'), cal('week', 'Asia/Tokyo', 1))).toMatchObject({ start: '2024-03-03T15:00:00.000Z', label: '2024-W10' });
    // and the Sunday week started 2024-03-03 00:00 JST = 03-02T15:00Z
    expect(periodOf(utc('2024-03-03T21:00:00Z'), cal('week', 'Asia/Tokyo', 0))).toMatchObject({ start: '2024-03-02T15:00:00.000Z', label: '2024-03-03' });
  });

  it('ISO week-year edges: 2020-12-28 and 2021-01-03 are 2020-W53, 2024-12-30 is 2025-W01, 2026 has 53 weeks', () => {
    const week = cal('week', 'UTC', 1);
    expect(periodOf(utc('2020-12-28T00:00:00Z'), week)).toMatchObject({ start: '2020-12-28T00:00:00.000Z', label: '2020-W53' });
    // Sunday 2021-01-03 belongs to the week of Monday 2020-12-28, whose Thursday 12-31 is in 2020
    expect(periodOf(utc('2021-01-03T23:59:59.999Z'), week)).toMatchObject({ start: '2020-12-28T00:00:00.000Z', next: '2021-01-04T00:00:00.000Z', label: '2020-W53' });
    expect(periodOf(utc('2021-01-04T00:00:00Z'), week).label).toBe('2021-W01');
    // Monday 2024-12-30: its Thursday is 2025-01-02, so it is the first week of 2025
    expect(periodOf(utc('2024-12-30T12:00:00Z'), week)).toMatchObject({ start: '2024-12-30T00:00:00.000Z', label: '2025-W01' });
    expect(periodOf(utc('2025-01-05T12:00:00Z'), week).label).toBe('2025-W01');
    expect(periodOf(utc('2024-12-29T12:00:00Z'), week).label).toBe('2024-W52');
    // 2026 starts on a Thursday: 53 weeks; Sunday 2027-01-03 is in 2026-W53, Monday 2027-01-04 starts 2027-W01
    expect(periodOf(utc('2026-12-31T12:00:00Z'), week)).toMatchObject({ start: '2026-12-28T00:00:00.000Z', label: '2026-W53' });
    expect(periodOf(utc('2027-01-03T12:00:00Z'), week).label).toBe('2026-W53');
    expect(periodOf(utc('2027-01-04T00:00:00Z'), week).label).toBe('2027-W01');
    // 2008-12-29 (Monday) is 2009-W01; 2010-01-03 (Sunday) is 2009-W53
    expect(periodOf(utc('2008-12-29T00:00:00Z'), week).label).toBe('2009-W01');
    expect(periodOf(utc('2010-01-03T00:00:00Z'), week).label).toBe('2009-W53');
    // in a zone: Monday 2020-12-28 00:00 JST = 2020-12-27T15:00Z
    expect(periodOf(utc('2020-12-27T15:00:00Z'), cal('week', 'Asia/Tokyo', 1))).toMatchObject({ start: '2020-12-27T15:00:00.000Z', label: '2020-W53' });
    // Sunday weeks across a year end are labelled by their first day
    expect(periodOf(utc('2021-01-01T12:00:00Z'), cal('week', 'UTC', 0)).label).toBe('2020-12-27');
  });

  it('quarters and years', () => {
    expect(periodOf(utc('2024-05-15T12:00:00Z'), cal('quarter', 'UTC'))).toEqual({
      start: '2024-04-01T00:00:00.000Z',
      next: '2024-07-01T00:00:00.000Z',
      label: '2024-Q2',
      hours: 91 * 24,
    });
    // the last millisecond of 2024 (UTC) is in Q4; the next quarter is 2025-Q1
    const q4 = periodStart(utc('2024-12-31T23:59:59.999Z'), cal('quarter', 'UTC'));
    expect([iso(q4), periodLabel(q4, cal('quarter', 'UTC'))]).toEqual(['2024-10-01T00:00:00.000Z', '2024-Q4']);
    expect(periodLabel(nextPeriodStart(q4, cal('quarter', 'UTC')), cal('quarter', 'UTC'))).toBe('2025-Q1');
    // Tokyo: 2024-03-31T15:00Z is 2024-04-01 00:00 JST (Q2); a millisecond earlier is Q1 from 2023-12-31T15:00Z
    expect(periodOf(utc('2024-03-31T15:00:00Z'), cal('quarter', 'Asia/Tokyo'))).toMatchObject({ start: '2024-03-31T15:00:00.000Z', label: '2024-Q2' });
    expect(periodOf(utc('2024-03-31T14:59:59.999Z'), cal('quarter', 'Asia/Tokyo'))).toMatchObject({ start: '2023-12-31T15:00:00.000Z', label: '2024-Q1' });
    // Berlin Q1 2024: 01-01 00:00 CET = 2023-12-31T23:00Z to 04-01 00:00 CEST = 03-31T22:00Z: 91 days - 1 h
    expect(periodOf(utc('2024-02-15T00:00:00Z'), cal('quarter', 'Europe/Berlin'))).toEqual({
      start: '2023-12-31T23:00:00.000Z',
      next: '2024-03-31T22:00:00.000Z',
      label: '2024-Q1',
      hours: 91 * 24 - 1,
    });
    // Los Angeles: 2025-01-01T07:59:59.999Z is still 2024-12-31 there; 2024 is 366 days of PST-to-PST
    expect(periodOf(utc('2025-01-01T07:59:59.999Z'), cal('year', 'America/Los_Angeles'))).toEqual({
      start: '2024-01-01T08:00:00.000Z',
      next: '2025-01-01T08:00:00.000Z',
      label: '2024',
      hours: 366 * 24,
    });
    expect(periodOf(utc('2025-01-01T08:00:00Z'), cal('year', 'America/Los_Angeles')).label).toBe('2025');
    // Tokyo year 2024 starts 2023-12-31T15:00Z
    expect(periodOf(utc('2023-12-31T15:00:00Z'), cal('year', 'Asia/Tokyo'))).toMatchObject({ start: '2023-12-31T15:00:00.000Z', label: '2024' });
  });

  it('a year is shorter by its change of UTC offset: Lord_Howe 1981 (+10:00 -> +11:30) and Apia 2011 (-10 -> +14)', () => {
    // 1981-01-01 00:00 +10:00 = 1980-12-31T14:00Z; 1982-01-01 00:00 +11:30 (1-hour DST on the new +10:30) = 1981-12-31T12:30Z
    expect(periodOf(utc('1981-06-01T00:00:00Z'), cal('year', 'Australia/Lord_Howe'))).toEqual({
      start: '1980-12-31T14:00:00.000Z',
      next: '1981-12-31T12:30:00.000Z',
      label: '1981',
      hours: 365 * 24 - 1.5,
    });
    // 2011-01-01 00:00 -10 (DST) = 10:00Z; 2012-01-01 00:00 +14 (DST) = 2011-12-31T10:00Z: 364 days
    expect(periodOf(utc('2011-06-01T00:00:00Z'), cal('year', 'Pacific/Apia'))).toEqual({
      start: '2011-01-01T10:00:00.000Z',
      next: '2011-12-31T10:00:00.000Z',
      label: '2011',
      hours: 364 * 24,
    });
  });
});

describe('hours', () => {
  it('Asia/Kolkata (+05:30): local hours start at :30 UTC', () => {
    // 2024-03-05T08:00Z = 13:30 IST: the hour 13:00 IST = 07:30Z to 14:00 IST = 08:30Z
    expect(periodOf(utc('2024-03-05T08:00:00Z'), cal('hour', 'Asia/Kolkata'))).toEqual({
      start: '2024-03-05T07:30:00.000Z',
      next: '2024-03-05T08:30:00.000Z',
      label: '2024-03-05T13',
      hours: 1,
    });
    // 2024-03-04T18:45Z = 2024-03-05 00:15 IST: the first hour of 03-05, from 18:30Z
    expect(periodOf(utc('2024-03-04T18:45:00Z'), cal('hour', 'Asia/Kolkata'))).toMatchObject({ start: '2024-03-04T18:30:00.000Z', label: '2024-03-05T00' });
    expect(periodOf(utc('2024-03-04T18:29:59.999Z'), cal('hour', 'Asia/Kolkata'))).toMatchObject({ start: '2024-03-04T17:30:00.000Z', label: '2024-03-04T23' });
    // the day, for comparison: 2024-03-05 00:00 IST = 03-04T18:30Z
    expect(periodOf(utc('2024-03-05T08:00:00Z'), cal('day', 'Asia/Kolkata')).start).toBe('2024-03-04T18:30:00.000Z');
    // Chatham (+13:45 in March): hours start at :15 UTC; 2024-03-05T08:00Z = 21:45 local, hour from 07:15Z
    expect(periodOf(utc('2024-03-05T08:00:00Z'), cal('hour', 'Pacific/Chatham'))).toMatchObject({ start: '2024-03-05T07:15:00.000Z', label: '2024-03-05T21' });
  });

  it('America/New_York spring forward: there is no 02 hour on 2024-03-10', () => {
    // 01:00 EST = 06:00Z, 03:00 EDT = 07:00Z
    const grid = new PeriodGrid(cal('hour', 'America/New_York'), utc('2024-03-10T05:00:00Z'), utc('2024-03-10T07:59:59.999Z'));
    expect(Array.from(grid.starts, iso)).toEqual(['2024-03-10T05:00:00.000Z', '2024-03-10T06:00:00.000Z', '2024-03-10T07:00:00.000Z', '2024-03-10T08:00:00.000Z']);
    expect(Array.from({ length: grid.length }, (_, i) => grid.label(i))).toEqual(['2024-03-10T00', '2024-03-10T01', '2024-03-10T03']);
  });

  it('America/New_York and Europe/Berlin autumn: the repeated hour is two distinct hour periods', () => {
    // New York 2024-11-03: 01:00 EDT = 05:00Z, 01:00 EST = 06:00Z, 02:00 EST = 07:00Z
    const ny = cal('hour', 'America/New_York');
    expect(periodOf(utc('2024-11-03T05:30:00Z'), ny)).toMatchObject({ start: '2024-11-03T05:00:00.000Z', next: '2024-11-03T06:00:00.000Z', label: '2024-11-03T01-04:00' });
    expect(periodOf(utc('2024-11-03T06:30:00Z'), ny)).toMatchObject({ start: '2024-11-03T06:00:00.000Z', next: '2024-11-03T07:00:00.000Z', label: '2024-11-03T01-05:00' });
    const grid = new PeriodGrid(ny, utc('2024-11-03T04:00:00Z'), utc('2024-11-03T07:59:59.999Z'));
    expect(grid.length).toBe(4);
    expect(grid.indexOf(utc('2024-11-03T05:59:59.999Z'))).toBe(1);
    expect(grid.indexOf(utc('2024-11-03T06:00:00Z'))).toBe(2);
    // Berlin 2024-10-27: 02:00 CEST = 00:00Z, 02:00 CET = 01:00Z, 03:00 CET = 02:00Z
    const berlin = cal('hour', 'Europe/Berlin');
    expect(periodOf(utc('2024-10-27T00:59:59.999Z'), berlin)).toMatchObject({ start: '2024-10-27T00:00:00.000Z', label: '2024-10-27T02+02:00' });
    expect(periodOf(utc('2024-10-27T01:00:00Z'), berlin)).toMatchObject({ start: '2024-10-27T01:00:00.000Z', next: '2024-10-27T02:00:00.000Z', label: '2024-10-27T02+01:00' });
  });

  it('a grid over a whole DST day has 23 or 25 hours (Europe/Berlin)', () => {
    const berlin = cal('hour', 'Europe/Berlin');
    expect(new PeriodGrid(berlin, utc('2024-03-30T23:00:00Z'), utc('2024-03-31T21:59:59.999Z')).length).toBe(23);
    expect(new PeriodGrid(berlin, utc('2024-10-26T22:00:00Z'), utc('2024-10-27T22:59:59.999Z')).length).toBe(25);
  });

  // An hour period runs from a local HH:00, or from an offset change inside a local hour, to the next local
  // HH:00 or the next change, whichever comes first. Where the offset changes by 30 minutes the hour after
  // a spring change is 30 minutes long, and the repeated half hour of an autumn change is its own period
  // (labelled with its offset, like any repeated wall hour).
  it('Australia/Lord_Howe: the local hour after a 30-minute change is 30 minutes long', () => {
    const lh = cal('hour', 'Australia/Lord_Howe');
    // spring 2024-10-06: 01:00 +10:30 = 10-05T14:30Z; 02:00 +10:30 becomes 02:30 +11 = 15:30Z; 03:00 +11 = 16:00Z
    expect(periodOf(utc('2024-10-05T15:00:00Z'), lh)).toEqual({ start: '2024-10-05T14:30:00.000Z', next: '2024-10-05T15:30:00.000Z', label: '2024-10-06T01', hours: 1 });
    expect(periodOf(utc('2024-10-05T15:45:00Z'), lh)).toEqual({ start: '2024-10-05T15:30:00.000Z', next: '2024-10-05T16:00:00.000Z', label: '2024-10-06T02', hours: 0.5 });
    expect(periodOf(utc('2024-10-05T16:10:00Z'), lh)).toEqual({ start: '2024-10-05T16:00:00.000Z', next: '2024-10-05T17:00:00.000Z', label: '2024-10-06T03', hours: 1 });
    const grid = new PeriodGrid(lh, utc('2024-10-05T14:00:00Z'), utc('2024-10-05T17:00:00Z'));
    expect(Array.from(grid.starts, iso)).toEqual([
      '2024-10-05T13:30:00.000Z',
      '2024-10-05T14:30:00.000Z',
      '2024-10-05T15:30:00.000Z',
      '2024-10-05T16:00:00.000Z',
      '2024-10-05T17:00:00.000Z',
      '2024-10-05T18:00:00.000Z',
    ]);
    expect(grid.label(grid.indexOf(utc('2024-10-05T16:10:00Z')))).toBe('2024-10-06T03');
    // autumn 2024-04-07: 01:00 +11 = 04-06T14:00Z; 02:00 +11 becomes 01:30 +10:30 = 15:00Z; 02:00 +10:30 = 15:30Z
    // wall hour 01 happens at +11 and (its second half) at +10:30: both periods carry their offset
    expect(periodOf(utc('2024-04-06T14:30:00Z'), lh)).toEqual({ start: '2024-04-06T14:00:00.000Z', next: '2024-04-06T15:00:00.000Z', label: '2024-04-07T01+11:00', hours: 1 });
    expect(periodOf(utc('2024-04-06T15:10:00Z'), lh)).toEqual({ start: '2024-04-06T15:00:00.000Z', next: '2024-04-06T15:30:00.000Z', label: '2024-04-07T01+10:30', hours: 0.5 });
    expect(periodOf(utc('2024-04-06T15:45:00Z'), lh)).toEqual({ start: '2024-04-06T15:30:00.000Z', next: '2024-04-06T16:30:00.000Z', label: '2024-04-07T02', hours: 1 });
  });

  it('historical changes of 30 and 15 minutes, and Chatham\'s change at :45: the hour is cut at the change', () => {
    const grid = (zone: string, from: string, to: string) => {
      const g = new PeriodGrid(cal('hour', zone), utc(from), utc(to));
      return Array.from({ length: g.length }, (_, i) => `${iso(g.starts[i] as number).slice(11, 16)} ${hours((g.starts[i + 1] as number) - (g.starts[i] as number))} ${g.label(i)}`);
    };
    // America/Caracas 2007-12-09 03:00 -04 became 02:30 -04:30 (07:00Z): 02:30-03:00 -04:30 repeats the second half of hour 02
    expect(grid('America/Caracas', '2007-12-09T06:00:00Z', '2007-12-09T07:59:59.999Z')).toEqual(['06:00 1 2007-12-09T02-04:00', '07:00 0.5 2007-12-09T02-04:30', '07:30 1 2007-12-09T03']);
    // America/Caracas 2016-05-01 02:30 -04:30 became 03:00 -04 (07:00Z): hour 02 is 02:00-02:30 -04:30
    expect(grid('America/Caracas', '2016-05-01T05:30:00Z', '2016-05-01T07:59:59.999Z')).toEqual(['05:30 1 2016-05-01T01', '06:30 0.5 2016-05-01T02', '07:00 1 2016-05-01T03']);
    // Asia/Pyongyang 2015-08-15 00:00 +09 became 2015-08-14 23:30 +08:30 (15:00Z)
    expect(grid('Asia/Pyongyang', '2015-08-14T14:00:00Z', '2015-08-14T15:59:59.999Z')).toEqual(['14:00 1 2015-08-14T23+09:00', '15:00 0.5 2015-08-14T23+08:30', '15:30 1 2015-08-15T00']);
    // Asia/Kathmandu 1986-01-01 00:00 +05:30 became 00:15 +05:45 (1985-12-31T18:30Z): hour 00 is 45 minutes
    expect(grid('Asia/Kathmandu', '1985-12-31T17:30:00Z', '1985-12-31T19:59:59.999Z')).toEqual(['17:30 1 1985-12-31T23', '18:30 0.75 1986-01-01T00', '19:15 1 1986-01-01T01']);
    // Pacific/Chatham 2024-04-07 03:45 +13:45 became 02:45 +12:45 (14:00Z): 03:00-03:45, then 02:45-03:00, then 03:00 again
    expect(grid('Pacific/Chatham', '2024-04-06T12:15:00Z', '2024-04-06T15:14:59.999Z')).toEqual([
      '12:15 1 2024-04-07T02+13:45',
      '13:15 0.75 2024-04-07T03+13:45',
      '14:00 0.25 2024-04-07T02+12:45',
      '14:15 1 2024-04-07T03+12:45',
    ]);
    // Antarctica/Troll goes back two hours (2024-10-27 03:00 +02 became 01:00 +00, 01:00Z): hours 01 and 02 happen twice
    expect(grid('Antarctica/Troll', '2024-10-26T22:00:00Z', '2024-10-27T03:59:59.999Z')).toEqual([
      '22:00 1 2024-10-27T00',
      '23:00 1 2024-10-27T01+02:00',
      '00:00 1 2024-10-27T02+02:00',
      '01:00 1 2024-10-27T01+00:00',
      '02:00 1 2024-10-27T02+00:00',
      '03:00 1 2024-10-27T03',
    ]);
  });

  // REGRESSION (fixed in src, pinned here) (design; src/core/_periods.ts periodLabel 'hour'): the two distinct periods of a repeated autumn
  // hour get the same label ('2024-11-03T01' twice in America/New_York, '2024-10-27T02' twice in
  // Europe/Berlin), so labels cannot key a cohort table by hour in a DST zone. One fix is to add the offset
  // to hour labels (e.g. '2024-11-03T01-04:00' / '2024-11-03T01-05:00'); this test only asks for distinct labels.
  it('the labels of the hours of a grid are distinct, even across an autumn overlap', () => {
    for (const [zone, from] of [
      ['America/New_York', '2024-11-03T04:00:00Z'],
      ['Europe/Berlin', '2024-10-26T22:00:00Z'],
    ] as const) {
      const grid = new PeriodGrid(cal('hour', zone), utc(from), utc(from) + DAY);
      const labels = Array.from({ length: grid.length }, (_, i) => grid.label(i));
      expect(new Set(labels).size, zone).toBe(labels.length);
    }
  });
});

describe('PeriodGrid', () => {
  it('covers [from, to]: days of March 2024 in Europe/Berlin, start inclusive, end exclusive, -1 outside', () => {
    // 2024-03-01 00:00 CET = 02-29T23:00Z ... 2024-03-31 23:59:59.999 CEST = 03-31T21:59:59.999Z
    const grid = new PeriodGrid(cal('day', 'Europe/Berlin'), utc('2024-02-29T23:00:00Z'), utc('2024-03-31T21:59:59.999Z'));
    expect(grid.length).toBe(31);
    expect(grid.label(0)).toBe('2024-03-01');
    expect(grid.label(30)).toBe('2024-03-31');
    expect(iso(grid.starts[0] ?? Number.NaN)).toBe('2024-02-29T23:00:00.000Z');
    expect(iso(grid.starts[30] ?? Number.NaN)).toBe('2024-03-30T23:00:00.000Z');
    expect(iso(grid.starts[31] ?? Number.NaN)).toBe('2024-03-31T22:00:00.000Z');
    expect(grid.indexOf(utc('2024-02-29T22:59:59.999Z'))).toBe(-1);
    expect(grid.indexOf(utc('2024-02-29T23:00:00Z'))).toBe(0);
    expect(grid.indexOf(utc('2024-03-30T22:59:59.999Z'))).toBe(29);
    expect(grid.indexOf(utc('2024-03-30T23:00:00Z'))).toBe(30);
    expect(grid.indexOf(utc('2024-03-31T21:59:59.999Z'))).toBe(30);
    expect(grid.indexOf(utc('2024-03-31T22:00:00Z'))).toBe(-1);
    expect(grid.indexOf(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(grid.indexOf(Number.POSITIVE_INFINITY)).toBe(-1);
  });

  // REGRESSION (fixed in src, pinned here) (src/core/_periods.ts PeriodGrid.indexOf): both range checks are false for NaN, and the binary search
  // then ends on 0, so `new PeriodGrid({ unit: 'day', timeZone: 'UTC', weekStartsOn: 1 }, 0, 86_400_000 * 3).indexOf(NaN)`
  // is 0 instead of -1 (an unparsed timestamp would be counted in the first period).
  it('indexOf(NaN) is -1', () => {
    const grid = new PeriodGrid(cal('day', 'UTC'), 0, 3 * DAY);
    expect(grid.indexOf(Number.NaN)).toBe(-1);
  });

  it('from inside a period starts at that period; to on a boundary opens one more period', () => {
    const day = cal('day', 'UTC');
    const one = new PeriodGrid(day, utc('2024-01-01T12:00:00Z'), utc('2024-01-01T12:00:00Z'));
    expect(one.length).toBe(1);
    expect(Array.from(one.starts, iso)).toEqual(['2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z']);
    const onBoundary = new PeriodGrid(day, utc('2024-01-01T00:00:00Z'), utc('2024-01-03T00:00:00Z'));
    expect(onBoundary.length).toBe(3);
    expect(onBoundary.indexOf(utc('2024-01-03T00:00:00Z'))).toBe(2);
    expect(onBoundary.label(2)).toBe('2024-01-03');
    const months = new PeriodGrid(cal('month', 'Asia/Tokyo'), utc('2024-01-31T16:00:00Z'), utc('2024-12-31T14:59:59.999Z'));
    expect(Array.from({ length: months.length }, (_, i) => months.label(i))).toEqual(Array.from({ length: 11 }, (_, i) => `2024-${pad(i + 2)}`));
  });

  it('property: boundaries strictly increase, chain by nextPeriodStart, and indexOf agrees with periodStart', () => {
    const maxSpan: Record<PeriodUnit, number> = { hour: 2 * DAY, day: 40 * DAY, week: 300 * DAY, month: 4 * 366 * DAY, quarter: 8 * 366 * DAY, year: 20 * 366 * DAY };
    const gridCase = anyCase.chain(({ cal: c, ms }) =>
      fc.tuple(fc.constant(c), fc.constant(ms), fc.integer({ min: 0, max: maxSpan[c.unit] }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 })),
    );
    fc.assert(
      fc.property(gridCase, ([c, from, span, fractions]) => {
        const to = from + span;
        const grid = new PeriodGrid(c, from, to);
        const s = grid.starts;
        const n = grid.length;
        expect(n).toBeGreaterThanOrEqual(1);
        expect(s[0]).toBe(periodStart(from, c));
        for (let i = 0; i < n; i++) {
          const a = s[i] as number;
          const b = s[i + 1] as number;
          expect(b).toBeGreaterThan(a);
          expect(b).toBe(nextPeriodStart(a, c));
          expect(grid.indexOf(a)).toBe(i);
          expect(grid.indexOf(b - 1)).toBe(i);
          expect(grid.label(i)).toBe(periodLabel(a, c));
        }
        // the first period contains from, the last contains to, and nothing outside is placed
        expect(s[0] as number).toBeLessThanOrEqual(from);
        expect(s[n - 1] as number).toBeLessThanOrEqual(to);
        expect(to).toBeLessThan(s[n] as number);
        expect(grid.indexOf(to)).toBe(n - 1);
        expect(grid.indexOf(from)).toBe(0);
        expect(grid.indexOf((s[0] as number) - 1)).toBe(-1);
        expect(grid.indexOf(s[n] as number)).toBe(-1);
        for (const f of fractions) {
          const ms = Math.floor(from + f * span);
          const i = grid.indexOf(ms);
          expect(s[i]).toBe(periodStart(ms, c));
        }
      }),
      fcOptions(),
    );
  });
});

describe('periods: properties (random instants 1970-2100, biased to DST transitions)', () => {
  it('periodStart(ms) <= ms < nextPeriodStart(periodStart(ms))', () =>
    fc.assert(
      fc.property(anyCase, ({ cal: c, ms }) => {
        const start = periodStart(ms, c);
        expect(start).toBeLessThanOrEqual(ms);
        expect(ms).toBeLessThan(nextPeriodStart(start, c));
      }),
      fcOptions(),
    ));

  it('periodStart is idempotent and nextPeriodStart gives a period start', () =>
    fc.assert(
      fc.property(anyCase, ({ cal: c, ms }) => {
        const start = periodStart(ms, c);
        expect(periodStart(start, c)).toBe(start);
        const next = nextPeriodStart(start, c);
        expect(periodStart(next, c)).toBe(next);
        expect(periodStart(next - 1, c)).toBe(start);
      }),
      fcOptions(),
    ));

  // Exact, not a bound: a year in Lord_Howe from +10:00 to +11:30 (1981) is 8758.5 h, Apia's 2011 lost a day.
  it('a period lasts its local calendar days minus the change of UTC offset across it (hours: 0.25-1 h)', () =>
    fc.assert(
      fc.property(anyCase, ({ cal: c, ms }) => {
        const start = periodStart(ms, c);
        const next = nextPeriodStart(start, c);
        const where = `${c.unit} in ${c.timeZone} at ${iso(start)}`;
        if (c.unit === 'hour') {
          expect(next - start, where).toBeGreaterThanOrEqual(HOUR / 4);
          expect(next - start, where).toBeLessThanOrEqual(HOUR);
          return;
        }
        const [a, b] = [intlWall(start, c.timeZone), intlWall(next, c.timeZone)];
        expect(b.dayNumber - a.dayNumber, where).toBe(calendarDays(c.unit, a));
        // a period starts at local midnight, or later that day where midnight was skipped (Havana, Santiago)
        expect(timeOfDay(a), where).toBeLessThan(120);
        expect(timeOfDay(b), where).toBeLessThan(120);
        const localMinutes = (b.dayNumber - a.dayNumber) * 24 * 60 + timeOfDay(b) - timeOfDay(a);
        expect(next - start, where).toBe((localMinutes - (b.offset - a.offset)) * MINUTE);
      }),
      fcOptions(),
    ));

  it('periods are the runs of equal local calendar keys; hours run from a local :00 to the next (Intl oracle)', () =>
    fc.assert(
      fc.property(anyCase, ({ cal: c, ms }) => {
        const start = periodStart(ms, c);
        const next = nextPeriodStart(start, c);
        const where = `${c.unit}/${c.weekStartsOn} in ${c.timeZone}: ${iso(ms)} -> [${iso(start)}, ${iso(next)})`;
        if (c.unit === 'hour') {
          expect(hourPeriodProblem(start, next, c.timeZone), where).toBe('');
          return;
        }
        const k = key(ms, c);
        expect(key(start, c), where).toBe(k);
        expect(key(start - 1, c), where).not.toBe(k);
        expect(key(next - 1, c), where).toBe(k);
        expect(key(next, c), where).not.toBe(k);
      }),
      fcOptions(),
    ));

  it('labels: the expected format, and strictly increasing across consecutive periods (hours: not, only where the clocks went back)', () =>
    fc.assert(
      fc.property(anyCase, ({ cal: c, ms }) => {
        const start = periodStart(ms, c);
        const next = nextPeriodStart(start, c);
        // A repeated autumn hour carries its UTC offset ('2024-11-03T01-04:00'); compare the wall part.
        const wallPart = (label: string) => label.replace(/[+-]\d{2}:\d{2}$/, '');
        const [a, b] = [wallPart(periodLabel(start, c)), wallPart(periodLabel(next, c))];
        expect(a).toBe(expectedLabel(start, c));
        const format: Record<PeriodUnit, RegExp> = {
          year: /^\d{4}$/,
          quarter: /^\d{4}-Q[1-4]$/,
          month: /^\d{4}-(0[1-9]|1[0-2])$/,
          week: c.weekStartsOn === 1 ? /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/ : /^\d{4}-\d{2}-\d{2}$/,
          day: /^\d{4}-\d{2}-\d{2}$/,
          hour: /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3])$/,
        };
        expect(a).toMatch(format[c.unit]);
        if (c.unit === 'hour' && a >= b) {
          // the same local hour twice, or an earlier one (Chatham's 03:45 -> 02:45 cuts hour 03, then 02:45-03:00
          // is its own period): the clocks went back between the two periods
          expect(intlWall(next, c.timeZone).offset).toBeLessThan(intlWall(start, c.timeZone).offset);
        } else {
          expect(a < b, `${a} < ${b}`).toBe(true);
        }
      }),
      fcOptions(),
    ));

  // See 'Australia/Lord_Howe: the local hour after a 30-minute change is 30 minutes long' above; these are
  // the containment, idempotence and Intl-oracle properties for hours in that zone alone.
  it('hours in Australia/Lord_Howe run from a local :00 (or the change) to the next', () =>
    fc.assert(
      fc.property(cases(['Australia/Lord_Howe'], ['hour']), ({ cal: c, ms }) => {
        const start = periodStart(ms, c);
        const next = nextPeriodStart(start, c);
        expect(start).toBeLessThanOrEqual(ms);
        expect(ms).toBeLessThan(next);
        expect(periodStart(start, c)).toBe(start);
        expect(periodStart(next, c)).toBe(next);
        expect(hourPeriodProblem(start, next, c.timeZone), `${iso(ms)} -> [${iso(start)}, ${iso(next)})`).toBe('');
      }),
      fcOptions(),
    ));

  // REGRESSION (fixed in src, pinned here): see 'reads years 0000-0099 as written' in _time.test.ts: localMidnight passes years 0-99 to
  // Date.UTC / new TZDate(y, ...), which read them as 1900-1999. periodStart(Date.parse('0050-06-15T12:00:00.000Z'),
  // { unit: 'month', timeZone: 'UTC', weekStartsOn: 1 }) returns 1950-06-01T00:00Z, after the instant itself.
  it('years 0000-0099 are not read as 1900-1999', () => {
    const ms = Date.parse('0050-06-15T12:00:00.000Z');
    expect(iso(periodStart(ms, cal('month', 'UTC')))).toBe('0050-06-01T00:00:00.000Z');
    expect(iso(periodStart(ms, cal('day', 'UTC')))).toBe('0050-06-15T00:00:00.000Z');
    expect(periodLabel(periodStart(ms, cal('year', 'UTC')), cal('year', 'UTC'))).toBe('0050');
  });
});

// ---------------------------------------------------------------------------------------------------
// Host zone independence: the same computations in a child process run with another TZ.

type Probe =
  | readonly ['start' | 'next' | 'label', PeriodUnit, string, number, number]
  | readonly ['parse', string, string];

function evalProbe(p: Probe): number | string | null {
  if (p[0] === 'parse') return toEpochMs(p[1], p[2]) ?? null;
  const [kind, unit, timeZone, weekStartsOn, ms] = p;
  const c = cal(unit, timeZone, weekStartsOn);
  if (kind === 'start') return periodStart(ms, c);
  if (kind === 'next') return nextPeriodStart(periodStart(ms, c), c);
  return periodLabel(periodStart(ms, c), c);
}

/** The same as evalProbe, as plain JS for the child (imports the TypeScript sources through tsx). */
const CHILD = `
const root = new URL('./', 'file://' + process.cwd() + '/');
const { periodStart, nextPeriodStart, periodLabel } = await import(new URL('src/core/_periods.ts', root).href);
const { toEpochMs } = await import(new URL('src/core/_time.ts', root).href);
let input = '';
for await (const chunk of process.stdin) input += chunk;
const out = JSON.parse(input).map((p) => {
  if (p[0] === 'parse') return toEpochMs(p[1], p[2]) ?? null;
  const [kind, unit, timeZone, weekStartsOn, ms] = p;
  const c = { unit, timeZone, weekStartsOn };
  if (kind === 'start') return periodStart(ms, c);
  if (kind === 'next') return nextPeriodStart(periodStart(ms, c), c);
  return periodLabel(periodStart(ms, c), c);
});
process.stdout.write(JSON.stringify({ tz: process.env.TZ, offset: new Date(Date.UTC(2024, 0, 1)).getTimezoneOffset(), out }));
`;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function runWithHostZone(tz: string, probes: readonly Probe[]): Promise<{ offset: number; out: (number | string | null)[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
      cwd: ROOT,
      env: { ...process.env, TZ: tz },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`TZ=${tz} child exited with ${code ?? signal}: ${stderr}`));
      else resolve(JSON.parse(stdout) as { offset: number; out: (number | string | null)[] });
    });
    child.stdin.end(JSON.stringify(probes));
  });
}

/** Fixed probes: every zone x unit at hand-picked instants, DST transitions ±, and a spread over 1970-2100. */
function makeProbes(): Probe[] {
  const probes: Probe[] = [];
  const spread: number[] = [];
  let x = 20_240_229;
  for (let i = 0; i < 12; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    spread.push(MIN_MS + Math.floor((x / 2_147_483_648) * (MAX_MS - MIN_MS)));
  }
  for (const zone of [...ZONES, 'Australia/Sydney', 'Europe/London']) {
    const near = (TRANSITIONS[zone] ?? []).flatMap((t) => [t - DAY, t - HOUR, t, t + 30 * MINUTE, t + HOUR, t + DAY]);
    const instants = [utc('2024-01-31T16:00:00Z'), utc('2020-12-28T12:00:00Z'), utc('2024-12-30T12:00:00Z'), ...near, ...spread];
    for (const unit of PERIOD_UNITS) {
      for (const weekStartsOn of unit === 'week' ? [0, 1] : [1]) {
        for (const ms of instants) for (const kind of ['start', 'next', 'label'] as const) probes.push([kind, unit, zone, weekStartsOn, ms]);
      }
    }
    for (const text of [
      '2024-01-01',
      '2024-03-10T02:30',
      '2024-03-31T02:30',
      '2024-04-07',
      '2024-04-07T03:30',
      '2024-09-08',
      '2024-10-06T02:15',
      '2024-10-27T03:00',
      '2024-11-03T02:00',
      '2024-07-01T12:00',
      '2024-02-29T12:00+05:30',
    ]) {
      probes.push(['parse', text, zone]);
    }
  }
  return probes;
}

/**
 * REGRESSION (fixed in src, pinned here) (src/core/_periods.ts localMidnight and src/core/_time.ts parseIso, through `new TZDate(y, m, d, h, ...,
 * zone)`): TZDate builds a wall time through the host's local Date and corrects by the host offset, which
 * goes wrong when the host zone changes offset on the same local date as the target zone. These probes
 * differ under TZ=Pacific/Chatham (Chatham leaves DST on 2024-04-07 like Santiago, Lord Howe and Sydney):
 *   nextPeriodStart(Date.parse('2024-04-06T03:00:00Z'), { unit: 'day', timeZone: 'America/Santiago', weekStartsOn: 1 })
 *     = 2024-04-07T03:00Z, expected 04:00Z (2024-04-07 00:00 -04); and nextPeriodStart of 2024-04-07T03:00Z is
 *     2024-04-07T03:00Z itself, so `new PeriodGrid({ unit: 'day', timeZone: 'America/Santiago', weekStartsOn: 1 },
 *     Date.parse('2024-04-05T12:00Z'), Date.parse('2024-04-09T00:00Z'))` never returns under TZ=Pacific/Chatham;
 *   toEpochMs('2024-04-07T03:30', 'Australia/Sydney') = 2024-04-06T16:30Z, expected 17:30Z (03:30 AEST);
 *   toEpochMs('2024-04-07', 'America/Santiago') = 2024-04-07T03:00Z (the 23:00 -04 of the 6th), expected 04:00Z.
 * Other hosts show it too (TZ=Europe/Berlin: Santiago Sunday week of 1997-03-30 starts 05:00Z instead of
 * 04:00Z; TZ=America/Santiago: Lord_Howe day 2024-04-07 starts 14:00Z instead of 13:00Z).
 * The active test leaves out the probes listed here; the skipped one asks for all of them.
 */
function hostSensitive(p: Probe): boolean {
  // wall times on 2024-04-07 (Chatham's own change date) in zones that also change that day
  if (p[0] === 'parse') return p[1].startsWith('2024-04-07') && ['America/Santiago', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Australia/Sydney'].includes(p[2]);
  const [, unit, zone, , ms] = p;
  if (unit !== 'day' && unit !== 'week') return false;
  // Santiago leaves DST at 2024-04-07 00:00, Chatham at 2024-04-07 03:45
  if (zone === 'America/Santiago') return Math.abs(ms - utc('2024-04-07T03:00:00Z')) <= DAY;
  // Havana left DST on 1989-10-08 01:00 -> 00:00, the day Chatham started it: the Sunday week from 1989-10-01
  // ends at 1989-10-08T06:00Z (01:00 CST) instead of 05:00Z
  if (zone === 'America/Havana') return Math.abs(ms - utc('1989-10-08T05:00:00Z')) <= 7 * DAY;
  return false;
}

describe('results do not depend on the host time zone', () => {
  const probes = makeProbes();
  // started while the file is collected, so the two children run while the tests above do
  const children = Promise.all([runWithHostZone('Pacific/Chatham', probes), runWithHostZone('America/Sao_Paulo', probes)]);
  children.catch(() => undefined); // reported by beforeAll
  let chatham: { offset: number; out: (number | string | null)[] };
  let saoPaulo: { offset: number; out: (number | string | null)[] };
  let here: (number | string | null)[];

  beforeAll(async () => {
    [chatham, saoPaulo] = await children;
    here = probes.map(evalProbe);
  }, 30_000);

  function differences(out: (number | string | null)[], keep: (p: Probe) => boolean): string[] {
    const diffs: string[] = [];
    probes.forEach((p, i) => {
      if (keep(p) && out[i] !== here[i]) diffs.push(`${JSON.stringify(p)}: here ${String(here[i])}, child ${String(out[i])}`);
    });
    return diffs;
  }

  it('the children really ran in Pacific/Chatham (+13:45 in January) and America/Sao_Paulo (-03)', () => {
    expect(chatham.offset).toBe(-(13 * 60 + 45));
    expect(saoPaulo.offset).toBe(180);
    expect(chatham.out).toHaveLength(probes.length);
    expect(saoPaulo.out).toHaveLength(probes.length);
  });

  it('TZ=Pacific/Chatham and TZ=America/Sao_Paulo give the in-process boundaries, labels and parses', () => {
    expect(differences(chatham.out, (p) => !hostSensitive(p))).toEqual([]);
    expect(differences(saoPaulo.out, (p) => !hostSensitive(p))).toEqual([]);
  });

  // REGRESSION (fixed in src, pinned here): see hostSensitive above.
  it('TZ=Pacific/Chatham gives the in-process values for the host-sensitive probes too', () => {
    expect(differences(chatham.out, () => true)).toEqual([]);
    expect(differences(saoPaulo.out, () => true)).toEqual([]);
  });
});
