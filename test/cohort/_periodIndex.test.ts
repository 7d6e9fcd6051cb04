/**
 * The O(1) period index against periodStart: the same period start for any instants, in any order, in
 * zones with DST (including 30-minute shifts, where an hour period can be 30 minutes long) and odd
 * offsets, including outliers far from the others (placed one by one rather than by a dense range).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERIOD_UNITS, periodStart } from '../../src/core/_periods.js';
import { PeriodIndex } from '../../src/cohort/_periodIndex.js';
import { fcOptions } from '../arbitraries/events.js';

const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/Santiago', 'Pacific/Chatham'];
const instant = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2026, 0, 1) }) },
  // Outliers far enough to be placed one by one (past the dense range's limit).
  { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -62_000_000_000_000, max: -60_000_000_000_000 }), fc.integer({ min: 64_000_000_000_000, max: 66_000_000_000_000 })) },
);

/** Zones for hours, with a span of instants and the offset changes inside it (instants cluster there). */
const hourZone = fc.constantFrom<readonly [string, number, number, readonly number[]]>(
  ['UTC', Date.UTC(2024, 1, 1), Date.UTC(2024, 4, 1), [Date.UTC(2024, 2, 15)]],
  // 2024-03-31 02:00 CET -> 03:00 CEST; 2024-03-10 02:00 EST -> 03:00 EDT; Kolkata is +05:30 throughout
  ['Europe/Berlin', Date.UTC(2024, 1, 1), Date.UTC(2024, 4, 1), [Date.parse('2024-03-31T01:00:00Z')]],
  ['America/New_York', Date.UTC(2024, 1, 1), Date.UTC(2024, 4, 1), [Date.parse('2024-03-10T07:00:00Z')]],
  ['Asia/Kolkata', Date.UTC(2024, 1, 1), Date.UTC(2024, 4, 1), [Date.UTC(2024, 2, 15)]],
  // 2024-04-07 02:00 +11 -> 01:30 +10:30; 2024-10-06 02:00 +10:30 -> 02:30 +11
  ['Australia/Lord_Howe', Date.UTC(2024, 2, 20), Date.UTC(2024, 9, 20), [Date.parse('2024-04-06T15:00:00Z'), Date.parse('2024-10-05T15:30:00Z')]],
  // 2007-12-09 03:00 -04 -> 02:30 -04:30
  ['America/Caracas', Date.UTC(2007, 11, 1), Date.UTC(2007, 11, 20), [Date.parse('2007-12-09T07:00:00Z')]],
  // 2016-05-01 02:30 -04:30 -> 03:00 -04
  ['America/Caracas', Date.UTC(2016, 3, 20), Date.UTC(2016, 4, 10), [Date.parse('2016-05-01T07:00:00Z')]],
  // 2024-04-07 03:45 +13:45 -> 02:45 +12:45: the hour is cut at the change
  ['Pacific/Chatham', Date.UTC(2024, 3, 1), Date.UTC(2024, 3, 14), [Date.parse('2024-04-06T14:00:00Z')]],
);

/** An instant in [from, to], or within 2 hours of one of the changes. */
function hourInstant(from: number, to: number, changes: readonly number[]): fc.Arbitrary<number> {
  const near = fc.tuple(fc.constantFrom(...changes), fc.integer({ min: -7_200_000, max: 7_200_000 })).map(([t, d]) => t + d);
  return fc.oneof(fc.integer({ min: from, max: to }), near);
}

describe('PeriodIndex', () => {
  it('DST days in Europe/Berlin: 23 and 25 hours', () => {
    const calendar = { unit: 'day' as const, timeZone: 'Europe/Berlin', weekStartsOn: 1 };
    const index = new PeriodIndex(calendar);
    expect(index.startOf(Date.parse('2024-03-31T21:59:59.999Z'))).toBe(Date.parse('2024-03-30T23:00:00Z'));
    expect(index.startOf(Date.parse('2024-03-31T22:00:00Z'))).toBe(Date.parse('2024-03-31T22:00:00Z'));
    expect(index.startOf(Date.parse('2024-10-27T22:59:59.999Z'))).toBe(Date.parse('2024-10-26T22:00:00Z'));
  });

  it('property: startOf = periodStart, for days to years in any zone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PERIOD_UNITS.filter((u) => u !== 'hour')), fc.constantFrom(...zones), fc.integer({ min: 0, max: 6 }), fc.array(instant, { minLength: 1, maxLength: 40 }), (unit, timeZone, weekStartsOn, instants) => {
        const calendar = { unit, timeZone, weekStartsOn };
        const index = new PeriodIndex(calendar);
        for (const ms of instants) expect(index.startOf(ms)).toBe(periodStart(ms, calendar));
        // startsOf converts a block the same way.
        const block = Float64Array.from(instants);
        index.startsOf(block, block.length);
        expect(Array.from(block)).toEqual(instants.map((ms) => periodStart(ms, calendar)));
      }),
      fcOptions({ numRuns: 60 }),
    );
  });

  it('property: hours across DST changes, including 30-minute ones (Australia/Lord_Howe, America/Caracas 2007 and 2016)', () => {
    fc.assert(
      fc.property(hourZone.chain(([timeZone, from, to, changes]) => fc.tuple(fc.constant(timeZone), fc.array(hourInstant(from, to, changes), { minLength: 1, maxLength: 40 }))), ([timeZone, instants]) => {
        const calendar = { unit: 'hour' as const, timeZone, weekStartsOn: 1 };
        const index = new PeriodIndex(calendar);
        for (const ms of instants) expect(index.startOf(ms)).toBe(periodStart(ms, calendar));
      }),
      fcOptions({ numRuns: 40 }),
    );
  });

  it('the 30-minute hour after Lord Howe\'s spring change is its own period (2024-10-06 02:30-03:00 +11)', () => {
    const index = new PeriodIndex({ unit: 'hour', timeZone: 'Australia/Lord_Howe', weekStartsOn: 1 });
    // 01:00 +10:30 = 14:30Z; the change 02:00 +10:30 -> 02:30 +11 = 15:30Z; 03:00 +11 = 16:00Z
    expect(index.startOf(Date.parse('2024-10-05T15:29:59.999Z'))).toBe(Date.parse('2024-10-05T14:30:00Z'));
    expect(index.startOf(Date.parse('2024-10-05T15:45:00Z'))).toBe(Date.parse('2024-10-05T15:30:00Z'));
    expect(index.startOf(Date.parse('2024-10-05T16:10:00Z'))).toBe(Date.parse('2024-10-05T16:00:00Z'));
  });
});
