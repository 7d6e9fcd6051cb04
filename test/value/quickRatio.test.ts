import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricError, type MetricErrorCode, quickRatio, type QuickRatioInput, Rate, rateToDecimal } from '../../src/index.js';
import { amount, cents, D100, deepFreeze, OtherDecimal } from '../arbitraries/money.js';
import { fcOptions } from '../arbitraries/counts.js';

const FN = 'quickRatio';

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

const FIELDS = ['newRevenue', 'expansionRevenue', 'churnedRevenue', 'contractionRevenue', 'reactivationRevenue'] as const;

describe('quickRatio: examples', () => {
  it('efficient growth: ($10,000 new + $4,000 expansion) / ($2,500 churned + $1,000 contraction) = 4', () => {
    const ratio = quickRatio({ newRevenue: 10_000, expansionRevenue: 4000, churnedRevenue: 2500, contractionRevenue: 1000 });
    expect(Number(ratio)).toBe(4);
    expect(ratio.toString()).toBe('14000/3500');
  });

  it('with reactivated (resurrected) revenue added to the gains: (12,500 + 3,000 + 500) / (2,000 + 500) = 6.4', () => {
    const ratio = quickRatio({ newRevenue: '12500.00', expansionRevenue: '3000', churnedRevenue: '2000', contractionRevenue: '500', reactivationRevenue: 500 });
    expect(ratio.equals(Rate.of(32, 5))).toBe(true);
    expect(rateToDecimal(ratio).toString()).toBe('6.4');
  });

  it('a shrinking business has a ratio below 1: gains $1,800, losses $2,400 -> 0.75', () => {
    const ratio = quickRatio({ newRevenue: 1500, expansionRevenue: 300, churnedRevenue: 2000, contractionRevenue: 400 });
    expect(ratio.equals(Rate.of(3, 4))).toBe(true);
  });

  it('accepts amounts as number, string, bigint, Decimal and a Decimal of another clone alike', () => {
    for (const amountForm of [500, '500', '5e2', 500n, new Decimal(500), new OtherDecimal(500)]) {
      expect(quickRatio({ newRevenue: amountForm, expansionRevenue: amountForm, churnedRevenue: amountForm, contractionRevenue: 0 }).equals(2)).toBe(true);
    }
  });
});

describe('quickRatio: edge cases and errors', () => {
  it('nothing lost -> UNDEFINED_RESULT (the ratio would be infinite)', () => {
    expectMetricError(() => quickRatio({ newRevenue: 1000, expansionRevenue: 0, churnedRevenue: 0, contractionRevenue: 0 }), {
      code: 'UNDEFINED_RESULT',
      field: 'churnedRevenue',
    });
    expectMetricError(() => quickRatio({ newRevenue: 0, expansionRevenue: 0, churnedRevenue: '0.00', contractionRevenue: 0n }), { code: 'UNDEFINED_RESULT', field: 'churnedRevenue' });
  });

  it('the UNDEFINED_RESULT error carries the churnedRevenue value as received (MetricError.received is "the offending value as received")', () => {
    expectMetricError(() => quickRatio({ newRevenue: 1000, expansionRevenue: 0, churnedRevenue: 0, contractionRevenue: 0 }), {
      code: 'UNDEFINED_RESULT',
      field: 'churnedRevenue',
      received: 0,
      message: 'quickRatio: churnedRevenue must be positive, or contractionRevenue positive: with no revenue lost the ratio is infinite, received 0',
    });
  });

  it('sums the movements exactly: 1e-30 of expansion next to 1e30 of new revenue is not lost to rounding', () => {
    const ratio = quickRatio({ newRevenue: '1e30', expansionRevenue: '1e-30', churnedRevenue: 1, contractionRevenue: '1e-30' });
    expect(ratio.numerator).toBe(`1${'0'.repeat(30)}.${'0'.repeat(29)}1`);
    expect(ratio.denominator).toBe(`1.${'0'.repeat(29)}1`);
  });

  it('contraction alone is a loss: churned 0, contraction 200 is defined', () => {
    expect(quickRatio({ newRevenue: 1000, expansionRevenue: 0, churnedRevenue: 0, contractionRevenue: 200 }).equals(5)).toBe(true);
  });

  it('no gains gives exactly 0', () => {
    expect(quickRatio({ newRevenue: 0, expansionRevenue: 0, churnedRevenue: 100, contractionRevenue: 0 }).equals(0)).toBe(true);
  });

  it('a ratio of money (gains 1 / losses 4) is a ratio, not a share of counts: it has no Wilson interval, even when its value is at most 1', () => {
    const ratio = quickRatio({ newRevenue: 1, expansionRevenue: 0, churnedRevenue: 3, contractionRevenue: 1 });
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

  it.each(FIELDS)('%s: bad amounts -> INVALID_INPUT naming the field', (field) => {
    const bads: unknown[] = [NaN, Infinity, -1, '-0.5', -1n, '0x10', 'Infinity', 'abc', '', null, true, {}, [], new Decimal(NaN)];
    if (field !== 'reactivationRevenue') bads.push(undefined);
    for (const bad of bads) {
      const input = { newRevenue: 100, expansionRevenue: 50, churnedRevenue: 20, contractionRevenue: 10, [field]: bad };
      expectMetricError(() => quickRatio(input as never), { code: 'INVALID_INPUT', field, received: bad });
    }
  });

  it('reactivationRevenue is optional: omitted or 0 give the same ratio', () => {
    const base = { newRevenue: 100, expansionRevenue: 50, churnedRevenue: 20, contractionRevenue: 10 };
    expect(quickRatio(base).equals(quickRatio({ ...base, reactivationRevenue: 0 }))).toBe(true);
  });

  it('rejects a non-object input, unknown fields and an own __proto__ key', () => {
    for (const input of [null, undefined, 4, 'x', []]) {
      expectMetricError(() => quickRatio(input as never), { code: 'INVALID_INPUT', field: 'input', received: input });
    }
    expectMetricError(() => quickRatio({ newRevenue: 1, expansionRevenue: 1, churnedRevenue: 1, contractionRevenue: 1, resurrectedRevenue: 1 } as never), {
      code: 'INVALID_INPUT',
      field: 'resurrectedRevenue',
      received: 1,
    });
    expectMetricError(() => quickRatio(JSON.parse('{"newRevenue":1,"expansionRevenue":1,"churnedRevenue":1,"contractionRevenue":1,"__proto__":{}}') as never), {
      code: 'INVALID_INPUT',
      field: '__proto__',
    });
  });

  it('takes no options object: a second argument is an error, not silently ignored', () => {
    expectMetricError(() => (quickRatio as (...args: unknown[]) => unknown)({ newRevenue: 100, expansionRevenue: 0, churnedRevenue: 25, contractionRevenue: 0 }, { confidence: 0.9 }), {
      code: 'INVALID_INPUT',
      field: 'arguments',
      received: 2,
      message: 'quickRatio: arguments must be at most one argument (this function takes no options object), received 2',
    });
  });
});

describe('quickRatio: properties', () => {
  const money = fc.oneof(cents(), amount({ digits: 30, maxScale: 30 }));
  const movements = fc.record({ newRevenue: money, expansionRevenue: money, churnedRevenue: money, contractionRevenue: money, reactivationRevenue: money });

  it('is the exact rate (new + expansion + reactivation) / (churned + contraction)', () =>
    fc.assert(
      fc.property(movements, (m) => {
        const lost = new D100(m.churnedRevenue.text).plus(m.contractionRevenue.text);
        fc.pre(!lost.isZero());
        const gained = new D100(m.newRevenue.text).plus(m.expansionRevenue.text).plus(m.reactivationRevenue.text);
        const ratio = quickRatio({
          newRevenue: m.newRevenue.input,
          expansionRevenue: m.expansionRevenue.input,
          churnedRevenue: m.churnedRevenue.input,
          contractionRevenue: m.contractionRevenue.input,
          reactivationRevenue: m.reactivationRevenue.input,
        });
        expect(ratio.numerator).toBe(gained.toFixed());
        expect(ratio.denominator).toBe(lost.toFixed());
        if (gained.lte('1e30') && lost.lte('1e30')) expect(ratio.equals(Rate.of(gained.toFixed(), lost.toFixed()))).toBe(true);
      }),
      fcOptions(),
    ));

  it('is above 1 exactly when recurring revenue grew, 1 when flat, below 1 when it shrank (net new = gained - lost)', () =>
    fc.assert(
      fc.property(movements, (m) => {
        const lost = new D100(m.churnedRevenue.text).plus(m.contractionRevenue.text);
        fc.pre(!lost.isZero());
        const gained = new D100(m.newRevenue.text).plus(m.expansionRevenue.text).plus(m.reactivationRevenue.text);
        const ratio = quickRatio({
          newRevenue: m.newRevenue.input,
          expansionRevenue: m.expansionRevenue.input,
          churnedRevenue: m.churnedRevenue.input,
          contractionRevenue: m.contractionRevenue.input,
          reactivationRevenue: m.reactivationRevenue.input,
        });
        const sign = gained.minus(lost).comparedTo(0);
        expect(rateToDecimal(ratio.minus(1)).comparedTo(0)).toBe(sign);
        expect(ratio.equals(1)).toBe(sign === 0);
      }),
      fcOptions(),
    ));

  it('a balanced month (gains = losses) is exactly 1', () =>
    fc.assert(
      fc.property(cents({ positive: true }), cents(), (total, part) => {
        const split = D100.min(total.text, part.text);
        const rest = new D100(total.text).minus(split).toFixed();
        const ratio = quickRatio({ newRevenue: split.toFixed(), expansionRevenue: rest, churnedRevenue: rest, contractionRevenue: split.toFixed() });
        expect(ratio.equals(1)).toBe(true);
      }),
      fcOptions(),
    ));

  it('never returns NaN or Infinity across the accepted amounts, and does not mutate its (frozen) input', () =>
    fc.assert(
      fc.property(amount({ digits: 30, maxScale: 30 }), amount({ digits: 30, maxScale: 30 }), amount({ digits: 30, maxScale: 30, positive: true }), (gain, expansion, loss) => {
        const input: QuickRatioInput = { newRevenue: gain.text, expansionRevenue: expansion.text, churnedRevenue: loss.text, contractionRevenue: '0' };
        const before = structuredClone(input);
        const ratio = quickRatio(deepFreeze(input));
        expect(Number.isFinite(ratio.toNumber())).toBe(true);
        expect(input).toEqual(before);
      }),
      fcOptions(),
    ));
});
