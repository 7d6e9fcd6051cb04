/**
 * Periods at the ends of the calendar (src/core/_periods.ts, issue 10, A1 and D): labels of years before
 * 0 and after 9999 in ISO 8601's expanded form (year -1 is `-0001`, year 10000 `+10000`), and
 * `supportedRange`, the instants whose period and the period's end are valid Dates.
 *
 * The oracle for labels is the 400-year cycle of the Gregorian calendar (146,097 days, whole weeks): the
 * label of an instant 400 years later differs only in its year, by 400; and the wall-clock year of the
 * period's start (in UTC, from Date's own fields).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Calendar, nextPeriodStart, PERIOD_UNITS, type PeriodUnit, periodLabel, periodStart, supportedRange, yearLabel } from '../../src/core/_periods.js';
import { utcWall } from '../../src/core/_time.js';
import { fcOptions } from '../arbitraries/counts.js';

const cal = (unit: PeriodUnit, timeZone = 'UTC', weekStartsOn = 1): Calendar => ({ unit, timeZone, weekStartsOn });
const labelOf = (ms: number, c: Calendar) => periodLabel(periodStart(ms, c), c);
const FOUR_CENTURIES_MS = 146_097 * 86_400_000;
const zones = ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];

// ---------------------------------------------------------------------------------------------------
// Examples

describe('D: labels of negative years and of years past 9999', () => {
  it("D: year -1 is labelled '-0001' in every unit (ISO 8601 expanded years)", () => {
    const t = utcWall(-1, 2, 5, 13, 30);
    // -0001-01-01 is a Friday (not a leap year): ISO week 1 starts Monday Jan 4, and Friday Mar 5 is in the
    // week of Thursday Mar 4, day 63 of the year: week 1 + (63 - 7) / 7 = 9.
    expect(PERIOD_UNITS.map((unit) => labelOf(t, cal(unit)))).toEqual(['-0001-03-05T13', '-0001-03-05', '-0001-W09', '-0001-03', '-0001-Q1', '-0001']);
    // Weeks not starting on Monday are labelled by their first day: Sunday Feb 28.
    expect(labelOf(t, cal('week', 'UTC', 0))).toBe('-0001-02-28');
  });

  it("D: year 0 is '0000', 9999 stays four digits, 10000 is '+10000', -10000 is '-10000'", () => {
    expect(labelOf(utcWall(0, 0, 1), cal('year'))).toBe('0000');
    expect(labelOf(utcWall(0, 5, 15), cal('month'))).toBe('0000-06');
    expect(labelOf(utcWall(9999, 11, 31, 23), cal('hour'))).toBe('9999-12-31T23');
    expect(labelOf(utcWall(10000, 0, 1), cal('day'))).toBe('+10000-01-01');
    expect(labelOf(utcWall(10000, 3, 1), cal('quarter'))).toBe('+10000-Q2');
    expect(labelOf(utcWall(-10000, 5, 15), cal('month'))).toBe('-10000-06');
    // The ISO week of 9999-12-31 (a Friday) belongs to 9999; 10000-01-03 (a Monday) starts 10000-W01.
    expect(labelOf(utcWall(9999, 11, 31), cal('week'))).toBe('9999-W52');
    expect(labelOf(utcWall(10000, 0, 3), cal('week'))).toBe('+10000-W01');
    expect([-1, 0, 1, 999, 9999, 10000, -271821, 275760].map(yearLabel)).toEqual(['-0001', '0000', '0001', '0999', '9999', '+10000', '-271821', '+275760']);
  });

  it('A1: supportedRange: the first and last periods of the time range, with labels, in every unit and zone', () => {
    expect(supportedRange(cal('year')).map((t) => new Date(t).toISOString())).toEqual(['-271820-01-01T00:00:00.000Z', '+275759-12-31T23:59:59.999Z']);
    expect(supportedRange(cal('day')).map((t) => new Date(t).toISOString())).toEqual(['-271821-04-23T00:00:00.000Z', '+275760-09-10T23:59:59.999Z']);
    for (const timeZone of zones) {
      for (const unit of PERIOD_UNITS) {
        const c = cal(unit, timeZone);
        const [first, last] = supportedRange(c);
        expect(periodStart(first, c)).toBe(first);
        const end = nextPeriodStart(periodStart(last, c), c);
        expect(end).toBe(last + 1);
        for (const t of [first, last, end]) expect(Math.abs(t)).toBeLessThanOrEqual(8.64e15);
        expect(periodLabel(first, c)).not.toMatch(/NaN/);
        expect(periodLabel(periodStart(last, c), c)).not.toMatch(/NaN/);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

/** Instants over the whole supported range (UTC, day periods), biased to both ends. */
const instant = fc.oneof(
  fc.double({ min: -8.6e15, max: 8.6e15, noNaN: true }).map((x) => Math.round(x) + 0),
  fc.nat({ max: 5e11 }).map((d) => -8.6e15 + d),
  fc.nat({ max: 5e11 }).map((d) => 8.6e15 - d),
  fc.integer({ min: -20_000, max: 20_000 }).map((y) => utcWall(y, 0, 1) + 1),
);

describe('D: every label of every unit, any year', () => {
  it('D: the year part is the wall year (4 digits for 0-9999, else signed) and the rest is unchanged 400 years later', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...PERIOD_UNITS), fc.integer({ min: 0, max: 6 }), (ms, unit, weekStartsOn) => {
        const c = cal(unit, 'UTC', weekStartsOn);
        const shifted = ms < 0 ? ms + FOUR_CENTURIES_MS : ms - FOUR_CENTURIES_MS;
        const label = labelOf(ms, c);
        const other = labelOf(shifted, c);
        const m = /^([+-]?)(\d{4,6})(.*)$/.exec(label);
        expect(m, label).not.toBeNull();
        const [, sign = '', digits = '', rest] = m!;
        const year = Number(`${sign}${digits}`);
        if (year >= 0 && year <= 9999) expect(sign + digits).toBe(String(year).padStart(4, '0'));
        else expect(sign).toBe(year < 0 ? '-' : '+');
        const o = /^([+-]?\d{4,6})(.*)$/.exec(other)!;
        expect(o[2]).toBe(rest);
        expect(Number(o[1]) - year).toBe(ms < 0 ? 400 : -400);
        // Outside ISO weeks the year is that of the period's start.
        if (!(unit === 'week' && weekStartsOn === 1)) expect(year).toBe(new Date(periodStart(ms, c)).getUTCFullYear());
        // The next period has another label.
        const next = nextPeriodStart(periodStart(ms, c), c);
        if (Math.abs(next) < 8.6e15) expect(periodLabel(next, c)).not.toBe(label);
      }),
      fcOptions({ numRuns: 300 }),
    );
  });

  it('A1: every instant of the supported range has a finite period start and end inside the time range', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PERIOD_UNITS), fc.constantFrom(...zones), fc.nat({ max: 40 * 366 * 24 }), fc.boolean(), (unit, timeZone, hours, low) => {
        const c = cal(unit, timeZone);
        const [first, last] = supportedRange(c);
        const ms = low ? Math.min(first + hours * 3_600_000, last) : Math.max(last - hours * 3_600_000, first);
        const start = periodStart(ms, c);
        const end = nextPeriodStart(start, c);
        expect(start).toBeGreaterThanOrEqual(first);
        expect(start).toBeLessThanOrEqual(ms);
        expect(end).toBeGreaterThan(ms);
        expect(end).toBeLessThanOrEqual(last + 1);
        expect(periodLabel(start, c)).not.toMatch(/NaN/);
      }),
      fcOptions({ numRuns: 300 }),
    );
  });
});
