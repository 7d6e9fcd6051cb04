/**
 * Every way into a CohortBuilder reads the same events: objects with number amounts (the fast path),
 * objects with decimal-string amounts (the general reader), records of other shapes, parallel columns,
 * and columns parsed from CSV (whose interned ids a fresh builder adopts, and a used one translates).
 * The builders' JSON must be identical, byte for byte.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortBuilder, type CohortBuilderOptions, parseEventsCsv } from '../../src/index.js';
import { fcOptions } from '../arbitraries/events.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import { MetricError } from '../../src/core/MetricError.js';
import { accessorError, accessors, readEvent } from '../../src/events/_eventInput.js';

interface Row {
  readonly id: string;
  readonly ms: number;
  readonly event: string;
  /** Minor units and decimals of the amount. */
  readonly minor: number;
  readonly decimals: number;
}

const rowArb: fc.Arbitrary<Row> = fc.record({
  id: fc.constantFrom('c1', 'c2', 'c3', '__proto__', 'constructor', 'x-very-long-customer-identifier', 'üñí'),
  ms: fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2024, 11, 31) }),
  event: fc.constantFrom('purchase', 'purchase', 'signup', 'view'),
  minor: fc.oneof(fc.integer({ min: 0, max: 99_999 }), fc.constantFrom(0, 2 ** 40, Number.MAX_SAFE_INTEGER)),
  decimals: fc.constantFrom(0, 2, 2, 3),
});

const text = (minor: number, decimals: number): string => {
  if (decimals === 0) return String(minor);
  const digits = String(minor).padStart(decimals + 1, '0');
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
};
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('every input path reads the same events', () => {
  it('objects (number and string amounts), mapped records, columns and parsed CSV give byte-identical JSON', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), fc.constantFrom<CohortBuilderOptions>({}, { startEvents: ['signup'] }, { period: 'week', timeZone: 'America/New_York' }, { timeWindow: 'rolling', period: 'day' }), (rows, options) => {
        const of = () => new CohortBuilder(options);
        const json = (builder: CohortBuilder) => JSON.stringify(builder.toJSON());
        // Number amounts are exact only when the number's shortest form is the decimal text.
        const asNumber = rows.map((r) => ({ customerId: r.id, timestamp: iso(r.ms), event: r.event, amount: Number(text(r.minor, r.decimals)) }));
        const asString = rows.map((r) => ({ customerId: r.id, timestamp: iso(r.ms), event: r.event, amount: String(asNumber[rows.indexOf(r)]!.amount) }));
        const reference = json(of().addAll(asString));
        expect(json(of().addAll(asNumber))).toBe(reference);
        expect(json(of().addAll(asNumber.map((e) => Object.assign(Object.create(null), e))))).toBe(reference);
        const mapped = new CohortBuilder({ ...options, fields: { customerId: 'who', timestamp: (r: { at: number }) => r.at, amount: 'total' } });
        expect(json(mapped.addAll(asString.map((e, i) => ({ who: e.customerId, at: rows[i]!.ms, event: e.event, total: e.amount }))))).toBe(reference);

        // CSV amounts with 3 decimals cover every row's decimals exactly.
        const csv = `customer_id,timestamp,event,amount\n${rows.map((r) => `${r.id},${iso(r.ms)},${r.event},${text(r.minor * 10 ** (3 - r.decimals), 3)}`).join('\n')}\n`;
        const fits = rows.every((r) => Number.isSafeInteger(r.minor * 10 ** (3 - r.decimals)));
        if (!fits) return;
        const { columns } = parseEventsCsv(csv, { amountDecimals: 3 });
        const stringReference = json(of().addAll(rows.map((r) => ({ customerId: r.id, timestamp: iso(r.ms), event: r.event, amount: text(r.minor, r.decimals) }))));
        expect(json(of().addColumns(columns))).toBe(stringReference);
        expect(json(of().addColumns({ ...columns }))).toBe(stringReference);
        // A builder that already has customers translates the parse's numbers instead of adopting them.
        const used = of().addAll(rows.slice(0, 2).map((r) => ({ customerId: r.id, timestamp: iso(r.ms), event: r.event, amount: text(r.minor, r.decimals) })));
        const direct = of().addAll(rows.slice(0, 2).map((r) => ({ customerId: r.id, timestamp: iso(r.ms), event: r.event, amount: text(r.minor, r.decimals) })));
        expect(json(used.addColumns(columns))).toBe(json(direct.addAll(rows.map((r) => ({ customerId: r.id, timestamp: iso(r.ms), event: r.event, amount: text(r.minor, r.decimals) })))));
      }),
      fcOptions({ numRuns: 120 }),
    );
  });

  it('a field added to Object.prototype does not leak into records that lack it', () => {
    const proto = Object.prototype as { amount?: unknown };
    try {
      proto.amount = 1000;
      const builder = new CohortBuilder().addAll([{ customerId: 'a', timestamp: '2024-01-05T10:00:00Z' }]);
      expect(builder.toJSON().customers).toEqual([['a', [[Date.UTC(2024, 0, 1), 1, 1, '0']]]]);
    } finally {
      delete proto.amount;
    }
  });
});

describe('readEvent: accessors that throw (issue 10, B13)', () => {
  it('B13: readEvent turns a throwing accessor into a MetricError naming the record and field, with the cause', () => {
    const cause = new RangeError('deep');
    const read = accessors('periodSummary', { timestamp: () => { throw cause; } });
    let error: unknown;
    try {
      readEvent('periodSummary', { customerId: 'a' }, 7, read, 'UTC', undefined);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MetricError);
    expect((error as MetricError).field).toBe('events[7].timestamp');
    expect((error as MetricError).cause).toBe(cause);
    expect((error as MetricError).message).toBe('periodSummary: events[7].timestamp must be readable by options.fields.timestamp (the accessor threw RangeError: deep), received an object');
  });

  it('B13: fuzz: every field, every thrown value, through readEvent and accessorError', () => {
    const values: unknown[] = [new Error('e'), 'text', 1, null, undefined, Symbol('s'), Object.create(null), { toString: () => { throw new Error('x'); } }, 'y'.repeat(500)];
    for (const [k, name] of nonEmpty((['customerId', 'timestamp', 'event', 'amount'] as const).entries())) {
      for (const value of values) {
        const read = accessors('fn', { [name]: () => { throw value; } });
        let error: unknown;
        try {
          readEvent('fn', { customerId: 'a', timestamp: 0 }, 3, read, 'UTC', undefined);
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(MetricError);
        expect((error as MetricError).field).toBe(`events[3].${name}`);
        expect((error as MetricError).cause).toBe(value);
        expect(accessorError('fn', 3, k, {}, value).message.length).toBeLessThan(250);
      }
    }
  });
});
