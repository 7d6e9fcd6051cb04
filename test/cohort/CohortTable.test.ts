/**
 * CohortTable: a hand-worked censored table (incomplete flags, nulls, retention, churn, mean, revenue,
 * repeat purchase, long and JSON forms), then the table's invariants as properties over generated
 * event sets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortBuilder, type CohortBuildOptions, type CohortTable, Rate } from '../../src/index.js';
import { eventsArb, fcOptions, type GeneratedEvent, RANGE_FROM, RANGE_TO } from '../arbitraries/events.js';
import { fractionOf } from '../arbitraries/exact.js';

function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b);
}

/** A rate as its reduced exact fraction "n/d" (null stays null). */
function frac(rate: Rate | null): string | null {
  if (rate === null) return null;
  const { n, d } = fractionOf(rate);
  const g = gcd(n, d) || 1n;
  return `${n / g}/${d / g}`;
}

// ---------------------------------------------------------------------------------------------------
// Documenting example: censoring with `to` in the middle of March

describe('CohortTable: a censored monthly table', () => {
  // Monthly, UTC, observed 2024-01-01 .. 2024-03-15 (March is incomplete).
  // a: Jan 3 (10), Feb 3 (10), Mar 3 (10). b: Jan 20 (5), Mar 10 (5). c: Feb 14 (7). d: Mar 1 (1).
  const events = [
    { customerId: 'a', timestamp: '2024-01-03T00:00:00Z', amount: 10 },
    { customerId: 'a', timestamp: '2024-02-03T00:00:00Z', amount: 10 },
    { customerId: 'a', timestamp: '2024-03-03T00:00:00Z', amount: 10 },
    { customerId: 'b', timestamp: '2024-01-20T00:00:00Z', amount: 5 },
    { customerId: 'b', timestamp: '2024-03-10T00:00:00Z', amount: 5 },
    { customerId: 'c', timestamp: '2024-02-14T00:00:00Z', amount: 7 },
    { customerId: 'd', timestamp: '2024-03-01T00:00:00Z', amount: 1 },
  ];
  const range = { from: '2024-01-01T00:00:00Z', to: '2024-03-15T00:00:00Z' };
  const table = new CohortBuilder().addAll(events).build(range);

  it('rows, sizes, counts and nulls after the end of observation', () => {
    expect(table.cohorts.map((c) => [c.label, c.start.toISOString(), c.end.toISOString(), c.size])).toEqual([
      ['2024-01', '2024-01-01T00:00:00.000Z', '2024-02-01T00:00:00.000Z', 2],
      ['2024-02', '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z', 1],
      ['2024-03', '2024-03-01T00:00:00.000Z', '2024-04-01T00:00:00.000Z', 1],
    ]);
    expect(table.counts()).toEqual([
      [2, 1, 2], // Jan {a, b}: Feb a; Mar a, b
      [1, 0, null], // Feb {c}
      [1, null, null], // Mar {d}
    ]);
  });

  it('incomplete: the cells in March, which had not ended on the 15th', () => {
    expect(table.incomplete()).toEqual([
      [false, false, true],
      [false, true, false],
      [true, false, false],
    ]);
    // `to` at the last millisecond of March: nothing is incomplete.
    const complete = new CohortBuilder().addAll(events).build({ ...range, to: '2024-03-31T23:59:59.999Z' });
    expect(complete.incomplete().flat().some(Boolean)).toBe(false);
    // Brackets [1]: the open-ended column reaches March in every row where it exists.
    const brackets = new CohortBuilder().addAll(events).build({ ...range, returnRule: { brackets: [1] } });
    expect(brackets.counts()).toEqual([
      [2, 2],
      [1, 0],
      [1, null],
    ]);
    expect(brackets.incomplete()).toEqual([
      [false, true],
      [false, true],
      [true, false],
    ]);
  });

  it('retention (exact count / size), previous-column retention and churn', () => {
    expect(table.retention().map((row) => row.map(frac))).toEqual([
      ['1/1', '1/2', '1/1'],
      ['1/1', '0/1', null],
      ['1/1', null, null],
    ]);
    expect(table.retention({ reference: 'previous' }).map((row) => row.map(frac))).toEqual([
      [null, '1/2', '2/1'], // 'on' can exceed 1 against the previous column
      [null, '0/1', null],
      [null, null, null],
    ]);
    expect(table.churn().map((row) => row.map(frac))).toEqual([
      ['0/1', '1/2', '0/1'],
      ['0/1', '1/1', null],
      ['0/1', null, null],
    ]);
  });

  it('mean: over existing, complete, non-empty cells', () => {
    // Column 0: Jan and Feb (March incomplete) -> 3/3. Column 1: Jan only (Feb's is incomplete) -> 1/2.
    expect(table.mean().map(frac)).toEqual(['1/1', '1/2', null]);
    expect(table.mean({ weighting: 'simple' }).map(frac)).toEqual(['1/1', '1/2', null]);
    // Weighted and simple differ with unequal sizes: add to February e (never returns) and f (back in
    // March), and observe to the end of March: column 1 = Jan 1/2, Feb 1/3; column 2 = Jan 2/2.
    const more = new CohortBuilder()
      .addAll(events)
      .addAll([
        { customerId: 'e', timestamp: '2024-02-20T00:00:00Z' },
        { customerId: 'f', timestamp: '2024-02-21T00:00:00Z' },
        { customerId: 'f', timestamp: '2024-03-21T00:00:00Z' },
      ])
      .build({ from: range.from, to: '2024-03-31T23:59:59.999Z' });
    expect(more.counts()[1]).toEqual([3, 1, null]);
    expect(more.mean().map(frac)).toEqual(['1/1', '2/5', '1/1']); // column 1: (1 + 1) / (2 + 3)
    expect(more.mean({ weighting: 'simple' }).map(frac)).toEqual(['1/1', '5/12', '1/1']); // (1/2 + 1/3) / 2
  });

  it('revenue, revenue per customer and its running total', () => {
    const text = (rows: readonly (readonly ({ toFixed(): string } | null)[])[]): (string | null)[][] => rows.map((row) => row.map((d) => (d === null ? null : d.toFixed())));
    expect(text(table.revenue())).toEqual([
      ['15', '10', '15'], // Jan: a 10 + b 5; Feb: a 10; Mar: a 10 + b 5
      ['7', '0', null],
      ['1', null, null],
    ]);
    expect(text(table.averageRevenuePerCustomer())).toEqual([
      ['7.5', '5', '7.5'],
      ['7', '0', null],
      ['1', null, null],
    ]);
    expect(text(table.cumulativeRevenuePerCustomer())).toEqual([
      ['7.5', '12.5', '20'],
      ['7', '7', null],
      ['1', null, null],
    ]);
  });

  it('repeatPurchaseRate per cohort: members with >= 2 return events in the observed periods', () => {
    // Jan: a (3), b (2) -> 2/2. Feb: c (1) -> 0/1. Mar: d (1) -> 0/1.
    expect(table.repeatPurchaseRate().map(frac)).toEqual(['1/1', '0/1', '0/1']);
  });

  it('toRows and toJSON', () => {
    const rows = table.toRows();
    expect(rows).toHaveLength(6);
    expect(rows[2]).toEqual({ cohort: '2024-01', offset: 2, size: 2, count: 2, retention: 1, revenue: '15', incomplete: true });
    expect(JSON.parse(JSON.stringify(table))).toEqual({
      calendar: { unit: 'month', timeZone: 'UTC', weekStartsOn: 1 },
      returnRule: 'on',
      observedTo: '2024-03-15T00:00:00.000Z',
      columns: [0, 1, 2],
      cohorts: table.cohorts.map((c) => ({ label: c.label, start: c.start.toISOString(), end: c.end.toISOString(), size: c.size })),
      counts: table.counts(),
      revenue: [
        ['15', '10', '15'],
        ['7', '0', null],
        ['1', null, null],
      ],
      incomplete: table.incomplete(),
    });
  });

  it('returns fresh arrays: callers cannot change the table', () => {
    table.counts()[0]![0] = 99;
    table.incomplete()[0]![0] = true;
    expect(table.counts()[0]![0]).toBe(2);
    expect(table.incomplete()[0]![0]).toBe(false);
  });

  // By design, [from, to] selects whole periods: events inside the first and last periods count even when
  // they fall before `from` or after `to` (documented on CohortBuilder.build).
  it('from and to select whole periods', () => {
    const late = new CohortBuilder()
      .addAll(events)
      .addAll([{ customerId: 'e', timestamp: '2024-03-20T00:00:00Z' }])
      .build(range);
    expect(late.counts()[2]![0]).toBe((table.counts()[2]![0] as number) + 1);
  });

  // Under 'onOrAfter', cell k counts returns in offsets k..last, so every cell with k >= 1 depends on the
  // incomplete last period and is flagged.
  it("'onOrAfter': every cell that includes the incomplete last period is flagged", () => {
    const t = new CohortBuilder()
      .addAll([
        { customerId: 'a', timestamp: '2024-01-05T00:00:00Z' },
        { customerId: 'a', timestamp: '2024-03-05T00:00:00Z' },
        { customerId: 'b', timestamp: '2024-01-05T00:00:00Z' },
      ])
      .build({ to: '2024-03-10T00:00:00Z', returnRule: 'onOrAfter' });
    expect(t.counts()).toEqual([
      [2, 1, 1],
      [0, 0, null],
      [0, null, null],
    ]);
    expect(t.incomplete()).toEqual([
      [false, true, true],
      [false, true, false],
      [true, false, false],
    ]);
  });

  // REGRESSION (fixed in src, pinned here) (src/cohort/CohortTable.ts mean): the simple mean divided the
  // sum of the row retentions through Rate.of, whose parts must stay within 1e30, and the sum's denominator
  // is the lcm of the cohort sizes: 26 cohorts of the primes 2..101 (product 2.3e36) threw a MetricError
  // from 'Rate.of' instead of returning the mean.
  it("mean({ weighting: 'simple' }) stays exact when the cohort sizes' lcm exceeds 1e30", () => {
    const primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101];
    const events = primes.flatMap((size, i) => [
      ...Array.from({ length: size }, (_, j) => ({ customerId: `${i}-${j}`, timestamp: Date.UTC(2022, i, 2) })),
      { customerId: `${i}-0`, timestamp: Date.UTC(2022, i + 1, 2) }, // one of each cohort returns the next month
    ]);
    const t = new CohortBuilder().addAll(events).build({ from: Date.UTC(2022, 0, 1), to: Date.UTC(2022, primes.length + 1, 1) - 1 });
    const product = primes.reduce((p, q) => p * BigInt(q), 1n);
    const sumOfShares = primes.reduce((sum, q) => sum + product / BigInt(q), 0n); // Σ 1/p over the product
    const g = gcd(sumOfShares, product * BigInt(primes.length));
    expect(frac(t.mean({ weighting: 'simple' })[1] ?? null)).toBe(`${sumOfShares / g}/${(product * BigInt(primes.length)) / g}`);
    expect(frac(t.mean()[1] ?? null)).toBe(`${primes.length}/${primes.reduce((a, b) => a + b, 0)}`);
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

const RANGE = { from: RANGE_FROM, to: RANGE_TO };

/** Month boundaries in UTC inside the generated range: [from, to] made of whole months m1..m2 (0-7). */
const monthRangeArb = fc
  .tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }))
  .map(([x, y]) => ({ from: Date.UTC(2024, Math.min(x, y), 1), to: Date.UTC(2024, Math.max(x, y) + 1, 1) - 1 }));

/** Brackets starting at 1 (so every offset >= 1 falls in a column). */
const bracketsArb = fc.uniqueArray(fc.integer({ min: 2, max: 8 }), { maxLength: 3 }).map((rest) => ({ brackets: [1, ...rest.sort((a, b) => a - b)] }));

function tableOf(events: readonly GeneratedEvent[], options: ConstructorParameters<typeof CohortBuilder>[0], build: CohortBuildOptions): CohortTable {
  return new CohortBuilder(options).addAll(events).build(build);
}

describe('CohortTable: properties', () => {
  it("'first': cohort sizes sum to the customers whose first start event lies in [from, to]", () => {
    fc.assert(
      fc.property(eventsArb({ names: ['signup', 'purchase'] }), monthRangeArb, (events, range) => {
        const first = new Map<string, number>();
        for (const e of events) if (e.event === 'signup') first.set(e.customerId, Math.min(first.get(e.customerId) ?? Infinity, e.timestamp));
        const expected = [...first.values()].filter((t) => t >= range.from && t <= range.to).length;
        const table = tableOf(events, { startEvents: ['signup'] }, range);
        expect(table.cohorts.reduce((s, c) => s + c.size, 0)).toBe(expected);
        expect(table.counts().map((row) => row[0])).toEqual(table.cohorts.map((c) => c.size));
      }),
      fcOptions({ numRuns: 100 }),
    );
  });

  it("cells never exceed the size; 'onOrAfter' >= 'on' cell by cell and is non-increasing in k", () => {
    fc.assert(
      fc.property(eventsArb(), fc.constantFrom<'first' | 'recurring'>('first', 'recurring'), fc.integer({ min: 1, max: 3 }), (events, cohortBy, minOccurrences) => {
        const options = { cohortBy, minOccurrences };
        const on = tableOf(events, options, RANGE).counts();
        const after = tableOf(events, options, { ...RANGE, returnRule: 'onOrAfter' }).counts();
        on.forEach((row, i) => {
          const size = row[0]!;
          row.forEach((cell, k) => {
            expect(cell === null).toBe(after[i]![k] === null);
            if (cell === null) return;
            expect(cell).toBeLessThanOrEqual(size);
            expect(after[i]![k]!).toBeGreaterThanOrEqual(cell);
            expect(after[i]![k]!).toBeLessThanOrEqual(size);
            if (k >= 2) expect(after[i]![k]!).toBeLessThanOrEqual(after[i]![k - 1]!);
          });
        });
      }),
      fcOptions({ numRuns: 100 }),
    );
  });

  it("'first': revenue over all non-null cells is the total amount of the events (all inside the range)", () => {
    fc.assert(
      fc.property(eventsArb(), fc.oneof(fc.constant<'on'>('on'), bracketsArb), (events, returnRule) => {
        const table = tableOf(events, {}, { ...RANGE, returnRule });
        const cents = table
          .revenue()
          .flat()
          .reduce((sum, d) => (d === null ? sum : sum + Number(d.times(100).toFixed())), 0);
        expect(cents).toBe(events.reduce((sum, e) => sum + e.cents, 0));
      }),
      fcOptions({ numRuns: 100 }),
    );
  });

  it('retention + churn = 1 exactly for every existing cell of a non-empty cohort', () => {
    fc.assert(
      fc.property(eventsArb(), fc.constantFrom<'on' | 'onOrAfter'>('on', 'onOrAfter'), fc.constantFrom<'first' | 'recurring'>('first', 'recurring'), (events, returnRule, cohortBy) => {
        const table = tableOf(events, { cohortBy, period: 'week', timeZone: 'Europe/Berlin' }, { ...RANGE, returnRule });
        const counts = table.counts();
        const retention = table.retention();
        const churn = table.churn();
        counts.forEach((row, i) =>
          row.forEach((cell, k) => {
            const r = retention[i]![k]!;
            const c = churn[i]![k]!;
            if (cell === null || row[0] === 0) {
              expect([r, c]).toEqual([null, null]);
              return;
            }
            expect(r.plus(c).equals(1)).toBe(true);
            expect(r.equals(Rate.of(cell, row[0]!))).toBe(true);
          }),
        );
      }),
      fcOptions({ numRuns: 40 }),
    );
  });
});
