/**
 * C18 (issue 10): the record types of `fields`. CohortBuilder, periodSummary, rfmSummary and the parsers'
 * field maps take a record type `R`: given, an accessor's parameter is typed `R` (`(r) => r.user` compiles),
 * a field name must be a key of `R`, and add/addAll/addAllAsync and the events take `R`; untyped use
 * (the default {@link AnyEventRecord}) compiles as before.
 *
 * Most of this file is checked by the compiler (`npx tsc -p tsconfig.test.json`, run by `npm test`): every
 * `// @ts-expect-error` line must be an error, every other line must compile. The type checks sit in
 * functions that are never called (some would throw at run time, which is the point of the types), and the
 * tests run them only as far as vitest can see: that the functions exist. The runtime part pins that the
 * change is types only: typed and untyped calls give equal results (examples, then the property).
 */
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AnyEventRecord,
  CohortBuilder,
  type CohortBuilderOptions,
  type CustomerEvent,
  type EventFields,
  type FieldName,
  parseEventsCsv,
  parseEventsCsvChunks,
  parseEventsNdjson,
  parseEventsNdjsonChunks,
  periodSummary,
  type PeriodSummaryOptions,
  rfmSummary,
  type RfmSummaryOptions,
} from '../../src/index.js';
import { eventsArb, fcOptions, type GeneratedEvent } from '../arbitraries/events.js';

/** A record of another shape, as an order table would give it. */
interface Order {
  readonly user: string;
  readonly placedAt: number;
  readonly kind: string;
  readonly total: string;
  readonly minutes?: number;
}

/** An unrelated record type. */
interface Ticket {
  readonly ticketId: number;
}

const ORDER_FIELDS = { customerId: 'user', timestamp: 'placedAt', event: 'kind', amount: 'total' } as const;

function toOrder(e: GeneratedEvent): Order {
  return { user: e.customerId, placedAt: e.timestamp, kind: e.event, total: e.amount };
}

/** Type checks of the builder; never called. */
function builderTypes(orders: readonly Order[], events: readonly CustomerEvent[], json: ReturnType<CohortBuilder['toJSON']>): void {
  // The regression: `r` is the record type, so `r.user` compiles (it was TS2339 on `never`).
  const typed = new CohortBuilder<Order>({
    fields: {
      customerId: (r) => {
        expectTypeOf(r).toEqualTypeOf<Order>();
        return r.user;
      },
      timestamp: 'placedAt',
      event: (r) => r.kind,
      amount: 'total',
    },
  });
  expectTypeOf(typed).toEqualTypeOf<CohortBuilder<Order>>();
  expectTypeOf(typed.add).parameter(0).toEqualTypeOf<Order>();
  expectTypeOf(typed.addAll).parameter(0).toEqualTypeOf<Iterable<Order>>();
  typed.add(orders[0]!).addAll(orders);
  void typed.addAllAsync((async function* () { yield orders[0]!; yield orders; })());
  expectTypeOf(CohortBuilder.fromJSON<Order>(json, { fields: ORDER_FIELDS })).toEqualTypeOf<CohortBuilder<Order>>();

  // Misspelt field names, each of the four, do not compile.
  // @ts-expect-error 'usr' is not a key of Order
  new CohortBuilder<Order>({ fields: { customerId: 'usr' } });
  // @ts-expect-error 'placed_at' is not a key of Order
  new CohortBuilder<Order>({ fields: { timestamp: 'placed_at' } });
  // @ts-expect-error 'event' is not a key of Order
  new CohortBuilder<Order>({ fields: { event: 'event' } });
  // @ts-expect-error 'amount' is not a key of Order
  new CohortBuilder<Order>({ fields: { amount: 'amount' } });
  // @ts-expect-error an accessor reading a property Order does not have
  new CohortBuilder<Order>({ fields: { customerId: (r) => r.customerId } });
  // @ts-expect-error the same in fromJSON
  CohortBuilder.fromJSON<Order>(json, { fields: { customerId: 'usr' } });

  // Records and accessors of another type do not compile.
  // @ts-expect-error a CustomerEvent is not an Order
  typed.add(events[0]!);
  // @ts-expect-error nor an iterable of them
  typed.addAll(events);
  // @ts-expect-error nor an async iterable of them
  void typed.addAllAsync((async function* () { yield events; })());
  // @ts-expect-error an accessor of an unrelated record type
  new CohortBuilder<Order>({ fields: { customerId: (r: Ticket) => r.ticketId } });
  // @ts-expect-error a field map of another record type
  new CohortBuilder<Order>({ fields: {} as EventFields<Ticket> });
}

/** Untyped use compiles as before; never called. */
function untypedTypes(events: readonly (CustomerEvent | object)[], orders: readonly Order[], json: ReturnType<CohortBuilder['toJSON']>): void {
  const plain = new CohortBuilder();
  expectTypeOf(plain).toEqualTypeOf<CohortBuilder<AnyEventRecord>>();
  plain.add({ customerId: 'a', timestamp: 0 }).addAll(events).addAll(orders);
  // @ts-expect-error a number is not a record, typed or not
  plain.add(42);
  // Any name, and accessors of `any` record (`r.user` compiles without a type argument too).
  const mapped = new CohortBuilder({ fields: { customerId: 'user', timestamp: (r) => r.placedAt } });
  mapped.addAll(orders);
  // An accessor typed for a narrower record, in a plain field map or options typed apart.
  const fields: EventFields = { customerId: (r: Order) => r.user, amount: 'total' };
  const options: CohortBuilderOptions = { period: 'week', fields };
  new CohortBuilder(options).merge(new CohortBuilder<Order>({ fields: ORDER_FIELDS }));
  new CohortBuilder<Order>().merge(plain);
  CohortBuilder.fromJSON(json, { fields });
  expectTypeOf<FieldName<AnyEventRecord>>().toEqualTypeOf<string>();
  expectTypeOf<FieldName<object>>().toEqualTypeOf<string>();
  expectTypeOf<FieldName<Order>>().toEqualTypeOf<'user' | 'placedAt' | 'kind' | 'total' | 'minutes'>();
}

/** periodSummary, rfmSummary and the parsers; never called. */
function functionTypes(orders: readonly Order[], events: readonly CustomerEvent[]): void {
  const period = { from: '2024-01-01', to: '2024-01-31' } as const;
  periodSummary<Order>(orders, { ...period, fields: { ...ORDER_FIELDS, duration: (r) => r.minutes } });
  // @ts-expect-error 'duration' is not a key of Order
  periodSummary<Order>(orders, { ...period, fields: { duration: 'duration' } });
  // @ts-expect-error 'usr' is not a key of Order
  periodSummary<Order>(orders, { ...period, fields: { customerId: 'usr' } });
  // @ts-expect-error CustomerEvents are not Orders
  periodSummary<Order>(events, { ...period, fields: ORDER_FIELDS });
  const summaryOptions: PeriodSummaryOptions = { ...period, fields: { customerId: 'user' } };
  periodSummary(orders, summaryOptions);
  periodSummary(events, { ...period, fields: { customerId: (r) => r.anything } });

  const rfm = { period: 'day', calibrationEnd: '2024-12-31' } as const;
  rfmSummary<Order>(orders, { ...rfm, fields: { ...ORDER_FIELDS, customerId: (r) => r.user } });
  // @ts-expect-error 'when' is not a key of Order
  rfmSummary<Order>(orders, { ...rfm, fields: { timestamp: 'when' } });
  // @ts-expect-error CustomerEvents are not Orders
  rfmSummary<Order>(events, { ...rfm, fields: ORDER_FIELDS });
  // @ts-expect-error an accessor of an unrelated record type
  rfmSummary<Order>(orders, { ...rfm, fields: { customerId: (r: Ticket) => r.ticketId } });
  const rfmOptions: RfmSummaryOptions = { ...rfm, fields: { customerId: 'user', amount: (r: Order) => r.total } };
  rfmSummary(orders, rfmOptions);
  rfmSummary({ customerId: ['a'], timestamp: [0] }, rfm);

  type Row = { readonly user: string; readonly at: string; readonly total: string };
  parseEventsCsv<Row>('', { fields: { customerId: 'user', timestamp: 'at', amount: 'total', event: null } });
  parseEventsCsv<Row>('', { header: false, fields: { customerId: 0, timestamp: 1 } });
  // @ts-expect-error 'usr' is not a column of Row
  parseEventsCsv<Row>('', { fields: { customerId: 'usr' } });
  // @ts-expect-error the same for the chunked reader
  void parseEventsCsvChunks<Row>([''], { fields: { timestamp: 'when' } });
  parseEventsNdjson<Order>('', { fields: { customerId: 'user', timestamp: 'placedAt', amount: 'total', event: null } });
  // @ts-expect-error 'usr' is not a key of Order
  parseEventsNdjson<Order>('', { fields: { customerId: 'usr' } });
  // @ts-expect-error the same for the chunked reader
  void parseEventsNdjsonChunks<Order>([''], { fields: { amount: 'amount' } });
  // Untyped: any name, as before.
  parseEventsCsv('', { fields: { customerId: 'anything', timestamp: 3 } });
  parseEventsNdjson('', { fields: { customerId: 'anything' } });
}

const json = (builder: CohortBuilder<object>): string => JSON.stringify(builder.toJSON());

describe('record types of fields (C18)', () => {
  it('C18: (r) => r.user compiles with r typed as the record, and reads as a CustomerEvent would', () => {
    expect([builderTypes, untypedTypes, functionTypes].every((f) => typeof f === 'function')).toBe(true);
    const orders: Order[] = [
      { user: 'a', placedAt: Date.UTC(2024, 0, 5), kind: 'purchase', total: '30' },
      { user: 'a', placedAt: Date.UTC(2024, 1, 3), kind: 'purchase', total: '25' },
      { user: 'b', placedAt: Date.UTC(2024, 1, 10), kind: 'purchase', total: '10' },
    ];
    const typed = new CohortBuilder<Order>({ fields: { customerId: (r) => r.user, timestamp: (r) => r.placedAt, event: 'kind', amount: 'total' } });
    const plain = new CohortBuilder().addAll(orders.map((o) => ({ customerId: o.user, timestamp: o.placedAt, event: o.kind, amount: o.total })));
    expect(json(typed.addAll(orders))).toBe(json(plain));
    expect(JSON.stringify(typed.build().counts())).toBe('[[1,1],[1,null]]');
  });

  it('C18: misspelt names and wrong record types fail to compile (the @ts-expect-error lines), untyped use compiles', () => {
    // Checked by tsc -p tsconfig.test.json; at run time the names still fail as before, as MetricErrors.
    expect(() => new CohortBuilder<Order>({ fields: { customerId: 'usr' as 'user' } }).add(toOrder({ customerId: 'a', timestamp: 0, event: 'purchase', amount: '1', cents: 100 }))).toThrow(/events\[0\]\.customerId/);
  });

  it('C18: periodSummary and rfmSummary read typed records as they read CustomerEvents', () => {
    const orders: Order[] = [
      { user: 'a', placedAt: Date.UTC(2024, 0, 3), kind: 'purchase', total: '40' },
      { user: 'a', placedAt: Date.UTC(2024, 0, 17), kind: 'purchase', total: '30' },
      { user: 'b', placedAt: Date.UTC(2024, 1, 14), kind: 'purchase', total: '25' },
    ];
    const events = orders.map((o) => ({ customerId: o.user, timestamp: o.placedAt, event: o.kind, amount: o.total }));
    const period = { from: '2024-01-01', to: '2024-02-29' } as const;
    expect(JSON.stringify(periodSummary<Order>(orders, { ...period, fields: { ...ORDER_FIELDS, customerId: (r) => r.user } }))).toBe(JSON.stringify(periodSummary(events, period)));
    const rfm = { period: 'day', calibrationEnd: '2024-02-28' } as const;
    expect(rfmSummary<Order>(orders, { ...rfm, fields: ORDER_FIELDS }).customers).toEqual(rfmSummary(events, rfm).customers);
  });

  it('C18: property: a typed builder (names or accessors) gives the JSON of an untyped one on any events', () => {
    fc.assert(
      fc.property(eventsArb(), fc.boolean(), (generated, byAccessor) => {
        const orders = generated.map(toOrder);
        const typed = new CohortBuilder<Order>({
          fields: byAccessor ? { customerId: (r) => r.user, timestamp: (r) => r.placedAt, event: (r) => r.kind, amount: (r) => r.total } : ORDER_FIELDS,
        });
        const untyped = new CohortBuilder({ fields: ORDER_FIELDS });
        expect(json(typed.addAll(orders))).toBe(json(untyped.addAll(orders)));
        expect(json(typed)).toBe(json(new CohortBuilder().addAll(generated)));
      }),
      fcOptions(),
    );
  });
});
