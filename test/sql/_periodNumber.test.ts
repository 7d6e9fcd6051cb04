import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Calendar, PERIOD_UNITS, PeriodGrid, periodStart } from '../../src/core/_periods.js';
import { checkGridNumbers, periodNumbering } from '../../src/sql/_periodNumber.js';
import { fcOptions } from '../arbitraries/counts.js';

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Santiago', 'Pacific/Apia'];
const calendars = fc.record({ unit: fc.constantFrom(...PERIOD_UNITS), timeZone: fc.constantFrom(...ZONES), weekStartsOn: fc.integer({ min: 0, max: 6 }) });
/** 1971 to 2037: the years the zone data of every runtime and engine agree on for these zones. */
const instants = fc.integer({ min: 31_536_000_000, max: 2_145_916_800_000 });

describe('period numbers', () => {
  it('number a month, a quarter, an ISO week and a day as stated', () => {
    const month = periodNumbering({ unit: 'month', timeZone: 'Europe/Berlin', weekStartsOn: 1 }, 0);
    expect(month.of(Date.parse('2024-01-31T23:30:00Z'))).toBe(2024 * 12 + 1); // 00:30 on Feb 1 in Berlin
    const quarter = periodNumbering({ unit: 'quarter', timeZone: 'UTC', weekStartsOn: 1 }, 0);
    expect(quarter.of(Date.parse('2024-04-01T00:00:00Z'))).toBe(2024 * 4 + 1);
    const week = periodNumbering({ unit: 'week', timeZone: 'UTC', weekStartsOn: 4 }, 0);
    expect(week.of(0)).toBe(0); // 1970-01-01 was a Thursday: the week starting that day is week 0
    const day = periodNumbering({ unit: 'day', timeZone: 'America/New_York', weekStartsOn: 1 }, 0);
    expect(day.of(Date.parse('1970-01-02T04:59:59.999Z'))).toBe(0);
  });

  it('take the sub-hour part of the offset for hours (India: 30 minutes)', () => {
    const hours = periodNumbering({ unit: 'hour', timeZone: 'Asia/Kolkata', weekStartsOn: 1 }, Date.UTC(2024, 0, 1));
    expect(hours.subHour).toBe(30 * 60_000);
    expect(hours.of(Date.parse('2024-01-01T00:29:59.999Z'))).toBe(hours.of(Date.parse('2023-12-31T23:30:00Z')));
    expect(hours.of(Date.parse('2024-01-01T00:30:00Z'))).toBe(hours.of(Date.parse('2024-01-01T00:29:59.999Z')) + 1);
  });

  it('refuse the hours of Lord Howe across its 30-minute DST change, naming the period', () => {
    const calendar: Calendar = { unit: 'hour', timeZone: 'Australia/Lord_Howe', weekStartsOn: 1 };
    const from = Date.parse('2024-04-06T12:00:00Z'); // the change back to +10:30 is at 2024-04-06T15:00Z
    const grid = new PeriodGrid(calendar, from, from + 6 * 3_600_000);
    expect(() => checkGridNumbers('cohortSql', grid, periodNumbering(calendar, from))).toThrow(/options\.period must be a period whose boundaries the engine can compute/);
  });

  it('every instant of a period has the number of its start, and later periods have larger numbers', () => {
    fc.assert(
      fc.property(calendars, instants, (calendar, t) => {
        const numbering = periodNumbering(calendar, t);
        if (calendar.unit === 'hour' && ['Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Kathmandu', 'Asia/Kolkata', 'America/Santiago', 'Pacific/Apia'].includes(calendar.timeZone)) return;
        const start = periodStart(t, calendar);
        expect(numbering.of(t)).toBe(numbering.of(start));
        expect(numbering.of(start - 1)).toBeLessThan(numbering.of(start));
      }),
      fcOptions(),
    );
  });

  it('the grid check accepts every grid of days or longer and maps each period to its row', () => {
    fc.assert(
      fc.property(calendars.filter((c) => c.unit !== 'hour'), instants, fc.integer({ min: 0, max: 400 * 86_400_000 }), (calendar, from, span) => {
        const grid = new PeriodGrid(calendar, from, from + span);
        const rows = checkGridNumbers('cohortSql', grid, periodNumbering(calendar, from));
        expect(grid.length).toBeGreaterThan(0);
        expect(rows.size).toBe(grid.length);
        for (let i = 0; i < grid.length; i++) expect(rows.get(periodNumbering(calendar, from).of(grid.starts[i] as number))).toBe(i);
      }),
      fcOptions({ numRuns: 50 }),
    );
  });
});
