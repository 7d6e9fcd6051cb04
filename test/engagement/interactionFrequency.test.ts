import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interactionFrequency, MetricError, type MetricErrorCode, Rate, rateToDecimal } from '../../src/index.js';
import { deepFreeze } from '../arbitraries/money.js';
import { fcOptions } from '../arbitraries/counts.js';

const FN = 'interactionFrequency';

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

describe('interactionFrequency: examples', () => {
  it('5,200 app sessions from 1,300 active customers in a month is 4 sessions per customer', () => {
    const frequency = interactionFrequency({ interactions: 5200, customers: 1300 });
    expect(Number(frequency)).toBe(4);
    expect(frequency.equals(4)).toBe(true);
    expect(frequency.toString()).toBe('5200/1300');
  });

  it('support contacts: 87 tickets from 1,200 customers is 0.0725 per customer, kept exact', () => {
    const frequency = interactionFrequency({ interactions: 87, customers: 1200 });
    expect(rateToDecimal(frequency).toString()).toBe('0.0725');
    expect(frequency.toPercent(2)).toBe('7.25%');
  });

  it('a non-terminating frequency stays an exact fraction: 10 interactions from 3 customers', () => {
    const frequency = interactionFrequency({ interactions: 10, customers: 3 });
    expect(frequency.equals(Rate.of(10, 3))).toBe(true);
    expect(frequency.toNumber()).toBe(10 / 3);
  });
});

describe('interactionFrequency: edge cases and errors', () => {
  it('no customers -> EMPTY_POPULATION', () => {
    expectMetricError(() => interactionFrequency({ interactions: 40, customers: 0 }), {
      code: 'EMPTY_POPULATION',
      field: 'customers',
      received: 0,
      message: 'interactionFrequency: customers must be positive: interactions per no customer is undefined, received 0',
    });
  });

  it('no interactions is exactly 0', () => {
    expect(interactionFrequency({ interactions: 0, customers: 10 }).equals(0)).toBe(true);
  });

  it.each([
    ['interactions', NaN],
    ['interactions', Infinity],
    ['interactions', -1],
    ['interactions', 2.5],
    ['interactions', '40'],
    ['interactions', null],
    ['interactions', undefined],
    ['interactions', {}],
    ['interactions', [40]],
    ['interactions', 40n],
    ['customers', NaN],
    ['customers', -Infinity],
    ['customers', -3],
    ['customers', 1.5],
    ['customers', '3'],
    ['customers', null],
    ['customers', undefined],
    ['customers', 2 ** 53],
  ])('%s = %s -> INVALID_INPUT naming the field', (field, value) => {
    const input = { interactions: 40, customers: 10, [field]: value };
    expectMetricError(() => interactionFrequency(input as never), { code: 'INVALID_INPUT', field, received: value });
  });

  it('interactions per customer is a ratio, not a share of counts: it has no Wilson interval, even when its value is at most 1', () => {
    const ratio = interactionFrequency({ interactions: 3, customers: 10 });
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
    expectMetricError(() => interactionFrequency({ interactions: 2.5, customers: 1 }), {
      code: 'INVALID_INPUT',
      field: 'interactions',
      message: 'interactionFrequency: interactions must be a non-negative safe integer, received 2.5',
    });
  });

  it('rejects a non-object input, unknown fields and an own __proto__ key', () => {
    for (const input of [null, undefined, 5, 'x', [5, 1]]) {
      expectMetricError(() => interactionFrequency(input as never), { code: 'INVALID_INPUT', field: 'input', received: input });
    }
    expectMetricError(() => interactionFrequency({ interactions: 1, customers: 1, sessions: 2 } as never), { code: 'INVALID_INPUT', field: 'sessions', received: 2 });
    expectMetricError(() => interactionFrequency(JSON.parse('{"interactions":1,"customers":1,"__proto__":{"customers":0}}') as never), { code: 'INVALID_INPUT', field: '__proto__' });
  });

  it('takes no options object: a second argument is an error, not silently ignored', () => {
    expectMetricError(() => (interactionFrequency as (...args: unknown[]) => unknown)({ interactions: 8, customers: 4 }, { confidence: 0.9 }), {
      code: 'INVALID_INPUT',
      field: 'arguments',
      received: 2,
      message: 'interactionFrequency: arguments must be at most one argument (this function takes no options object), received 2',
    });
  });
});

describe('interactionFrequency: properties', () => {
  it('customers with k interactions each have a frequency of exactly k', () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.nat({ max: 1000 }), (customers, k) => {
        expect(interactionFrequency({ interactions: customers * k, customers }).equals(k)).toBe(true);
      }),
      fcOptions(),
    ));

  it('is the exact rate interactions / customers and adds across channels with no tolerance', () =>
    fc.assert(
      fc.property(fc.nat({ max: 1e9 }), fc.nat({ max: 1e9 }), fc.integer({ min: 1, max: 1e9 }), (email, chat, customers) => {
        const total = interactionFrequency({ interactions: email + chat, customers });
        expect(total.equals(Rate.of(email + chat, customers))).toBe(true);
        expect(total.equals(interactionFrequency({ interactions: email, customers }).plus(interactionFrequency({ interactions: chat, customers })))).toBe(true);
      }),
      fcOptions(),
    ));

  it('never returns NaN or Infinity (up to the largest safe counts) and does not mutate its (frozen) input', () =>
    fc.assert(
      fc.property(fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)), fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constant(Number.MAX_SAFE_INTEGER)), (interactions, customers) => {
        const input = { interactions, customers };
        const before = structuredClone(input);
        const frequency = interactionFrequency(deepFreeze(input));
        expect(Number.isFinite(Number(frequency))).toBe(true);
        expect(input).toEqual(before);
      }),
      fcOptions(),
    ));
});
