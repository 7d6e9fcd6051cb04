import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cacPaybackPeriod, type CacPaybackPeriodInput, MetricError, type MetricErrorCode, Rate } from '../../src/index.js';
import { amount, cents, D100, deepFreeze, OtherDecimal, rateArg } from '../arbitraries/money.js';
import { fcOptions } from '../arbitraries/counts.js';

const FN = 'cacPaybackPeriod';

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

describe('cacPaybackPeriod: examples', () => {
  it('a 12-month margin payback: CAC $1,200, monthly ARPC $125 at 80% gross margin -> 1200 / (125 x 0.8) = 12 months', () => {
    const months = cacPaybackPeriod({ customerAcquisitionCost: 1200, averageRevenuePerCustomer: 125, grossMargin: 0.8 });
    expect(months.toString()).toBe('12');
  });

  it('revenue payback (no margin given) is shorter: 1200 / 125 = 9.6 months', () => {
    expect(cacPaybackPeriod({ customerAcquisitionCost: 1200, averageRevenuePerCustomer: 125 }).toString()).toBe('9.6');
  });

  it('in the period of the ARPC: an annual ARPC of $1,500 gives the payback in years (1200 / (1500 x 0.8) = 1)', () => {
    expect(cacPaybackPeriod({ customerAcquisitionCost: 1200, averageRevenuePerCustomer: 1500, grossMargin: 0.8 }).toString()).toBe('1');
  });

  it('accepts amounts in any form and the margin as a Rate, a number or a string', () => {
    for (const margin of [0.75, '0.75', Rate.of(3, 4), Rate.of(75, 100)]) {
      for (const cac of [450, '450.00', 450n, new Decimal(450), new OtherDecimal(450)]) {
        expect(cacPaybackPeriod({ customerAcquisitionCost: cac, averageRevenuePerCustomer: '40', grossMargin: margin }).toString()).toBe('15');
      }
    }
  });

  it('a non-terminating payback is rounded half-even to 50 significant digits', () => {
    const months = cacPaybackPeriod({ customerAcquisitionCost: 1000, averageRevenuePerCustomer: 90, grossMargin: 0.7 });
    expect(months.toString()).toBe(new D100(1000).div(63).toSignificantDigits(50).toString());
    expect(months.toFixed(1)).toBe('15.9');
  });
});

describe('cacPaybackPeriod: edge cases and errors', () => {
  it('zero ARPC -> UNDEFINED_RESULT naming averageRevenuePerCustomer (the cost is never repaid), never Infinity', () => {
    expectMetricError(() => cacPaybackPeriod({ customerAcquisitionCost: 1200, averageRevenuePerCustomer: 0 }), {
      code: 'UNDEFINED_RESULT',
      field: 'averageRevenuePerCustomer',
      received: 0,
      message: 'cacPaybackPeriod: averageRevenuePerCustomer must be positive: with no margin per period the cost is never repaid, received 0',
    });
    expectMetricError(() => cacPaybackPeriod({ customerAcquisitionCost: 1200, averageRevenuePerCustomer: '0.00', grossMargin: 0 }), {
      code: 'UNDEFINED_RESULT',
      field: 'averageRevenuePerCustomer',
      received: '0.00',
    });
  });

  it('zero gross margin -> UNDEFINED_RESULT naming grossMargin, with the margin as received', () => {
    for (const grossMargin of [0, '0', Rate.of(0, 10)]) {
      expectMetricError(() => cacPaybackPeriod({ customerAcquisitionCost: 1200, averageRevenuePerCustomer: 125, grossMargin }), {
        code: 'UNDEFINED_RESULT',
        field: 'grossMargin',
        received: grossMargin,
      });
    }
    expectMetricError(() => cacPaybackPeriod({ customerAcquisitionCost: 1200, averageRevenuePerCustomer: 125, grossMargin: 0 }), {
      code: 'UNDEFINED_RESULT',
      field: 'grossMargin',
      message: 'cacPaybackPeriod: grossMargin must be positive: with no margin per period the cost is never repaid, received 0',
    });
  });

  it('zero CAC is paid back at once (0 periods)', () => {
    expect(cacPaybackPeriod({ customerAcquisitionCost: 0, averageRevenuePerCustomer: 125, grossMargin: 0.8 }).isZero()).toBe(true);
  });

  it.each(['customerAcquisitionCost', 'averageRevenuePerCustomer'] as const)('%s: bad amounts -> INVALID_INPUT naming the field', (field) => {
    for (const bad of [NaN, Infinity, -1, -1n, '0x10', 'Infinity', 'abc', '', null, undefined, {}, [], new Decimal(NaN)]) {
      const input = { customerAcquisitionCost: 1200, averageRevenuePerCustomer: 125, [field]: bad };
      expectMetricError(() => cacPaybackPeriod(input as never), { code: 'INVALID_INPUT', field, received: bad });
    }
  });

  it.each([-0.1, 1.1, NaN, Infinity, '1.5', 'abc', null, 1n, {}, Rate.of(5, 4)])('grossMargin = %s -> INVALID_INPUT naming grossMargin', (grossMargin) => {
    expectMetricError(() => cacPaybackPeriod({ customerAcquisitionCost: 1200, averageRevenuePerCustomer: 125, grossMargin: grossMargin as never }), {
      code: 'INVALID_INPUT',
      field: 'grossMargin',
    });
  });

  it('a margin above 1 by less than the 50-digit rounding of a Decimal is rejected like any margin above 1', () => {
    const justAboveOne = `1.${'0'.repeat(60)}1`;
    expectMetricError(() => cacPaybackPeriod({ customerAcquisitionCost: 1200, averageRevenuePerCustomer: 125, grossMargin: justAboveOne }), {
      code: 'INVALID_INPUT',
      field: 'grossMargin',
      received: justAboveOne,
    });
  });

  it('is the exact value rounded half-even to 50 significant digits, even when intermediate products are longer than 50 digits', () => {
    // Exact: 32.2694835777245645083070296785419522547189448048875... (checked with Python's fractions + decimal).
    const cac = '77381634212865430008.24508208307586823858';
    const arpc = '29579008916996250065.71087615395130531373';
    const payback = cacPaybackPeriod({ customerAcquisitionCost: cac, averageRevenuePerCustomer: arpc, grossMargin: Rate.of('722725504994998', '8914790005888833') });
    const exact = new D100(cac).times('8914790005888833').div(new D100(arpc).times('722725504994998'));
    expect(exact.toSignificantDigits(50, Decimal.ROUND_HALF_EVEN).toFixed()).toBe('32.269483577724564508307029678541952254718944804888');
    expect(payback.toFixed()).toBe('32.269483577724564508307029678541952254718944804888');
  });

  it('the margin message follows "<fn>: <field> must be <rule>, received <value>"', () => {
    expectMetricError(() => cacPaybackPeriod({ customerAcquisitionCost: 1200, averageRevenuePerCustomer: 125, grossMargin: 80 }), {
      code: 'INVALID_INPUT',
      field: 'grossMargin',
      message: 'cacPaybackPeriod: grossMargin must be a rate in [0, 1] (a Rate or a fraction such as 0.05), received 80',
    });
  });

  it('rejects a non-object input, unknown fields and an own __proto__ key', () => {
    for (const input of [null, undefined, 12, 'x', []]) {
      expectMetricError(() => cacPaybackPeriod(input as never), { code: 'INVALID_INPUT', field: 'input', received: input });
    }
    expectMetricError(() => cacPaybackPeriod({ customerAcquisitionCost: 1, averageRevenuePerCustomer: 1, margin: 0.8 } as never), { code: 'INVALID_INPUT', field: 'margin', received: 0.8 });
    expectMetricError(() => cacPaybackPeriod(JSON.parse('{"customerAcquisitionCost":1,"averageRevenuePerCustomer":1,"__proto__":{}}') as never), { code: 'INVALID_INPUT', field: '__proto__' });
  });

  it('takes no options object: a second argument is an error, not silently ignored', () => {
    expectMetricError(() => (cacPaybackPeriod as (...args: unknown[]) => unknown)({ customerAcquisitionCost: 1200, averageRevenuePerCustomer: 125 }, { confidence: 0.9 }), {
      code: 'INVALID_INPUT',
      field: 'arguments',
      received: 2,
      message: 'cacPaybackPeriod: arguments must be at most one argument (this function takes no options object), received 2',
    });
  });
});

describe('cacPaybackPeriod: properties', () => {
  it('a CAC of exactly T periods of margin pays back in exactly T periods', () =>
    fc.assert(
      fc.property(cents({ max: 10n ** 9n, positive: true }), rateArg(1, 10_000), fc.integer({ min: 0, max: 120 }), (arpc, margin, periods) => {
        const cac = new D100(arpc.text).times(margin.text).times(periods).toFixed();
        const payback = cacPaybackPeriod({ customerAcquisitionCost: cac, averageRevenuePerCustomer: arpc.input, grossMargin: margin.input });
        expect(payback.equals(periods)).toBe(true);
      }),
      fcOptions(),
    ));

  it('payback x ARPC x margin = CAC, within the 50-digit rounding', () =>
    fc.assert(
      fc.property(cents(), cents({ positive: true }), rateArg(1, 10_000), (cac, arpc, margin) => {
        const payback = new D100(cacPaybackPeriod({ customerAcquisitionCost: cac.input, averageRevenuePerCustomer: arpc.input, grossMargin: margin.input }));
        const back = payback.times(arpc.text).times(margin.text);
        expect(back.minus(cac.text).abs().lte(new D100(cac.text).times('1e-49'))).toBe(true);
      }),
      fcOptions(),
    ));

  it('a higher margin or a higher ARPC never lengthens the payback; a missing margin equals a margin of 1', () =>
    fc.assert(
      fc.property(cents(), cents({ positive: true }), cents({ positive: true }), rateArg(1, 10_000), rateArg(1, 10_000), (cac, a1, a2, m1, m2) => {
        const [mLo, mHi] = new D100(m1.text).lte(m2.text) ? [m1, m2] : [m2, m1];
        const [aLo, aHi] = new D100(a1.text).lte(a2.text) ? [a1, a2] : [a2, a1];
        const payback = (arpc: typeof a1, margin: typeof m1) => cacPaybackPeriod({ customerAcquisitionCost: cac.input, averageRevenuePerCustomer: arpc.input, grossMargin: margin.input });
        expect(payback(aLo, mHi).lte(payback(aLo, mLo))).toBe(true);
        expect(payback(aHi, mLo).lte(payback(aLo, mLo))).toBe(true);
        const noMargin = cacPaybackPeriod({ customerAcquisitionCost: cac.input, averageRevenuePerCustomer: aLo.input });
        expect(noMargin.equals(cacPaybackPeriod({ customerAcquisitionCost: cac.input, averageRevenuePerCustomer: aLo.input, grossMargin: 1 }))).toBe(true);
      }),
      fcOptions(),
    ));

  it('never returns NaN or Infinity at the extremes of the accepted amounts, and does not mutate its (frozen) input', () =>
    fc.assert(
      fc.property(amount({ digits: 30, maxScale: 30 }), amount({ digits: 30, maxScale: 30, positive: true }), rateArg(1, 10_000), (cac, arpc, margin) => {
        const input: CacPaybackPeriodInput = { customerAcquisitionCost: cac.text, averageRevenuePerCustomer: arpc.text, grossMargin: margin.text };
        const before = structuredClone(input);
        const payback = cacPaybackPeriod(deepFreeze(input));
        expect(payback.isFinite() && Number.isFinite(Number(payback))).toBe(true);
        expect(input).toEqual(before);
      }),
      fcOptions(),
    ));
});
