/**
 * The bounds of CohortBuilder (issue 10, A1 and B8): instants near the ends of the ECMAScript time range
 * (±8.64e15 ms), and tables too large to hold.
 *
 * A1: an instant is accepted when its period (in the builder's unit and zone) and that period's end lie
 * inside the time range (`supportedRange`); any other is refused with a MetricError on its timestamp,
 * before the builder changes (under `onInvalid: 'skip'` it is reported in `skipped`).
 * B8: a table of more than MAX_CELLS cells (rows × columns) is refused before anything of its size is
 * allocated, with a message naming its size and how to narrow it. Hourly periods over two years (17,521²
 * cells) used to end Node with an out-of-memory abort, and one year took 21 s and 2.8 GB: these tests
 * would crash or run far past vitest's timeout without the bound, and take milliseconds with it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortBuilder, type CohortBuilderJSON, MetricError } from '../../src/index.js';
import { type Calendar, nextPeriodStart, PERIOD_UNITS, type PeriodUnit, periodStart, supportedRange } from '../../src/core/_periods.js';
import { MAX_CELLS } from '../../src/cohort/_buildTable.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';

const EDGE = 8.64e15;
const DAY = 86_400_000;
const zones = ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
const calendar = (unit: PeriodUnit, timeZone = 'UTC'): Calendar => ({ unit, timeZone, weekStartsOn: 1 });

/** A table's periods are real instants with labels: what a table near the edges must still have. */
function expectSaneTable(builder: CohortBuilder, options?: { from: number; to: number }): void {
  const table = builder.build(options);
  expect(table.cohorts.length).toBeGreaterThan(0);
  for (const cohort of table.cohorts) {
    expect(Number.isFinite(cohort.start.getTime())).toBe(true);
    expect(Number.isFinite(cohort.end.getTime())).toBe(true);
    expect(cohort.start.getTime()).toBeLessThan(cohort.end.getTime());
    expect(cohort.label).not.toMatch(/NaN|undefined/);
  }
}

// ---------------------------------------------------------------------------------------------------
// Examples

describe('A1: instants at the ends of the time range', () => {
  it('A1: a first event at 8.64e15 (year, month, day) is refused with a MetricError, even under onInvalid skip, and the builder keeps working', () => {
    for (const period of ['year', 'month', 'day'] as const) {
      const thrower = new CohortBuilder({ period });
      expectMetricError(() => thrower.add({ customerId: 'a', timestamp: EDGE }), { fn: 'CohortBuilder.add', code: 'INVALID_INPUT', field: 'events[0].timestamp' });
      expect(thrower.customerCount).toBe(0);
      thrower.add({ customerId: 'b', timestamp: '2024-03-05T10:00:00Z' });
      expect(thrower.build().counts()).toEqual([[1]]);

      const skipper = new CohortBuilder({ period, onInvalid: 'skip' });
      skipper.add({ customerId: 'a', timestamp: EDGE });
      expect(skipper.customerCount).toBe(0);
      expect(skipper.toJSON().customers).toEqual([]);
      expect(skipper.skipped.map((s) => s.field)).toEqual(['events[0].timestamp']);
      expect(skipper.skipped[0]!.reason).toMatch(/inside the ECMAScript time range/);
      // Before the fix every later add threw (the first one had left a record with no customer).
      skipper.add({ customerId: 'b', timestamp: '2024-03-05T10:00:00Z' });
      expect(skipper.build().counts()).toEqual([[1]]);
    }
  });

  it('A1: the message names the supported range of the unit', () => {
    const error = expectMetricError(() => new CohortBuilder({ period: 'year' }).add({ customerId: 'a', timestamp: -EDGE }), {
      fn: 'CohortBuilder.add',
      code: 'INVALID_INPUT',
      field: 'events[0].timestamp',
    });
    expect(error.message).toBe(
      'CohortBuilder.add: events[0].timestamp must be an instant from -271820-01-01T00:00:00.000Z to +275759-12-31T23:59:59.999Z (its year period inside the ECMAScript time range), received "-271821-04-20T00:00:00.000Z"',
    );
  });

  it('A1: the first and last supported instants build, in every unit and zone; one millisecond past them is refused', () => {
    for (const timeZone of zones) {
      for (const period of PERIOD_UNITS) {
        const [first, last] = supportedRange(calendar(period, timeZone));
        const builder = new CohortBuilder({ period, timeZone });
        builder.add({ customerId: 'low', timestamp: first }).add({ customerId: 'high', timestamp: last });
        expectSaneTable(builder, { from: first, to: first });
        expectSaneTable(builder, { from: last, to: last });
        for (const outside of [first - 1, last + 1]) {
          expectMetricError(() => builder.add({ customerId: 'x', timestamp: outside }), { fn: 'CohortBuilder.add', code: 'INVALID_INPUT', field: `events[${builder.recordsAdded}].timestamp` });
          expectMetricError(() => builder.build({ from: outside, to: outside }), { fn: 'CohortBuilder.build', code: 'INVALID_INPUT', field: 'options.from' });
        }
        expectMetricError(() => builder.build({ from: last, to: last + 1 }), { fn: 'CohortBuilder.build', code: 'INVALID_INPUT', field: 'options.to' });
      }
    }
  });

  it('A1: rolling builders near the edges', () => {
    const [first, last] = supportedRange(calendar('day'));
    const builder = new CohortBuilder({ period: 'day', timeWindow: 'rolling' });
    builder.add({ customerId: 'a', timestamp: last - 3 * DAY }).add({ customerId: 'a', timestamp: last });
    expect(builder.build().counts()).toEqual([
      [1, 0, 0, 1],
      [0, 0, 0, null],
      [0, 0, null, null],
      [0, null, null, null],
    ]);
    expectMetricError(() => builder.add({ customerId: 'b', timestamp: EDGE }), { fn: 'CohortBuilder.add', code: 'INVALID_INPUT', field: 'events[2].timestamp' });
    expect(new CohortBuilder({ period: 'day', timeWindow: 'rolling' }).add({ customerId: 'a', timestamp: first }).build().counts()).toEqual([[1]]);
  });
});

describe('B8: tables too large to hold are refused before they are allocated', () => {
  it('B8: two hourly events two years apart are refused with a MetricError naming the size', () => {
    const builder = new CohortBuilder({ period: 'hour' });
    builder.add({ customerId: 'a', timestamp: '2023-01-01T00:00:00Z' }).add({ customerId: 'a', timestamp: '2025-01-01T00:00:00Z' });
    const error = expectMetricError(() => builder.build(), { fn: 'CohortBuilder.build', code: 'INVALID_INPUT', field: 'options.to' });
    expect(error.message).toContain(`at most ${MAX_CELLS} cells`);
    expect(error.message).toContain('17545 hour periods (rows) × 17545 columns = 307827025 cells');
    expect(error.message).toMatch(/coarser period.*options\.from.*options\.to.*brackets/);
    // The same range with a few brackets of columns builds.
    const table = builder.build({ returnRule: { brackets: [1, 24, 168] } });
    expect(table.cohorts.length).toBe(17545);
    expect(table.counts()[0]).toEqual([1, 0, 0, 1]);
  });

  it('B8: one year of hours, and days from 1970 to 2024, are refused', () => {
    const hours = new CohortBuilder({ period: 'hour' }).add({ customerId: 'a', timestamp: '2024-01-01T00:00:00Z' }).add({ customerId: 'b', timestamp: '2024-12-31T23:00:00Z' });
    expectMetricError(() => hours.build(), { fn: 'CohortBuilder.build', code: 'INVALID_INPUT', field: 'options.to' });
    const days = new CohortBuilder({ period: 'day' }).add({ customerId: 'a', timestamp: 0 }).add({ customerId: 'b', timestamp: '2024-01-01T00:00:00Z' });
    const error = expectMetricError(() => days.build(), { fn: 'CohortBuilder.build', code: 'INVALID_INPUT', field: 'options.to' });
    expect(error.message).toContain('19724 day periods (rows) × 19724 columns = 389036176 cells');
    const rolling = new CohortBuilder({ period: 'day', timeWindow: 'rolling' }).add({ customerId: 'a', timestamp: 0 }).add({ customerId: 'b', timestamp: '2024-01-01T00:00:00Z' });
    expectMetricError(() => rolling.build(), { fn: 'CohortBuilder.build', code: 'INVALID_INPUT', field: 'options.to' });
    // Narrowed with to, it builds.
    expect(days.build({ to: '1970-01-10' }).cohorts.length).toBe(10);
  });

  it('B8: a table of exactly MAX_CELLS cells builds (2,236 daily cohorts; 2,236² <= 5,000,000 < 2,237²)', () => {
    const n = Math.floor(Math.sqrt(MAX_CELLS));
    const builder = new CohortBuilder({ period: 'day' });
    builder.add({ customerId: 'a', timestamp: 0 }).add({ customerId: 'a', timestamp: (n - 1) * DAY });
    const table = builder.build();
    expect(table.cohorts.length).toBe(n);
    expect(table.counts()[0]![n - 1]).toBe(1);
    builder.add({ customerId: 'b', timestamp: n * DAY });
    expectMetricError(() => builder.build(), { fn: 'CohortBuilder.build', code: 'INVALID_INPUT', field: 'options.to' });
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

/** The n-th period start after the one containing `from`. */
function nthStart(cal: Calendar, from: number, n: number): number {
  let s = periodStart(from, cal);
  for (let k = 0; k < n; k++) s = nextPeriodStart(s, cal);
  return s;
}

describe('B8: size sweep over units, zones, windows and return rules', () => {
  const limit = Math.floor(Math.sqrt(MAX_CELLS));
  it('B8: rows x columns just past MAX_CELLS is refused at once in every unit; a smaller table of the same unit builds', () => {
    for (const timeZone of ['UTC', 'Australia/Lord_Howe']) {
      for (const period of PERIOD_UNITS) {
        for (const timeWindow of ['calendar', 'rolling'] as const) {
          const cal = calendar(period, timeZone);
          const from = nthStart(cal, Date.UTC(1990, 0, 1), 0);
          const builder = new CohortBuilder({ period, timeZone, timeWindow });
          builder.add({ customerId: 'a', timestamp: from }).add({ customerId: 'a', timestamp: from + 1 });
          // limit + 1 rows: the grid runs to the start of period `limit` (inclusive).
          const past = nthStart(cal, from, limit);
          const error = expectMetricError(() => builder.build({ from, to: past }), { fn: 'CohortBuilder.build', code: 'INVALID_INPUT', field: 'options.to' });
          expect(error.message).toMatch(/\d+ \w+ periods \(rows\) × \d+ columns = \d+ cells/);
          const small = builder.build({ from, to: nthStart(cal, from, 40) });
          expect(small.cohorts.length).toBe(41);
          expect(small.cohorts.length * small.columns.length).toBeLessThanOrEqual(MAX_CELLS);
          // Brackets make the same long range small.
          expect(builder.build({ from, to: past, returnRule: { brackets: [1, 2] } }).cohorts.length).toBe(limit + 1);
        }
      }
    }
  });

  it('B8: with brackets, rows x columns just past MAX_CELLS is refused; rows past MAX_PERIODS too', () => {
    for (const columns of [51, 64, 100, 1000]) {
      const brackets = Array.from({ length: columns - 1 }, (_, k) => k + 1);
      const rows = Math.floor(MAX_CELLS / columns) + 1;
      const builder = new CohortBuilder({ period: 'hour' }).add({ customerId: 'a', timestamp: 0 });
      const error = expectMetricError(() => builder.build({ from: 0, to: (rows - 1) * 3_600_000, returnRule: { brackets } }), {
        fn: 'CohortBuilder.build',
        code: 'INVALID_INPUT',
        field: 'options.to',
      });
      expect(error.message).toContain(`${rows} hour periods (rows) × ${columns} columns = ${rows * columns} cells`);
    }
    const builder = new CohortBuilder({ period: 'hour' }).add({ customerId: 'a', timestamp: 0 });
    expectMetricError(() => builder.build({ from: 0, to: 100_000 * 3_600_000, returnRule: { brackets: [1] } }), { fn: 'CohortBuilder.build', code: 'INVALID_INPUT', field: 'options.to' });
  });
});

/** Instants across the whole range, biased to both ends (within 40 years, to the millisecond). */
const nearEdge = fc.tuple(fc.nat({ max: 40 * 366 * 24 }), fc.nat({ max: 3_599_999 })).map(([hours, ms]) => hours * 3_600_000 + ms);
const anyInstant = fc.oneof(
  { weight: 3, arbitrary: nearEdge.map((d) => EDGE - d) },
  { weight: 3, arbitrary: nearEdge.map((d) => -EDGE + d) },
  { weight: 1, arbitrary: fc.constantFrom(EDGE, -EDGE, EDGE - 1, -EDGE + 1, 0) },
  { weight: 2, arbitrary: fc.double({ min: -EDGE, max: EDGE, noNaN: true }).map((x) => Math.round(x) + 0) },
);

type Way = 'add' | 'addAll' | 'addColumns' | 'date' | 'iso';

function addBy(builder: CohortBuilder, way: Way, ms: number): void {
  const id = 'p';
  if (way === 'add') builder.add({ customerId: id, timestamp: ms, amount: 1 });
  else if (way === 'addAll') builder.addAll([{ customerId: id, timestamp: ms, amount: 1 }]);
  else if (way === 'addColumns') builder.addColumns({ customerId: [id], timestamp: Float64Array.of(ms), amount: [100] });
  else if (way === 'date') builder.add({ customerId: id, timestamp: new Date(ms) });
  else builder.add({ customerId: id, timestamp: new Date(ms).toISOString() });
}

/** What a refused record may not change (recordsAdded counts it; skip mode reports it). */
function state(json: CohortBuilderJSON): unknown {
  return { customers: json.customers, range: json.range, ignoredRecords: json.ignoredRecords, options: json.options };
}

describe('A1: any instant of the range, every unit, zone and way in', () => {
  it('A1: accepted (and then a table of its period builds) or refused with a MetricError, the builder unchanged', () => {
    fc.assert(
      fc.property(
        anyInstant,
        fc.constantFrom(...PERIOD_UNITS),
        fc.constantFrom(...zones),
        fc.constantFrom<Way>('add', 'addAll', 'addColumns', 'date', 'iso'),
        fc.constantFrom('throw' as const, 'skip' as const),
        fc.boolean(),
        (ms, period, timeZone, way, onInvalid, rolling) => {
          const builder = new CohortBuilder({ period, timeZone, onInvalid, ...(rolling ? { timeWindow: 'rolling' as const } : {}) });
          builder.add({ customerId: 'base', timestamp: 0 });
          const before = builder.toJSON();
          let refused: unknown;
          try {
            addBy(builder, way, ms);
          } catch (error) {
            refused = error;
          }
          const after = builder.toJSON();
          const [first, last] = supportedRange(calendar(period, timeZone));
          if (refused !== undefined || after.skipped.length > before.skipped.length) {
            if (refused !== undefined) {
              expect(refused).toBeInstanceOf(MetricError);
              expect(onInvalid).toBe('throw');
            }
            expect(state(after)).toEqual(state(before));
            expect(after.recordsAdded).toBe(before.recordsAdded + 1);
            // The numeric ways are refused exactly outside the supported range.
            if (way !== 'iso') expect(ms >= first && ms <= last).toBe(false);
          } else {
            expect(ms >= first && ms <= last).toBe(true);
            expect(builder.customerCount).toBe(2);
            expectSaneTable(builder, { from: ms, to: ms });
          }
          // The builder keeps working either way.
          builder.add({ customerId: 'later', timestamp: 1 });
          expectSaneTable(builder, { from: 0, to: 1 });
        },
      ),
      fcOptions({ numRuns: 300 }),
    );
  });
});
