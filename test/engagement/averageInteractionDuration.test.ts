import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageInteractionDuration, MetricError, type MetricErrorCode } from '../../src/index.js';
import { amount, D100, deepFreeze, OtherDecimal, terminatingDivisor } from '../arbitraries/money.js';
import { fcOptions } from '../arbitraries/counts.js';

const FN = 'averageInteractionDuration';

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

describe('averageInteractionDuration: examples', () => {
  it('a contact centre: 93,600 seconds of calls over 240 calls is an average handle time of 390 s (6.5 min)', () => {
    const seconds = averageInteractionDuration({ totalDuration: 93_600, interactions: 240 });
    expect(seconds.toString()).toBe('390');
    expect(seconds.div(60).toString()).toBe('6.5');
  });

  it('durations from Date differences are in milliseconds, and the result is in the same unit', () => {
    const sessions = [
      [new Date('2024-03-01T10:00:00Z'), new Date('2024-03-01T10:04:30Z')],
      [new Date('2024-03-01T11:00:00Z'), new Date('2024-03-01T11:01:15Z')],
      [new Date('2024-03-02T09:30:00Z'), new Date('2024-03-02T09:42:00Z')],
    ] as const;
    const totalDuration = sessions.reduce((sum, [start, end]) => sum + (end.getTime() - start.getTime()), 0);
    const ms = averageInteractionDuration({ totalDuration, interactions: sessions.length });
    expect(ms.toString()).toBe('355000');
    expect(ms.div(1000).toString()).toBe('355');
  });

  it('fractional minutes stay exact: 12.75 + 3.5 + 8.25 minutes over 3 chats is 8.1666... minutes, rounded half-even to 50 digits', () => {
    const minutes = averageInteractionDuration({ totalDuration: '24.5', interactions: 3 });
    expect(minutes.toString()).toBe(`8.1${'6'.repeat(47)}7`);
    expect(minutes.toFixed(2)).toBe('8.17');
  });

  it('accepts the total as number, string, bigint, Decimal and a Decimal of another clone alike', () => {
    for (const totalDuration of [3600, '3600', '3.6e3', 3600n, new Decimal(3600), new OtherDecimal(3600)]) {
      expect(averageInteractionDuration({ totalDuration, interactions: 8 }).toString()).toBe('450');
    }
  });
});

describe('averageInteractionDuration: edge cases and errors', () => {
  it('no interactions -> EMPTY_POPULATION', () => {
    expectMetricError(() => averageInteractionDuration({ totalDuration: 600, interactions: 0 }), {
      code: 'EMPTY_POPULATION',
      field: 'interactions',
      received: 0,
      message: 'averageInteractionDuration: interactions must be positive: the duration of no interactions is undefined, received 0',
    });
    expectMetricError(() => averageInteractionDuration({ totalDuration: 0, interactions: 0 }), { code: 'EMPTY_POPULATION', field: 'interactions' });
  });

  it('zero total duration is an average of 0', () => {
    expect(averageInteractionDuration({ totalDuration: 0, interactions: 5 }).isZero()).toBe(true);
  });

  it.each([NaN, Infinity, -1, 1.5, '3', null, undefined, {}, [], 3n])('interactions = %s -> INVALID_INPUT naming interactions', (interactions) => {
    expectMetricError(() => averageInteractionDuration({ totalDuration: 60, interactions: interactions as number }), {
      code: 'INVALID_INPUT',
      field: 'interactions',
      received: interactions,
    });
  });

  it.each([NaN, Infinity, -Infinity, -30, '-30', -1n, '0x10', 'Infinity', 'abc', '', '1e31', null, undefined, true, {}, [], new Decimal(NaN), new OtherDecimal(-1)])(
    'totalDuration = %s -> INVALID_INPUT naming totalDuration',
    (totalDuration) => {
      expectMetricError(() => averageInteractionDuration({ totalDuration: totalDuration as never, interactions: 2 }), {
        code: 'INVALID_INPUT',
        field: 'totalDuration',
        received: totalDuration,
      });
    },
  );

  it('a negative duration message follows "<fn>: <field> must be <rule>, received <value>"', () => {
    expectMetricError(() => averageInteractionDuration({ totalDuration: -30, interactions: 2 }), {
      code: 'INVALID_INPUT',
      field: 'totalDuration',
      message: 'averageInteractionDuration: totalDuration must be a non-negative finite amount, received -30',
    });
  });

  it('rejects a non-object input, unknown fields and an own __proto__ key', () => {
    for (const input of [null, undefined, 60, 'x', [60, 1]]) {
      expectMetricError(() => averageInteractionDuration(input as never), { code: 'INVALID_INPUT', field: 'input', received: input });
    }
    expectMetricError(() => averageInteractionDuration({ totalDuration: 60, interactions: 1, unit: 's' } as never), { code: 'INVALID_INPUT', field: 'unit', received: 's' });
    expectMetricError(() => averageInteractionDuration(JSON.parse('{"totalDuration":60,"interactions":1,"__proto__":{}}') as never), { code: 'INVALID_INPUT', field: '__proto__' });
  });

  it('takes no options object: a second argument is an error, not silently ignored', () => {
    expectMetricError(() => (averageInteractionDuration as (...args: unknown[]) => unknown)({ totalDuration: 600, interactions: 4 }, { confidence: 0.9 }), {
      code: 'INVALID_INPUT',
      field: 'arguments',
      received: 2,
      message: 'averageInteractionDuration: arguments must be at most one argument (this function takes no options object), received 2',
    });
  });
});

describe('averageInteractionDuration: properties', () => {
  it('n interactions of the same length have exactly that length on average', () =>
    fc.assert(
      fc.property(amount({ digits: 10, maxScale: 3, positive: true }), fc.integer({ min: 1, max: 100_000 }), (length, n) => {
        const total = new D100(length.text).times(n).toFixed();
        expect(averageInteractionDuration({ totalDuration: total, interactions: n }).equals(length.text)).toBe(true);
      }),
      fcOptions(),
    ));

  it('the average lies between the shortest and the longest interaction (durations in ms)', () =>
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 86_400_000 }), { minLength: 1, maxLength: 50 }), (durations) => {
        const total = durations.reduce((a, b) => a + b, 0);
        const average = averageInteractionDuration({ totalDuration: total, interactions: durations.length });
        expect(average.gte(Math.min(...durations))).toBe(true);
        expect(average.lte(Math.max(...durations))).toBe(true);
      }),
      fcOptions(),
    ));

  it('average x interactions = total, exactly when interactions is 2^a 5^b, else within the 50-digit rounding', () =>
    fc.assert(
      fc.property(amount({ digits: 15, maxScale: 3 }), fc.oneof(terminatingDivisor, fc.integer({ min: 1, max: 1_000_000 })), (total, n) => {
        const back = new D100(averageInteractionDuration({ totalDuration: total.input, interactions: n })).times(n);
        expect(back.minus(total.text).abs().lte(new D100(total.text).times('5e-50'))).toBe(true);
        let rest = n;
        for (const p of [2, 5]) while (rest % p === 0) rest /= p;
        if (rest === 1) expect(back.equals(total.text)).toBe(true);
      }),
      fcOptions(),
    ));

  it('never returns NaN or Infinity and does not mutate its (frozen) input', () =>
    fc.assert(
      fc.property(amount({ digits: 30, maxScale: 30 }), fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constant(Number.MAX_SAFE_INTEGER)), (total, interactions) => {
        const input = { totalDuration: total.text, interactions };
        const before = structuredClone(input);
        const average = averageInteractionDuration(deepFreeze(input));
        expect(average.isFinite() && Number.isFinite(Number(average))).toBe(true);
        expect(input).toEqual(before);
      }),
      fcOptions(),
    ));
});
