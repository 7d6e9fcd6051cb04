/**
 * PeriodIndex at the ends of the time range (issue 10, A1): the dense range it grows around the first
 * instants never reaches past the calendar's supportedRange, so instants within ~16 periods (years,
 * months, days) of ±8.64e15 ms are placed like any other, where they used to recurse until the stack
 * overflowed; an instant outside the range is a RangeError at once (callers check first).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERIOD_UNITS, periodStart, supportedRange } from '../../src/core/_periods.js';
import { PeriodIndex } from '../../src/cohort/_periodIndex.js';
import { fcOptions } from '../arbitraries/counts.js';

const zones = ['UTC', 'Pacific/Kiritimati', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];

describe('PeriodIndex near the ends of the time range', () => {
  it('A1: the last supported instants of year, month and day periods are placed (they overflowed the stack)', () => {
    for (const unit of ['year', 'month', 'day'] as const) {
      const calendar = { unit, timeZone: 'UTC', weekStartsOn: 1 };
      const [first, last] = supportedRange(calendar);
      const index = new PeriodIndex(calendar);
      expect(index.startOf(last)).toBe(periodStart(last, calendar));
      expect(index.startOf(first)).toBe(first);
      expect(() => index.startOf(8.64e15)).toThrow(RangeError);
      expect(() => new PeriodIndex(calendar).startOf(-8.64e15)).toThrow(RangeError);
    }
  });

  it('A1: any instants of the supported range, in any order, near either end: the same start as periodStart', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PERIOD_UNITS),
        fc.constantFrom(...zones),
        fc.boolean(),
        fc.array(fc.tuple(fc.nat({ max: 40 * 366 * 24 }), fc.nat({ max: 3_599_999 })), { minLength: 1, maxLength: 20 }),
        (unit, timeZone, low, offsets) => {
          const calendar = { unit, timeZone, weekStartsOn: 1 };
          const [first, last] = supportedRange(calendar);
          const index = new PeriodIndex(calendar);
          for (const [hours, ms] of offsets) {
            const d = hours * 3_600_000 + ms;
            const t = low ? Math.min(first + d, last) : Math.max(last - d, first);
            expect(index.startOf(t)).toBe(periodStart(t, calendar));
          }
        },
      ),
      fcOptions({ numRuns: 150 }),
    );
  });
});
