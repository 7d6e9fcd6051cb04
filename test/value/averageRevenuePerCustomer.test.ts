import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageOrderValue, averageRevenuePerCustomer, MetricError, type MetricErrorCode, purchaseFrequency, rateToDecimal } from '../../src/index.js';
import { amount, D100, deepFreeze, moneyForms, OtherDecimal, terminatingDivisor } from '../arbitraries/money.js';
import { fcOptions } from '../arbitraries/counts.js';

const FN = 'averageRevenuePerCustomer';

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

describe('averageRevenuePerCustomer: examples', () => {
  it('a subscription business: $125,000.00 of revenue over 1,000 active customers is $125.00 per customer', () => {
    const arpc = averageRevenuePerCustomer({ revenue: '125000.00', customers: 1000 });
    expect(arpc.toFixed(2)).toBe('125.00');
    expect(arpc.equals(125)).toBe(true);
    expect(Number(arpc)).toBe(125);
  });

  it('a non-terminating quotient is rounded half-even to 50 significant digits: 100 / 3 and 200 / 3', () => {
    expect(averageRevenuePerCustomer({ revenue: 100, customers: 3 }).toFixed(2)).toBe('33.33');
    expect(averageRevenuePerCustomer({ revenue: 100, customers: 3 }).toString()).toBe(`33.${'3'.repeat(48)}`);
    expect(averageRevenuePerCustomer({ revenue: 200, customers: 3 }).toString()).toBe(`66.${'6'.repeat(47)}7`);
  });

  it('a Shopify store: $48,730.25 from 1,310 customers', () => {
    const arpc = averageRevenuePerCustomer({ revenue: '48730.25', customers: 1310 });
    expect(arpc.toFixed(2)).toBe('37.20');
    expect(new D100(arpc).times(1310).toDecimalPlaces(40).equals('48730.25')).toBe(true);
  });

  it('returns a Decimal whatever the form of the revenue (number, string, bigint, Decimal, Decimal of another clone)', () => {
    for (const revenue of [1234.5, '1234.50', ' 1234.5 ', '+1234.5', '1.2345e3', new Decimal('1234.5'), new OtherDecimal('1234.5')]) {
      const arpc = averageRevenuePerCustomer({ revenue, customers: 2 });
      expect(Decimal.isDecimal(arpc)).toBe(true);
      expect(arpc.toString()).toBe('617.25');
    }
    expect(averageRevenuePerCustomer({ revenue: 123456789012345678901234567890n, customers: 10 }).toFixed()).toBe('12345678901234567890123456789');
  });

  it('reads a Decimal from a low-precision clone exactly, without rounding it to that clone precision', () => {
    expect(averageRevenuePerCustomer({ revenue: new OtherDecimal('1234567.891'), customers: 1 }).toString()).toBe('1234567.891');
  });

  it('reads a number at its shortest decimal form: 0.1 + 0.2 is 0.30000000000000004, 0.3 is 0.3', () => {
    expect(averageRevenuePerCustomer({ revenue: 0.1 + 0.2, customers: 1 }).toString()).toBe('0.30000000000000004');
    expect(averageRevenuePerCustomer({ revenue: 0.3, customers: 1 }).toString()).toBe('0.3');
  });
});

describe('averageRevenuePerCustomer: edge cases and errors', () => {
  it('no customers -> EMPTY_POPULATION, never Infinity or NaN', () => {
    expectMetricError(() => averageRevenuePerCustomer({ revenue: 500, customers: 0 }), {
      code: 'EMPTY_POPULATION',
      field: 'customers',
      received: 0,
      message: 'averageRevenuePerCustomer: customers must be positive: revenue per no customer is undefined, received 0',
    });
    expectMetricError(() => averageRevenuePerCustomer({ revenue: 0, customers: 0 }), { code: 'EMPTY_POPULATION', field: 'customers' });
  });

  it('zero revenue gives exactly 0 (not -0), also for -0 and "-0"', () => {
    for (const revenue of [0, -0, '0', '-0', '0.00', 0n, new Decimal(-0)]) {
      const arpc = averageRevenuePerCustomer({ revenue, customers: 7 });
      expect(arpc.isZero()).toBe(true);
      expect(arpc.isNegative()).toBe(false);
      expect(Object.is(Number(arpc), 0)).toBe(true);
    }
  });

  it.each([
    ['NaN', NaN, 'NaN'],
    ['Infinity', Infinity, 'Infinity'],
    ['-1', -1, '-1'],
    ['1.5', 1.5, '1.5'],
    ['the string "3"', '3', '"3"'],
    ['null', null, 'null'],
    ['an object', {}, 'an object'],
    ['an array', [3], 'an array of 1'],
    ['a bigint', 3n, '3n'],
    ['2^53', 2 ** 53, String(2 ** 53)],
  ])('customers = %s -> INVALID_INPUT naming customers', (_name, customers, shown) => {
    expectMetricError(() => averageRevenuePerCustomer({ revenue: 100, customers: customers as number }), {
      code: 'INVALID_INPUT',
      field: 'customers',
      received: customers,
      message: `averageRevenuePerCustomer: customers must be a non-negative safe integer, received ${shown}`,
    });
  });

  it('a missing field is an error naming it, with received undefined', () => {
    expectMetricError(() => averageRevenuePerCustomer({ revenue: 100 } as never), { code: 'INVALID_INPUT', field: 'customers', received: undefined });
    expectMetricError(() => averageRevenuePerCustomer({ customers: 4 } as never), { code: 'INVALID_INPUT', field: 'revenue', received: undefined });
  });

  it.each([
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['a negative amount', -0.01],
    ['a negative string', '-5'],
    ['a negative bigint', -1n],
    ['a hex string', '0x10'],
    ['the string "Infinity"', 'Infinity'],
    ['the string "NaN"', 'NaN'],
    ['a word', 'abc'],
    ['an empty string', ''],
    ['a blank string', '  '],
    ['a thousands separator', '1,000'],
    ['a currency sign', '$10'],
    ['null', null],
    ['a boolean', true],
    ['an object', {}],
    ['an array', [100]],
    ['Decimal NaN', new Decimal(NaN)],
    ['Decimal Infinity', new Decimal(Infinity)],
    ['a Decimal of another clone, negative', new OtherDecimal(-3)],
  ])('revenue = %s -> INVALID_INPUT naming revenue', (_name, revenue) => {
    expectMetricError(() => averageRevenuePerCustomer({ revenue: revenue as never, customers: 10 }), { code: 'INVALID_INPUT', field: 'revenue', received: revenue });
  });

  it('the error message shows the received value: strings quoted, bigints with n, Decimals wrapped', () => {
    expectMetricError(() => averageRevenuePerCustomer({ revenue: '0x10', customers: 1 }), {
      code: 'INVALID_INPUT',
      field: 'revenue',
      message: 'averageRevenuePerCustomer: revenue must be a non-negative finite amount (number, decimal string, bigint or Decimal), received "0x10"',
    });
    expectMetricError(() => averageRevenuePerCustomer({ revenue: -1n, customers: 1 }), {
      code: 'INVALID_INPUT',
      field: 'revenue',
      message: 'averageRevenuePerCustomer: revenue must be a non-negative finite amount, received -1n',
    });
    expectMetricError(() => averageRevenuePerCustomer({ revenue: new Decimal(NaN), customers: 1 }), {
      code: 'INVALID_INPUT',
      field: 'revenue',
      message: 'averageRevenuePerCustomer: revenue must be a non-negative finite amount (number, decimal string, bigint or Decimal), received Decimal(NaN)',
    });
  });

  it('amounts must lie between 1e-30 and 1e30 in magnitude (or be 0)', () => {
    expect(averageRevenuePerCustomer({ revenue: '1e30', customers: 1 }).toFixed()).toBe(`1${'0'.repeat(30)}`);
    expect(averageRevenuePerCustomer({ revenue: '1e-30', customers: 1 }).equals('1e-30')).toBe(true);
    for (const revenue of ['1.0000001e30', 10n ** 31n, 1e31, '9.9e-31', 1e-31]) {
      const rule = 'a non-negative finite amount of magnitude 0 or from 1e-30 to 1e30';
      expectMetricError(() => averageRevenuePerCustomer({ revenue, customers: 1 }), { code: 'INVALID_INPUT', field: 'revenue', received: revenue });
      try {
        averageRevenuePerCustomer({ revenue, customers: 1 });
      } catch (error) {
        expect((error as Error).message).toContain(rule);
      }
    }
  });

  it.each([
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['a number', 5, '5'],
    ['a string', 'revenue', '"revenue"'],
    ['an array', [100, 5], 'an array of 2'],
  ])('input = %s -> INVALID_INPUT naming input', (_name, input, shown) => {
    expectMetricError(() => averageRevenuePerCustomer(input as never), {
      code: 'INVALID_INPUT',
      field: 'input',
      received: input,
      message: `averageRevenuePerCustomer: input must be an object, received ${shown}`,
    });
  });

  it('an unknown field (a typo) is an error, not silently ignored', () => {
    expectMetricError(() => averageRevenuePerCustomer({ revenue: 100, customers: 4, customer: 5 } as never), {
      code: 'INVALID_INPUT',
      field: 'customer',
      received: 5,
      message: 'averageRevenuePerCustomer: customer must be one of the known fields (revenue, customers), received 5',
    });
  });

  it('an own "__proto__" key (as JSON.parse makes) is an unknown field; inherited fields are not read', () => {
    const parsed = JSON.parse('{"revenue": 100, "customers": 4, "__proto__": {"customers": 1}}') as never;
    expectMetricError(() => averageRevenuePerCustomer(parsed), { code: 'INVALID_INPUT', field: '__proto__' });
    const inherited = Object.create({ revenue: 100, customers: 4 }) as never;
    expectMetricError(() => averageRevenuePerCustomer(inherited), { code: 'INVALID_INPUT', field: 'revenue', received: undefined });
  });

  it('does not mutate its (frozen) input', () => {
    const input = deepFreeze({ revenue: '999.99', customers: 3 });
    const before = structuredClone(input);
    averageRevenuePerCustomer(input);
    expect(input).toEqual(before);
  });

  it('takes no options object: a second argument is an error, not silently ignored', () => {
    expectMetricError(() => (averageRevenuePerCustomer as (...args: unknown[]) => unknown)({ revenue: 100, customers: 4 }, { confidence: 0.9 }), {
      code: 'INVALID_INPUT',
      field: 'arguments',
      received: 2,
      message: 'averageRevenuePerCustomer: arguments must be at most one argument (this function takes no options object), received 2',
    });
  });
});

describe('averageRevenuePerCustomer: properties', () => {
  it('ARPC = AOV x purchase frequency: the identity is exact up to the documented 50-digit half-even rounding of Decimal quotients', () =>
    fc.assert(
      fc.property(amount({ digits: 15, maxScale: 4 }), fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (revenue, orders, customers) => {
        const lhs = averageRevenuePerCustomer({ revenue: revenue.input, customers });
        const rhs = averageOrderValue({ revenue: revenue.input, orders }).times(rateToDecimal(purchaseFrequency({ orders, customers })));
        // Three roundings on the right, one on the left, each within half a unit in the 50th digit.
        const diff = new D100(lhs).minus(new D100(rhs)).abs();
        expect(diff.lessThanOrEqualTo(new D100(lhs).abs().times('1e-48'))).toBe(true);
        // The quotient itself: ARPC x customers gives the revenue back within one rounding (relative 5e-50).
        const back = new D100(lhs).times(customers);
        expect(back.minus(revenue.text).abs().lessThanOrEqualTo(new D100(revenue.text).times('5e-50'))).toBe(true);
      }),
      fcOptions(),
    ));

  it('ARPC x customers = revenue exactly when customers is 2^a 5^b (the quotient terminates within 50 digits)', () =>
    fc.assert(
      fc.property(amount({ digits: 15, maxScale: 4 }), terminatingDivisor, (revenue, customers) => {
        const lhs = averageRevenuePerCustomer({ revenue: revenue.input, customers });
        expect(lhs.times(customers).equals(revenue.text)).toBe(true);
        expect(new D100(revenue.text).div(customers).equals(lhs)).toBe(true);
      }),
      fcOptions(),
    ));

  it('is homogeneous: scaling revenue and customers by the same factor gives the identical Decimal', () =>
    fc.assert(
      fc.property(amount({ digits: 12, maxScale: 2 }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 1000 }), (revenue, customers, k) => {
        const base = averageRevenuePerCustomer({ revenue: revenue.input, customers });
        const scaled = averageRevenuePerCustomer({ revenue: new D100(revenue.text).times(k).toFixed(), customers: customers * k });
        expect(scaled.equals(base)).toBe(true);
      }),
      fcOptions(),
    ));

  it('never returns NaN or Infinity over the whole accepted range, and every accepted form gives the same value', () =>
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.integer({ min: -30, max: 15 }),
        fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constant(Number.MAX_SAFE_INTEGER)),
        (mantissa, exponent, customers) => {
          const text = new D100(`${mantissa}e${exponent}`).toFixed();
          const value = new D100(text);
          fc.pre(value.isZero() || (value.gte('1e-30') && value.lte('1e30')));
          const results = moneyForms(text).map((revenue) => averageRevenuePerCustomer(deepFreeze({ revenue, customers })));
          for (const result of results) {
            expect(result.isFinite()).toBe(true);
            expect(Number.isFinite(Number(result))).toBe(true);
            expect(result.equals(results[0] as Decimal)).toBe(true);
          }
        },
      ),
      fcOptions(),
    ));

  it('does not mutate its input (deep-frozen, compared with a structuredClone taken before)', () =>
    fc.assert(
      fc.property(
        fc.record({ revenue: fc.oneof(fc.integer({ min: 0, max: 1e11 }).map((c) => c / 100), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.constantFrom('12.50', '0', '1e3')), customers: fc.integer({ min: 1, max: 1e6 }) }),
        (input) => {
          const before = structuredClone(input);
          averageRevenuePerCustomer(deepFreeze(input));
          expect(input).toEqual(before);
        },
      ),
      fcOptions(),
    ));
});
