/**
 * rfmSummary: hand-worked summaries (snapping, units, zones, input shapes), the CDNOW and lifetimes
 * goldens, bad input and options, then properties on generated events (known answers, bounds, order
 * independence, shards, snapping, columns = objects).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricError, type RfmSummary, rfmSummary, type RfmSummaryOptions } from '../../src/index.js';
import { eventsArb, fcOptions, type GeneratedEvent, ID_POOL, RANGE_FROM, RANGE_TO } from '../arbitraries/events.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { cdnowSampleColumns, cdnowSampleEvents, loadCdnowRecencyFrequency, loadCdnowSummary, loadExampleTransactions } from './_cdnow.js';
import { mayBeEmpty, nonEmpty } from '../arbitraries/nonEmpty.js';

const DAY = 86_400_000;

/** The rows as plain JSON plus the columns as plain arrays: what two equal summaries share. */
function snapshot(summary: RfmSummary): unknown {
  const { customerId, frequency, recency, T, monetaryValue } = summary.columns;
  return {
    customers: JSON.parse(JSON.stringify(summary.customers)),
    columns: { customerId: [...customerId], frequency: [...frequency], recency: [...recency], T: [...T], monetaryValue: [...monetaryValue] },
    counts: [summary.recordsRead, summary.ignoredEvents, summary.ignoredAfterCalibration, summary.skipped.length],
  };
}

function row(summary: RfmSummary, id: string) {
  const found = summary.customers.find((c) => c.customerId === id);
  if (found === undefined) throw new Error(`no customer ${id}`);
  return found;
}

// ---------------------------------------------------------------------------------------------------
// Documenting examples

describe('rfmSummary: the BTYD convention', () => {
  // ann: 2024-01-03 (40 + 10 = 50), 01-17 (30), 02-07 (50); bob: 02-14 (25), 03-20 (after calibration).
  const purchases = [
    { customerId: 'ann', timestamp: '2024-01-03T09:00:00Z', amount: 40 },
    { customerId: 'ann', timestamp: '2024-01-03T18:30:00Z', amount: 10 },
    { customerId: 'ann', timestamp: '2024-01-17T12:00:00Z', amount: 30 },
    { customerId: 'ann', timestamp: '2024-02-07T08:00:00Z', amount: 50 },
    { customerId: 'bob', timestamp: '2024-02-14T20:00:00Z', amount: 25 },
    { customerId: 'bob', timestamp: '2024-03-20T10:00:00Z', amount: 99 },
  ];

  it('daily grain, measured in days: two purchases on one day are one, amounts summed; the first period is not in monetary value', () => {
    const s = rfmSummary(purchases, { period: 'day', calibrationEnd: '2024-02-28' });
    expect(s.customers).toEqual([
      { customerId: 'ann', frequency: 2, recency: 35, T: 56, monetaryValue: 40 },
      { customerId: 'bob', frequency: 0, recency: 0, T: 14, monetaryValue: 0 },
    ]);
    expect([s.recordsRead, s.ignoredEvents, s.ignoredAfterCalibration, s.skipped]).toEqual([6, 0, 1, []]);
    expect([s.period, s.timeUnit, s.timeZone, s.weekStartsOn]).toEqual(['day', 'day', 'UTC', 1]);
    expect(s.calibrationEndPeriod.toISOString()).toBe('2024-02-28T00:00:00.000Z');
  });

  it('daily grain measured in weeks (the CDNOW convention): recency and T are days / 7, fractional', () => {
    const s = rfmSummary(purchases, { period: 'day', timeUnit: 'week', calibrationEnd: '2024-02-27' });
    expect(row(s, 'ann')).toEqual({ customerId: 'ann', frequency: 2, recency: 5, T: 55 / 7, monetaryValue: 40 });
    expect(row(s, 'bob').T).toBe(13 / 7);
  });

  it('the whole period containing calibrationEnd is in calibration (lifetimes: calibration_period_end is inclusive)', () => {
    // calibrationEnd at midnight 2024-02-14: bob's purchase at 20:00 that day is in.
    const s = rfmSummary(purchases, { period: 'day', calibrationEnd: '2024-02-14' });
    expect(row(s, 'bob')).toEqual({ customerId: 'bob', frequency: 0, recency: 0, T: 0, monetaryValue: 0 });
    expect(s.ignoredAfterCalibration).toBe(1);
    const before = rfmSummary(purchases, { period: 'day', calibrationEnd: '2024-02-13T23:59:59.999Z' });
    expect(before.customers.map((c) => c.customerId)).toEqual(['ann']);
    expect(before.ignoredAfterCalibration).toBe(2);
  });

  it('weekly grain (ISO weeks): recency and T in whole weeks between week starts', () => {
    // Week starts (Mondays): Jan 1, Jan 15, Feb 5, Feb 12; calibration ends Wed Feb 28 -> week of Feb 26.
    const s = rfmSummary(purchases, { period: 'week', calibrationEnd: '2024-02-28' });
    expect(s.customers).toEqual([
      { customerId: 'ann', frequency: 2, recency: 5, T: 8, monetaryValue: 40 },
      { customerId: 'bob', frequency: 0, recency: 0, T: 2, monetaryValue: 0 },
    ]);
    expect(s.calibrationEndPeriod.toISOString()).toBe('2024-02-26T00:00:00.000Z');
    // Sunday weeks: Jan 3 is in the week of Dec 31, Feb 7 in the week of Feb 4.
    const sunday = rfmSummary(purchases, { period: 'week', timeUnit: 'day', weekStartsOn: 0, calibrationEnd: '2024-02-28' });
    expect(row(sunday, 'ann')).toMatchObject({ recency: 35, T: 56 });
  });

  it('monthly grain, measured in calendar months or in days between month starts', () => {
    const months = rfmSummary(purchases, { period: 'month', calibrationEnd: '2024-02-28' });
    // ann: Jan (50 + 30 = 80), Feb (50) -> one repeat month.
    expect(months.customers).toEqual([
      { customerId: 'ann', frequency: 1, recency: 1, T: 1, monetaryValue: 50 },
      { customerId: 'bob', frequency: 0, recency: 0, T: 0, monetaryValue: 0 },
    ]);
    const days = rfmSummary(purchases, { period: 'month', timeUnit: 'day', calibrationEnd: '2024-03-31' });
    expect(row(days, 'ann')).toEqual({ customerId: 'ann', frequency: 1, recency: 31, T: 60, monetaryValue: 50 });
    expect(row(days, 'bob')).toEqual({ customerId: 'bob', frequency: 1, recency: 29, T: 29, monetaryValue: 99 });
  });

  it('periods are calendar periods of the zone: 23:30 UTC is the next day in Tokyo', () => {
    const events = [
      { customerId: 'k', timestamp: '2024-05-01T23:30:00Z' },
      { customerId: 'k', timestamp: '2024-05-02T01:00:00Z' },
    ];
    expect(row(rfmSummary(events, { period: 'day', calibrationEnd: '2024-05-10' }), 'k').frequency).toBe(1);
    const tokyo = rfmSummary(events, { period: 'day', timeZone: 'Asia/Tokyo', calibrationEnd: '2024-05-10' });
    expect(row(tokyo, 'k')).toEqual({ customerId: 'k', frequency: 0, recency: 0, T: 8, monetaryValue: 0 });
  });

  it('days across a DST change are calendar days (23- and 25-hour days count as one)', () => {
    const events = [
      { customerId: 'b', timestamp: '2024-03-30', amount: 1 },
      { customerId: 'b', timestamp: '2024-04-01', amount: 2 },
      { customerId: 'b', timestamp: '2024-10-28', amount: 3 },
    ];
    const s = rfmSummary(events, { period: 'day', timeZone: 'Europe/Berlin', calibrationEnd: '2024-11-04' });
    expect(row(s, 'b')).toEqual({ customerId: 'b', frequency: 2, recency: 212, T: 219, monetaryValue: 2.5 });
    const weeks = rfmSummary(events, { period: 'week', timeZone: 'Europe/Berlin', calibrationEnd: '2024-11-04' });
    expect(row(weeks, 'b')).toMatchObject({ frequency: 2, recency: 31, T: 32 });
  });

  it('reads columns (epoch ms, minor units) as it reads objects', () => {
    const columns = {
      customerId: purchases.map((p) => p.customerId),
      timestamp: Float64Array.from(purchases, (p) => Date.parse(p.timestamp)),
      amount: Float64Array.from(purchases, (p) => p.amount * 100),
    };
    const options: RfmSummaryOptions = { period: 'day', timeUnit: 'week', calibrationEnd: '2024-02-28' };
    expect(snapshot(rfmSummary(columns, options))).toEqual(snapshot(rfmSummary(purchases, options)));
    const mills = rfmSummary({ ...columns, amount: Float64Array.from(purchases, (p) => p.amount * 1000), amountDecimals: 3 }, options);
    expect(row(mills, 'ann').monetaryValue).toBe(40);
  });

  it('maps fields of other record shapes by name or accessor, and numeric ids are their text', () => {
    const orders = [
      { who: 7, when: Date.UTC(2024, 0, 1), total: '10.10' },
      { who: '7', when: Date.UTC(2024, 0, 8), total: '20.20' },
      { who: 7, when: Date.UTC(2024, 0, 15), total: '30.30' },
    ];
    const s = rfmSummary(orders, { period: 'day', calibrationEnd: Date.UTC(2024, 0, 31), fields: { customerId: 'who', timestamp: 'when', amount: (r: { total: string }) => r.total } });
    expect(s.customers).toEqual([{ customerId: '7', frequency: 2, recency: 14, T: 30, monetaryValue: 25.25 }]);
  });

  it('keeps purchase events only (default: events named "purchase" or unnamed), counting the others', () => {
    const events = [
      { customerId: 'a', timestamp: '2024-01-01', event: 'signup' },
      { customerId: 'a', timestamp: '2024-01-02', event: 'purchase', amount: 5 },
      { customerId: 'a', timestamp: '2024-01-09', amount: 7 },
      { customerId: 'a', timestamp: '2024-01-10', event: 'order', amount: 9 },
    ];
    const s = rfmSummary(events, { period: 'day', calibrationEnd: '2024-01-31' });
    expect(s.customers).toEqual([{ customerId: 'a', frequency: 1, recency: 7, T: 29, monetaryValue: 7 }]);
    expect(s.ignoredEvents).toBe(2);
    const orders = rfmSummary(events, { period: 'day', calibrationEnd: '2024-01-31', purchaseEvents: ['purchase', 'order'] });
    expect(orders.customers[0]).toMatchObject({ frequency: 2, monetaryValue: 8 });
  });

  it('the result is frozen, rows and columns agree, and the input is not touched', () => {
    const frozen = Object.freeze(purchases.map((p) => Object.freeze({ ...p })));
    const s = rfmSummary(frozen, { period: 'day', calibrationEnd: '2024-02-28' });
    expect(Object.isFrozen(s) && Object.isFrozen(s.customers) && Object.isFrozen(s.customers[0]) && Object.isFrozen(s.columns)).toBe(true);
    expect(Object.isFrozen(s.columns.customerId)).toBe(true);
    nonEmpty(s.customers).forEach((c, i) => {
      expect([c.customerId, c.frequency, c.recency, c.T, c.monetaryValue]).toEqual([
        s.columns.customerId[i],
        s.columns.frequency[i],
        s.columns.recency[i],
        s.columns.T[i],
        s.columns.monetaryValue[i],
      ]);
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// Goldens

describe('rfmSummary: CDNOW goldens', () => {
  const options: RfmSummaryOptions = { period: 'day', timeUnit: 'week', calibrationEnd: '1997-09-30' };
  const fromObjects = rfmSummary(cdnowSampleEvents(), options);

  it("CDNOW sample, 39 weeks to 1997-09-30: 2,357 customers, 946 repeaters, sum of x 2,457, mean zbar of repeaters 35.078 (test/fixtures/README.md, tolerance 5e-4; the 35.0786 of lifetimes' README averages the CSV's rounded zbar)", () => {
    const s = fromObjects;
    expect(s.customers.length).toBe(2357);
    const repeaters = s.customers.filter((c) => c.frequency > 0);
    expect(repeaters.length).toBe(946);
    expect(s.customers.reduce((sum, c) => sum + c.frequency, 0)).toBe(2457);
    const meanZbar = repeaters.reduce((sum, c) => sum + c.monetaryValue, 0) / repeaters.length;
    expect(Math.abs(meanZbar - 35.078)).toBeLessThan(5e-4);
    // Every row dated after 1997-09-30 is left out and counted (an independent count of the raw rows).
    expect(s.ignoredAfterCalibration).toBe(cdnowSampleEvents().filter((e) => e.timestamp > '1997-09-30').length);
    expect([s.recordsRead, s.skipped.length, s.ignoredEvents]).toEqual([6919, 0, 0]);
  });

  it('x, t_x, T equal cdnow_customers_summary.csv and cdnow_customers_summary_with_transactions.csv per customer (x exact; t_x, T, zbar to the files\' 2-decimal rounding, tolerance 0.005)', () => {
    const byId = new Map(fromObjects.customers.map((c) => [c.customerId, c]));
    const hardie = loadCdnowSummary();
    const lifetimes = loadCdnowRecencyFrequency();
    expect(hardie.id.length).toBe(2357);
    const tol = 0.005 + 1e-9;
    const worst = { recency: 0, T: 0, zbar: 0 };
    hardie.id.forEach((id, i) => {
      const c = byId.get(id);
      expect(c, `customer ${id}`).toBeDefined();
      if (c === undefined) return;
      expect(c.frequency).toBe(hardie.frequency[i]);
      expect(c.frequency).toBe(lifetimes.frequency[i]);
      worst.recency = Math.max(worst.recency, Math.abs(c.recency - (hardie.recency[i] as number)), Math.abs(c.recency - (lifetimes.recency[i] as number)));
      worst.T = Math.max(worst.T, Math.abs(c.T - (hardie.T[i] as number)), Math.abs(c.T - (lifetimes.T[i] as number)));
      worst.zbar = Math.max(worst.zbar, Math.abs(c.monetaryValue - (hardie.monetaryValue[i] as number)));
    });
    expect(worst.recency).toBeLessThanOrEqual(tol);
    expect(worst.T).toBeLessThanOrEqual(tol);
    expect(worst.zbar).toBeLessThanOrEqual(tol);
    // Customer 1 (README of lifetimes): x 2, t_x 30.43, T 38.86, zbar 22.35 = (29.73 + 14.96) / 2.
    expect(byId.get('1')).toEqual({ customerId: '1', frequency: 2, recency: 213 / 7, T: 272 / 7, monetaryValue: 22.345 });
  });

  it('the CDNOW columns (epoch ms, cents) give the same summary as the event objects', () => {
    expect(snapshot(rfmSummary(cdnowSampleColumns(), options))).toEqual(snapshot(fromObjects));
  });

  it('lifetimes README: example_transactions.csv to 2014-12-31, daily: customers 0-4 have (x, t_x, T) = (0,0,298), (0,0,224), (6,142,292), (0,0,147), (2,9,183) (exact)', () => {
    const s = rfmSummary(loadExampleTransactions(), { period: 'day', calibrationEnd: '2014-12-31' });
    expect(s.customers.length).toBe(5000);
    const head = ['0', '1', '2', '3', '4'].map((id) => {
      const c = row(s, id);
      return [c.frequency, c.recency, c.T];
    });
    expect(head).toEqual([
      [0, 0, 298],
      [0, 0, 224],
      [6, 142, 292],
      [0, 0, 147],
      [2, 9, 183],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Edge cases and bad input

describe('rfmSummary: edge cases', () => {
  const options: RfmSummaryOptions = { period: 'day', calibrationEnd: '2024-12-31' };

  it('no events, or none before the calibration end, is an empty summary (not an error)', () => {
    const empty = rfmSummary([], options);
    expect([empty.customers.length, empty.columns.T.length, empty.recordsRead]).toEqual([0, 0, 0]);
    const late = rfmSummary([{ customerId: 'a', timestamp: '2025-01-01' }], options);
    expect([late.customers.length, late.ignoredAfterCalibration]).toEqual([0, 1]);
  });

  it('awkward ids are ordinary customers, sorted in UTF-16 order', () => {
    const events = ['__proto__', 'constructor', 'toString', ' ', 'Z', 'a', 'é'].map((customerId) => ({ customerId, timestamp: '2024-06-01' }));
    expect(rfmSummary(events, options).columns.customerId).toEqual([' ', 'Z', '__proto__', 'a', 'constructor', 'toString', 'é']);
  });

  it('amounts: Decimal strings, bigints and missing amounts (0) are exact; minor-unit sums stay exact past 2^53', () => {
    const events = [
      { customerId: 'a', timestamp: '2024-01-01', amount: '0.1' },
      { customerId: 'a', timestamp: '2024-01-02', amount: '0.1' },
      { customerId: 'a', timestamp: '2024-01-02', amount: '0.2' },
      { customerId: 'a', timestamp: '2024-01-03', amount: 10n },
      { customerId: 'b', timestamp: '2024-01-03' },
      { customerId: 'b', timestamp: '2024-01-04' },
    ];
    const s = rfmSummary(events, options);
    expect(s.customers.map((c) => [c.frequency, c.monetaryValue])).toEqual([
      [2, 5.15],
      [1, 0],
    ]);
    // Whole units: day 1 holds 2^53 - 1 + 1 + 1 + 1 = 2^53 + 2. Float addition would give 2^53.
    const big = Number.MAX_SAFE_INTEGER;
    const columns = { customerId: ['a', 'a', 'a', 'a', 'a'], timestamp: [0, DAY, DAY, DAY, DAY], amount: [1, big, 1, 1, 1], amountDecimals: 0 };
    expect(rfmSummary(columns, { period: 'day', calibrationEnd: 5 * DAY }).customers[0]?.monetaryValue).toBe(2 ** 53 + 2);
  });

  it('a customer with many purchases in any order: 120 purchases on 60 days, shuffled', () => {
    // Days 0..59 after 2024-01-01, two purchases a day of 1.00 and 2.00; a fixed shuffle.
    const events = Array.from({ length: 120 }, (_, i) => ({ customerId: 'big', timestamp: Date.UTC(2024, 0, 1 + (i % 60), i < 60 ? 9 : 17), amount: i < 60 ? 1 : 2 }));
    const shuffled = events.map((e, i) => ({ e, key: (i * 7919) % 120 })).sort((a, b) => a.key - b.key).map(({ e }) => e);
    const s = rfmSummary(shuffled, { period: 'day', calibrationEnd: '2024-03-31' });
    expect(s.customers).toEqual([{ customerId: 'big', frequency: 59, recency: 59, T: 90, monetaryValue: 3 }]);
  });

  it("onInvalid 'skip' reports every bad record (index, field, reason) and keeps the good ones", () => {
    const events = [
      { customerId: 'a', timestamp: '2024-01-01' },
      { customerId: '', timestamp: '2024-01-02' },
      { customerId: 'a', timestamp: 'yesterday' },
      { customerId: 'a', timestamp: '2024-01-05', amount: -3 },
      null,
      { customerId: 'a', timestamp: '2024-01-08' },
    ];
    const s = rfmSummary(events as never, { ...options, onInvalid: 'skip' });
    expect(s.customers).toEqual([{ customerId: 'a', frequency: 1, recency: 7, T: 365, monetaryValue: 0 }]);
    expect(s.skipped.map((k) => [k.index, k.field])).toEqual([
      [1, 'events[1].customerId'],
      [2, 'events[2].timestamp'],
      [3, 'events[3].amount'],
      [4, 'events[4]'],
    ]);
    expect(s.skipped[2]?.reason).toBe('rfmSummary: events[3].amount must be non-negative (rfmSummary sums purchases for the spend model: net each refund into the order it returns, or leave refund rows out, before summarising), received -3');
    expect(s.recordsRead).toBe(6);
    const columns = { customerId: ['a', 'b', 3, ''], timestamp: [0, Number.NaN, DAY, 0], amount: [1, 2, 2.5, 0] };
    const c = rfmSummary(columns as never, { period: 'day', calibrationEnd: 10 * DAY, onInvalid: 'skip' });
    expect(c.skipped.map((k) => k.field)).toEqual(['events[1].timestamp', 'events[2].amount', 'events[3].customerId']);
  });

  it("onInvalid 'throw' (default) stops at the first bad record, naming it", () => {
    expectMetricError(() => rfmSummary([{ customerId: 'a', timestamp: '2024-01-01' }, { customerId: 'a', timestamp: 'soon' }], options), {
      fn: 'rfmSummary',
      code: 'INVALID_INPUT',
      field: 'events[1].timestamp',
    });
    expectMetricError(() => rfmSummary({ customerId: ['a'], timestamp: ['2024-01-01'] } as never, options), {
      fn: 'rfmSummary',
      code: 'INVALID_INPUT',
      field: 'events[0].timestamp',
    });
  });

  it('refuses bad options, naming the field', () => {
    const bad: [unknown, string, string?][] = [
      [{ calibrationEnd: '2024-01-01' }, 'options.period'],
      [{ period: 'day' }, 'options.calibrationEnd'],
      [{ period: 'days', calibrationEnd: 0 }, 'options.period'],
      [{ period: 'hour', calibrationEnd: 0 }, 'options.period'],
      [{ period: 'day', timeUnit: 'month', calibrationEnd: 0 }, 'options.timeUnit'],
      [{ period: 'week', timeUnit: 'month', calibrationEnd: 0 }, 'options.timeUnit'],
      [{ period: 'day', timeUnit: 'year', calibrationEnd: 0 }, 'options.timeUnit'],
      [{ period: 'day', calibrationEnd: 'never' }, 'options.calibrationEnd'],
      [{ period: 'day', calibrationEnd: 0, timeZone: 'Mars/Olympus' }, 'options.timeZone'],
      [{ period: 'day', calibrationEnd: 0, weekStartsOn: 1.5 }, 'options.weekStartsOn'],
      [{ period: 'day', calibrationEnd: 0, purchaseEvents: [] }, 'options.purchaseEvents'],
      [{ period: 'day', calibrationEnd: 0, onInvalid: 'ignore' }, 'options.onInvalid'],
      [{ period: 'day', calibrationEnd: 0, observationEnd: 1 }, 'options.observationEnd'],
      [undefined, 'options'],
    ];
    for (const [opts, field] of bad) expectMetricError(() => rfmSummary([], opts as never), { fn: 'rfmSummary', code: 'INVALID_INPUT', field });
    const message = (() => {
      try {
        rfmSummary([], { period: 'day', timeUnit: 'month', calibrationEnd: 0 });
      } catch (error) {
        return (error as MetricError).message;
      }
    })();
    expect(message).toBe(
      "rfmSummary: options.timeUnit must be 'day' or 'week' when options.period is 'day' (a month has no fixed length: measure in months only with period 'month'), received \"month\"",
    );
  });

  it('refuses inputs that are not events or columns, and inconsistent columns', () => {
    for (const input of [null, undefined, 42, 'a,b', {}, { customerId: 'a' }]) {
      expectMetricError(() => rfmSummary(input as never, { period: 'day', calibrationEnd: 0 }), { fn: 'rfmSummary', code: 'INVALID_INPUT', field: input !== null && typeof input === 'object' && 'customerId' in input ? 'events.customerId' : 'events' });
    }
    expectMetricError(() => rfmSummary({ customerId: ['a', 'b'], timestamp: [0] }, { period: 'day', calibrationEnd: 0 }), { fn: 'rfmSummary', code: 'INCONSISTENT_INPUT', field: 'events.timestamp' });
    expectMetricError(() => rfmSummary({ customerId: ['a'], timestamp: [0], amountDecimals: 16 }, { period: 'day', calibrationEnd: 0 }), { fn: 'rfmSummary', code: 'INVALID_INPUT', field: 'events.amountDecimals' });
    expectMetricError(() => rfmSummary({ customerId: ['a'], timestamp: [0], price: [1] } as never, { period: 'day', calibrationEnd: 0 }), { fn: 'rfmSummary', code: 'INVALID_INPUT', field: 'events.price' });
    expectMetricError(() => rfmSummary({ customerId: ['a'], timestamp: [0] }, { period: 'day', calibrationEnd: 0, fields: { customerId: 'id' } }), { fn: 'rfmSummary', code: 'INVALID_INPUT', field: 'options.fields' });
    expectMetricError(() => (rfmSummary as (...a: unknown[]) => unknown)([], { period: 'day', calibrationEnd: 0 }, {}), { fn: 'rfmSummary', code: 'INVALID_INPUT', field: 'arguments' });
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

/** A customer's purchase days (distinct, 0..199 after RANGE_FROM), each with 1-3 purchases (cents). */
const historyArb = fc.uniqueArray(
  fc.record({ day: fc.integer({ min: 0, max: 199 }), purchases: fc.array(fc.record({ minute: fc.integer({ min: 0, max: 1439 }), cents: fc.integer({ min: 0, max: 99_999 }) }), { minLength: 1, maxLength: 3 }) }),
  { selector: (d) => d.day, minLength: 1, maxLength: 8 },
);
const customersArb = fc.dictionary(fc.constantFrom(...ID_POOL, 'x', 'y'), historyArb, { minKeys: 1, maxKeys: 6 });
const CALIBRATION_DAY = 150;

function eventsOf(customers: Record<string, { day: number; purchases: { minute: number; cents: number }[] }[]>): GeneratedEvent[] {
  const events: GeneratedEvent[] = [];
  for (const [customerId, days] of Object.entries(customers)) {
    for (const { day, purchases } of days) {
      for (const { minute, cents } of purchases) {
        events.push({ customerId, timestamp: RANGE_FROM + day * DAY + minute * 60_000, event: 'purchase', cents, amount: (cents / 100).toFixed(2) });
      }
    }
  }
  return events;
}

const optionsArb = fc.record({
  period: fc.constantFrom('day', 'week', 'month') as fc.Arbitrary<'day' | 'week' | 'month'>,
  calibrationEnd: fc.integer({ min: RANGE_FROM, max: RANGE_TO }),
  timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
});

describe('rfmSummary: properties', () => {
  it('known answers: frequency = purchase days - 1, recency = last - first day, T = calibration day - first day, monetary = mean of the repeat days', () => {
    fc.assert(
      fc.property(customersArb, fc.boolean(), (customers, weeks) => {
        const s = rfmSummary(eventsOf(customers), { period: 'day', timeUnit: weeks ? 'week' : 'day', calibrationEnd: RANGE_FROM + CALIBRATION_DAY * DAY });
        const divisor = weeks ? 7 : 1;
        const expected = Object.entries(customers)
          .map(([customerId, history]) => {
            const days = history.filter((d) => d.day <= CALIBRATION_DAY).sort((a, b) => a.day - b.day);
            if (days.length === 0) return undefined;
            const first = days[0]!.day;
            const last = days[days.length - 1]!.day;
            const repeatCents = days.slice(1).reduce((sum, d) => sum + d.purchases.reduce((s2, p) => s2 + p.cents, 0), 0);
            return { customerId, frequency: days.length - 1, recency: (last - first) / divisor, T: (CALIBRATION_DAY - first) / divisor, monetaryValue: days.length > 1 ? repeatCents / ((days.length - 1) * 100) : 0 };
          })
          .filter((c) => c !== undefined)
          .sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
        expect(JSON.parse(JSON.stringify(s.customers))).toEqual(expected);
        const late = Object.values(customers).reduce((n, h) => n + h.filter((d) => d.day > CALIBRATION_DAY).reduce((m, d) => m + d.purchases.length, 0), 0);
        expect(s.ignoredAfterCalibration).toBe(late);
      }),
      fcOptions({ numRuns: 150 }),
    );
  });

  it('0 <= recency <= T, and frequency <= recency in periods (each repeat period is at least one period later)', () => {
    fc.assert(
      fc.property(eventsArb(), optionsArb, (events, options) => {
        const s = rfmSummary(events, options);
        for (const c of mayBeEmpty(s.customers)) {
          expect(c.recency).toBeGreaterThanOrEqual(0);
          expect(c.recency).toBeLessThanOrEqual(c.T);
          expect(c.frequency).toBeLessThanOrEqual(c.recency);
          expect(c.frequency === 0).toBe(c.recency === 0);
          expect(c.monetaryValue).toBeGreaterThanOrEqual(0);
          if (c.frequency === 0) expect(c.monetaryValue).toBe(0);
        }
        expect(s.customers.length + s.ignoredAfterCalibration).toBeLessThanOrEqual(events.length);
      }),
      fcOptions({ numRuns: 150 }),
    );
  });

  it('does not depend on the order of the events', () => {
    fc.assert(
      fc.property(
        eventsArb().chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }))),
        optionsArb,
        ([events, shuffled], options) => {
          const a = snapshot(rfmSummary(events, options));
          const b = snapshot(rfmSummary(shuffled, options));
          expect(b).toEqual(a);
        },
      ),
      fcOptions({ numRuns: 100 }),
    );
  });

  it('summaries of disjoint sets of customers concatenate to the summary of all', () => {
    fc.assert(
      fc.property(eventsArb(), fc.func(fc.integer({ min: 0, max: 2 })), optionsArb, (events, shardOf, options) => {
        const whole = rfmSummary(events, options);
        const shards = [0, 1, 2].map((k) => rfmSummary(events.filter((e) => shardOf(e.customerId) === k), options));
        const merged = shards.flatMap((s) => s.customers).sort((x, y) => (x.customerId < y.customerId ? -1 : 1));
        expect(merged).toEqual(whole.customers);
        expect(shards.reduce((n, s) => n + s.ignoredAfterCalibration, 0)).toBe(whole.ignoredAfterCalibration);
      }),
      fcOptions({ numRuns: 100 }),
    );
  });

  it('snapping: a purchase split into two in the same period changes nothing', () => {
    fc.assert(
      fc.property(eventsArb({ maxLength: 20 }).filter((e) => e.length > 0), fc.nat(), fc.nat({ max: 99_999 }), optionsArb, (events, pick, part, options) => {
        const i = pick % events.length;
        const event = events[i]!;
        const first = Math.min(part, event.cents);
        const split = [
          ...events.slice(0, i),
          { ...event, amount: (first / 100).toFixed(2) },
          { ...event, amount: ((event.cents - first) / 100).toFixed(2) },
          ...events.slice(i + 1),
        ];
        const a = snapshot(rfmSummary(events, options)) as { customers: unknown; columns: unknown };
        const b = snapshot(rfmSummary(split, options)) as { customers: unknown; columns: unknown };
        expect(b.customers).toEqual(a.customers);
        expect(b.columns).toEqual(a.columns);
      }),
      fcOptions({ numRuns: 100 }),
    );
  });

  it('columns give the same summary as objects', () => {
    fc.assert(
      fc.property(eventsArb(), optionsArb, (events, options) => {
        const columns = { customerId: events.map((e) => e.customerId), timestamp: events.map((e) => e.timestamp), amount: events.map((e) => e.cents) };
        expect(snapshot(rfmSummary(columns, options))).toEqual(snapshot(rfmSummary(events, options)));
      }),
      fcOptions({ numRuns: 100 }),
    );
  });
});
