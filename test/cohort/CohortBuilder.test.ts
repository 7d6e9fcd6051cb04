/**
 * CohortBuilder: hand-worked cohort tables (membership, return rules, minOccurrences, start vs return
 * events, time zones and week starts, ids, input shapes), then bad records and bad options, then the
 * mergeable-state properties (order independence, shards, commutativity, associativity, JSON round trip)
 * and host time-zone independence.
 *
 * Every expected matrix below was worked out by hand from the events listed beside it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortBuilder, type CohortBuilderOptions, type CohortTable, type CustomerEvent, MetricError } from '../../src/index.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { eventsArb, fcOptions, type GeneratedEvent, RANGE_FROM, RANGE_TO, shardedEventsArb } from '../arbitraries/events.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';

const iso = (text: string): number => Date.parse(text);

function build(events: readonly (CustomerEvent | object)[], options?: CohortBuilderOptions, buildOptions?: Parameters<CohortBuilder['build']>[0]): CohortTable {
  return new CohortBuilder(options).addAll(events).build(buildOptions);
}

/** A table as plain JSON (what two tables must share to be "the same table"). */
function snapshot(table: CohortTable): unknown {
  return JSON.parse(JSON.stringify(table.toJSON()));
}

function labels(table: CohortTable): string[] {
  return table.cohorts.map((c) => c.label);
}

// ---------------------------------------------------------------------------------------------------
// Documenting examples

describe('CohortBuilder: cohort membership', () => {
  // Monthly, UTC. a: Jan, Feb, Mar. b: Jan, Mar. c: Feb, Feb, Apr. d: Mar.
  // Range defaults to [Jan 5, Apr 1 12:00] -> rows Jan, Feb, Mar, Apr.
  const events = [
    { customerId: 'a', timestamp: '2024-01-05T10:00:00Z' },
    { customerId: 'a', timestamp: '2024-02-10T10:00:00Z' },
    { customerId: 'a', timestamp: '2024-03-03T10:00:00Z' },
    { customerId: 'b', timestamp: '2024-01-20T10:00:00Z' },
    { customerId: 'b', timestamp: '2024-03-15T10:00:00Z' },
    { customerId: 'c', timestamp: '2024-02-02T10:00:00Z' },
    { customerId: 'c', timestamp: '2024-02-20T10:00:00Z' },
    { customerId: 'c', timestamp: '2024-04-01T12:00:00Z' },
    { customerId: 'd', timestamp: '2024-03-30T10:00:00Z' },
  ];

  it("'first' (default): each customer in the row of their first event", () => {
    const table = build(events);
    expect(labels(table)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
    expect(table.columns).toEqual([0, 1, 2, 3]);
    expect(table.counts()).toEqual([
      [2, 1, 2, 0], // Jan {a, b}: Feb a; Mar a, b; Apr nobody
      [1, 0, 1, null], // Feb {c}: Mar none; Apr c
      [1, 0, null, null], // Mar {d}
      [0, null, null, null], // Apr: nobody new
    ]);
    // `to` (Apr 1 12:00) is before the end of April: the cells reaching April are incomplete.
    expect(table.incomplete()).toEqual([
      [false, false, false, true],
      [false, false, true, false],
      [false, true, false, false],
      [true, false, false, false],
    ]);
  });

  it("'recurring': a customer is in every period with a start event", () => {
    const table = build(events, { cohortBy: 'recurring' });
    expect(table.counts()).toEqual([
      [2, 1, 2, 0], // Jan {a, b}: as above
      [2, 1, 1, null], // Feb {a, c}: Mar a; Apr c
      [3, 0, null, null], // Mar {a, b, d}: nobody in Apr
      [1, null, null, null], // Apr {c}
    ]);
  });
});

describe('CohortBuilder: return rules', () => {
  // Monthly, UTC, observed Jan 1 .. Jun 30 23:59:59.999 (to is the last ms of June: nothing incomplete).
  // a: Jan 10, Mar 20, Jun 5. b: Jan 1, Feb 2. c: Jan 3. All in the Jan cohort (size 3).
  // Return offsets: a {2, 5}, b {1}, c {}.
  const events = [
    { customerId: 'a', timestamp: '2024-01-10T00:00:00Z', amount: 10 },
    { customerId: 'a', timestamp: '2024-03-20T00:00:00Z', amount: 20 },
    { customerId: 'a', timestamp: '2024-06-05T00:00:00Z', amount: 5 },
    { customerId: 'b', timestamp: '2024-01-01T00:00:00Z', amount: 1 },
    { customerId: 'b', timestamp: '2024-02-02T00:00:00Z', amount: 2 },
    { customerId: 'c', timestamp: '2024-01-03T00:00:00Z', amount: 3 },
  ];
  const range = { from: '2024-01-01T00:00:00Z', to: '2024-06-30T23:59:59.999Z' };

  it("'on': returned in exactly offset k", () => {
    const table = build(events, {}, range);
    expect(table.counts()[0]).toEqual([3, 1, 1, 0, 0, 1]);
    expect(table.counts()[5]).toEqual([0, null, null, null, null, null]);
    expect(table.revenue()[0]!.map((d) => d?.toFixed())).toEqual(['14', '2', '20', '0', '0', '5']);
    expect(nonEmpty(table.incomplete().flat()).every((flag) => !flag)).toBe(true);
  });

  it("'onOrAfter': counted at every offset up to the last return (a: 1..5, b: 1)", () => {
    const table = build(events, {}, { ...range, returnRule: 'onOrAfter' });
    expect(table.counts()[0]).toEqual([3, 2, 1, 1, 1, 1]);
  });

  it('brackets [1, 3]: columns [0, 1, 3] covering offsets {0}, [1, 3), [3, end]', () => {
    const table = build(events, {}, { ...range, returnRule: { brackets: [1, 3] } });
    expect(table.columns).toEqual([0, 1, 3]);
    expect(table.counts()).toEqual([
      [3, 2, 1], // [1,3): a (2), b (1); [3,end]: a (5)
      [0, 0, 0],
      [0, 0, 0], // Mar + 3 = Jun still observed
      [0, 0, null], // Apr + 3 = Jul: not observed
      [0, 0, null],
      [0, null, null],
    ]);
    expect(table.revenue()[0]!.map((d) => d?.toFixed())).toEqual(['14', '22', '5']);
  });

  it('brackets [2, 4]: a return at offset 1 falls in no column', () => {
    const table = build(events, {}, { ...range, returnRule: { brackets: [2, 4] } });
    expect(table.columns).toEqual([0, 2, 4]);
    expect(table.counts()[0]).toEqual([3, 1, 1]); // [2,4): a (2); [4,end]: a (5); b's offset 1 is nowhere
  });
});

describe('CohortBuilder: what counts as a return', () => {
  it('minOccurrences 2: a period counts only with two return events; offset 0 is never a return', () => {
    // Monthly, UTC. a: 1 Jan, 2 Feb, 1 Mar. b: 1 Jan, 1 Feb, 3 Mar. c: 3 events in Jan only.
    const events = [
      { customerId: 'a', timestamp: '2024-01-02T00:00:00Z' },
      { customerId: 'a', timestamp: '2024-02-02T00:00:00Z' },
      { customerId: 'a', timestamp: '2024-02-03T00:00:00Z' },
      { customerId: 'a', timestamp: '2024-03-02T00:00:00Z' },
      { customerId: 'b', timestamp: '2024-01-02T00:00:00Z' },
      { customerId: 'b', timestamp: '2024-02-05T00:00:00Z' },
      { customerId: 'b', timestamp: '2024-03-02T00:00:00Z' },
      { customerId: 'b', timestamp: '2024-03-03T00:00:00Z' },
      { customerId: 'b', timestamp: '2024-03-04T00:00:00Z' },
      { customerId: 'c', timestamp: '2024-01-05T00:00:00Z' },
      { customerId: 'c', timestamp: '2024-01-06T00:00:00Z' },
      { customerId: 'c', timestamp: '2024-01-07T00:00:00Z' },
    ];
    expect(build(events).counts()[0]).toEqual([3, 2, 2]); // default 1: Feb a, b; Mar a, b
    expect(build(events, { minOccurrences: 2 }).counts()[0]).toEqual([3, 1, 1]); // Feb a (2); Mar b (3)
    // c's 3 January events are not a return: with one customer alone, nothing returns.
    expect(build(events.filter((e) => e.customerId === 'c'), { minOccurrences: 1 }).counts()).toEqual([[1]]);
  });

  it("startEvents ['signup'], returnEvents ['purchase']", () => {
    // a: signup Jan 10, purchase Jan 12 (5, same period: not a return), purchase Feb 3 (20).
    // b: purchase Jan 5 (9, before any signup), signup Feb 1, purchase Mar 1 (4).
    // c: purchase only -> in no cohort. d: signup Mar 2.
    const events = [
      { customerId: 'a', timestamp: '2024-01-10T00:00:00Z', event: 'signup' },
      { customerId: 'a', timestamp: '2024-01-12T00:00:00Z', event: 'purchase', amount: 5 },
      { customerId: 'a', timestamp: '2024-02-03T00:00:00Z', event: 'purchase', amount: 20 },
      { customerId: 'b', timestamp: '2024-01-05T00:00:00Z', event: 'purchase', amount: 9 },
      { customerId: 'b', timestamp: '2024-02-01T00:00:00Z', event: 'signup' },
      { customerId: 'b', timestamp: '2024-03-01T00:00:00Z', event: 'purchase', amount: 4 },
      { customerId: 'c', timestamp: '2024-02-10T00:00:00Z', event: 'purchase', amount: 100 },
      { customerId: 'd', timestamp: '2024-03-02T00:00:00Z', event: 'signup' },
    ];
    const table = build(events, { startEvents: ['signup'], returnEvents: ['purchase'] });
    expect(labels(table)).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(table.counts()).toEqual([
      [1, 1, 0], // Jan {a}: purchase in Feb
      [1, 1, null], // Feb {b}: purchase in Mar
      [1, null, null], // Mar {d}
    ]);
    expect(table.revenue().map((row) => row.map((d) => d?.toFixed() ?? null))).toEqual([
      ['5', '20', '0'],
      ['0', '4', null], // b's January purchase precedes the cohort
      ['0', null, null],
    ]);
    // Return events in observed periods from the cohort on: a 2, b 1, d 0.
    expect(table.repeatPurchaseRate().map((r) => r?.toString() ?? null)).toEqual(['1/1', '0/1', '0/1']);
  });
});

describe('CohortBuilder: calendars', () => {
  it('weekly Europe/Berlin across the 2024-03-31 DST change (ISO weeks)', () => {
    const events = [
      { customerId: 'a', timestamp: '2024-03-24T23:30:00Z' }, // Mon 25 Mar 00:30 CET -> W13 (UTC: Sunday, W12)
      { customerId: 'a', timestamp: '2024-03-31T22:30:00Z' }, // Mon 1 Apr 00:30 CEST -> W14 (UTC: W13)
      { customerId: 'b', timestamp: '2024-03-31T21:30:00Z' }, // Sun 31 Mar 23:30 CEST -> W13
      { customerId: 'b', timestamp: '2024-04-07T22:30:00Z' }, // Mon 8 Apr 00:30 CEST -> W15 (UTC: W14)
    ];
    const berlin = build(events, { period: 'week', timeZone: 'Europe/Berlin' });
    expect(labels(berlin)).toEqual(['2024-W13', '2024-W14', '2024-W15']);
    expect(berlin.cohorts.map((c) => c.start.toISOString())).toEqual(['2024-03-24T23:00:00.000Z', '2024-03-31T22:00:00.000Z', '2024-04-07T22:00:00.000Z']);
    expect(berlin.cohorts[0]!.end.getTime() - berlin.cohorts[0]!.start.getTime()).toBe(167 * 3_600_000); // 23-hour Sunday
    expect(berlin.counts()).toEqual([
      [2, 1, 1], // W13 {a, b}: a in W14, b in W15
      [0, 0, null],
      [0, null, null],
    ]);
    const utc = build(events, { period: 'week' });
    expect(labels(utc)).toEqual(['2024-W12', '2024-W13', '2024-W14']);
    expect(utc.counts()).toEqual([
      [1, 1, 0], // W12 {a}: a in W13
      [1, 1, null], // W13 {b}: b in W14
      [0, null, null],
    ]);
  });

  it('weekly America/New_York across 2024-11-03, weeks starting on Sunday', () => {
    const events = [
      { customerId: 'x', timestamp: '2024-11-03T03:30:00Z' }, // Sat 2 Nov 23:30 EDT -> week of 27 Oct
      { customerId: 'x', timestamp: '2024-11-10T04:30:00Z' }, // Sat 9 Nov 23:30 EST -> week of 3 Nov
      { customerId: 'y', timestamp: '2024-11-03T04:30:00Z' }, // Sun 3 Nov 00:30 EDT -> week of 3 Nov
      { customerId: 'y', timestamp: '2024-11-10T05:30:00Z' }, // Sun 10 Nov 00:30 EST -> week of 10 Nov
    ];
    const table = build(events, { period: 'week', timeZone: 'America/New_York', weekStartsOn: 0 });
    expect(labels(table)).toEqual(['2024-10-27', '2024-11-03', '2024-11-10']);
    expect(table.cohorts.map((c) => c.start.toISOString())).toEqual(['2024-10-27T04:00:00.000Z', '2024-11-03T04:00:00.000Z', '2024-11-10T05:00:00.000Z']);
    expect(table.cohorts[1]!.end.getTime() - table.cohorts[1]!.start.getTime()).toBe(169 * 3_600_000); // 25-hour Sunday
    expect(table.counts()).toEqual([
      [1, 1, 0], // {x}: back the week of 3 Nov
      [1, 1, null], // {y}: back the week of 10 Nov
      [0, null, null],
    ]);
  });

  it('hourly Australia/Lord_Howe across 2024-10-06: the 30-minute hour after the change is its own row', () => {
    // 02:00 +10:30 became 02:30 +11 at 15:30Z: hour 01 is 14:30Z-15:30Z, hour 02 only 15:30Z-16:00Z, hour 03 from 16:00Z
    const events = [
      { customerId: 'a', timestamp: '2024-10-05T14:40:00Z' }, // 01:10 +10:30 -> hour 01
      { customerId: 'a', timestamp: '2024-10-05T15:40:00Z' }, // 02:40 +11 -> hour 02
      { customerId: 'a', timestamp: '2024-10-05T16:20:00Z' }, // 03:20 +11 -> hour 03
      { customerId: 'b', timestamp: '2024-10-05T15:35:00Z' }, // 02:35 +11 -> hour 02
      { customerId: 'b', timestamp: '2024-10-05T15:59:00Z' }, // 02:59 +11 -> hour 02 again: not a return
      { customerId: 'b', timestamp: '2024-10-05T16:05:00Z' }, // 03:05 +11 -> hour 03 (one hour later, not the same)
      { customerId: 'c', timestamp: '2024-10-05T16:30:00Z' }, // 03:30 +11 -> hour 03
    ];
    const table = build(events, { period: 'hour', timeZone: 'Australia/Lord_Howe' });
    expect(labels(table)).toEqual(['2024-10-06T01', '2024-10-06T02', '2024-10-06T03']);
    expect(table.cohorts.map((c) => [c.start.toISOString(), c.end.toISOString()])).toEqual([
      ['2024-10-05T14:30:00.000Z', '2024-10-05T15:30:00.000Z'],
      ['2024-10-05T15:30:00.000Z', '2024-10-05T16:00:00.000Z'],
      ['2024-10-05T16:00:00.000Z', '2024-10-05T17:00:00.000Z'],
    ]);
    expect(table.counts()).toEqual([
      [1, 1, 1], // 01 {a}: back in 02 and 03
      [1, 1, null], // 02 {b}: back in 03
      [1, null, null], // 03 {c}
    ]);
    // Autumn, 2024-04-07: 02:00 +11 became 01:30 +10:30 at 15:00Z; the repeated half hour is a row with its own label
    const autumn = build(
      [
        { customerId: 'x', timestamp: '2024-04-06T14:10:00Z' }, // 01:10 +11
        { customerId: 'x', timestamp: '2024-04-06T15:10:00Z' }, // 01:40 +10:30 (the second 01:40 of the night)
      ],
      { period: 'hour', timeZone: 'Australia/Lord_Howe' },
    );
    expect(labels(autumn)).toEqual(['2024-04-07T01+11:00', '2024-04-07T01+10:30']);
    expect(autumn.cohorts[1]!.end.getTime() - autumn.cohorts[1]!.start.getTime()).toBe(1_800_000);
    expect(autumn.counts()).toEqual([
      [1, 1],
      [0, null],
    ]);
  });

  it('weekStartsOn 0 vs 1 decides the week of a Sunday event', () => {
    // Saturday 1 June and Sunday 2 June 2024.
    const events = [
      { customerId: 'a', timestamp: '2024-06-01T12:00:00Z' },
      { customerId: 'a', timestamp: '2024-06-02T12:00:00Z' },
    ];
    const monday = build(events, { period: 'week', weekStartsOn: 1 });
    expect(labels(monday)).toEqual(['2024-W22']);
    expect(monday.counts()).toEqual([[1]]); // one week: the Sunday is not a return
    const sunday = build(events, { period: 'week', weekStartsOn: 0 });
    expect(labels(sunday)).toEqual(['2024-05-26', '2024-06-02']);
    expect(sunday.counts()).toEqual([
      [1, 1],
      [0, null],
    ]);
  });

  it('Asia/Tokyo: 2024-01-31T20:00:00Z is already February', () => {
    const events = [
      { customerId: 'a', timestamp: '2024-01-10T00:00:00Z' },
      { customerId: 'a', timestamp: '2024-01-31T20:00:00Z' }, // 1 Feb 05:00 JST
      { customerId: 'b', timestamp: '2024-02-01T00:30' }, // no offset: read in the builder's zone
    ];
    const tokyo = build(events, { timeZone: 'Asia/Tokyo' });
    expect(labels(tokyo)).toEqual(['2024-01', '2024-02']);
    expect(tokyo.cohorts[1]!.start.toISOString()).toBe('2024-01-31T15:00:00.000Z');
    expect(tokyo.counts()).toEqual([
      [1, 1],
      [1, null],
    ]);
    const utc = build(events);
    expect(labels(utc)).toEqual(['2024-01', '2024-02']);
    expect(utc.counts()).toEqual([
      [1, 0], // a's second event is still January in UTC
      [1, null],
    ]);
  });
});

describe('CohortBuilder: customer ids', () => {
  it("'__proto__' and 'constructor' are ordinary ids; 42 and '42' are one customer", () => {
    const builder = new CohortBuilder().addAll([
      { customerId: '__proto__', timestamp: '2024-01-02T00:00:00Z' },
      { customerId: 'constructor', timestamp: '2024-01-03T00:00:00Z' },
      { customerId: 42, timestamp: '2024-01-04T00:00:00Z' },
      { customerId: '42', timestamp: '2024-02-04T00:00:00Z' },
      { customerId: '__proto__', timestamp: '2024-02-05T00:00:00Z' },
    ]);
    expect(builder.customerCount).toBe(3);
    expect(builder.toJSON().customers.map(([id]) => id)).toEqual(['42', '__proto__', 'constructor']);
    expect(builder.build().counts()).toEqual([
      [3, 2], // Feb: '42' and '__proto__'
      [0, null],
    ]);
    expect(Object.prototype).not.toHaveProperty('2024'); // nothing leaked onto prototypes
  });

  it("'' is a bad record", () => {
    expectMetricError(() => new CohortBuilder().add({ customerId: '', timestamp: 0 }), {
      fn: 'CohortBuilder.add',
      code: 'INVALID_INPUT',
      field: 'events[0].customerId',
      received: '""',
    });
  });
});

describe('CohortBuilder: input shapes', () => {
  // The reference: a Jan (12.50), a Feb (3.01), b Feb (0.99).
  const plain = [
    { customerId: 'a', timestamp: '2024-01-15T00:00:00Z', amount: '12.50' },
    { customerId: 'a', timestamp: '2024-02-15T00:00:00Z', amount: '3.01' },
    { customerId: 'b', timestamp: '2024-02-16T00:00:00Z', amount: '0.99' },
  ];
  const expected = snapshot(build(plain));

  it('reference table', () => {
    expect(build(plain).counts()).toEqual([
      [1, 1],
      [1, null],
    ]);
    expect(build(plain).revenue().map((row) => row.map((d) => d?.toFixed() ?? null))).toEqual([
      ['12.5', '3.01'],
      ['0.99', null],
    ]);
  });

  it('fields as property names', () => {
    const rows = plain.map((e) => ({ user_id: e.customerId, ts: e.timestamp, amount: e.amount }));
    expect(snapshot(build(rows, { fields: { customerId: 'user_id', timestamp: 'ts' } }))).toEqual(expected);
  });

  it('fields as accessor functions', () => {
    interface Row {
      readonly user: { readonly id: string };
      readonly when: Date;
      readonly cents: number;
    }
    const rows: Row[] = plain.map((e) => ({ user: { id: e.customerId }, when: new Date(e.timestamp), cents: Math.round(Number(e.amount) * 100) }));
    const fields = { customerId: (r: Row) => r.user.id, timestamp: (r: Row) => r.when, amount: (r: Row) => `${r.cents}e-2` };
    expect(snapshot(build(rows, { fields }))).toEqual(expected);
  });

  it('addColumns: Float64Array timestamps, numeric ids and amounts in cents', () => {
    const builder = new CohortBuilder().addColumns({
      customerId: ['a', 'a', 'b'],
      timestamp: Float64Array.from(plain.map((e) => iso(e.timestamp))),
      amount: Int32Array.from([1250, 301, 99]),
    });
    expect(snapshot(builder.build())).toEqual(expected);
    const whole = new CohortBuilder().addColumns({ customerId: [7, '7'], timestamp: [iso('2024-01-01T00:00:00Z'), iso('2024-02-01T00:00:00Z')], amount: [5, 6], amountDecimals: 0 });
    expect(whole.customerCount).toBe(1);
    expect(whole.build().revenue()[0]!.map((d) => d?.toFixed())).toEqual(['5', '6']);
  });

  // Amounts in columns are minor units: a non-integer is a bad record, never read as major units.
  // docs/cohorts.md (addColumns): "A fractional or negative minor amount is a bad record (thrown, or skipped
  // under `onInvalid: 'skip'`)": only that behaviour passes (the class: CohortBuilder.addColumns.test.ts).
  it('E5: addColumns: a non-integer amount in minor units is a bad record (INVALID_INPUT naming events[0].amount), never read as major units', () => {
    expectMetricError(() => new CohortBuilder().addColumns({ customerId: ['x'], timestamp: [0], amount: [150.5] }), {
      fn: 'CohortBuilder.addColumns',
      code: 'INVALID_INPUT',
      field: 'events[0].amount',
    });
  });

  it('addAllAsync: an async generator yielding pages and single events', async () => {
    async function* source(): AsyncGenerator<CustomerEvent | CustomerEvent[]> {
      yield [plain[0]!, plain[1]!];
      await Promise.resolve();
      yield plain[2]!;
      yield [];
    }
    const builder = await new CohortBuilder().addAllAsync(source());
    expect(builder.recordsAdded).toBe(3);
    expect(snapshot(builder.build())).toEqual(expected);
  });
});

// ---------------------------------------------------------------------------------------------------
// Bad input

describe('CohortBuilder: bad records', () => {
  const good = { customerId: 'ok', timestamp: '2024-01-01T00:00:00Z' };
  const bad: readonly { readonly record: unknown; readonly field: string }[] = [
    { record: 'not an event', field: '' },
    { record: { customerId: '', timestamp: 0 }, field: '.customerId' },
    { record: { customerId: 'x', timestamp: '2024-13-01' }, field: '.timestamp' },
    { record: { customerId: 'x', timestamp: Number.NaN }, field: '.timestamp' },
    { record: { customerId: 'x', timestamp: 0, amount: '12 EUR' }, field: '.amount' },
    { record: { customerId: 'x', timestamp: 0, amount: Number.POSITIVE_INFINITY }, field: '.amount' },
  ];

  it("onInvalid 'throw': MetricError naming events[i].<field>, i counting every record ever added", () => {
    const builder = new CohortBuilder();
    builder.add(good);
    bad.forEach(({ record, field }, i) => {
      expectMetricError(() => builder.add(record as object), { fn: 'CohortBuilder.add', code: 'INVALID_INPUT', field: `events[${i + 1}]${field}` });
    });
    expect(builder.recordsAdded).toBe(1 + bad.length);
    expect(builder.customerCount).toBe(1);
    // addAll and addColumns share the index.
    expectMetricError(() => builder.addAll([good, { customerId: 'x', timestamp: 'soon' }]), { fn: 'CohortBuilder.add', code: 'INVALID_INPUT', field: `events[${bad.length + 2}].timestamp` });
  });

  it('an unknown event name is a bad record when both startEvents and returnEvents are set', () => {
    const builder = new CohortBuilder({ startEvents: ['signup'], returnEvents: ['purchase'] });
    builder.add({ ...good, event: 'signup' });
    expectMetricError(() => builder.add({ ...good, event: 'pageview' }), { fn: 'CohortBuilder.add', code: 'INVALID_INPUT', field: 'events[1].event', received: '"pageview"' });
    // With only one of them set, other names are simply not start (or not return) events.
    expect(new CohortBuilder({ startEvents: ['signup'] }).add({ ...good, event: 'pageview' }).customerCount).toBe(1);
  });

  it("onInvalid 'skip': every bad record reported with index and reason, customers unaffected", () => {
    const builder = new CohortBuilder({ onInvalid: 'skip', startEvents: ['purchase'], returnEvents: ['purchase'] });
    builder.add(good);
    for (const { record } of bad) builder.add(record as object);
    builder.add({ ...good, event: 'pageview' });
    builder.add({ customerId: 'ok2', timestamp: '2024-02-01T00:00:00Z' });
    const skipped = builder.skipped;
    expect(skipped.map((s) => [s.index, s.field])).toEqual([
      ...bad.map(({ field }, i) => [i + 1, `events[${i + 1}]${field}`]),
      [bad.length + 1, `events[${bad.length + 1}].event`],
    ]);
    for (const s of skipped) expect(s.reason).toMatch(new RegExp(`^CohortBuilder\\.add: events\\[${s.index}\\].* must be .+, received .+$`));
    expect(builder.customerCount).toBe(2);
    expect(builder.recordsAdded).toBe(bad.length + 3);
    expect(builder.build().counts()).toEqual([
      [1, 0],
      [1, null],
    ]);
  });
});

describe('CohortBuilder: bad options', () => {
  const cases: readonly [CohortBuilderOptions, string][] = [
    [{ colour: 'red' } as unknown as CohortBuilderOptions, 'options.colour'],
    [{ period: 'fortnight' as 'week' }, 'options.period'],
    [{ timeZone: 'Mars/Olympus' }, 'options.timeZone'],
    [{ weekStartsOn: 7 }, 'options.weekStartsOn'],
    [{ weekStartsOn: 1.5 }, 'options.weekStartsOn'],
    [{ minOccurrences: 0 }, 'options.minOccurrences'],
    [{ cohortBy: 'last' as 'first' }, 'options.cohortBy'],
    [{ startEvents: [] }, 'options.startEvents'],
  ];
  it.each(cases)('%j -> %s', (options, field) => {
    expectMetricError(() => new CohortBuilder(options), { fn: 'CohortBuilder', code: 'INVALID_INPUT', field });
  });

  it('returnRule brackets [2, 1] and other build options', () => {
    const builder = new CohortBuilder().add({ customerId: 'a', timestamp: 0 });
    expectMetricError(() => builder.build({ returnRule: { brackets: [2, 1] } }), { fn: 'CohortBuilder.build', code: 'INVALID_INPUT', field: 'options.returnRule.brackets[1]' });
    expectMetricError(() => builder.build({ returnRule: { brackets: [0] } }), { fn: 'CohortBuilder.build', code: 'INVALID_INPUT', field: 'options.returnRule.brackets[0]' });
    expectMetricError(() => builder.build({ returnRule: 'before' as 'on' }), { fn: 'CohortBuilder.build', code: 'INVALID_INPUT', field: 'options.returnRule' });
    expectMetricError(() => builder.build({ from: 10, to: 5 }), { fn: 'CohortBuilder.build', code: 'INCONSISTENT_INPUT', field: 'options.to' });
    expectMetricError(() => new CohortBuilder().build(), { fn: 'CohortBuilder.build', code: 'EMPTY_POPULATION', field: 'options.from' });
  });

  it('merge refuses builders with other options', () => {
    expectMetricError(() => new CohortBuilder().merge(new CohortBuilder({ period: 'week' })), { fn: 'CohortBuilder.merge', code: 'INCONSISTENT_INPUT', field: 'other.options.period' });
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

const RANGE = { from: RANGE_FROM, to: RANGE_TO };

function builderOf(events: readonly GeneratedEvent[]): CohortBuilder {
  return new CohortBuilder().addAll(events);
}

describe('CohortBuilder: properties', () => {
  it('the table does not depend on event order', () => {
    fc.assert(
      fc.property(eventsArb(), fc.func(fc.integer()), (events, key) => {
        const shuffled = events
          .map((e, i) => [key(i), i, e] as const)
          .sort((x, y) => x[0] - y[0] || x[1] - y[1])
          .map(([, , e]) => e);
        expect(snapshot(builderOf(shuffled).build(RANGE))).toEqual(snapshot(builderOf(events).build(RANGE)));
        expect(builderOf(shuffled).toJSON()).toEqual(builderOf(events).toJSON());
      }),
      fcOptions({ numRuns: 100 }),
    );
  });

  it('merging any split into 2-3 shards gives the table of the whole', () => {
    fc.assert(
      fc.property(shardedEventsArb(), fc.constantFrom<'on' | 'onOrAfter'>('on', 'onOrAfter'), ({ events, shards }, returnRule) => {
        const merged = shards.map(builderOf).reduce((a, b) => a.merge(b));
        expect(merged.recordsAdded).toBe(events.length);
        expect(snapshot(merged.build({ ...RANGE, returnRule }))).toEqual(snapshot(builderOf(events).build({ ...RANGE, returnRule })));
      }),
      fcOptions({ numRuns: 100 }),
    );
  });

  it('merge is commutative and associative, and leaves its operands unchanged', () => {
    fc.assert(
      fc.property(eventsArb({ maxLength: 15 }), eventsArb({ maxLength: 15 }), eventsArb({ maxLength: 15 }), (x, y, z) => {
        const [a, b, c] = [builderOf(x), builderOf(y), builderOf(z)];
        const before = [a.toJSON(), b.toJSON()];
        expect(a.merge(b).toJSON()).toEqual(b.merge(a).toJSON());
        // The store-to-store merge holds what one builder of all the events holds.
        expect(a.merge(b).toJSON()).toEqual(builderOf([...x, ...y]).toJSON());
        expect(a.merge(b).merge(c).toJSON()).toEqual(a.merge(b.merge(c)).toJSON());
        expect([a.toJSON(), b.toJSON()]).toEqual(before);
      }),
      fcOptions({ numRuns: 100 }),
    );
  });

  it('fromJSON reads any exact amount (plain text fast, anything else as a Decimal) and names a bad cell', () => {
    const json = new CohortBuilder().add({ customerId: 'a', timestamp: '2024-03-05T10:00:00Z', amount: '12.50' }).toJSON();
    const [id, [cell]] = json.customers[0]!;
    const withAmount = (amount: unknown) => ({ ...json, customers: [[id, [[cell![0], cell![1], cell![2], amount]]]] }) as never;
    for (const [amount, text] of [['12.5', '12.5'], ['0.00000000000000000001', '0.00000000000000000001'], ['1e3', '1000'], ['9007199254740993', '9007199254740993'], [7, '7'], ['-1', '-1'], ['-0.25', '-0.25'], [-3, '-3']] as const) {
      expect(CohortBuilder.fromJSON(withAmount(amount)).build().revenue()[0]![0]!.toString()).toBe(text);
    }
    for (const amount of ['-', '', 'abc', null]) {
      expectMetricError(() => CohortBuilder.fromJSON(withAmount(amount)), { fn: 'CohortBuilder.fromJSON', code: 'INVALID_INPUT', field: 'json.customers[0][1][0][3]' });
    }
    const bad = { ...json, customers: [[id, [[cell![0], -1, cell![2], cell![3]]]]] } as never;
    expectMetricError(() => CohortBuilder.fromJSON(bad), { fn: 'CohortBuilder.fromJSON', code: 'INVALID_INPUT', field: 'json.customers[0][1][0][1]' });
  });

  it('toJSON -> JSON.stringify -> fromJSON gives the same builder and table', () => {
    fc.assert(
      fc.property(eventsArb({ names: ['signup', 'purchase'] }), fc.boolean(), (events, recurring) => {
        const options: CohortBuilderOptions = { period: 'week', timeZone: 'Europe/Berlin', startEvents: ['signup'], minOccurrences: 1, cohortBy: recurring ? 'recurring' : 'first' };
        const original = new CohortBuilder(options).addAll(events);
        const restored = CohortBuilder.fromJSON(JSON.parse(JSON.stringify(original.toJSON())));
        expect(restored.toJSON()).toEqual(original.toJSON());
        expect(snapshot(restored.build(RANGE))).toEqual(snapshot(original.build(RANGE)));
        // The restored builder keeps adding like the original.
        const extra = { customerId: 'z', timestamp: RANGE_TO, event: 'signup' };
        expect(restored.add(extra).toJSON()).toEqual(original.add(extra).toJSON());
      }),
      fcOptions({ numRuns: 60 }),
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Host time zone

describe('CohortBuilder: host time zone independence', () => {
  const events = [
    { customerId: 'a', timestamp: '2024-03-24T23:30:00Z', amount: '1.10' },
    { customerId: 'a', timestamp: '2024-03-31T22:30:00Z', amount: '2.20' },
    { customerId: 'b', timestamp: '2024-03-31 23:30' }, // no offset: Berlin wall time
    { customerId: 'b', timestamp: '2024-04-07T22:30:00Z', amount: 3 },
  ];
  const options = { period: 'week', timeZone: 'Europe/Berlin' } as const;

  it('a weekly Europe/Berlin table is the same under TZ=Pacific/Chatham', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cohort-tz-'));
    try {
      const script = join(dir, 'run.ts');
      const entry = pathToFileURL(resolve(import.meta.dirname, '../../src/index.ts')).href;
      writeFileSync(
        script,
        `import { CohortBuilder } from ${JSON.stringify(entry)};\n` +
          `const table = new CohortBuilder(${JSON.stringify(options)}).addAll(${JSON.stringify(events)}).build();\n` +
          `process.stdout.write(JSON.stringify({ tz: Intl.DateTimeFormat().resolvedOptions().timeZone, offset: new Date(0).getTimezoneOffset(), table: table.toJSON() }));\n`,
      );
      const tsx = resolve(import.meta.dirname, '../../node_modules/.bin/tsx');
      const out = JSON.parse(execFileSync(tsx, [script], { env: { ...process.env, TZ: 'Pacific/Chatham' }, encoding: 'utf8' })) as { tz: string; offset: number; table: unknown };
      expect(out.tz).toBe('Pacific/Chatham');
      if (Intl.DateTimeFormat().resolvedOptions().timeZone !== 'Pacific/Chatham') expect(out.offset).not.toBe(new Date(0).getTimezoneOffset());
      expect(out.table).toEqual(snapshot(build(events, options)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CohortBuilder.addColumns: timestamps that are not epoch milliseconds', () => {
  it('refuses a string or Date in the column form rather than reading it and dropping the amount', () => {
    const builder = new CohortBuilder({ onInvalid: 'skip' });
    builder.addColumns({ customerId: ['a', 'b'], timestamp: ['2024-01-01T00:00:00Z' as never, Date.UTC(2024, 0, 2)], amount: [100, 200] });
    expect(builder.recordsAdded).toBe(2);
    expect(builder.skipped).toEqual([{ index: 0, field: 'events[0].timestamp', reason: 'CohortBuilder.addColumns: events[0].timestamp must be epoch milliseconds (a number) in the column form, received "2024-01-01T00:00:00Z"' }]);
    expect(builder.build().revenue()[0]?.[0]?.toFixed(2)).toBe('2.00');
    expect(() => new CohortBuilder().addColumns({ customerId: ['a'], timestamp: [new Date(0) as never] })).toThrow(/events\[0\]\.timestamp must be epoch milliseconds/);
  });
});
