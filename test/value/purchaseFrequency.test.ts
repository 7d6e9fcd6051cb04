import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricError, type MetricErrorCode, purchaseFrequency, Rate, rateToDecimal } from '../../src/index.js';
import { deepFreeze } from '../arbitraries/money.js';
import { fcOptions } from '../arbitraries/counts.js';

const FN = 'purchaseFrequency';

function expectMetricError(call: () => unknown, expected: { code: MetricErrorCode; field: string; received?: unknown; message?: string }): void {
  let error: unknown;
  try {
    call();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(MetricError);
  const e = error as MetricError;
  expect(e.code).toBe(expected.code);
  expect(e.field).toBe(expected.field);
  expect(e.functionName).toBe(FN);
  expect(e.message.startsWith(`${FN}: ${expected.field} must be `), e.message).toBe(true);
  expect(e.message).toMatch(/, received .+$/);
  if ('received' in expected) expect(Object.is(e.received, expected.received), `received ${typeof e.received} ${String(e.received)}`).toBe(true);
  if (expected.message !== undefined) expect(e.message).toBe(expected.message);
}

describe('purchaseFrequency: examples', () => {
  it('1,500 orders from 1,000 customers is 1.5 orders per customer, kept as the exact rate 1500/1000', () => {
    const frequency = purchaseFrequency({ orders: 1500, customers: 1000 });
    expect(Number(frequency)).toBe(1.5);
    expect(frequency.toString()).toBe('1500/1000');
    expect(frequency.equals(Rate.of(3, 2))).toBe(true);
    expect(rateToDecimal(frequency).toString()).toBe('1.5');
  });

  it('a rate below 1 when most customers did not order: 320 orders from 800 customers', () => {
    const frequency = purchaseFrequency({ orders: 320, customers: 800 });
    expect(frequency.toNumber()).toBe(0.4);
    expect(frequency.toPercent(0)).toBe('40%');
  });

  it('serialises to its exact parts', () => {
    expect(JSON.parse(JSON.stringify(purchaseFrequency({ orders: 7, customers: 3 })))).toEqual({ numerator: '7', denominator: '3', value: 7 / 3 });
  });
});

describe('purchaseFrequency: edge cases and errors', () => {
  it('no customers -> EMPTY_POPULATION', () => {
    expectMetricError(() => purchaseFrequency({ orders: 10, customers: 0 }), {
      code: 'EMPTY_POPULATION',
      field: 'customers',
      received: 0,
      message: 'purchaseFrequency: customers must be positive: orders per no customer is undefined, received 0',
    });
    expectMetricError(() => purchaseFrequency({ orders: 0, customers: 0 }), { code: 'EMPTY_POPULATION', field: 'customers' });
  });

  it('no orders is a frequency of exactly 0', () => {
    const frequency = purchaseFrequency({ orders: 0, customers: 25 });
    expect(frequency.equals(0)).toBe(true);
    expect(Object.is(Number(frequency), 0)).toBe(true);
  });

  it.each([
    ['orders', NaN],
    ['orders', Infinity],
    ['orders', -1],
    ['orders', 1.5],
    ['orders', '3'],
    ['orders', null],
    ['orders', undefined],
    ['orders', {}],
    ['orders', [2]],
    ['orders', 2n],
    ['customers', NaN],
    ['customers', -Infinity],
    ['customers', -2],
    ['customers', 0.5],
    ['customers', '10'],
    ['customers', null],
    ['customers', undefined],
    ['customers', 2 ** 53],
  ])('%s = %s -> INVALID_INPUT naming the field', (field, value) => {
    const input = { orders: 10, customers: 5, [field]: value };
    expectMetricError(() => purchaseFrequency(input as never), { code: 'INVALID_INPUT', field, received: value });
  });

  it('orders per customer is a ratio, not a share of counts: it has no Wilson interval, even when its value is at most 1', () => {
    const ratio = purchaseFrequency({ orders: 3, customers: 10 });
    expect(ratio.isProportion).toBe(false);
    let error: unknown;
    try {
      ratio.interval();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MetricError);
    expect((error as MetricError).code).toBe('UNDEFINED_RESULT');
    expect((error as MetricError).functionName).toBe('Rate.interval');
  });

  it('the count message follows "<fn>: <field> must be <rule>, received <value>"', () => {
    expectMetricError(() => purchaseFrequency({ orders: -1, customers: 5 }), {
      code: 'INVALID_INPUT',
      field: 'orders',
      message: 'purchaseFrequency: orders must be a non-negative safe integer, received -1',
    });
  });

  it('rejects a non-object input, unknown fields and an own __proto__ key', () => {
    for (const input of [null, undefined, 3, 'orders', [10, 5]]) {
      expectMetricError(() => purchaseFrequency(input as never), { code: 'INVALID_INPUT', field: 'input', received: input });
    }
    expectMetricError(() => purchaseFrequency({ orders: 1, customers: 1, period: 'month' } as never), { code: 'INVALID_INPUT', field: 'period', received: 'month' });
    expectMetricError(() => purchaseFrequency(JSON.parse('{"orders":1,"customers":1,"__proto__":{"customers":0}}') as never), { code: 'INVALID_INPUT', field: '__proto__' });
  });

  it('takes no options object: a second argument is an error, not silently ignored', () => {
    expectMetricError(() => (purchaseFrequency as (...args: unknown[]) => unknown)({ orders: 8, customers: 4 }, { confidence: 0.9 }), {
      code: 'INVALID_INPUT',
      field: 'arguments',
      received: 2,
      message: 'purchaseFrequency: arguments must be at most one argument (this function takes no options object), received 2',
    });
  });
});

describe('purchaseFrequency: properties', () => {
  it('is the exact rate orders / customers: numerator and denominator are kept as given', () =>
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), (orders, customers) => {
        const frequency = purchaseFrequency({ orders, customers });
        expect(frequency.numerator).toBe(String(orders));
        expect(frequency.denominator).toBe(String(customers));
        expect(frequency.equals(Rate.of(orders, customers))).toBe(true);
        expect(Number(frequency)).toBe(orders / customers);
      }),
      fcOptions(),
    ));

  it('customers who each ordered k times have a frequency of exactly k', () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.nat({ max: 50 }), (customers, k) => {
        expect(purchaseFrequency({ orders: customers * k, customers }).equals(k)).toBe(true);
      }),
      fcOptions(),
    ));

  it('is additive in orders with no tolerance: f(a + b, n) = f(a, n) + f(b, n)', () =>
    fc.assert(
      fc.property(fc.nat({ max: 1e9 }), fc.nat({ max: 1e9 }), fc.integer({ min: 1, max: 1e9 }), (a, b, n) => {
        const whole = purchaseFrequency({ orders: a + b, customers: n });
        expect(whole.equals(purchaseFrequency({ orders: a, customers: n }).plus(purchaseFrequency({ orders: b, customers: n })))).toBe(true);
      }),
      fcOptions(),
    ));

  it('never returns NaN or Infinity (up to the largest safe counts) and does not mutate its (frozen) input', () =>
    fc.assert(
      fc.property(
        fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
        fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constant(Number.MAX_SAFE_INTEGER)),
        (orders, customers) => {
          const input = { orders, customers };
          const before = structuredClone(input);
          const frequency = purchaseFrequency(deepFreeze(input));
          expect(Number.isFinite(frequency.toNumber())).toBe(true);
          expect(rateToDecimal(frequency).isFinite()).toBe(true);
          expect(input).toEqual(before);
        },
      ),
      fcOptions(),
    ));
});
