/**
 * `rollingAnchor` of rolling windows (issue 10, C20): Amplitude's N-day retention rounds timestamps down
 * before measuring windows. Source: Amplitude Help Center, "How time works in a retention analysis"
 * (https://help.amplitude.com/hc/en-us/articles/14309817756827-How-time-works-in-a-retention-analysis, also
 * at https://amplitude.com/docs/analytics/charts/retention-analysis/retention-analysis-time):
 * - daily retention "is computed on an hourly basis": timestamps are rounded down to the hour, and a first
 *   event on December 1st at 5:59 PM with a second on December 2nd at 5:00 PM is Day 1 retained
 *   ("the 24th-incremented hour after the timestamp on the original event"), not Day 0;
 * - weekly and monthly retention are "computed on a daily basis", a week is seven days and a month 30 days:
 *   a first event on December 1st makes December 1-7 week 0 and December 8-14 week 1;
 * - "When a user triggers the initial event multiple times, Amplitude will start multiple 24-hour buckets
 *   for them. This means it's possible for one return event to define a user as both Day 1 and Day 2
 *   retained."
 * `'hour'` rounds to the hour and `'day'` to the local calendar day, in the builder's zone; `'exact'`
 * (default) measures from the instants as before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortBuilder, type CustomerEvent, MetricError } from '../../src/index.js';
import { supportedRange } from '../../src/core/_periods.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function rolling(period: 'hour' | 'day' | 'week' | 'month', rollingAnchor: 'exact' | 'hour' | 'day', extra: object = {}): CohortBuilder {
  return new CohortBuilder({ period, timeWindow: 'rolling', rollingAnchor, ...extra });
}

/** The offsets (k >= 1) at which customer `u`'s single membership in row 0 returned. */
function returnedAt(builder: CohortBuilder, to?: string): number[] {
  const counts = builder.build(to === undefined ? undefined : { to }).counts();
  return (counts[0] ?? []).flatMap((n, k) => (k > 0 && n === 1 ? [k] : []));
}

// ---------------------------------------------------------------------------------------------------
// Examples: Amplitude's published cases

describe("C20: Amplitude's rolling windows (rollingAnchor)", () => {
  it('C20: first event Dec 1 17:59, return Dec 2 17:00: Day 1 with rollingAnchor hour (Amplitude), Day 0 with exact instants', () => {
    const events = [
      { customerId: 'user 1', timestamp: '2021-12-01T17:59:00Z' },
      { customerId: 'user 1', timestamp: '2021-12-02T17:00:00Z' },
    ];
    expect(rolling('day', 'hour').addAll(events).build().counts()).toEqual([
      [1, 1],
      [0, null],
    ]);
    expect(rolling('day', 'exact').addAll(events).build().counts()).toEqual([
      [1, 0],
      [0, null],
    ]);
    // Day 1 runs from the 24th to before the 48th hour after 17:00: Dec 3 16:59 is still Day 1, 17:00 is Day 2.
    expect(returnedAt(rolling('day', 'hour').addAll([events[0]!, { customerId: 'user 1', timestamp: '2021-12-03T16:59:59Z' }]))).toEqual([1]);
    expect(returnedAt(rolling('day', 'hour').addAll([events[0]!, { customerId: 'user 1', timestamp: '2021-12-03T17:00:00Z' }]))).toEqual([2]);
  });

  it('C20: 7-day weeks on a daily basis: first event Dec 1 makes Dec 1-7 week 0 and Dec 8-14 week 1, whatever the hours', () => {
    const first = { customerId: 'user 2', timestamp: '2021-12-01T23:30:00Z' };
    const at = (timestamp: string, anchor: 'exact' | 'day') => returnedAt(rolling('week', anchor).addAll([first, { customerId: 'user 2', timestamp }]), '2021-12-31T23:59:59Z');
    // Amplitude's user 2: first event Dec 1, second Dec 6: week 0.
    expect(at('2021-12-06T12:00:00Z', 'day')).toEqual([]);
    expect(at('2021-12-07T23:59:59Z', 'day')).toEqual([]);
    expect(at('2021-12-08T00:15:00Z', 'day')).toEqual([1]);
    expect(at('2021-12-14T23:59:59Z', 'day')).toEqual([1]);
    expect(at('2021-12-15T00:00:00Z', 'day')).toEqual([2]);
    // Exact instants: Dec 8 00:15 is 6 days 45 minutes after Dec 1 23:30, still week 0.
    expect(at('2021-12-08T00:15:00Z', 'exact')).toEqual([]);
  });

  it('C20: 30-day months on a daily basis: a first event on Dec 3 is followed by month 0 for 30 days (to Jan 1), month 1 from Jan 2', () => {
    // Amplitude's text gives month 0 as "December 3rd to January 2nd": a 30-day month from Dec 3 ends as
    // Jan 2 begins (Dec 3 + 30 days), read end-exclusive. Its user 3 (first event Dec 6, second Dec 12) is month 0.
    const first = { customerId: 'user 3', timestamp: '2021-12-03T22:00:00Z' };
    const at = (timestamp: string, anchor: 'exact' | 'day') => returnedAt(rolling('month', anchor).addAll([first, { customerId: 'user 3', timestamp }]), '2022-03-31T23:59:59Z');
    expect(at('2021-12-09T01:00:00Z', 'day')).toEqual([]);
    expect(at('2022-01-01T23:59:59Z', 'day')).toEqual([]);
    expect(at('2022-01-02T00:30:00Z', 'day')).toEqual([1]);
    expect(at('2022-01-31T23:59:59Z', 'day')).toEqual([1]);
    expect(at('2022-02-01T00:00:00Z', 'day')).toEqual([2]);
    // Exact instants: Jan 2 00:30 is 29 days 2.5 hours after Dec 3 22:00: month 0.
    expect(at('2022-01-02T00:30:00Z', 'exact')).toEqual([]);
  });

  it('C20: one return counted from two start events: Day 2 of the first bucket and Day 1 of the second', () => {
    const events: CustomerEvent[] = [
      { customerId: 'u', timestamp: '2021-12-01T10:30:00Z' },
      { customerId: 'u', timestamp: '2021-12-02T10:45:00Z' },
      { customerId: 'u', timestamp: '2021-12-03T10:10:00Z' },
    ];
    // 'recurring': a membership (a 24-hour bucket) per day with a start event.
    const hour = rolling('day', 'hour', { cohortBy: 'recurring' }).addAll(events).build();
    expect(hour.counts()).toEqual([
      [1, 1, 1],
      [1, 1, null],
      [1, null, null],
    ]);
    // Dec 1 bucket (from 10:00): the return at 10:00 Dec 3 is hour 48, Day 2; Dec 2 bucket: hour 24, Day 1.
    // (Day 1 of the Dec 1 bucket is the Dec 2 event itself.) With exact instants it is Day 1 and Day 0.
    const exact = rolling('day', 'exact', { cohortBy: 'recurring' }).addAll(events).build();
    expect(exact.counts()).toEqual([
      [1, 1, 0],
      [1, 0, null],
      [1, null, null],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Edges

describe('rollingAnchor: zones, DST, options and state', () => {
  it("'hour' rounds to the local hour: Asia/Kolkata (+05:30) 17:59 and 17:00 the next day are Day 1", () => {
    // 17:59 IST = 12:29Z and 17:00 IST = 11:30Z; rounded to UTC hours they would be 23 hours apart.
    const events = [
      { customerId: 'k', timestamp: '2021-12-01T12:29:00Z' },
      { customerId: 'k', timestamp: '2021-12-02T11:30:00Z' },
    ];
    expect(returnedAt(rolling('day', 'hour', { timeZone: 'Asia/Kolkata' }).addAll(events))).toEqual([1]);
  });

  it("'day' counts local calendar days across a DST change (Europe/Berlin, 2024-03-31)", () => {
    // Mon 2024-03-25 00:30 CET (= 03-24T23:30Z) to Mon 2024-04-01 00:10 CEST (= 03-31T22:10Z): 7 calendar
    // days, but 6 days 22 h 40 min of elapsed time.
    const events = [
      { customerId: 'b', timestamp: '2024-03-24T23:30:00Z' },
      { customerId: 'b', timestamp: '2024-03-31T22:10:00Z' },
    ];
    expect(returnedAt(rolling('week', 'day', { timeZone: 'Europe/Berlin' }).addAll(events), '2024-04-30')).toEqual([1]);
    expect(returnedAt(rolling('week', 'exact', { timeZone: 'Europe/Berlin' }).addAll(events), '2024-04-30')).toEqual([]);
  });

  it('a window is complete once the instant after `to` is anchored at or past its end', () => {
    const builder = rolling('day', 'hour').add({ customerId: 'a', timestamp: '2021-12-01T17:59:00Z' });
    // Window 0 runs over the hours 17:00 Dec 1 .. 16:00 Dec 2: complete with to = Dec 2 16:59:59.999.
    expect(builder.build({ to: '2021-12-02T16:59:59.999Z' }).incomplete()[0]).toEqual([false, true]);
    expect(builder.build({ to: '2021-12-02T16:59:59.998Z' }).incomplete()[0]).toEqual([true, true]);
  });

  it("options: default 'exact'; 'hour' and 'day' only with rolling windows, 'day' not with hourly periods", () => {
    expect(new CohortBuilder().options.rollingAnchor).toBe('exact');
    expect(rolling('day', 'hour').options.rollingAnchor).toBe('hour');
    expectMetricError(() => new CohortBuilder({ rollingAnchor: 'hour' }), { fn: 'CohortBuilder', code: 'INVALID_INPUT', field: 'options.rollingAnchor' });
    expectMetricError(() => rolling('hour', 'day'), { fn: 'CohortBuilder', code: 'INVALID_INPUT', field: 'options.rollingAnchor' });
    expectMetricError(() => new CohortBuilder({ timeWindow: 'rolling', rollingAnchor: 'minute' as 'hour' }), { fn: 'CohortBuilder', code: 'INVALID_INPUT', field: 'options.rollingAnchor' });
    expect(new CohortBuilder({ rollingAnchor: 'exact' }).options.rollingAnchor).toBe('exact');
  });

  it('JSON: written only when not exact (older JSON unchanged), restored by fromJSON; merge refuses a different anchor', () => {
    const hour = rolling('day', 'hour').add({ customerId: 'a', timestamp: '2021-12-01T17:59:00Z' }).add({ customerId: 'a', timestamp: '2021-12-02T17:00:00Z' });
    const json = hour.toJSON();
    expect(json.options.rollingAnchor).toBe('hour');
    expect('rollingAnchor' in rolling('day', 'exact').toJSON().options).toBe(false);
    expect('rollingAnchor' in new CohortBuilder().toJSON().options).toBe(false);
    const restored = CohortBuilder.fromJSON(JSON.parse(JSON.stringify(json)));
    expect(restored.options.rollingAnchor).toBe('hour');
    expect(restored.build().counts()).toEqual(hour.build().counts());
    let error: unknown;
    try {
      hour.merge(rolling('day', 'exact'));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MetricError);
    expect((error as MetricError).code).toBe('INCONSISTENT_INPUT');
    expect((error as MetricError).message).toContain('rollingAnchor');
    expect(hour.merge(rolling('day', 'hour')).build().counts()).toEqual(hour.build().counts());
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

/** Events over ten days from 2021-12-01 (UTC), a few customers, start and return events. */
const events = fc.array(
  fc.record({
    customerId: fc.constantFrom('a', 'b', 'c', 'd'),
    offset: fc.integer({ min: 0, max: 10 * DAY - 1 }),
    event: fc.constantFrom('signup', 'purchase'),
  }),
  { minLength: 1, maxLength: 30 },
);
const BASE = Date.UTC(2021, 11, 1);

describe('rollingAnchor: the same table as exact windows over rounded timestamps', () => {
  for (const [anchor, period, unit] of [
    ['hour', 'day', HOUR],
    ['day', 'week', DAY],
    ['day', 'month', DAY],
  ] as const) {
    it(`C20: '${anchor}' with ${period} windows equals 'exact' over timestamps rounded down to the ${anchor} (UTC)`, () => {
      fc.assert(
        fc.property(events, fc.constantFrom('first' as const, 'recurring' as const), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 12 * 24 }), (list, cohortBy, minOccurrences, toHours) => {
          const options = { startEvents: ['signup', 'purchase'], returnEvents: ['purchase'], cohortBy, minOccurrences };
          const to = BASE + toHours * unit - 1;
          const anchored = rolling(period, anchor, options);
          const rounded = rolling(period, 'exact', options);
          for (const e of list) {
            const t = BASE + e.offset;
            anchored.add({ customerId: e.customerId, timestamp: t, event: e.event });
            rounded.add({ customerId: e.customerId, timestamp: Math.floor(t / unit) * unit, event: e.event });
          }
          const a = anchored.build({ from: BASE, to });
          const b = rounded.build({ from: BASE, to });
          expect(a.counts()).toEqual(b.counts());
          expect(a.incomplete()).toEqual(b.incomplete());
        }),
        fcOptions({ numRuns: 100 }),
      );
    });
  }
});

describe('rollingAnchor at the ends of the time range', () => {
  it('C20: the first and last supported instants of every unit and zone build with every anchor', () => {
    for (const timeZone of ['UTC', 'Pacific/Kiritimati', 'America/New_York', 'Asia/Kolkata']) {
      for (const period of ['hour', 'day', 'week', 'month'] as const) {
        for (const rollingAnchor of period === 'hour' ? (['exact', 'hour'] as const) : (['exact', 'hour', 'day'] as const)) {
          const [first, last] = supportedRange({ unit: period, timeZone, weekStartsOn: 1 });
          const builder = rolling(period, rollingAnchor, { timeZone }).add({ customerId: 'a', timestamp: first }).add({ customerId: 'b', timestamp: last });
          // One row; a 31-day month holds two 30-day windows.
          for (const at of [first, last]) expect(builder.build({ from: at, to: at }).counts().map((row) => row[0])).toEqual([1]);
        }
      }
    }
  });
});
