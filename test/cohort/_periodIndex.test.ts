/**
 * The O(1) period index against periodStart: the same period start for any instants, in any order, in
 * zones with DST (including 30-minute shifts) and odd offsets, including outliers far from the others
 * (placed one by one rather than by a dense range).
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

  it('property: hours in zones whose offsets are whole or steady half hours, across DST changes', () => {
    fc.assert(
      fc.property(fc.constantFrom('UTC', 'Europe/Berlin', 'Asia/Kolkata', 'America/New_York'), fc.array(fc.integer({ min: Date.UTC(2024, 1, 1), max: Date.UTC(2024, 4, 1) }), { minLength: 1, maxLength: 40 }), (timeZone, instants) => {
        const calendar = { unit: 'hour' as const, timeZone, weekStartsOn: 1 };
        const index = new PeriodIndex(calendar);
        for (const ms of instants) expect(index.startOf(ms)).toBe(periodStart(ms, calendar));
      }),
      fcOptions({ numRuns: 40 }),
    );
  });
});
