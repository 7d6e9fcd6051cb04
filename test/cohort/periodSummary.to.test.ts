/**
 * One meaning of `to` across the API: inclusive, a date alone covering that whole day in the configured
 * zone, in `CohortBuilder#build` and in `periodSummary` alike (rfmSummary's `calibrationEnd` takes the
 * whole period containing it, so a date alone is its whole day there too). Examples, then zones and DST,
 * then the property over random events, zones, days and periods.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toEpochMs } from '../../src/core/_time.js';
import { CohortBuilder, type CustomerEvent, periodSummary, rfmSummary } from '../../src/index.js';
import { eventsArb, fcOptions, RANGE_FROM } from '../arbitraries/events.js';

const FIRST_QUARTER: CustomerEvent[] = [
  { customerId: 'a', timestamp: '2024-01-05T10:00:00Z', amount: 30 },
  { customerId: 'b', timestamp: '2024-01-20T10:00:00Z', amount: 20 },
  { customerId: 'a', timestamp: '2024-02-03T10:00:00Z', amount: 25 },
  { customerId: 'b', timestamp: '2024-03-31T23:30:00Z', amount: 15 },
  { customerId: 'c', timestamp: '2024-04-01T00:00:00Z', amount: 10 },
];

/** The last millisecond of a local day, from the next day's midnight (not from the code under test). */
function endOfDay(date: string, zone: string): number {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return (toEpochMs(next, zone) as number) - 1;
}

describe('`to` in build and periodSummary: one convention', () => {
  it("C17: build({ to: '2024-03-31' }) ends with March, complete; '2024-04-01' adds an April row", () => {
    const builder = new CohortBuilder().addAll(FIRST_QUARTER);
    const q1 = builder.build({ from: '2024-01-01', to: '2024-03-31' });
    expect(q1.cohorts.map((c) => c.label)).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(q1.incomplete().flat().some(Boolean)).toBe(false);
    expect(q1.counts()).toEqual([[2, 1, 1], [0, 0, null], [0, null, null]]);
    expect(q1.toJSON()).toEqual(builder.build({ from: '2024-01-01', to: '2024-03-31T23:59:59.999Z' }).toJSON());
    const withApril = builder.build({ from: '2024-01-01', to: '2024-04-01' });
    expect(withApril.cohorts.map((c) => c.label)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
    expect(withApril.incomplete()[3]).toEqual([true, false, false, false]);
  });

  it("C17: periodSummary({ from: '2024-01-01', to: '2024-03-31' }) is the whole quarter, 23:30 on 31 March included, 1 April not", () => {
    const q1 = periodSummary(FIRST_QUARTER, { from: '2024-01-01', to: '2024-03-31' });
    expect([q1.orders, q1.revenue.toString(), q1.customers.activeInPeriod]).toEqual([4, '90', 2]);
    expect(q1.to.toISOString()).toBe('2024-03-31T23:59:59.999Z');
    // A single day is a period: from and to the same date.
    expect(periodSummary(FIRST_QUARTER, { from: '2024-03-31', to: '2024-03-31' }).orders).toBe(1);
  });

  it('C17: the same `to` gives the same last instant in build (observedTo) and periodSummary (to), in the configured zone', () => {
    const zone = 'Europe/Berlin';
    const table = new CohortBuilder({ timeZone: zone }).addAll(FIRST_QUARTER).build({ from: '2024-01-01', to: '2024-03-31' });
    const summary = periodSummary(FIRST_QUARTER, { from: '2024-01-01', to: '2024-03-31', timeZone: zone });
    // 31 March 2024 is the 23-hour day in Berlin: it ends at 22:00 UTC.
    expect(summary.to.toISOString()).toBe('2024-03-31T21:59:59.999Z');
    expect((table.toJSON() as { observedTo: string }).observedTo).toBe('2024-03-31T21:59:59.999Z');
    expect(table.incomplete().flat().some(Boolean)).toBe(false);
    // b's event at 23:30 UTC is 1 April in Berlin: outside the summary, in an April the table does not have.
    expect(summary.orders).toBe(3);
    expect(table.cohorts.map((c) => c.label)).toEqual(['2024-01', '2024-02', '2024-03']);
  });

  it('C17: a `to` before `from` is refused by both; `to` equal to `from` is one instant', () => {
    expect(() => periodSummary([], { from: '2024-03-02', to: '2024-03-01' })).toThrow(/options\.to must be not before options\.from/);
    expect(() => new CohortBuilder().build({ from: '2024-03-02', to: '2024-03-01' })).toThrow(/options\.to must be not before options\.from/);
    const instant = Date.UTC(2024, 2, 1, 12);
    expect(periodSummary([{ customerId: 'a', timestamp: instant, event: 'purchase' }], { from: instant, to: instant }).orders).toBe(1);
  });

  it("C17: rfmSummary's calibrationEnd as a date keeps that whole day, like every inclusive `to`", () => {
    const purchases = [
      { customerId: 'a', timestamp: '2024-03-01T08:00:00Z' },
      { customerId: 'a', timestamp: '2024-03-31T23:30:00Z' },
      { customerId: 'a', timestamp: '2024-04-01T00:00:00Z' },
    ];
    const summary = rfmSummary(purchases, { period: 'day', calibrationEnd: '2024-03-31' });
    expect([summary.customers[0]?.frequency, summary.ignoredAfterCalibration]).toEqual([1, 1]);
  });

  // The class: every zone, period and day, with events placed on the day's first instant, its last
  // millisecond and the millisecond after: a date-only `to` means exactly the instant `to` of its last
  // millisecond, in both functions, and that instant is in, the next one out.
  it('C17 property: a date-only `to` equals the instant of its last local millisecond in build and periodSummary, and both count what is at or before it', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        eventsArb({ maxLength: 25 }),
        fc.constantFrom(...zones),
        fc.constantFrom('day', 'week', 'month') as fc.Arbitrary<'day' | 'week' | 'month'>,
        fc.integer({ min: 5, max: 240 }),
        (generated, zone, period, dayNumber) => {
          const date = new Date(RANGE_FROM + dayNumber * 86_400_000).toISOString().slice(0, 10);
          const last = endOfDay(date, zone);
          const start = toEpochMs(date, zone) as number;
          const edges = [start, last, last + 1].map((timestamp, i) => ({ customerId: `edge${i}`, timestamp, event: 'purchase' }));
          const events = [...generated, ...edges];
          const from = '2024-01-01';

          const byDate = periodSummary(events, { from, to: date, timeZone: zone });
          const byInstant = periodSummary(events, { from, to: last, timeZone: zone });
          expect(byDate.to.getTime()).toBe(last);
          expect(byDate.customers).toEqual(byInstant.customers);
          const fromMs = toEpochMs(from, zone) as number;
          expect(byDate.orders).toBe(events.filter((e) => e.timestamp >= fromMs && e.timestamp <= last).length);

          const builder = new CohortBuilder({ period, timeZone: zone }).addAll(events);
          const table = builder.build({ from, to: date });
          expect(table.toJSON()).toEqual(builder.build({ from, to: last }).toJSON());
          expect((table.toJSON() as { observedTo: string }).observedTo).toBe(new Date(last).toISOString());
          // A day is never cut: with daily periods the last row ends at the end of the day, complete.
          if (period === 'day') {
            expect(table.cohorts.at(-1)?.end.getTime()).toBe(last + 1);
            expect(table.incomplete().flat().some(Boolean)).toBe(false);
          }
        },
      ),
      fcOptions({ numRuns: 100 }),
    );
  });
});
