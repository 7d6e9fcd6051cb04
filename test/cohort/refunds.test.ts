/**
 * Refunds (issue 10 C14): an event with a negative amount nets the revenue of the cell it falls in and
 * counts for activity exactly as it would with a positive amount, through every way in (records, columns,
 * CSV and NDJSON, one-shot and chunked, text and bytes), across merge and toJSON/fromJSON; a formula that
 * needs a non-negative amount (ARPC, AOV, the RFM monetary value) refuses it with a reason.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CohortBuilderOptions, CohortBuilder, type CohortTable, parseEventsCsv, parseEventsCsvChunks, parseEventsNdjson, parseEventsNdjsonChunks, type ParsedEvents, periodSummary, rfmSummary } from '../../src/index.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { eventsArb, fcOptions, ID_POOL, RANGE_FROM, RANGE_TO } from '../arbitraries/events.js';

const RANGE = { from: new Date(RANGE_FROM), to: new Date(RANGE_TO) };

const SALES = [
  { customerId: 'a', timestamp: '2024-01-05T00:00:00Z', amount: '20.00' },
  { customerId: 'b', timestamp: '2024-01-09T00:00:00Z', amount: '10.00' },
  { customerId: 'a', timestamp: '2024-02-03T00:00:00Z', amount: '15.00' },
];
const REFUND = { customerId: 'a', timestamp: '2024-02-20T00:00:00Z', amount: '-5.00' };
const MARCH = { from: '2024-01-01', to: '2024-03-31' };

/** What a refund may change (revenue) and what it may not (the rest). */
function snapshot(table: CohortTable) {
  return {
    counts: table.counts(),
    retention: JSON.stringify(table.retention()),
    churn: JSON.stringify(table.churn()),
    repeat: JSON.stringify(table.repeatPurchaseRate()),
    revenue: table.revenue().map((row) => row.map((d) => (d === null ? null : d.toFixed()))),
  };
}

/** The expected table of SALES + REFUND: the refund nets February's cell of a's cohort, nothing else moves. */
function expectNetted(table: CohortTable): void {
  const without = snapshot(new CohortBuilder().addAll(SALES).build(MARCH));
  const withRefund = snapshot(table);
  expect(withRefund.revenue).toEqual([['30', '10', '0'], ['0', '0', null], ['0', null, null]]);
  expect(without.revenue).toEqual([['30', '15', '0'], ['0', '0', null], ['0', null, null]]);
  expect({ ...withRefund, revenue: null }).toEqual({ ...without, revenue: null });
}

const CSV = `customer_id,timestamp,amount\n${[...SALES, REFUND].map((e) => `${e.customerId},${e.timestamp},${e.amount}`).join('\n')}\n`;
const NDJSON = `${[...SALES, REFUND].map((e, i) => JSON.stringify({ customer_id: e.customerId, timestamp: e.timestamp, amount: i % 2 === 0 ? Number(e.amount) : e.amount })).join('\n')}\n`;

function tableOf(parsed: readonly ParsedEvents[]): CohortTable {
  const builder = new CohortBuilder();
  for (const chunk of parsed) builder.addColumns(chunk.columns);
  return builder.build(MARCH);
}

async function collect(chunks: AsyncIterable<ParsedEvents>): Promise<ParsedEvents[]> {
  const out: ParsedEvents[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

/** Every split of `text` in two, as text and as bytes. */
function* splits(text: string): Generator<(string | Uint8Array)[]> {
  const bytes = new TextEncoder().encode(text);
  for (let at = 0; at <= text.length; at++) {
    yield [text.slice(0, at), text.slice(at)];
    yield [bytes.subarray(0, at), bytes.subarray(at)];
  }
}

describe('refunds: examples', () => {
  it('C14: a refund of -5 in a later month nets the revenue cell and leaves counts and retention unchanged', () => {
    expectNetted(new CohortBuilder().addAll([...SALES, REFUND]).build(MARCH));
    // The same refund as a number, and as a Decimal-like exact string with more digits.
    expectNetted(new CohortBuilder().addAll([...SALES, { ...REFUND, amount: -5 }]).build(MARCH));
    expectNetted(new CohortBuilder().addAll([...SALES, { ...REFUND, amount: '-5.000000' }]).build(MARCH));
  });

  it('C14: the same through addColumns (minor units, negative for the refund)', () => {
    const columns = {
      customerId: ['a', 'b', 'a', 'a'],
      timestamp: [...SALES, REFUND].map((e) => Date.parse(e.timestamp)),
      amount: [2000, 1000, 1500, -500],
    };
    expectNetted(new CohortBuilder().addColumns(columns).build(MARCH));
    expectNetted(new CohortBuilder().addColumns({ ...columns, amount: Float64Array.from(columns.amount) }).build(MARCH));
  });

  it('C14: the same through parseEventsCsv and parseEventsNdjson, text and bytes', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(Array.from(parseEventsCsv(CSV).columns.amount!)).toEqual([2000, 1000, 1500, -500]);
    expectNetted(tableOf([parseEventsCsv(CSV)]));
    expectNetted(tableOf([parseEventsCsv(bytes(CSV))]));
    // The amount column first, and quoted: the cell readers that are not the fast path.
    const moved = CSV.replace(/^([^,\n]*),([^,\n]*),([^,\n]*)$/gm, '"$3",$1,$2');
    expectNetted(tableOf([parseEventsCsv(moved)]));
    expectNetted(tableOf([parseEventsCsv(bytes(moved))]));
    expect(Array.from(parseEventsNdjson(NDJSON).columns.amount!)).toEqual([2000, 1000, 1500, -500]);
    expectNetted(tableOf([parseEventsNdjson(NDJSON)]));
    expectNetted(tableOf([parseEventsNdjson(bytes(NDJSON))]));
  });

  it('C14: the same through parseEventsCsvChunks and parseEventsNdjsonChunks, at every split, text and bytes', async () => {
    for (const pieces of splits(CSV)) expectNetted(tableOf(await collect(parseEventsCsvChunks(pieces, { chunkRows: 2 }))));
    for (const pieces of splits(NDJSON)) expectNetted(tableOf(await collect(parseEventsNdjsonChunks(pieces, { chunkRows: 2 }))));
  });

  it('C14: periodSummary nets revenue, counts the refund row as its event name says, and AOV/ARPC use the net revenue', () => {
    const february = periodSummary([...SALES, REFUND], { from: '2024-02-01', to: '2024-02-29' });
    const positive = periodSummary([...SALES, { ...REFUND, amount: '5.00' }], { from: '2024-02-01', to: '2024-02-29' });
    expect([february.revenue.toFixed(), february.orders, february.kpis.averageOrderValue?.toFixed()]).toEqual(['10', 2, '5']);
    expect(february.customers).toEqual(positive.customers);
    expect(february.orders).toBe(positive.orders);
  });

  it('C14: a lone sign, a double sign or a negative with too many decimals is still a bad amount', () => {
    for (const cell of ['-', '--1', '-1.234', '-1e3', '- 1']) {
      const result = parseEventsCsv(`customer_id,timestamp,amount\na,2024-01-05T00:00:00Z,${cell}\n`, { onInvalid: 'skip' });
      expect(result.skipped.map((s) => s.field)).toEqual(['rows[0].amount']);
    }
    expect(Array.from(parseEventsCsv('customer_id,timestamp,amount\na,2024-01-05T00:00:00Z,-0.00\n').columns.amount!)).toEqual([0]);
    expectMetricError(() => parseEventsCsv('customer_id,timestamp,amount\na,2024-01-05T00:00:00Z,-90071992547409.92\n'), { fn: 'parseEventsCsv', code: 'INVALID_INPUT', field: 'rows[0].amount' });
  });
});

describe('refunds: edges', () => {
  it('C14: signed sums stay exact past 2^53 minor units, across a rescale, a merge and JSON', () => {
    const max = Number.MAX_SAFE_INTEGER;
    const t = Date.UTC(2024, 0, 5);
    const revenueOf = (builder: CohortBuilder) => builder.build({ from: '2024-01-01', to: '2024-01-31' }).revenue()[0]![0]!.toFixed();
    const cases: readonly [readonly number[], string][] = [
      [[max, max, -max], '90071992547409.91'],
      [[-max, -max], '-180143985094819.82'],
      [[-max, max, -1], '-0.01'],
      [[max, -max], '0'],
    ];
    for (const [amounts, expected] of cases) {
      const builder = new CohortBuilder().addColumns({ customerId: amounts.map(() => 'a'), timestamp: amounts.map(() => t), amount: amounts });
      expect(revenueOf(builder)).toBe(expected);
      expect(revenueOf(CohortBuilder.fromJSON(JSON.parse(JSON.stringify(builder.toJSON()))))).toBe(expected);
      const halves = amounts.map((amount, i) => new CohortBuilder().addColumns({ customerId: ['a'], timestamp: [t + i], amount: [amount] }));
      expect(revenueOf(halves.reduce((x, y) => x.merge(y)))).toBe(expected);
    }
    // A refund in cents, then an amount in mills: the store rescales the negative cell exactly.
    const rescaled = new CohortBuilder().addAll([
      { customerId: 'a', timestamp: t, amount: -5.25 },
      { customerId: 'a', timestamp: t, amount: '0.001' },
    ]);
    expect(revenueOf(rescaled)).toBe('-5.249');
  });
});

describe('refunds: where a formula needs a non-negative amount', () => {
  const refundedMarch = [...SALES, { customerId: 'b', timestamp: '2024-03-01T00:00:00Z', amount: -10 }];

  it('C14: CohortTable ARPC and cumulative ARPC name the cell whose net revenue refunds made negative', () => {
    const table = new CohortBuilder().addAll(refundedMarch).build(MARCH);
    expect(table.revenue()[0]!.map(String)).toEqual(['30', '15', '-10']);
    const error = expectMetricError(() => table.averageRevenuePerCustomer(), { fn: 'CohortTable.averageRevenuePerCustomer', code: 'INCONSISTENT_INPUT', field: 'revenue[0][2]' });
    expect(error.message).toContain('refunds made the net revenue negative');
    // The running total stays positive (30, 45, 35): defined.
    expect(table.cumulativeRevenuePerCustomer()[0]!.map((d) => d?.toFixed(2))).toEqual(['15.00', '22.50', '17.50']);
    const deep = new CohortBuilder().addAll([...refundedMarch, { customerId: 'a', timestamp: '2024-03-02T00:00:00Z', amount: -40 }]).build(MARCH);
    expectMetricError(() => deep.cumulativeRevenuePerCustomer(), { fn: 'CohortTable.cumulativeRevenuePerCustomer', code: 'INCONSISTENT_INPUT', field: 'revenue[0][0..2]' });
  });

  it('C14: periodSummary refuses a period whose refunds exceed its sales (no ARPC or AOV of a negative revenue)', () => {
    const error = expectMetricError(() => periodSummary(refundedMarch, { from: '2024-03-01', to: '2024-03-31' }), { fn: 'periodSummary', code: 'INCONSISTENT_INPUT', field: 'revenue' });
    expect(error.message).toContain('refunds made the net revenue of the period negative');
  });

  it('C14: rfmSummary refuses a negative amount (records and columns) and says what to do instead', () => {
    const options = { period: 'day', calibrationEnd: '2024-04-01' } as const;
    const error = expectMetricError(() => rfmSummary(refundedMarch, options), { fn: 'rfmSummary', code: 'INVALID_INPUT', field: 'events[3].amount' });
    expect(error.message).toContain('net each refund into the order it returns, or leave refund rows out');
    const columns = { customerId: ['a', 'a'], timestamp: [Date.UTC(2024, 0, 5), Date.UTC(2024, 1, 5)], amount: [2000, -500] };
    expectMetricError(() => rfmSummary(columns, options), { fn: 'rfmSummary', code: 'INVALID_INPUT', field: 'events[1].amount' });
  });
});

describe('refunds: properties', () => {
  /** Refunds on existing events: same customer, instant and event name, a negative amount in cents. */
  const withRefunds = eventsArb({ names: ['signup', 'purchase'] }).chain((events) =>
    fc.tuple(
      fc.constant(events),
      fc.array(fc.tuple(fc.nat({ max: Math.max(events.length - 1, 0) }), fc.integer({ min: 1, max: 99_999 }), fc.boolean()), { maxLength: events.length === 0 ? 0 : 12 }),
      fc.constantFrom<CohortBuilderOptions>({}, { period: 'week' }, { cohortBy: 'recurring' }, { startEvents: ['signup'], returnEvents: ['purchase'] }),
    ),
  );

  it('C14: adding refunds leaves counts, retention and churn identical and moves revenue by exactly their sum per cell, across merge and toJSON/fromJSON', () => {
    fc.assert(
      fc.property(withRefunds, ([events, picks, options]) => {
        const refunds = picks.map(([at, cents, asNumber]) => {
          const e = events[at]!;
          const text = `-${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
          return { customerId: e.customerId, timestamp: e.timestamp, event: e.event, amount: asNumber ? Number(text) : text };
        });
        // The same events with the refunds' amounts made positive: the sign is the only difference.
        const mirrored = refunds.map((r) => ({ ...r, amount: String(r.amount).slice(1) }));
        const base = new CohortBuilder(options).addAll(events);
        const refunded = new CohortBuilder(options).addAll(events).addAll(refunds);
        const positive = new CohortBuilder(options).addAll(events).addAll(mirrored);
        const b = snapshot(base.build(RANGE));
        const r = snapshot(refunded.build(RANGE));
        const p = snapshot(positive.build(RANGE));
        // Counts never depend on signs. Against the base, a refund adds an event on an instant that already
        // had one of the same name, so only the return-event tallies (repeat purchases) may move.
        expect({ ...r, revenue: null }).toEqual({ ...p, revenue: null });
        expect([r.counts, r.retention, r.churn]).toEqual([b.counts, b.retention, b.churn]);
        // Per cell, base - refunds and base + |refunds| are symmetric around the base: the refunds' cell sums.
        const rv = refunded.build(RANGE).revenue();
        const pv = positive.build(RANGE).revenue();
        const bv = base.build(RANGE).revenue();
        rv.forEach((row, i) =>
          row.forEach((cell, j) => {
            if (cell === null) return expect(bv[i]![j]).toBeNull();
            expect(cell.plus(pv[i]![j]!).equals(bv[i]![j]!.times(2))).toBe(true);
          }),
        );
        // In total, with the default events (every event starts a cohort and is a return), the net moves by the
        // refunds' sum. (With recurring cohorts an event's amount is in each cohort its customer is in, and
        // with startEvents a customer with no start event has no row: there only the cells are checked.)
        const total = (rows: typeof rv) => rows.flat().reduce((sum, d) => sum + (d === null ? 0 : Math.round(d.toNumber() * 100)), 0);
        const refundedTotal = refunds.reduce((sum, x) => sum + Math.round(Number(x.amount) * 100), 0);
        if (options.cohortBy === undefined && options.startEvents === undefined) expect(total(rv) - total(bv)).toBe(refundedTotal);
        // Sharded (refunds in their own builder, merged either way) and restored from JSON: the same table.
        const shard = new CohortBuilder(options).addAll(refunds);
        for (const merged of [base.merge(shard), shard.merge(base), CohortBuilder.fromJSON(JSON.parse(JSON.stringify(refunded.toJSON())))]) {
          expect(snapshot(merged.build(RANGE))).toEqual(r);
        }
      }),
      fcOptions({ numRuns: 80 }),
    );
  });

  it('C14: CSV and NDJSON read any signed cents exactly, one-shot and chunked, as text and bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...ID_POOL), fc.integer({ min: -9_999_999, max: 9_999_999 })), { minLength: 1, maxLength: 12 }), fc.nat({ max: 400 }), async (rows, cut) => {
        const text = (c: number) => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;
        const csv = `customer_id,timestamp,amount\n${rows.map(([id, c]) => `"${id}",2024-01-05T00:00:00Z,${text(c)}`).join('\n')}\n`;
        const ndjson = rows.map(([id, c], i) => JSON.stringify({ customer_id: id, timestamp: '2024-01-05T00:00:00Z', amount: i % 2 === 0 ? text(c) : c / 100 })).join('\n');
        const cents = rows.map(([, c]) => c + 0);
        const at = cut % (csv.length + 1);
        const bytes = new TextEncoder().encode(csv);
        expect(Array.from(parseEventsCsv(csv).columns.amount!)).toEqual(cents);
        expect(Array.from(parseEventsCsv(bytes).columns.amount!)).toEqual(cents);
        expect(Array.from(parseEventsNdjson(ndjson).columns.amount!)).toEqual(cents);
        const chunked = await collect(parseEventsCsvChunks([bytes.subarray(0, at), bytes.subarray(at)], { chunkRows: 3 }));
        expect(chunked.flatMap((c) => Array.from(c.columns.amount!))).toEqual(cents);
        const nd = ndjson.slice(0, at % (ndjson.length + 1));
        const ndChunked = await collect(parseEventsNdjsonChunks([nd, ndjson.slice(nd.length)], { chunkRows: 3 }));
        expect(ndChunked.flatMap((c) => Array.from(c.columns.amount!))).toEqual(cents);
      }),
      fcOptions({ numRuns: 100 }),
    );
  });
});
