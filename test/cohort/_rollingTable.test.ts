/**
 * Rolling windows (`timeWindow: 'rolling'`): hand-worked tables (24-hour windows against calendar days,
 * a DST week in Europe/Berlin where 24 hours are not a calendar day, recurring cohorts, return rules,
 * minOccurrences, revenue, the cells that exist and the incomplete ones at `to`), the option and its JSON,
 * then properties (order independence, shards merged = whole, cells within the size).
 *
 * Every expected matrix below was worked out by hand from the events listed beside it (elapsed times in
 * the comments).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortBuilder, type CohortBuilderJSON, type CohortBuilderOptions, type CohortTable, type CustomerEvent } from '../../src/index.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { eventsArb, fcOptions, RANGE_FROM, RANGE_TO, shardedEventsArb } from '../arbitraries/events.js';

const ROLLING: CohortBuilderOptions = { timeWindow: 'rolling' };

function build(events: readonly CustomerEvent[], options?: CohortBuilderOptions, buildOptions?: Parameters<CohortBuilder['build']>[0]): CohortTable {
  return new CohortBuilder(options).addAll(events).build(buildOptions);
}

function snapshot(table: CohortTable): unknown {
  return JSON.parse(JSON.stringify(table.toJSON()));
}

// ---------------------------------------------------------------------------------------------------
// Documenting examples

describe('rolling windows: 24-hour windows against calendar days (UTC)', () => {
  // Daily rows. a starts Jan 31 23:00 and comes back 2 h later (window 0) and 25.5 h later (window 1);
  // b starts Jan 31 08:00 and comes back 49 h later (window 2); c starts Feb 1 12:00 and comes back 23 h
  // later (window 0). The range ends at the last event, Feb 2 11:00.
  const events: CustomerEvent[] = [
    { customerId: 'a', timestamp: '2024-01-31T23:00:00Z', amount: 10 },
    { customerId: 'a', timestamp: '2024-02-01T01:00:00Z', amount: 5 },
    { customerId: 'a', timestamp: '2024-02-02T00:30:00Z', amount: 7 },
    { customerId: 'b', timestamp: '2024-01-31T08:00:00Z', amount: 20 },
    { customerId: 'b', timestamp: '2024-02-02T09:00:00Z', amount: 3 },
    { customerId: 'c', timestamp: '2024-02-01T12:00:00Z', amount: 4 },
    { customerId: 'c', timestamp: '2024-02-02T11:00:00Z', amount: 6 },
  ];

  it('calendar days count the next day as a return; 24-hour windows count elapsed time', () => {
    const calendar = build(events, { period: 'day' });
    expect(calendar.counts()).toEqual([
      [2, 1, 2], // Jan 31 {a, b}: Feb 1 a; Feb 2 a, b
      [1, 1, null], // Feb 1 {c}: Feb 2 c
      [0, null, null],
    ]);
    const rolling = build(events, { period: 'day', ...ROLLING });
    expect(rolling.cohorts.map((c) => c.label)).toEqual(['2024-01-31', '2024-02-01', '2024-02-02']);
    expect(rolling.columns).toEqual([0, 1, 2]);
    expect(rolling.counts()).toEqual([
      [2, 1, 1], // a returns in window 1, b in window 2 (a's 2-hour return is window 0: not a return)
      [1, 0, null], // c's return 23 h later is window 0; Feb 1 + 2 days is after `to`: no cell
      [0, null, null],
    ]);
  });

  it('a cell exists when the row start + k windows <= to; it is incomplete while a member\'s window k is open', () => {
    const rolling = build(events, { period: 'day', ...ROLLING });
    // Row Jan 31: latest start a at Jan 31 23:00, window 0 ends Feb 1 23:00 (before `to`), window 1 Feb 2 23:00.
    // Row Feb 1: c at Feb 1 12:00, window 0 ends Feb 2 12:00, after `to` (Feb 2 11:00).
    expect(rolling.incomplete()).toEqual([
      [false, true, true],
      [true, true, false],
      [false, false, false],
    ]);
    // The summary row leaves incomplete cells out: only Jan 31's window 0 remains.
    expect(rolling.mean().map((r) => (r === null ? null : r.toNumber()))).toEqual([1, null, null]);
  });

  it('revenue by window; repeat buyers among the events from the start on', () => {
    const rolling = build(events, { period: 'day', ...ROLLING });
    expect(rolling.revenue().map((row) => row.map((d) => (d === null ? null : d.toFixed())))).toEqual([
      ['35', '7', '3'], // window 0: a 10 + 5, b 20; window 1: a 7; window 2: b 3
      ['10', '0', null],
      ['0', null, null],
    ]);
    expect(rolling.repeatPurchaseRate().map((r) => (r === null ? null : r.toNumber()))).toEqual([1, 1, null]);
  });

  it("'onOrAfter' and brackets count windows like periods", () => {
    expect(build(events, { period: 'day', ...ROLLING }, { returnRule: 'onOrAfter' }).counts()).toEqual([
      [2, 2, 1], // a's last return window 1, b's window 2
      [1, 0, null],
      [0, null, null],
    ]);
    expect(build(events, { period: 'day', ...ROLLING }, { returnRule: { brackets: [2] } }).counts()).toEqual([
      [2, 1], // windows 2 and later: b
      [1, null], // Feb 1 + 2 windows is after `to`
      [0, null],
    ]);
  });
});

describe('rolling windows: a DST week in Europe/Berlin (24 hours are not a calendar day)', () => {
  // On 2024-03-31 Berlin moves from +01:00 to +02:00: that calendar day lasts 23 hours.
  // x starts Mar 30 12:00 (+01:00) = 11:00Z; comes back Mar 31 12:30 (+02:00) = 10:30Z, 23.5 h later
  // (window 0, though the next calendar day), and Apr 1 11:30 (+02:00) = 09:30Z, 46.5 h later (window 1,
  // calendar offset 2).
  // y starts Mar 31 00:30 (+01:00) = Mar 30 23:30Z, in the row of Mar 31; comes back Apr 1 00:15 (+02:00)
  // = Mar 31 22:15Z, 22.75 h later (window 0, calendar offset 1).
  const events: CustomerEvent[] = [
    { customerId: 'x', timestamp: '2024-03-30T12:00:00+01:00' },
    { customerId: 'x', timestamp: '2024-03-31T12:30:00+02:00' },
    { customerId: 'x', timestamp: '2024-04-01T11:30:00+02:00' },
    { customerId: 'y', timestamp: '2024-03-31T00:30:00+01:00' },
    { customerId: 'y', timestamp: '2024-04-01T00:15:00+02:00' },
  ];
  const options: CohortBuilderOptions = { period: 'day', timeZone: 'Europe/Berlin' };
  const range = { to: '2024-04-02T23:59:59.999+02:00' };

  it('calendar days (reference)', () => {
    const table = build(events, options, range);
    expect(table.cohorts.map((c) => c.label)).toEqual(['2024-03-30', '2024-03-31', '2024-04-01', '2024-04-02']);
    expect(table.counts()).toEqual([
      [1, 1, 1, 0],
      [1, 1, 0, null],
      [0, 0, null, null],
      [0, null, null, null],
    ]);
  });

  it('24-hour windows from each start', () => {
    const table = build(events, { ...options, ...ROLLING }, range);
    // Row starts: Mar 30 = Mar 29 23:00Z, Mar 31 = Mar 30 23:00Z, Apr 1 = Mar 31 22:00Z, Apr 2 = Apr 1 22:00Z;
    // `to` = Apr 2 21:59:59.999Z, so row Mar 30 has windows 0-3, Mar 31 0-2, Apr 1 0-1, Apr 2 0.
    expect(table.columns).toEqual([0, 1, 2, 3]);
    expect(table.counts()).toEqual([
      [1, 1, 0, 0], // x: window 1 only
      [1, 0, 0, null], // y: its return is window 0
      [0, 0, null, null],
      [0, null, null, null],
    ]);
    // x's window 3 ends Apr 3 11:00Z; y's window 2 ends Apr 1 23:30Z + 24 h = Apr 2 23:30Z: after `to`.
    expect(table.incomplete()).toEqual([
      [false, false, false, true],
      [false, false, true, false],
      [false, false, false, false],
      [false, false, false, false],
    ]);
  });
});

describe("rolling windows: 'recurring' cohorts, minOccurrences, 30-day months", () => {
  it("'recurring': each period's first start event begins that membership's windows", () => {
    // a buys Jan 10, Jan 20, Feb 5 and Mar 1 (12:00Z). Windows of 30 days.
    // Jan (t0 Jan 10): Jan 20 and Feb 5 (26 d) are window 0; Mar 1 (50 d) is window 1.
    // Feb (t0 Feb 5): Mar 1 (25 d) is window 0. Mar (t0 Mar 1): nothing after.
    // to = Mar 31 23:59:59.999Z: Jan 1 + 3 windows = Mar 31 00:00 <= to, so row Jan has 4 cells; row Feb
    // (Feb 1) has 2 (Feb 1 + 60 d = Apr 1 > to); row Mar has 2.
    const events = ['2024-01-10', '2024-01-20', '2024-02-05', '2024-03-01'].map((d) => ({ customerId: 'a', timestamp: `${d}T12:00:00Z` }));
    const range = { to: '2024-03-31T23:59:59.999Z' };
    const recurring = build(events, { cohortBy: 'recurring', ...ROLLING }, range);
    expect(recurring.counts()).toEqual([
      [1, 1, 0, 0],
      [1, 0, null, null],
      [1, 0, null, null],
    ]);
    // Jan: window 1 ends Mar 10 12:00 (complete), window 2 Apr 9. Feb: window 0 ends Mar 6, window 1 Apr 5.
    // Mar: window 0 ends Mar 31 12:00, window 1 Apr 30.
    expect(recurring.incomplete()).toEqual([
      [false, false, true, true],
      [false, true, false, false],
      [false, true, false, false],
    ]);
    expect(build(events, ROLLING, range).counts()).toEqual([
      [1, 1, 0, 0],
      [0, 0, null, null],
      [0, 0, null, null],
    ]);
  });

  it('minOccurrences counts return events per window', () => {
    // b: returns 25 h and 30 h after its start (both window 1); c: one return 25 h after.
    const events: CustomerEvent[] = [
      { customerId: 'b', timestamp: '2024-05-01T00:00:00Z' },
      { customerId: 'b', timestamp: '2024-05-02T01:00:00Z' },
      { customerId: 'b', timestamp: '2024-05-02T06:00:00Z' },
      { customerId: 'c', timestamp: '2024-05-01T00:00:00Z' },
      { customerId: 'c', timestamp: '2024-05-02T01:00:00Z' },
    ];
    const range = { to: '2024-05-02T23:59:59.999Z' };
    expect(build(events, { period: 'day', ...ROLLING }, range).counts()).toEqual([
      [2, 2],
      [0, null],
    ]);
    expect(build(events, { period: 'day', minOccurrences: 2, ...ROLLING }, range).counts()).toEqual([
      [2, 1],
      [0, null],
    ]);
  });

  it('start and return events: returns before the start are not counted', () => {
    const events: CustomerEvent[] = [
      { customerId: 'a', timestamp: '2024-05-01T10:00:00Z', event: 'purchase' },
      { customerId: 'a', timestamp: '2024-05-01T12:00:00Z', event: 'signup' },
      { customerId: 'a', timestamp: '2024-05-02T13:00:00Z', event: 'purchase' }, // 25 h after the signup
    ];
    const table = build(events, { period: 'day', startEvents: ['signup'], returnEvents: ['purchase'], ...ROLLING }, { to: '2024-05-02T23:59:59.999Z' });
    expect(table.counts()).toEqual([
      [1, 1],
      [0, null],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------
// The option and its JSON

describe("rolling windows: the 'timeWindow' option", () => {
  const events: CustomerEvent[] = [
    { customerId: 'a', timestamp: '2024-01-05T10:00:00Z', amount: '1.25' },
    { customerId: 'a', timestamp: '2024-02-05T10:00:00Z', amount: '2.50' },
  ];

  it("defaults to 'calendar', and only 'rolling' builders write it in their JSON", () => {
    expect(new CohortBuilder().options.timeWindow).toBe('calendar');
    expect('timeWindow' in new CohortBuilder().addAll(events).toJSON().options).toBe(false);
    const rolling = new CohortBuilder(ROLLING).addAll(events).toJSON();
    expect(rolling.options.timeWindow).toBe('rolling');
    // Rolling builders keep exact instants.
    expect(rolling.customers).toEqual([['a', [[Date.parse('2024-01-05T10:00:00Z'), 1, 1, '1.25'], [Date.parse('2024-02-05T10:00:00Z'), 1, 1, '2.5']]]]);
  });

  it('fromJSON restores either kind; a version-1 JSON without timeWindow is a calendar builder', () => {
    const rolling = new CohortBuilder(ROLLING).addAll(events);
    const restored = CohortBuilder.fromJSON(JSON.parse(JSON.stringify(rolling.toJSON())) as CohortBuilderJSON);
    expect(restored.options.timeWindow).toBe('rolling');
    expect(snapshot(restored.build())).toEqual(snapshot(rolling.build()));
    const calendar = new CohortBuilder().addAll(events).toJSON();
    expect(CohortBuilder.fromJSON(calendar).options.timeWindow).toBe('calendar');
  });

  it('a rolling table says so in its JSON', () => {
    expect((new CohortBuilder(ROLLING).addAll(events).build().toJSON() as { timeWindow?: string }).timeWindow).toBe('rolling');
    expect('timeWindow' in new CohortBuilder().addAll(events).build().toJSON()).toBe(false);
  });

  it('bad values and merges of calendar with rolling builders are refused', () => {
    expectMetricError(() => new CohortBuilder({ timeWindow: 'sliding' as never }), { fn: 'CohortBuilder', code: 'INVALID_INPUT', field: 'options.timeWindow' });
    expectMetricError(() => new CohortBuilder().merge(new CohortBuilder(ROLLING)), { fn: 'CohortBuilder.merge', code: 'INCONSISTENT_INPUT', field: 'other.options.timeWindow' });
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

describe('rolling windows: properties', () => {
  const RANGE = { from: RANGE_FROM, to: RANGE_TO };
  const options: CohortBuilderOptions = { period: 'week', timeZone: 'Europe/Berlin', ...ROLLING };
  const builderOf = (events: readonly CustomerEvent[]) => new CohortBuilder(options).addAll(events);

  it('the table and the JSON do not depend on event order', () => {
    fc.assert(
      fc.property(eventsArb(), fc.func(fc.integer()), (events, key) => {
        const shuffled = events
          .map((e, i) => [key(i), i, e] as const)
          .sort((x, y) => x[0] - y[0] || x[1] - y[1])
          .map(([, , e]) => e);
        expect(snapshot(builderOf(shuffled).build(RANGE))).toEqual(snapshot(builderOf(events).build(RANGE)));
        expect(builderOf(shuffled).toJSON()).toEqual(builderOf(events).toJSON());
      }),
      fcOptions({ numRuns: 60 }),
    );
  });

  it('merging any split into shards gives the table of the whole', () => {
    fc.assert(
      fc.property(shardedEventsArb(), fc.constantFrom<'on' | 'onOrAfter'>('on', 'onOrAfter'), fc.boolean(), ({ events, shards }, returnRule, recurring) => {
        const of = (list: readonly CustomerEvent[]) => new CohortBuilder({ ...options, cohortBy: recurring ? 'recurring' : 'first' }).addAll(list);
        const merged = shards.map(of).reduce((a, b) => a.merge(b));
        expect(snapshot(merged.build({ ...RANGE, returnRule }))).toEqual(snapshot(of(events).build({ ...RANGE, returnRule })));
      }),
      fcOptions({ numRuns: 60 }),
    );
  });

  it("every cell is within its cohort's size, and 'onOrAfter' >= 'on', non-increasing in k", () => {
    fc.assert(
      fc.property(eventsArb(), fc.constantFrom('week' as const, 'month' as const), (events, period) => {
        const builder = new CohortBuilder({ period, ...ROLLING }).addAll(events);
        if (events.length === 0) return;
        const on = builder.build().counts();
        const after = builder.build({ returnRule: 'onOrAfter' }).counts();
        on.forEach((row, i) =>
          row.forEach((cell, k) => {
            if (cell === null) return;
            expect(cell).toBeLessThanOrEqual(row[0]!);
            expect(after[i]![k]!).toBeGreaterThanOrEqual(cell);
            if (k > 1 && after[i]![k] !== null) expect(after[i]![k]!).toBeLessThanOrEqual(after[i]![k - 1]!);
          }),
        );
      }),
      fcOptions({ numRuns: 60 }),
    );
  });
});
