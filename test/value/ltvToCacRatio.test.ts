import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerAcquisitionCost, customerLifetimeValue, ltvToCacRatio, MetricError, type MetricErrorCode, Rate, rateToDecimal } from '../../src/index.js';
import { amount, cents, D100, deepFreeze, OtherDecimal } from '../arbitraries/money.js';
import { fcOptions } from '../arbitraries/counts.js';

const FN = 'ltvToCacRatio';

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

describe('ltvToCacRatio: examples', () => {
  it('the 3:1 rule of thumb: CLV $2,400 for a CAC of $800', () => {
    const ratio = ltvToCacRatio({ customerLifetimeValue: 2400, customerAcquisitionCost: 800 });
    expect(Number(ratio)).toBe(3);
    expect(ratio.equals(3)).toBe(true);
    expect(ratio.toString()).toBe('2400/800');
  });

  it('composes with customerLifetimeValue and customerAcquisitionCost: (120 x 0.8 / 0.04) / (42000 / 120) = 2400 / 350', () => {
    const clv = customerLifetimeValue({ averageRevenuePerCustomer: 120, churnRate: 0.04, grossMargin: 0.8 });
    const cac = customerAcquisitionCost({ spend: 42_000, newCustomers: 120 });
    const ratio = ltvToCacRatio({ customerLifetimeValue: clv, customerAcquisitionCost: cac });
    expect(ratio.equals(Rate.of(48, 7))).toBe(true);
    expect(rateToDecimal(ratio).toFixed(2)).toBe('6.86');
  });

  it('below 1, each customer loses money: CLV $450.50 for a CAC of $901', () => {
    const ratio = ltvToCacRatio({ customerLifetimeValue: '450.50', customerAcquisitionCost: 901 });
    expect(ratio.equals(Rate.of(1, 2))).toBe(true);
    expect(ratio.toPercent(0)).toBe('50%');
  });

  it('accepts amounts in any form: number, string, bigint, Decimal, Decimal of another clone', () => {
    for (const clv of [1500, '1500.00', 1500n, new Decimal(1500), new OtherDecimal(1500)]) {
      expect(ltvToCacRatio({ customerLifetimeValue: clv, customerAcquisitionCost: '500' }).equals(3)).toBe(true);
    }
  });
});

describe('ltvToCacRatio: edge cases and errors', () => {
  it('zero CAC -> UNDEFINED_RESULT, never Infinity', () => {
    for (const cac of [0, '0', '0.00', 0n, new Decimal(0)]) {
      expectMetricError(() => ltvToCacRatio({ customerLifetimeValue: 2400, customerAcquisitionCost: cac }), {
        code: 'UNDEFINED_RESULT',
        field: 'customerAcquisitionCost',
        received: cac,
      });
    }
    expectMetricError(() => ltvToCacRatio({ customerLifetimeValue: 2400, customerAcquisitionCost: 0 }), {
      code: 'UNDEFINED_RESULT',
      field: 'customerAcquisitionCost',
      message: 'ltvToCacRatio: customerAcquisitionCost must be positive: a ratio to zero cost is undefined, received 0',
    });
  });

  it('zero CLV gives a ratio of exactly 0', () => {
    expect(ltvToCacRatio({ customerLifetimeValue: 0, customerAcquisitionCost: 800 }).equals(0)).toBe(true);
  });

  it('a ratio above 1 is not a share of counts: it has no Wilson interval', () => {
    const ratio = ltvToCacRatio({ customerLifetimeValue: 2400, customerAcquisitionCost: 800 });
    expect(() => ratio.interval()).toThrow(MetricError);
  });

  it('a ratio of money (CLV 2 / CAC 4) is a ratio, not a share of counts: it has no Wilson interval, even when its value is at most 1', () => {
    const ratio = ltvToCacRatio({ customerLifetimeValue: 2, customerAcquisitionCost: 4 });
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

  it.each(['customerLifetimeValue', 'customerAcquisitionCost'] as const)('%s: bad amounts -> INVALID_INPUT naming the field', (field) => {
    for (const bad of [NaN, Infinity, -1, '-2', -1n, '0x10', 'Infinity', 'abc', '', null, undefined, true, {}, [], new Decimal(Infinity)]) {
      const input = { customerLifetimeValue: 2400, customerAcquisitionCost: 800, [field]: bad };
      expectMetricError(() => ltvToCacRatio(input as never), { code: 'INVALID_INPUT', field, received: bad });
    }
  });

  it('the amount message follows "<fn>: <field> must be <rule>, received <value>"', () => {
    expectMetricError(() => ltvToCacRatio({ customerLifetimeValue: 'Infinity', customerAcquisitionCost: 800 }), {
      code: 'INVALID_INPUT',
      field: 'customerLifetimeValue',
      message: 'ltvToCacRatio: customerLifetimeValue must be a non-negative finite amount (number, decimal string, bigint or Decimal), received "Infinity"',
    });
  });

  it('rejects a non-object input, unknown fields and an own __proto__ key', () => {
    for (const input of [null, undefined, 3, 'ltv', [2400, 800]]) {
      expectMetricError(() => ltvToCacRatio(input as never), { code: 'INVALID_INPUT', field: 'input', received: input });
    }
    expectMetricError(() => ltvToCacRatio({ customerLifetimeValue: 1, customerAcquisitionCost: 1, ltv: 1 } as never), { code: 'INVALID_INPUT', field: 'ltv', received: 1 });
    expectMetricError(() => ltvToCacRatio(JSON.parse('{"customerLifetimeValue":1,"customerAcquisitionCost":1,"__proto__":1}') as never), { code: 'INVALID_INPUT', field: '__proto__' });
  });

  it('takes no options object: a second argument is an error, not silently ignored', () => {
    expectMetricError(() => (ltvToCacRatio as (...args: unknown[]) => unknown)({ customerLifetimeValue: 2400, customerAcquisitionCost: 800 }, { confidence: 0.9 }), {
      code: 'INVALID_INPUT',
      field: 'arguments',
      received: 2,
      message: 'ltvToCacRatio: arguments must be at most one argument (this function takes no options object), received 2',
    });
  });
});

describe('ltvToCacRatio: properties', () => {
  it('is the exact rate CLV / CAC: CLV = k x CAC gives exactly k, with no tolerance', () =>
    fc.assert(
      fc.property(cents({ positive: true, max: 10n ** 9n }), fc.nat({ max: 1000 }), (cac, k) => {
        const clv = new D100(cac.text).times(k).toFixed();
        const ratio = ltvToCacRatio({ customerLifetimeValue: clv, customerAcquisitionCost: cac.input });
        expect(ratio.equals(k)).toBe(true);
        expect(ratio.equals(Rate.of(clv, cac.text))).toBe(true);
      }),
      fcOptions(),
    ));

  it('keeps its parts exactly as given and is invariant to a common scale (cents vs dollars)', () =>
    fc.assert(
      fc.property(cents(), cents({ positive: true }), (clv, cac) => {
        const ratio = ltvToCacRatio({ customerLifetimeValue: clv.input, customerAcquisitionCost: cac.input });
        expect(new D100(ratio.numerator).equals(clv.text)).toBe(true);
        expect(new D100(ratio.denominator).equals(cac.text)).toBe(true);
        const inCents = ltvToCacRatio({ customerLifetimeValue: new D100(clv.text).times(100).toFixed(), customerAcquisitionCost: new D100(cac.text).times(100).toFixed() });
        expect(inCents.equals(ratio)).toBe(true);
      }),
      fcOptions(),
    ));

  it('never returns NaN or Infinity across the accepted amounts, and does not mutate its (frozen) input', () =>
    fc.assert(
      fc.property(amount({ digits: 30, maxScale: 30 }), amount({ digits: 30, maxScale: 30, positive: true }), (clv, cac) => {
        const input = { customerLifetimeValue: clv.text, customerAcquisitionCost: cac.text };
        const before = structuredClone(input);
        const ratio = ltvToCacRatio(deepFreeze(input));
        expect(Number.isFinite(ratio.toNumber())).toBe(true);
        expect(rateToDecimal(ratio).isFinite()).toBe(true);
        expect(input).toEqual(before);
      }),
      fcOptions(),
    ));
});
