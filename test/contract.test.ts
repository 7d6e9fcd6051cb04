/**
 * The library-wide contract, as a property over every export: whatever the input (NaN, Infinity,
 * negative or fractional counts, strings, null, missing or extra fields, `__proto__` keys), a call either
 * returns a finite, valid result or throws a MetricError; never NaN, never another error type, and it
 * never mutates its input (inputs are deep-frozen, so a write would throw a TypeError).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as lib from '../src/index.js';
import { Decimal } from 'decimal.js';

const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const runs = { numRuns: Number(process.env.CONTRACT_RUNS ?? 300), ...(seed === undefined ? {} : { seed }) };

type Shape = { readonly kind: 'record'; readonly fields: readonly string[]; readonly options?: readonly string[] } | { readonly kind: 'scores'; readonly fields: readonly string[]; readonly options: readonly string[] } | { readonly kind: 'days' } | { readonly kind: 'score' } | { readonly kind: 'events'; readonly options: readonly string[] } | { readonly kind: 'table'; readonly options: readonly string[] } | { readonly kind: 'text'; readonly options: readonly string[] };

/** Every exported function and the shape of its arguments. A new export must be added here. */
const shapes: Record<string, Shape> = {
  wilsonInterval: { kind: 'record', fields: ['successes', 'trials'], options: ['confidence'] },
  retentionRate: { kind: 'record', fields: ['customersAtStart', 'customersAtEnd', 'newCustomers'] },
  repeatPurchaseRate: { kind: 'record', fields: ['customersWithOrders', 'customersWithRepeatOrders'] },
  returningCustomerRate: { kind: 'record', fields: ['customersWithOrders', 'returningCustomers'] },
  grossRevenueRetention: { kind: 'record', fields: ['startingRevenue', 'churnedRevenue', 'contractionRevenue'] },
  netRevenueRetention: { kind: 'record', fields: ['startingRevenue', 'churnedRevenue', 'contractionRevenue', 'expansionRevenue', 'reactivationRevenue'] },
  churnRate: {
    kind: 'record',
    fields: ['customersAtStart', 'customersLost', 'newCustomers', 'customersAtEnd', 'joinedAndLost', 'lostAndReactivated'],
    options: ['basis'],
  },
  dailySummedChurnRate: { kind: 'days' },
  compoundChurnRate: { kind: 'record', fields: ['churnRate', 'periods'] },
  expectedCustomerLifetime: { kind: 'record', fields: ['churnRate'] },
  grossRevenueChurnRate: { kind: 'record', fields: ['startingRevenue', 'churnedRevenue', 'contractionRevenue'] },
  netRevenueChurnRate: { kind: 'record', fields: ['startingRevenue', 'churnedRevenue', 'contractionRevenue', 'expansionRevenue', 'reactivationRevenue'] },
  averageOrderValue: { kind: 'record', fields: ['revenue', 'orders'] },
  averageRevenuePerCustomer: { kind: 'record', fields: ['revenue', 'customers'] },
  cacPaybackPeriod: { kind: 'record', fields: ['customerAcquisitionCost', 'averageRevenuePerCustomer', 'grossMargin'] },
  customerAcquisitionCost: { kind: 'record', fields: ['spend', 'newCustomers'] },
  customerLifetimeValue: { kind: 'record', fields: ['averageRevenuePerCustomer', 'churnRate', 'grossMargin', 'discountRate', 'paymentTiming'] },
  ltvToCacRatio: { kind: 'record', fields: ['customerLifetimeValue', 'customerAcquisitionCost'] },
  purchaseFrequency: { kind: 'record', fields: ['orders', 'customers'] },
  quickRatio: { kind: 'record', fields: ['newRevenue', 'expansionRevenue', 'churnedRevenue', 'contractionRevenue', 'reactivationRevenue'] },
  averageInteractionDuration: { kind: 'record', fields: ['totalDuration', 'interactions'] },
  interactionFrequency: { kind: 'record', fields: ['interactions', 'customers'] },
  classifyNpsScore: { kind: 'score' },
  customerEffortScore: { kind: 'scores', fields: [], options: ['scale', 'agreeFrom', 'direction', 'confidence'] },
  customerSatisfactionScore: { kind: 'scores', fields: ['satisfied', 'total'], options: ['scale', 'satisfiedFrom', 'confidence'] },
  netPromoterScore: { kind: 'scores', fields: ['promoters', 'passives', 'detractors'], options: ['confidence', 'method'] },
  npsSampleSize: { kind: 'record', fields: ['marginOfError', 'confidence', 'variance'] },
  periodSummary: { kind: 'events', options: ['from', 'to', 'timeZone', 'activity', 'purchaseEvents', 'interactionEvents', 'onInvalid'] },
  cohortTableToText: { kind: 'table', options: ['values', 'digits', 'colour', 'empty'] },
  cohortTableToCsv: { kind: 'table', options: ['layout', 'values', 'newline'] },
  cohortTableToHtml: { kind: 'table', options: ['values', 'digits', 'caption'] },
  cohortTableToSvg: { kind: 'table', options: ['values', 'digits', 'title'] },
  parseEventsCsv: { kind: 'text', options: ['fields', 'delimiter', 'header', 'timeZone', 'amountDecimals', 'onInvalid'] },
  parseEventsNdjson: { kind: 'text', options: ['fields', 'timeZone', 'amountDecimals', 'onInvalid'] },
  // The chunked parsers check their options when called; their rows are covered in test/cohort.
  parseEventsCsvChunks: { kind: 'text', options: ['fields', 'delimiter', 'header', 'timeZone', 'amountDecimals', 'onInvalid', 'chunkRows'] },
  parseEventsNdjsonChunks: { kind: 'text', options: ['fields', 'timeZone', 'amountDecimals', 'onInvalid', 'chunkRows'] },
};

const nasty = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, -0, 1, 2, 3, 7, 10, 100, 0.5, 1.5, 0.05, 1 / 12, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, Number.MIN_VALUE),
  fc.constantFrom('3', '', ' ', 'abc', '1e5', '0x10', 'Infinity', 'NaN', '-0', '12.50', null, undefined, true, false, 'start', 'end', 'wald', 'average', 'startPlusNew', 'lowerIsEasier'),
  fc.constantFrom(10n, -1n, 0n, 2n ** 70n),
  fc.constantFrom(new Decimal(5), new Decimal(NaN), new Decimal(Infinity), new Decimal('-2.5'), new Decimal('0.04')),
  fc.constant(lib.Rate.of(3, 100)),
  fc.integer({ min: -5, max: 2000 }),
  fc.double(),
  fc.string({ maxLength: 5 }),
  fc.constant({}),
  fc.constant([]),
);

const oddKeys = fc.constantFrom('__proto__', 'constructor', 'toString', 'extra', '');

function recordOf(fields: readonly string[]): fc.Arbitrary<unknown> {
  const known = fc.dictionary(fc.constantFrom(...(fields.length ? fields : ['x'])), nasty, { maxKeys: fields.length + 1 });
  const withOdd = fc.tuple(known, fc.option(fc.tuple(oddKeys, nasty), { nil: undefined })).map(([base, odd]) => {
    const copy: Record<string, unknown> = { ...base };
    if (odd) Object.defineProperty(copy, odd[0], { value: odd[1], enumerable: true, writable: true, configurable: true });
    return copy;
  });
  return fc.oneof({ weight: 6, arbitrary: withOdd }, { weight: 1, arbitrary: fc.anything({ maxDepth: 2, withBigInt: true }) }, { weight: 1, arbitrary: nasty });
}

/** A real table for the render functions (monthly, with null and incomplete cells). */
const renderTable = new lib.CohortBuilder().addAll([
  { customerId: 'a', timestamp: '2024-01-05T10:00:00Z' },
  { customerId: 'b', timestamp: '2024-01-20T10:00:00Z' },
  { customerId: 'a', timestamp: '2024-02-03T10:00:00Z' },
]).build();

function argumentsFor(shape: Shape): fc.Arbitrary<unknown[]> {
  switch (shape.kind) {
    case 'table':
      return fc.tuple(
        fc.oneof({ weight: 3, arbitrary: fc.constant(renderTable) }, { weight: 1, arbitrary: nasty }, { weight: 1, arbitrary: recordOf(['cohorts', 'columns', 'counts']) }),
        fc.option(fc.oneof(recordOf(shape.options), fc.record({ values: fc.constantFrom('retention', 'counts'), digits: fc.integer({ min: -1, max: 21 }) })), { nil: undefined }),
      );
    case 'record':
      return fc.tuple(recordOf(shape.fields), fc.option(recordOf(shape.options ?? []), { nil: undefined }));
    case 'scores': {
      const scoreList = fc.array(fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -1, max: 11 }) }, { weight: 1, arbitrary: nasty }), { maxLength: 12 });
      return fc.tuple(fc.oneof(scoreList, recordOf(shape.fields)), fc.option(recordOf(shape.options), { nil: undefined }));
    }
    case 'days':
      return fc.tuple(fc.oneof(fc.array(recordOf(['atStart', 'lost']), { maxLength: 5 }), nasty));
    case 'score':
      return fc.tuple(nasty);
    case 'text': {
      const line = fc.array(fc.constantFrom('c1', '', '"', ',', '2023-01-01T00:00:00Z', '2023-02-30', '1.5', '-1', '1e3', 'NaN', '{}', '{"customer_id":"a","timestamp":0}', '\n', '\r\n'), { maxLength: 12 }).map((parts) => parts.join(''));
      const text = fc.oneof(line.map((body) => `customer_id,timestamp,amount,kind\n${body}`), line, line.map((body) => new TextEncoder().encode(body)), fc.constant(new Uint8Array([0xff, 0xfe])), nasty);
      return fc.tuple(text, fc.option(recordOf(shape.options), { nil: undefined }));
    }
    case 'events':
      return fc.tuple(
        fc.oneof(fc.array(recordOf(['customerId', 'timestamp', 'event', 'amount', 'duration']), { maxLength: 6 }), nasty),
        fc.oneof(
          recordOf(shape.options),
          fc.record({ from: fc.constantFrom('2024-01-01', 0, 'bad'), to: fc.constantFrom('2024-02-01', 86_400_000 * 40, '2023-01-01'), activity: fc.oneof(nasty, fc.constant({ type: 'events', inactivityDays: 30 }), fc.constant({ type: 'subscriptions', subscriptions: [{ customerId: 'a', start: 0 }] })) }),
        ),
      );
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value) && !ArrayBuffer.isView(value) && !lib.Rate.prototype.isPrototypeOf(value) && !Decimal.isDecimal(value)) {
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

/** Fails on any NaN or Infinity reachable from the result, including through Rates and Decimals. */
function assertFinite(value: unknown, path = 'result'): void {
  if (value === null) return;
  if (typeof value === 'number') {
    expect(Number.isFinite(value), `${path} is ${value}`).toBe(true);
  } else if (value instanceof lib.Rate) {
    expect(Number.isFinite(value.toNumber()), `${path} rate`).toBe(true);
    expect(value.denominator.isPositive()).toBe(true);
  } else if (Decimal.isDecimal(value)) {
    expect((value as Decimal).isFinite(), `${path} decimal`).toBe(true);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) assertFinite(inner, `${path}.${key}`);
    if (Object.hasOwn(value, 'valueOf')) assertFinite(Number(value), `Number(${path})`);
  } else {
    expect(['string', 'boolean'].includes(typeof value), `${path} has type ${typeof value}`).toBe(true);
  }
}

describe('contract over every export', () => {
  it('lists every exported function', () => {
    const functions = Object.entries(lib)
      .filter(([, value]) => typeof value === 'function' && ![lib.Rate, lib.MetricError, lib.CohortBuilder, lib.CohortTable].includes(value as never))
      .map(([name]) => name)
      .sort();
    expect(functions).toEqual(Object.keys(shapes).sort());
  });

  for (const [name, shape] of Object.entries(shapes)) {
    it(`${name}: finite result or MetricError, never a mutated input`, () => {
      const fn = (lib as unknown as Record<string, (...args: unknown[]) => unknown>)[name] as (...args: unknown[]) => unknown;
      // Trailing undefined arguments are dropped so that calls mostly have the arity users write.
      const calls = argumentsFor(shape).map((args) => (args.length > 1 && args[args.length - 1] === undefined ? args.slice(0, -1) : args));
      fc.assert(
        fc.property(calls, (args) => {
          deepFreeze(args);
          let result: unknown;
          try {
            result = fn(...args);
          } catch (error) {
            if (!(error instanceof lib.MetricError)) throw error;
            expect(error.message.startsWith(`${name}: `) || error.message.startsWith('Rate.')).toBe(true);
            expect(error.message).toContain(' must be ');
            return;
          }
          assertFinite(result);
        }),
        runs,
      );
    });
  }

  it('Rate.of, Rate.fromJSON and the Rate methods keep the contract', () => {
    fc.assert(
      fc.property(nasty, nasty, nasty, (a, b, c) => {
        for (const call of [
          () => lib.Rate.of(a as never, b as never),
          () => lib.Rate.fromJSON(deepFreeze({ numerator: a, denominator: b }) as never),
          () => lib.Rate.of(1, 3).plus(a as never),
          () => lib.Rate.of(1, 3).minus(a as never),
          () => lib.Rate.of(1, 3).equals(a as never),
          () => lib.Rate.of(1, 3).toPercent(c as never),
          () => lib.Rate.of(1, 3).interval(deepFreeze({ confidence: c }) as never),
        ]) {
          try {
            assertFinite(call());
          } catch (error) {
            if (!(error instanceof lib.MetricError)) throw error;
          }
        }
      }),
      runs,
    );
  });
});

describe('CohortBuilder keeps the contract', () => {
  const optionRecord = recordOf(['period', 'timeZone', 'weekStartsOn', 'cohortBy', 'startEvents', 'returnEvents', 'minOccurrences', 'onInvalid']);
  const eventRecord = recordOf(['customerId', 'timestamp', 'event', 'amount']);
  it('constructor, add, build: a working builder and finite table, or a MetricError', () => {
    fc.assert(
      fc.property(optionRecord, fc.array(eventRecord, { maxLength: 6 }), recordOf(['from', 'to', 'returnRule']), (options, events, buildOptions) => {
        deepFreeze([options, events, buildOptions]);
        const attempt = (call: () => unknown) => {
          try {
            return call();
          } catch (error) {
            if (!(error instanceof lib.MetricError)) throw error;
            return undefined;
          }
        };
        const builder = attempt(() => new lib.CohortBuilder(options as never)) as lib.CohortBuilder | undefined;
        if (builder === undefined) return;
        for (const event of events) attempt(() => builder.add(event as never));
        const table = attempt(() => builder.build(buildOptions as never)) as lib.CohortTable | undefined;
        if (table === undefined) return;
        assertFinite(table.counts());
        for (const row of table.retention()) for (const cell of row) if (cell !== null) assertFinite(cell);
      }),
      { ...runs, numRuns: Math.min(runs.numRuns, 200) },
    );
  });
});

describe('extra arguments are refused, not ignored', () => {
  it('a function without options rejects a second argument', () => {
    expect(() =>
      (lib.customerLifetimeValue as (...args: unknown[]) => unknown)({ averageRevenuePerCustomer: 120, churnRate: 0.04 }, { paymentTiming: 'end' }),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT', field: 'arguments' }));
  });
  it('a function with options rejects a third argument', () => {
    expect(() => (lib.churnRate as (...args: unknown[]) => unknown)({ customersAtStart: 1, customersLost: 0 }, {}, {})).toThrowError(
      /churnRate: arguments must be at most 2 arguments, received 3/,
    );
  });
});
