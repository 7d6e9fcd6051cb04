import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerLifetimeValue, type CustomerLifetimeValueInput, MetricError, type MetricErrorCode, Rate } from '../../src/index.js';
import { cents, D100, deepFreeze, OtherDecimal, type RateArg, rateArg } from '../arbitraries/money.js';
import { fcOptions } from '../arbitraries/counts.js';

const FN = 'customerLifetimeValue';

/** The oracle's own Decimal: 60 significant digits, more than the library's 50. */
const D60 = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });

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

/**
 * The explicit sum of discounted margins, with no closed form: Σ m r^t / (1 + d)^t over t = 0..T ('start')
 * or t = 1..T ('end'), with T chosen so that the tail m q^(T+1) / (1 - q), q = r / (1 + d), is below 1e-20.
 */
function explicitSum(m: Decimal, churn: string, discount: string, timing: 'start' | 'end'): { sum: Decimal; tail: Decimal; terms: number } {
  const q = new D60(1).minus(churn).div(new D60(1).plus(discount));
  const first = timing === 'start' ? 0 : 1;
  if (q.isZero()) return { sum: timing === 'start' ? new D60(m) : new D60(0), tail: new D60(0), terms: 1 };
  const qf = q.toNumber();
  const mf = Math.max(m.toNumber(), 1e-300);
  let last = Math.max(first, Math.ceil(Math.log((1e-21 * (1 - qf)) / mf) / Math.log(qf)));
  let tail = new D60(m).times(q.pow(last + 1)).div(new D60(1).minus(q));
  while (tail.gte('1e-20')) {
    last += 10;
    tail = new D60(m).times(q.pow(last + 1)).div(new D60(1).minus(q));
  }
  let sum = new D60(0);
  let term = new D60(m).times(q.pow(first));
  for (let t = first; t <= last; t++) {
    sum = sum.plus(term);
    term = term.times(q);
  }
  return { sum, tail, terms: last - first + 1 };
}

describe('customerLifetimeValue: examples', () => {
  it('the usual SaaS form: ARPC $120 x 80% margin / 4% monthly churn = $2,400 (payments at the start, no discounting)', () => {
    const clv = customerLifetimeValue({ averageRevenuePerCustomer: 120, churnRate: 0.04, grossMargin: 0.8 });
    expect(clv.toString()).toBe('2400');
  });

  it('ChartMogul / Baremetrics revenue CLV: ARPC / churn, $49 / 2.5% = $1,960', () => {
    expect(customerLifetimeValue({ averageRevenuePerCustomer: 49, churnRate: '0.025' }).toString()).toBe('1960');
  });

  it('discounted at 1% a month with payments at the end of each month: 96 x 0.96 / 0.05 = $1,843.20', () => {
    const clv = customerLifetimeValue({ averageRevenuePerCustomer: 120, churnRate: 0.04, grossMargin: 0.8, discountRate: 0.01, paymentTiming: 'end' });
    expect(clv.toFixed(2)).toBe('1843.20');
    expect(clv.equals('1843.2')).toBe(true);
  });

  it('the same with payments at the start: 96 x 1.01 / 0.05 = $1,939.20, one margin more than the end form', () => {
    const start = customerLifetimeValue({ averageRevenuePerCustomer: 120, churnRate: 0.04, grossMargin: 0.8, discountRate: 0.01 });
    expect(start.toString()).toBe('1939.2');
    const end = customerLifetimeValue({ averageRevenuePerCustomer: 120, churnRate: 0.04, grossMargin: 0.8, discountRate: 0.01, paymentTiming: 'end' });
    expect(start.minus(end).toString()).toBe('96');
  });

  it('accepts rates as a Rate built from counts (40 lost of 1,000), a number or a decimal string', () => {
    const fromRate = customerLifetimeValue({ averageRevenuePerCustomer: '120.00', churnRate: Rate.of(40, 1000), grossMargin: Rate.of(4, 5) });
    const fromText = customerLifetimeValue({ averageRevenuePerCustomer: 120n, churnRate: '0.04', grossMargin: '0.8' });
    expect(fromRate.toString()).toBe('2400');
    expect(fromText.toString()).toBe('2400');
  });

  it('accepts ARPC as number, string, bigint, Decimal and a Decimal of another clone alike', () => {
    for (const averageRevenuePerCustomer of [50, '50', '5e1', 50n, new Decimal(50), new OtherDecimal(50)]) {
      expect(customerLifetimeValue({ averageRevenuePerCustomer, churnRate: 0.05 }).toString()).toBe('1000');
    }
  });

  it('a non-terminating value is rounded half-even to 50 significant digits: 100 / 0.03', () => {
    const clv = customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: 0.03 });
    expect(clv.toString()).toBe(new D100(100).div('0.03').toSignificantDigits(50).toString());
    expect(clv.toFixed(2)).toBe('3333.33');
  });
});

describe('customerLifetimeValue: golden values', () => {
  it('Gupta & Lehmann (2003), "Customers as assets": CLV = m r / (1 + i - r); m = 100, r = 0.8, i = 0.12 gives exactly 250 (paymentTiming "end", no tolerance)', () => {
    const clv = customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: 0.2, discountRate: 0.12, paymentTiming: 'end' });
    expect(clv.toString()).toBe('250');
  });

  it('Gupta & Lehmann (2003): with a payment at the start as well, m (1 + i) / (1 + i - r) = 112 / 0.32 = 350 exactly', () => {
    const clv = customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: 0.2, discountRate: 0.12, paymentTiming: 'start' });
    expect(clv.toString()).toBe('350');
  });
});

describe('customerLifetimeValue: edge cases and errors', () => {
  it('zero churn with no discounting -> UNDEFINED_RESULT, never Infinity', () => {
    for (const churnRate of [0, '0', '0.000', Rate.of(0, 12)]) {
      expectMetricError(() => customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate }), {
        code: 'UNDEFINED_RESULT',
        field: 'churnRate',
        received: churnRate,
      });
    }
    expectMetricError(() => customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: 0, discountRate: 0, paymentTiming: 'end' }), {
      code: 'UNDEFINED_RESULT',
      field: 'churnRate',
      message: 'customerLifetimeValue: churnRate must be positive unless discountRate is: with no churn and no discounting CLV is infinite, received 0',
    });
  });

  it('zero churn with a positive discount rate is finite: m (1 + d) / d at the start, m / d at the end (a perpetuity)', () => {
    expect(customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: 0, discountRate: 0.05 }).toString()).toBe('2100');
    expect(customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: 0, discountRate: 0.05, paymentTiming: 'end' }).toString()).toBe('2000');
  });

  it('churn of 100%: one payment at the start, nothing at the end', () => {
    expect(customerLifetimeValue({ averageRevenuePerCustomer: 80, churnRate: 1 }).toString()).toBe('80');
    expect(customerLifetimeValue({ averageRevenuePerCustomer: 80, churnRate: 1, discountRate: 0.1, paymentTiming: 'end' }).isZero()).toBe(true);
  });

  it('zero ARPC or zero margin gives 0', () => {
    expect(customerLifetimeValue({ averageRevenuePerCustomer: 0, churnRate: 0.1 }).isZero()).toBe(true);
    expect(customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: 0.1, grossMargin: 0 }).isZero()).toBe(true);
  });

  it.each([
    ['a negative fraction', -0.01],
    ['a fraction above 1', 1.01],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['a string above 1', '1.5'],
    ['a word', 'abc'],
    ['a hex string', '0x1'],
    ['an empty string', ''],
    ['null', null],
    ['missing', undefined],
    ['a bigint', 1n],
    ['an object', {}],
    // A Decimal churn rate is accepted since issue 10 (D), like a Decimal amount: test/core/_rateInput.decimal.test.ts.
    ['a Decimal above 1', new Decimal('1.05')],
  ])('churnRate = %s -> INVALID_INPUT naming churnRate', (_name, churnRate) => {
    expectMetricError(() => customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: churnRate as never }), {
      code: 'INVALID_INPUT',
      field: 'churnRate',
    });
  });

  it('a rate out of range, given as a Rate, is reported with its exact fraction', () => {
    expectMetricError(() => customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: Rate.of(3, 2) }), { code: 'INVALID_INPUT', field: 'churnRate' });
    expect(() => customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: Rate.of(3, 2) })).toThrow(
      /^customerLifetimeValue: churnRate must be a rate in \[0, 1\] \(a Rate or a fraction such as 0\.05\), received .*3\/2/,
    );
    expectMetricError(() => customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: -0.1 }), {
      code: 'INVALID_INPUT',
      field: 'churnRate',
      message: 'customerLifetimeValue: churnRate must be a rate in [0, 1] (a Rate or a fraction such as 0.05), received -0.1',
    });
  });

  it('a churn rate or margin above 1 by less than the 50-digit rounding of a Decimal is still above 1 and is rejected', () => {
    // 1 + 1e-61 rounds to 1 at 50 significant digits, but it is not a rate in [0, 1]: retention would be negative.
    const justAboveOne = `1.${'0'.repeat(60)}1`;
    expectMetricError(() => customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: justAboveOne, paymentTiming: 'end' }), {
      code: 'INVALID_INPUT',
      field: 'churnRate',
      received: justAboveOne,
    });
    expectMetricError(() => customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: Rate.of(justAboveOne, 1) }), { code: 'INVALID_INPUT', field: 'churnRate' });
    expectMetricError(() => customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: 0.5, grossMargin: justAboveOne }), {
      code: 'INVALID_INPUT',
      field: 'grossMargin',
      received: justAboveOne,
    });
  });

  it('is the exact value rounded half-even to 50 significant digits, even when the rate parts make intermediate products longer than 50 digits', () => {
    // Exact: 23411824995546506394008088.39040964390007239528591482852658... (checked with Python's fractions + decimal).
    const clv = customerLifetimeValue({
      averageRevenuePerCustomer: '9957776606083425171055017.31606',
      churnRate: Rate.of('53041887223895', '2779173215023540'),
      grossMargin: Rate.of('438193533311381', '9765392909410786'),
    });
    const exact = new D100('9957776606083425171055017.31606').times('438193533311381').times('2779173215023540').div(new D100('9765392909410786').times('53041887223895'));
    expect(exact.toSignificantDigits(50, Decimal.ROUND_HALF_EVEN).toFixed()).toBe('23411824995546506394008088.390409643900072395285915');
    expect(clv.toFixed()).toBe('23411824995546506394008088.390409643900072395285915');
  });

  it.each([-0.2, 1.2, NaN, '2', null, 0n])('grossMargin = %s -> INVALID_INPUT naming grossMargin', (grossMargin) => {
    expectMetricError(() => customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: 0.05, grossMargin: grossMargin as never }), {
      code: 'INVALID_INPUT',
      field: 'grossMargin',
    });
  });

  it.each([-0.01, -Infinity, NaN, 'x', null, Rate.of(-1, 100)])('discountRate = %s -> INVALID_INPUT naming discountRate', (discountRate) => {
    expectMetricError(() => customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: 0.05, discountRate: discountRate as never }), {
      code: 'INVALID_INPUT',
      field: 'discountRate',
    });
  });

  it('a discount rate above 1 per period is allowed (a rate >= 0, no upper bound)', () => {
    expect(customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: 0.5, discountRate: 1.5, paymentTiming: 'end' }).toString()).toBe('25');
  });

  it('paymentTiming must be "start" or "end"', () => {
    expectMetricError(() => customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: 0.05, paymentTiming: 'middle' as never }), {
      code: 'INVALID_INPUT',
      field: 'paymentTiming',
      received: 'middle',
      message: `customerLifetimeValue: paymentTiming must be one of 'start', 'end', received "middle"`,
    });
    expectMetricError(() => customerLifetimeValue({ averageRevenuePerCustomer: 100, churnRate: 0.05, paymentTiming: null as never }), { code: 'INVALID_INPUT', field: 'paymentTiming' });
  });

  it.each([-1, NaN, Infinity, 'abc', '0x10', 'Infinity', '', null, undefined, new Decimal(NaN)])('averageRevenuePerCustomer = %s -> INVALID_INPUT', (arpc) => {
    expectMetricError(() => customerLifetimeValue({ averageRevenuePerCustomer: arpc as never, churnRate: 0.05 }), {
      code: 'INVALID_INPUT',
      field: 'averageRevenuePerCustomer',
      received: arpc,
    });
  });

  it('rejects a non-object input, unknown fields (such as a typo of churnRate) and an own __proto__ key', () => {
    for (const input of [null, undefined, 100, 'clv', [100, 0.05]]) {
      expectMetricError(() => customerLifetimeValue(input as never), { code: 'INVALID_INPUT', field: 'input', received: input });
    }
    expectMetricError(() => customerLifetimeValue({ averageRevenuePerCustomer: 100, churn: 0.05 } as never), { code: 'INVALID_INPUT', field: 'churn', received: 0.05 });
    expectMetricError(() => customerLifetimeValue(JSON.parse('{"averageRevenuePerCustomer":100,"churnRate":0.05,"__proto__":{"grossMargin":2}}') as never), {
      code: 'INVALID_INPUT',
      field: '__proto__',
    });
  });

  it('takes no options object: a second argument is an error, not silently ignored', () => {
    expectMetricError(() => (customerLifetimeValue as (...args: unknown[]) => unknown)({ averageRevenuePerCustomer: 100, churnRate: 0.05 }, { confidence: 0.9 }), {
      code: 'INVALID_INPUT',
      field: 'arguments',
      received: 2,
      message: 'customerLifetimeValue: arguments must be at most one argument (this function takes no options object), received 2',
    });
  });
});

const timing = fc.constantFrom<'start' | 'end'>('start', 'end');

describe('customerLifetimeValue: properties', () => {
  it('the closed forms equal the explicit discounted sums Σ m r^t / (1 + d)^t (t from 0 at the start, from 1 at the end), within the tail + 1e-30 relative', () =>
    fc.assert(
      fc.property(
        cents({ max: 10n ** 8n }),
        rateArg(0, 10_000),
        fc.oneof(
          fc.tuple(rateArg(200, 10_000), rateArg(0, 5000)),
          fc.tuple(rateArg(0, 0), rateArg(200, 5000)), // no churn, discounting only
        ),
        timing,
        (arpc, margin, [churn, discount], paymentTiming) => {
          const clv = customerLifetimeValue({ averageRevenuePerCustomer: arpc.input, churnRate: churn.input, grossMargin: margin.input, discountRate: discount.input, paymentTiming });
          const m = new D60(arpc.text).times(margin.text);
          const { sum, tail } = explicitSum(m, churn.text, discount.text, paymentTiming);
          expect(tail.lt('1e-20')).toBe(true);
          const closed = new D60(clv);
          expect(closed.minus(sum).abs().lte(tail.plus(closed.abs().times('1e-30')))).toBe(true);
          // The partial sum approaches the closed form from below.
          expect(sum.lte(closed.times(new D60(1).plus('1e-45')))).toBe(true);
        },
      ),
      fcOptions(),
    ));

  it('with no discounting and payments at the start, CLV = ARPC x margin / churn exactly when the quotient terminates (churn = 1 / 2^a 5^b)', () =>
    fc.assert(
      fc.property(cents({ max: 10n ** 10n }), rateArg(0, 10_000), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 6 }), (arpc, margin, a, b) => {
        const churn = new D100(1).div(2 ** a * 5 ** b).toFixed();
        const clv = customerLifetimeValue({ averageRevenuePerCustomer: arpc.input, churnRate: churn, grossMargin: margin.input });
        expect(clv.equals(new D100(arpc.text).times(margin.text).div(churn))).toBe(true);
      }),
      fcOptions(),
    ));

  it('with no discounting and payments at the start, CLV = ARPC x margin / churn for any churn, within the 50-digit rounding', () =>
    fc.assert(
      fc.property(cents({ max: 10n ** 10n }), rateArg(1, 10_000), rateArg(1, 10_000), (arpc, margin, churn) => {
        const clv = customerLifetimeValue({ averageRevenuePerCustomer: arpc.input, churnRate: churn.input, grossMargin: margin.input, discountRate: 0, paymentTiming: 'start' });
        const expected = new D100(arpc.text).times(margin.text).div(churn.text);
        expect(new D100(clv).minus(expected).abs().lte(expected.times('1e-48'))).toBe(true);
      }),
      fcOptions(),
    ));

  it('the start form is the end form plus one margin: CLV(start) - CLV(end) = ARPC x margin', () =>
    fc.assert(
      fc.property(cents({ max: 10n ** 10n }), rateArg(0, 10_000), rateArg(1, 10_000), rateArg(0, 10_000), (arpc, margin, churn, discount) => {
        const input = { averageRevenuePerCustomer: arpc.input, churnRate: churn.input, grossMargin: margin.input, discountRate: discount.input };
        const start = new D100(customerLifetimeValue({ ...input, paymentTiming: 'start' }));
        const end = new D100(customerLifetimeValue({ ...input, paymentTiming: 'end' }));
        const m = new D100(arpc.text).times(margin.text);
        expect(start.minus(end).minus(m).abs().lte(start.times('1e-48'))).toBe(true);
      }),
      fcOptions(),
    ));

  it('is non-increasing in the discount rate and in churn, non-decreasing in margin, for both timings', () =>
    fc.assert(
      fc.property(
        cents({ max: 10n ** 10n }),
        fc.tuple(rateArg(0, 10_000), rateArg(0, 10_000)),
        fc.tuple(rateArg(1, 10_000), rateArg(1, 10_000)),
        fc.tuple(rateArg(0, 20_000), rateArg(0, 20_000)),
        timing,
        (arpc, margins, churns, discounts, paymentTiming) => {
          const byValue = (a: RateArg, b: RateArg): [RateArg, RateArg] => (new D100(a.text).lte(b.text) ? [a, b] : [b, a]);
          const [mLo, mHi] = byValue(...margins);
          const [cLo, cHi] = byValue(...churns);
          const [dLo, dHi] = byValue(...discounts);
          const clv = (margin: RateArg, churn: RateArg, discount: RateArg) =>
            customerLifetimeValue({ averageRevenuePerCustomer: arpc.input, grossMargin: margin.input, churnRate: churn.input, discountRate: discount.input, paymentTiming });
          expect(clv(mLo, cLo, dHi).lte(clv(mLo, cLo, dLo))).toBe(true);
          expect(clv(mLo, cHi, dLo).lte(clv(mLo, cLo, dLo))).toBe(true);
          expect(clv(mLo, cLo, dLo).lte(clv(mHi, cLo, dLo))).toBe(true);
        },
      ),
      fcOptions(),
    ));

  it('is linear in ARPC: k x ARPC gives k x CLV (within the 50-digit rounding)', () =>
    fc.assert(
      fc.property(cents({ max: 10n ** 10n }), fc.integer({ min: 1, max: 10_000 }), rateArg(1, 10_000), rateArg(0, 10_000), timing, (arpc, k, churn, discount, paymentTiming) => {
        const one = new D100(customerLifetimeValue({ averageRevenuePerCustomer: arpc.input, churnRate: churn.input, discountRate: discount.input, paymentTiming }));
        const many = new D100(customerLifetimeValue({ averageRevenuePerCustomer: new D100(arpc.text).times(k).toFixed(), churnRate: churn.input, discountRate: discount.input, paymentTiming }));
        expect(many.minus(one.times(k)).abs().lte(many.times('1e-48'))).toBe(true);
      }),
      fcOptions(),
    ));

  it('never returns NaN or Infinity, even for Rates with large parts and extreme amounts, and does not mutate its (frozen) input', () =>
    fc.assert(
      fc.property(
        fc.constantFrom('0', '1e-30', '0.01', '49.99', '1e30'),
        fc.tuple(fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
        fc.tuple(fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
        fc.constantFrom('0', '1e-30', '0.05', '1', '1e30'),
        timing,
        (arpc, [c1, c2], [m1, m2], discount, paymentTiming) => {
          const churn = Rate.of(Math.min(c1, c2), Math.max(c1, c2, 1));
          const margin = Rate.of(Math.min(m1, m2), Math.max(m1, m2, 1));
          const input: CustomerLifetimeValueInput = { averageRevenuePerCustomer: arpc, churnRate: churn, grossMargin: margin, discountRate: discount, paymentTiming };
          const before = { ...input };
          try {
            const clv = customerLifetimeValue(deepFreeze(input));
            expect(clv.isFinite()).toBe(true);
            expect(Number.isFinite(Number(clv))).toBe(true);
            expect(clv.isNegative() && !clv.isZero()).toBe(false);
          } catch (error) {
            expect(error).toBeInstanceOf(MetricError);
            expect((error as MetricError).code).toBe('UNDEFINED_RESULT');
            expect(churn.equals(0) && discount === '0').toBe(true);
          }
          expect(input).toEqual(before);
        },
      ),
      fcOptions(),
    ));
});
