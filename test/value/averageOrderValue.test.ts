import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageOrderValue, MetricError, type MetricErrorCode } from '../../src/index.js';
import { amount, cents, D100, deepFreeze, OtherDecimal, terminatingDivisor } from '../arbitraries/money.js';
import { fcOptions } from '../arbitraries/counts.js';

const FN = 'averageOrderValue';

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

describe('averageOrderValue: examples', () => {
  it('three orders worth $1,234.50 in total average $411.50', () => {
    const aov = averageOrderValue({ revenue: '1234.50', orders: 3 });
    expect(aov.toString()).toBe('411.5');
    expect(aov.toFixed(2)).toBe('411.50');
  });

  it('a month of a web shop: $86,420.00 over 1,150 orders is $75.15 per order', () => {
    const aov = averageOrderValue({ revenue: 86_420, orders: 1150 });
    expect(aov.toFixed(2)).toBe('75.15');
    expect(aov.toString()).toBe(new D100(86_420).div(1150).toSignificantDigits(50).toString());
  });

  it('accepts revenue as number, string, bigint, Decimal and a Decimal of another clone alike', () => {
    for (const revenue of [2500, '2500.00', 2500n, new Decimal(2500), new OtherDecimal('2500')]) {
      expect(averageOrderValue({ revenue, orders: 40 }).toString()).toBe('62.5');
    }
  });

  it('returns a Decimal, rounded half-even to 50 significant digits when the quotient does not terminate', () => {
    const aov = averageOrderValue({ revenue: 10, orders: 7 });
    expect(Decimal.isDecimal(aov)).toBe(true);
    expect(aov.toString()).toBe(new D100(10).div(7).toSignificantDigits(50, Decimal.ROUND_HALF_EVEN).toString());
    expect(aov.precision(true)).toBe(50);
  });
});

describe('averageOrderValue: edge cases and errors', () => {
  it('no orders -> EMPTY_POPULATION, never Infinity or NaN', () => {
    expectMetricError(() => averageOrderValue({ revenue: 100, orders: 0 }), {
      code: 'EMPTY_POPULATION',
      field: 'orders',
      received: 0,
      message: 'averageOrderValue: orders must be positive: the value of no orders is undefined, received 0',
    });
    expectMetricError(() => averageOrderValue({ revenue: 0, orders: 0 }), { code: 'EMPTY_POPULATION', field: 'orders' });
  });

  it('zero revenue over some orders is 0', () => {
    expect(averageOrderValue({ revenue: 0, orders: 12 }).isZero()).toBe(true);
  });

  it.each([NaN, Infinity, -Infinity, -1, 2.5, '3', null, undefined, {}, [], 3n, 2 ** 53])('orders = %s -> INVALID_INPUT naming orders', (orders) => {
    expectMetricError(() => averageOrderValue({ revenue: 100, orders: orders as number }), { code: 'INVALID_INPUT', field: 'orders', received: orders });
  });

  it.each([NaN, Infinity, -5, -1n, '0x10', 'Infinity', 'abc', '', '1e31', '1e-31', null, undefined, true, {}, [], new Decimal(NaN), new Decimal(-Infinity)])(
    'revenue = %s -> INVALID_INPUT naming revenue',
    (revenue) => {
      expectMetricError(() => averageOrderValue({ revenue: revenue as never, orders: 2 }), { code: 'INVALID_INPUT', field: 'revenue', received: revenue });
    },
  );

  it('a bad count message follows "<fn>: <field> must be <rule>, received <value>"', () => {
    expectMetricError(() => averageOrderValue({ revenue: 100, orders: 1.5 }), {
      code: 'INVALID_INPUT',
      field: 'orders',
      message: 'averageOrderValue: orders must be a non-negative safe integer, received 1.5',
    });
    expectMetricError(() => averageOrderValue({ revenue: 'abc', orders: 1 }), {
      code: 'INVALID_INPUT',
      field: 'revenue',
      message: 'averageOrderValue: revenue must be a non-negative finite amount (number, decimal string, bigint or Decimal), received "abc"',
    });
  });

  it('rejects a non-object input, unknown fields and an own __proto__ key', () => {
    for (const input of [null, undefined, 42, 'x', [1, 2]]) {
      expectMetricError(() => averageOrderValue(input as never), { code: 'INVALID_INPUT', field: 'input', received: input });
    }
    expectMetricError(() => averageOrderValue({ revenue: 1, orders: 1, customers: 1 } as never), { code: 'INVALID_INPUT', field: 'customers', received: 1 });
    expectMetricError(() => averageOrderValue(JSON.parse('{"revenue":1,"orders":1,"__proto__":{"x":1}}') as never), { code: 'INVALID_INPUT', field: '__proto__' });
  });

  it('takes no options object: a second argument is an error, not silently ignored', () => {
    expectMetricError(() => (averageOrderValue as (...args: unknown[]) => unknown)({ revenue: 100, orders: 4 }, { confidence: 0.9 }), {
      code: 'INVALID_INPUT',
      field: 'arguments',
      received: 2,
      message: 'averageOrderValue: arguments must be at most one argument (this function takes no options object), received 2',
    });
  });
});

describe('averageOrderValue: properties', () => {
  it('n orders of the same amount a have AOV exactly a', () =>
    fc.assert(
      fc.property(cents({ max: 10n ** 9n }), fc.integer({ min: 1, max: 100_000 }), (price, n) => {
        const revenue = new D100(price.text).times(n).toFixed();
        expect(averageOrderValue({ revenue, orders: n }).equals(price.text)).toBe(true);
      }),
      fcOptions(),
    ));

  it('the AOV of a list of orders lies between its smallest and its largest order', () =>
    fc.assert(
      fc.property(fc.array(cents({ max: 10n ** 8n }), { minLength: 1, maxLength: 30 }), (orders) => {
        const values = orders.map((o) => new D100(o.text));
        const total = values.reduce((a, b) => a.plus(b), new D100(0));
        const aov = averageOrderValue({ revenue: total.toFixed(), orders: orders.length });
        expect(aov.gte(D100.min(...values))).toBe(true);
        expect(aov.lte(D100.max(...values))).toBe(true);
      }),
      fcOptions(),
    ));

  it('AOV x orders = revenue: exactly when orders is 2^a 5^b, else within the 50-digit rounding (relative 5e-50)', () =>
    fc.assert(
      fc.property(amount({ digits: 15, maxScale: 4 }), fc.oneof(terminatingDivisor, fc.integer({ min: 1, max: 1_000_000 })), (revenue, orders) => {
        const aov = averageOrderValue({ revenue: revenue.input, orders });
        const back = new D100(aov).times(orders);
        if (isTwoFiveSmooth(orders)) expect(back.equals(revenue.text)).toBe(true);
        else expect(back.minus(revenue.text).abs().lte(new D100(revenue.text).times('5e-50'))).toBe(true);
      }),
      fcOptions(),
    ));

  it('is non-decreasing in revenue and non-increasing in orders', () =>
    fc.assert(
      fc.property(cents(), cents(), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), (a, b, m, n) => {
        const [lo, hi] = new D100(a.text).lte(b.text) ? [a, b] : [b, a];
        expect(averageOrderValue({ revenue: lo.input, orders: m }).lte(averageOrderValue({ revenue: hi.input, orders: m }))).toBe(true);
        const [few, many] = m <= n ? [m, n] : [n, m];
        expect(averageOrderValue({ revenue: a.input, orders: many }).lte(averageOrderValue({ revenue: a.input, orders: few }))).toBe(true);
      }),
      fcOptions(),
    ));

  it('never returns NaN or Infinity and does not mutate its (frozen) input', () =>
    fc.assert(
      fc.property(amount({ digits: 30, maxScale: 30 }), fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constant(Number.MAX_SAFE_INTEGER)), (revenue, orders) => {
        const input = { revenue: typeof revenue.input === 'object' ? revenue.text : revenue.input, orders };
        const before = structuredClone(input);
        const aov = averageOrderValue(deepFreeze(input));
        expect(aov.isFinite()).toBe(true);
        expect(Number.isFinite(Number(aov))).toBe(true);
        expect(input).toEqual(before);
      }),
      fcOptions(),
    ));
});

/** True when n = 2^a 5^b, so that a decimal divided by n terminates. */
function isTwoFiveSmooth(n: number): boolean {
  let rest = n;
  for (const p of [2, 5]) while (rest % p === 0) rest /= p;
  return rest === 1;
}
