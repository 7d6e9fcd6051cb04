/**
 * periodSummary on the column form (PeriodSummaryColumns, e.g. `parseEventsCsv(text).columns`): worked
 * examples, then bad columns and bad cells, then the property that columns and records of the same events
 * give the same summary (counts, exact revenue, KPIs, skipped rows).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CustomerEvent, MetricError, type PeriodSummary, type PeriodSummaryColumns, type PeriodSummaryOptions, parseEventsCsv, parseEventsNdjson, periodSummary } from '../../src/index.js';
import { fcOptions } from '../arbitraries/events.js';
import { expectMetricError } from '../arbitraries/exact.js';

const OCTOBER = { from: '2024-10-01', to: '2024-10-31', activity: { type: 'events', inactivityDays: 30 } } as const;

/** The comparable content of a summary: numbers, and Decimals and Rates as their exact text. */
function plain(summary: PeriodSummary): unknown {
  return {
    from: summary.from.toISOString(),
    to: summary.to.toISOString(),
    customers: summary.customers,
    orders: summary.orders,
    revenue: summary.revenue.toString(),
    interactions: summary.interactions,
    interactionDuration: summary.interactionDuration.toString(),
    kpis: Object.fromEntries(Object.entries(summary.kpis).map(([name, value]) => [name, value === null ? null : String(value)])),
    recordsRead: summary.recordsRead,
    skipped: summary.skipped.map(({ index, field }) => ({ index, field })),
  };
}

const CSV = [
  'customer_id,timestamp,event,amount,ignored',
  'a,2024-09-10T09:00:00Z,purchase,40.00,x',
  'b,2024-09-20T09:00:00Z,purchase,15.00,x',
  'a,2024-10-05T09:00:00Z,purchase,25.50,x',
  'c,2024-10-12T09:00:00Z,purchase,60.00,x',
  'c,2024-10-20T09:00:00Z,interaction,,x',
  'c,2024-10-30T09:00:00Z,purchase,19.99,x',
].join('\n');

const CSV_RECORDS: CustomerEvent[] = [
  { customerId: 'a', timestamp: '2024-09-10T09:00:00Z', amount: '40.00' },
  { customerId: 'b', timestamp: '2024-09-20T09:00:00Z', amount: '15.00' },
  { customerId: 'a', timestamp: '2024-10-05T09:00:00Z', amount: '25.50' },
  { customerId: 'c', timestamp: '2024-10-12T09:00:00Z', amount: '60.00' },
  { customerId: 'c', timestamp: '2024-10-20T09:00:00Z', event: 'interaction' },
  { customerId: 'c', timestamp: '2024-10-30T09:00:00Z', amount: '19.99' },
];

describe('periodSummary: the column form', () => {
  it('reads a CSV parsed by parseEventsCsv: October, 30-day window, amounts in cents', () => {
    const { columns } = parseEventsCsv(CSV);
    const october = periodSummary(columns, OCTOBER);
    // a and b are active at the start (September events); at the end a (Oct 5) and c; b is lost, c is new.
    const c = october.customers;
    expect([c.atStart, c.retained, c.lost, c.new, c.reactivated, c.atEnd]).toEqual([2, 1, 1, 1, 0, 2]);
    expect(october.orders).toBe(3);
    expect(october.revenue.toString()).toBe('105.49');
    expect(october.interactions).toBe(1);
    expect(october.kpis.churnRate?.toString()).toBe('1/2');
    expect(october.kpis.averageOrderValue?.toString()).toBe('35.163333333333333333333333333333333333333333333333');
    expect(october.recordsRead).toBe(6);
    expect(plain(october)).toEqual(plain(periodSummary(CSV_RECORDS, OCTOBER)));
  });

  it('reads NDJSON parsed by parseEventsNdjson, and a chunk with no event column', () => {
    const ndjson = CSV_RECORDS.map((r) => JSON.stringify({ customer_id: r.customerId, timestamp: r.timestamp, ...(r.event === undefined ? {} : { event: r.event }), ...(r.amount === undefined ? {} : { amount: Number(r.amount) }) })).join('\n');
    expect(plain(periodSummary(parseEventsNdjson(ndjson).columns, OCTOBER))).toEqual(plain(periodSummary(CSV_RECORDS, OCTOBER)));
    const noEvents = parseEventsCsv('customer_id,timestamp\na,2024-10-02T00:00:00Z\na,2024-10-03T00:00:00Z\n').columns;
    expect(noEvents.event).toBeUndefined();
    const summary = periodSummary(noEvents, OCTOBER);
    expect([summary.orders, summary.revenue.toString(), summary.customers.new]).toEqual([2, '0', 1]);
  });

  it('reads typed arrays, numeric ids and amounts in any minor unit exactly', () => {
    const columns: PeriodSummaryColumns = {
      customerId: new Int32Array([7, 7, 8]),
      timestamp: new Float64Array([Date.UTC(2024, 9, 2), Date.UTC(2024, 9, 3), Date.UTC(2024, 9, 4)]),
      event: ['purchase', 'interaction', 'purchase'],
      amount: new Float64Array([1999, 0, 1]),
      amountDecimals: 2,
      duration: [undefined as unknown as number, 90_000, 5],
    };
    const summary = periodSummary(columns, OCTOBER);
    expect(summary.revenue.toString()).toBe('20');
    expect(summary.interactionDuration.toString()).toBe('90000');
    expect(summary.kpis.averageInteractionDuration?.toString()).toBe('90000');
    expect(summary.customers.activeInPeriod).toBe(2);
    // 0.1 + 0.2 in mills, and a 15-decimal minor unit: no float rounding.
    const exact = periodSummary({ customerId: ['a', 'a', 'b'], timestamp: [Date.UTC(2024, 9, 2), Date.UTC(2024, 9, 3), Date.UTC(2024, 9, 4)], amount: [100, 200, 1], amountDecimals: 3 }, OCTOBER);
    expect(exact.revenue.toString()).toBe('0.301');
    const tiny = periodSummary({ customerId: ['a'], timestamp: [Date.UTC(2024, 9, 2)], amount: [123], amountDecimals: 15 }, OCTOBER);
    expect(tiny.revenue.toFixed()).toBe('0.000000000000123');
    const whole = periodSummary({ customerId: ['a'], timestamp: [Date.UTC(2024, 9, 2)], amount: [Number.MAX_SAFE_INTEGER], amountDecimals: 0 }, OCTOBER);
    expect(whole.revenue.toFixed()).toBe('9007199254740991');
  });

  it('reads empty columns, and leaves the columns as they were', () => {
    const summary = periodSummary({ customerId: [], timestamp: new Float64Array(0) }, OCTOBER);
    expect([summary.recordsRead, summary.orders, summary.customers.atStart]).toEqual([0, 0, 0]);
    const columns = Object.freeze({ customerId: Object.freeze(['a', 'b']), timestamp: Object.freeze([Date.UTC(2024, 9, 2), Date.UTC(2024, 9, 3)]), amount: Object.freeze([100, 250]) });
    expect(periodSummary(columns, OCTOBER).revenue.toString()).toBe('3.5');
  });
});

describe('periodSummary: bad columns', () => {
  const ctx = { fn: 'periodSummary' };
  const t = Date.UTC(2024, 9, 2);

  it('refuses columns of unequal lengths, naming the column and both lengths', () => {
    for (const name of ['timestamp', 'event', 'amount', 'duration'] as const) {
      const columns = { customerId: ['a', 'b'], timestamp: [t, t], [name]: name === 'event' ? ['purchase'] : [t] };
      const error = expectMetricError(() => periodSummary(columns as PeriodSummaryColumns, OCTOBER), { ...ctx, code: 'INCONSISTENT_INPUT', field: `events.${name}` });
      expect(error.message).toBe(`periodSummary: events.${name} must be as long as events.customerId (2), received 1`);
    }
  });

  it('refuses a string or Date timestamp in the column form as a bad record (throw or skip)', () => {
    const columns = { customerId: ['a', 'b', 'c'], timestamp: [t, '2024-10-03T00:00:00Z', new Date(t)], amount: [100, 200, 300] } as unknown as PeriodSummaryColumns;
    const error = expectMetricError(() => periodSummary(columns, OCTOBER), { ...ctx, code: 'INVALID_INPUT', field: 'events[1].timestamp' });
    expect(error.message).toContain('epoch milliseconds (a number) in the column form, received "2024-10-03T00:00:00Z"');
    const skipped = periodSummary(columns, { ...OCTOBER, onInvalid: 'skip' });
    expect(skipped.skipped.map(({ index, field }) => [index, field])).toEqual([
      [1, 'events[1].timestamp'],
      [2, 'events[2].timestamp'],
    ]);
    expect([skipped.recordsRead, skipped.orders, skipped.revenue.toString()]).toEqual([3, 1, '1']);
  });

  it('refuses amounts that are not whole minor units, and bad durations', () => {
    for (const [amount, shown] of [[1.5, '1.5'], [-100.5, '-100.5'], ['100', '"100"'], [2 ** 53, '9007199254740992']] as const) {
      const error = expectMetricError(() => periodSummary({ customerId: ['a'], timestamp: [t], amount: [amount as number] }, OCTOBER), { ...ctx, code: 'INVALID_INPUT', field: 'events[0].amount' });
      expect(error.message).toBe(`periodSummary: events[0].amount must be a whole number of minor units (negative for a refund), received ${shown}`);
    }
    expectMetricError(() => periodSummary({ customerId: ['a'], timestamp: [t], event: ['interaction'], duration: [-1] }, OCTOBER), { ...ctx, code: 'INVALID_INPUT', field: 'events[0].duration' });
    expectMetricError(() => periodSummary({ customerId: ['a', ''], timestamp: [t, 'x' as never] }, OCTOBER), { ...ctx, code: 'INVALID_INPUT', field: 'events[1].customerId' });
    expectMetricError(() => periodSummary({ customerId: ['a'], timestamp: [Number.NaN] }, OCTOBER), { ...ctx, code: 'INVALID_INPUT', field: 'events[0].timestamp' });
  });

  it('refuses fields with columns (field mapping is for records)', () => {
    const error = expectMetricError(() => periodSummary({ customerId: ['a'], timestamp: [t] }, { ...OCTOBER, fields: { customerId: 'user' } }), { ...ctx, code: 'INVALID_INPUT', field: 'options.fields' });
    expect(error.message).toContain('left out with columns');
  });

  it('refuses unknown columns, non-array columns, bad amountDecimals and objects that are neither form', () => {
    expectMetricError(() => periodSummary({ customerId: ['a'], timestamp: [t], amounts: [1] } as never, OCTOBER), { ...ctx, code: 'INVALID_INPUT', field: 'events.amounts' });
    expectMetricError(() => periodSummary({ customerId: 'a', timestamp: [t] } as never, OCTOBER), { ...ctx, code: 'INVALID_INPUT', field: 'events.customerId' });
    expectMetricError(() => periodSummary({ customerId: ['a'], timestamp: new DataView(new ArrayBuffer(8)) } as never, OCTOBER), { ...ctx, code: 'INVALID_INPUT', field: 'events.timestamp' });
    expectMetricError(() => periodSummary({ customerId: ['a'] } as never, OCTOBER), { ...ctx, code: 'INVALID_INPUT', field: 'events.timestamp' });
    expectMetricError(() => periodSummary({ customerId: ['a'], timestamp: [t], amountDecimals: 16 }, OCTOBER), { ...ctx, code: 'INVALID_INPUT', field: 'events.amountDecimals' });
    expectMetricError(() => periodSummary({ customerId: ['a'], timestamp: [t], amountDecimals: 1.5 }, OCTOBER), { ...ctx, code: 'INVALID_INPUT', field: 'events.amountDecimals' });
    const error = expectMetricError(() => periodSummary({ rows: [] } as never, OCTOBER), { ...ctx, code: 'INVALID_INPUT', field: 'events' });
    expect(error.message).toContain('an iterable of events or an object of parallel columns');
  });
});

// ---------------------------------------------------------------------------------------------------
// Property: columns and records of the same events give the same summary.

interface Row {
  readonly customerId: string | number;
  readonly ms: number;
  readonly event: string | undefined;
  readonly minor: number | undefined;
  readonly duration: number | undefined;
  /** How the record form writes the timestamp and the amount. */
  readonly timeAs: 'number' | 'date' | 'iso';
  readonly amountAs: 'number' | 'string';
}

const START = Date.UTC(2024, 9, 1);
const DAY = 86_400_000;

const rowArb: fc.Arbitrary<Row> = fc.record({
  // Mostly valid rows; '', NaN, '' event, negative amounts and durations are bad in both forms.
  customerId: fc.oneof({ weight: 40, arbitrary: fc.constantFrom('a', 'b', 'c', '__proto__', '42', 42, 7) }, { weight: 1, arbitrary: fc.constant('') }),
  ms: fc.oneof({ weight: 40, arbitrary: fc.integer({ min: START - 60 * DAY, max: START + 35 * DAY }) }, { weight: 1, arbitrary: fc.constant(Number.NaN) }),
  event: fc.oneof({ weight: 40, arbitrary: fc.constantFrom(undefined, 'purchase', 'interaction', 'visit') }, { weight: 1, arbitrary: fc.constant('') }),
  minor: fc.oneof({ weight: 40, arbitrary: fc.option(fc.nat({ max: 10_000_000 }), { nil: undefined }) }, { weight: 1, arbitrary: fc.constant(-5) }),
  duration: fc.oneof({ weight: 40, arbitrary: fc.option(fc.nat({ max: 3_600_000 }), { nil: undefined }) }, { weight: 1, arbitrary: fc.constant(-1) }),
  timeAs: fc.constantFrom('number', 'date', 'iso'),
  amountAs: fc.constantFrom('number', 'string'),
});

/** `minor` units of 10^-decimals as decimal text (what the record form is given as a string). */
function decimalText(minor: number, decimals: number): string {
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(decimals + 1, '0');
  return decimals === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

function toRecord(row: Row, decimals: number): Record<string, unknown> {
  const record: Record<string, unknown> = { customerId: row.customerId };
  record.timestamp = Number.isNaN(row.ms) || row.timeAs === 'number' ? row.ms : row.timeAs === 'date' ? new Date(row.ms) : new Date(row.ms).toISOString();
  if (row.event !== undefined) record.event = row.event;
  if (row.minor !== undefined) record.amount = row.amountAs === 'number' ? row.minor / 10 ** decimals : decimalText(row.minor, decimals);
  if (row.duration !== undefined) record.duration = row.duration;
  return record;
}

function toColumns(rows: readonly Row[], decimals: number, typed: boolean): PeriodSummaryColumns {
  const hasAmounts = rows.some((r) => r.minor !== undefined);
  const hasEvents = rows.some((r) => r.event !== undefined);
  const hasDurations = rows.some((r) => r.duration !== undefined);
  return {
    customerId: rows.map((r) => r.customerId),
    timestamp: typed ? Float64Array.from(rows, (r) => r.ms) : rows.map((r) => r.ms),
    ...(hasEvents ? { event: rows.map((r) => r.event) as string[] } : {}),
    // A typed amount column has no "no amount": 0 stands for it (the same revenue).
    ...(hasAmounts ? { amount: typed ? Float64Array.from(rows, (r) => r.minor ?? 0) : (rows.map((r) => r.minor) as number[]) } : {}),
    ...(hasDurations ? { duration: rows.map((r) => r.duration) as number[] } : {}),
    amountDecimals: decimals,
  };
}

/** The summary, or the code and field of the MetricError thrown. */
function outcome(call: () => PeriodSummary): unknown {
  try {
    return plain(call());
  } catch (error) {
    if (!(error instanceof MetricError)) throw error;
    return { code: error.code, field: error.field };
  }
}

describe('periodSummary: columns and records agree', () => {
  it('property: the same events as records and as columns give deep-equal summaries (counts, revenue, KPIs, skipped)', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 30 }),
        fc.integer({ min: 0, max: 4 }),
        fc.boolean(),
        fc.record({
          inactivityDays: fc.integer({ min: 1, max: 90 }),
          onInvalid: fc.constantFrom('throw', 'skip'),
          purchaseEvents: fc.constantFrom(['purchase'], ['purchase', 'visit']),
          qualifying: fc.constantFrom(undefined, ['purchase']),
        }),
        (rows, decimals, typed, o) => {
          const options: PeriodSummaryOptions = {
            from: '2024-10-01',
            to: '2024-10-31',
            activity: { type: 'events', inactivityDays: o.inactivityDays, ...(o.qualifying === undefined ? {} : { events: o.qualifying }) },
            purchaseEvents: o.purchaseEvents,
            onInvalid: o.onInvalid,
          };
          const fromRecords = outcome(() => periodSummary(rows.map((row) => toRecord(row, decimals)), options));
          const fromColumns = outcome(() => periodSummary(toColumns(rows, decimals, typed), options));
          expect(fromColumns).toEqual(fromRecords);
        },
      ),
      fcOptions({ numRuns: 150 }),
    );
  });
});
