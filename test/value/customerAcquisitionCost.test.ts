import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerAcquisitionCost, MetricError, type MetricErrorCode } from '../../src/index.js';
import { amount, cents, D100, deepFreeze, OtherDecimal } from '../arbitraries/money.js';
import { fcOptions } from '../arbitraries/counts.js';

const FN = 'customerAcquisitionCost';

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

describe('customerAcquisitionCost: examples', () => {
  it('a quarter of paid acquisition: $42,000 of spend for 120 new customers is $350 per customer', () => {
    const cac = customerAcquisitionCost({ spend: 42_000, newCustomers: 120 });
    expect(cac.toString()).toBe('350');
    expect(Number(cac)).toBe(350);
  });

  it('fully loaded CAC (media + salaries + tools): $185,250.75 for 412 customers', () => {
    const cac = customerAcquisitionCost({ spend: '185250.75', newCustomers: 412 });
    expect(cac.toFixed(2)).toBe('449.64');
  });

  it('accepts spend as number, string, bigint, Decimal and a Decimal of another clone alike', () => {
    for (const spend of [9000, '9000', '9e3', 9000n, new Decimal(9000), new OtherDecimal(9000)]) {
      expect(customerAcquisitionCost({ spend, newCustomers: 36 }).toString()).toBe('250');
    }
  });

  it('zero spend (organic customers only) gives a CAC of 0', () => {
    expect(customerAcquisitionCost({ spend: 0, newCustomers: 50 }).isZero()).toBe(true);
  });
});

describe('customerAcquisitionCost: edge cases and errors', () => {
  it('no new customer -> EMPTY_POPULATION (the cost per customer is undefined, not 0 and not infinite)', () => {
    expectMetricError(() => customerAcquisitionCost({ spend: 5000, newCustomers: 0 }), {
      code: 'EMPTY_POPULATION',
      field: 'newCustomers',
      received: 0,
      message: 'customerAcquisitionCost: newCustomers must be positive: the cost per no customer is undefined, received 0',
    });
  });

  it.each([NaN, Infinity, -1, 1.5, '3', null, undefined, {}, [], 4n])('newCustomers = %s -> INVALID_INPUT naming newCustomers', (newCustomers) => {
    expectMetricError(() => customerAcquisitionCost({ spend: 100, newCustomers: newCustomers as number }), {
      code: 'INVALID_INPUT',
      field: 'newCustomers',
      received: newCustomers,
    });
  });

  it.each([NaN, -Infinity, -0.01, '-3', '0x10', 'Infinity', 'abc', '', null, undefined, false, {}, [], new Decimal(NaN)])(
    'spend = %s -> INVALID_INPUT naming spend',
    (spend) => {
      expectMetricError(() => customerAcquisitionCost({ spend: spend as never, newCustomers: 3 }), { code: 'INVALID_INPUT', field: 'spend', received: spend });
    },
  );

  it('error messages follow "<fn>: <field> must be <rule>, received <value>"', () => {
    expectMetricError(() => customerAcquisitionCost({ spend: -250, newCustomers: 3 }), {
      code: 'INVALID_INPUT',
      field: 'spend',
      message: 'customerAcquisitionCost: spend must be a non-negative finite amount, received -250',
    });
    expectMetricError(() => customerAcquisitionCost({ spend: 250, newCustomers: -3 }), {
      code: 'INVALID_INPUT',
      field: 'newCustomers',
      message: 'customerAcquisitionCost: newCustomers must be a non-negative safe integer, received -3',
    });
  });

  it('rejects a non-object input, unknown fields (a typo) and an own __proto__ key', () => {
    for (const input of [null, 7, 'spend', [1]]) {
      expectMetricError(() => customerAcquisitionCost(input as never), { code: 'INVALID_INPUT', field: 'input', received: input });
    }
    expectMetricError(() => customerAcquisitionCost({ spend: 1, newCustomer: 1 } as never), { code: 'INVALID_INPUT', field: 'newCustomer', received: 1 });
    expectMetricError(() => customerAcquisitionCost(JSON.parse('{"spend":1,"newCustomers":1,"__proto__":null}') as never), { code: 'INVALID_INPUT', field: '__proto__', received: null });
  });

  it('takes no options object: a second argument is an error, not silently ignored', () => {
    expectMetricError(() => (customerAcquisitionCost as (...args: unknown[]) => unknown)({ spend: 100, newCustomers: 4 }, { confidence: 0.9 }), {
      code: 'INVALID_INPUT',
      field: 'arguments',
      received: 2,
      message: 'customerAcquisitionCost: arguments must be at most one argument (this function takes no options object), received 2',
    });
  });
});

describe('customerAcquisitionCost: properties', () => {
  it('n customers who each cost c have a CAC of exactly c', () =>
    fc.assert(
      fc.property(cents({ max: 10n ** 9n }), fc.integer({ min: 1, max: 100_000 }), (cost, n) => {
        expect(customerAcquisitionCost({ spend: new D100(cost.text).times(n).toFixed(), newCustomers: n }).equals(cost.text)).toBe(true);
      }),
      fcOptions(),
    ));

  it('is additive in spend: CAC(a + b) = CAC(a) + CAC(b), within the 50-digit rounding of each quotient', () =>
    fc.assert(
      fc.property(cents(), cents(), fc.integer({ min: 1, max: 1_000_000 }), (a, b, n) => {
        const whole = new D100(customerAcquisitionCost({ spend: new D100(a.text).plus(b.text).toFixed(), newCustomers: n }));
        const parts = new D100(customerAcquisitionCost({ spend: a.input, newCustomers: n })).plus(customerAcquisitionCost({ spend: b.input, newCustomers: n }));
        expect(whole.minus(parts).abs().lte(whole.times('2e-49'))).toBe(true);
      }),
      fcOptions(),
    ));

  it('never returns NaN or Infinity and does not mutate its (frozen) input', () =>
    fc.assert(
      fc.property(amount({ digits: 30, maxScale: 30 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (spend, newCustomers) => {
        const input = { spend: spend.text, newCustomers };
        const before = structuredClone(input);
        const cac = customerAcquisitionCost(deepFreeze(input));
        expect(cac.isFinite() && Number.isFinite(Number(cac))).toBe(true);
        expect(input).toEqual(before);
      }),
      fcOptions(),
    ));
});
