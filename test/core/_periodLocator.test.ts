import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERIOD_UNITS, PeriodLocator, periodStart } from '../../src/core/_periods.js';
import { fcOptions } from '../arbitraries/counts.js';

const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Tokyo', 'America/Santiago'];

describe('PeriodLocator', () => {
  it('gives the same period start as periodStart for any sequence of instants (in order or not)', () =>
    fc.assert(
      fc.property(
        fc.constantFrom(...PERIOD_UNITS.filter((u) => u !== 'hour')),
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), { minLength: 1, maxLength: 30 }),
        (unit, timeZone, weekStartsOn, instants) => {
          const calendar = { unit, timeZone, weekStartsOn };
          const locator = new PeriodLocator(calendar);
          for (const ms of instants) expect(locator.locate(ms)).toBe(periodStart(ms, calendar));
        },
      ),
      fcOptions({ numRuns: 150 }),
    ));

  it('agrees on hours in UTC and whole-hour zones, including before 1970', () => {
    for (const timeZone of ['UTC', 'Europe/Berlin', 'Asia/Kolkata']) {
      const calendar = { unit: 'hour' as const, timeZone, weekStartsOn: 1 };
      const locator = new PeriodLocator(calendar);
      for (const ms of [-86_400_000 * 365 * 30 + 1234, Date.UTC(2024, 2, 31, 0, 59), Date.UTC(2024, 9, 27, 0, 30), Date.UTC(2024, 9, 27, 1, 30)]) {
        expect(locator.locate(ms)).toBe(periodStart(ms, calendar));
      }
    }
  });

  it('agrees on hours across 30-minute offset changes (Australia/Lord_Howe 2024, America/Caracas 2007 and 2016), in any order', () => {
    // The changes: Lord Howe 2024-04-06T15:00Z (+11 -> +10:30) and 2024-10-05T15:30Z (+10:30 -> +11);
    // Caracas 2007-12-09T07:00Z (-04 -> -04:30) and 2016-05-01T07:00Z (-04:30 -> -04); New York for comparison.
    const changes: readonly (readonly [string, number])[] = [
      ['Australia/Lord_Howe', Date.parse('2024-04-06T15:00:00Z')],
      ['Australia/Lord_Howe', Date.parse('2024-10-05T15:30:00Z')],
      ['America/Caracas', Date.parse('2007-12-09T07:00:00Z')],
      ['America/Caracas', Date.parse('2016-05-01T07:00:00Z')],
      ['America/New_York', Date.parse('2024-11-03T06:00:00Z')],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...changes).chain(([timeZone, at]) =>
          fc.tuple(fc.constant(timeZone), fc.array(fc.integer({ min: at - 6 * 3_600_000, max: at + 6 * 3_600_000 }), { minLength: 1, maxLength: 30 })),
        ),
        ([timeZone, instants]) => {
          const calendar = { unit: 'hour' as const, timeZone, weekStartsOn: 1 };
          const locator = new PeriodLocator(calendar);
          for (const ms of instants) expect(locator.locate(ms)).toBe(periodStart(ms, calendar));
        },
      ),
      fcOptions({ numRuns: 100 }),
    );
    // Lord Howe 2024-10-06: 02:30-03:00 +11 (15:30Z-16:00Z) is an hour period of its own
    const locator = new PeriodLocator({ unit: 'hour', timeZone: 'Australia/Lord_Howe', weekStartsOn: 1 });
    expect(locator.locate(Date.parse('2024-10-05T15:45:00Z'))).toBe(Date.parse('2024-10-05T15:30:00Z'));
    expect(locator.locate(Date.parse('2024-10-05T16:10:00Z'))).toBe(Date.parse('2024-10-05T16:00:00Z'));
  });

  it('fixed-length UTC weeks honour weekStartsOn, before and after the epoch', () => {
    for (let weekStartsOn = 0; weekStartsOn <= 6; weekStartsOn++) {
      const calendar = { unit: 'week' as const, timeZone: 'UTC', weekStartsOn };
      const locator = new PeriodLocator(calendar);
      for (const ms of [Date.UTC(1969, 11, 31, 12), Date.UTC(1970, 0, 1), Date.UTC(2024, 2, 3, 23, 59), Date.UTC(2024, 2, 4)]) {
        expect(locator.locate(ms)).toBe(periodStart(ms, calendar));
      }
    }
  });
});
