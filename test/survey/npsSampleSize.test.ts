import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricError, type MetricErrorCode, npsSampleSize, type NpsSampleSizeInput } from '../../src/index.js';
import { deepFreeze } from '../arbitraries/surveys.js';
import { fcOptions } from '../arbitraries/counts.js';

const FN = 'npsSampleSize';

/** Two-sided normal critical values, to 16 digits (standard tables). */
const Z = { '0.9': 1.6448536269514722, '0.95': 1.959963984540054, '0.99': 2.5758293035489004 } as const;

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

describe('npsSampleSize: examples', () => {
  it('±5 NPS points at 95% in the worst case (variance 1): 1.96^2 / 0.05^2 - 3 = 1533.6 -> 1,534 answers', () => {
    expect(npsSampleSize({ marginOfError: 5 })).toBe(1534);
  });

  it('with a realistic variance from a previous survey (0.6) and 90% confidence: 647 answers', () => {
    expect(npsSampleSize({ marginOfError: 5, variance: 0.6, confidence: 0.9 })).toBe(647);
  });

  it('±10 points needs about a quarter as many: 382 (worst case), 228 with variance 0.6', () => {
    expect(npsSampleSize({ marginOfError: 10 })).toBe(382);
    expect(npsSampleSize({ marginOfError: 10, variance: 0.6 })).toBe(228);
  });

  it('±3 points at 99%: 7,370 answers', () => {
    expect(npsSampleSize({ marginOfError: 3, confidence: 0.99 })).toBe(7370);
  });

  it('the variance of a previous survey with 50% promoters and 15% detractors is 0.65 - 0.35^2 = 0.5275', () => {
    expect(npsSampleSize({ marginOfError: 5, variance: 0.5275 })).toBe(Math.ceil((Z['0.95'] ** 2 * 0.5275) / 0.0025 - 3));
  });
});

describe('npsSampleSize: edge cases and errors', () => {
  it('the widest margin (200 points) needs a single answer; the result is never below 1', () => {
    expect(npsSampleSize({ marginOfError: 200 })).toBe(1);
    expect(npsSampleSize({ marginOfError: 100, variance: 1e-6 })).toBe(1);
  });

  it.each([0, -5, 201, NaN, Infinity, '5', null, undefined, 5n])('marginOfError = %s -> INVALID_INPUT naming marginOfError', (marginOfError) => {
    expectMetricError(() => npsSampleSize({ marginOfError: marginOfError as number }), { code: 'INVALID_INPUT', field: 'marginOfError', received: marginOfError });
  });

  it('the margin message states the range', () => {
    expectMetricError(() => npsSampleSize({ marginOfError: 0 }), {
      code: 'INVALID_INPUT',
      field: 'marginOfError',
      message: 'npsSampleSize: marginOfError must be a number in (0, 200], received 0',
    });
  });

  it('a margin so small that the size is not a safe integer -> INVALID_INPUT naming marginOfError, never Infinity', () => {
    for (const marginOfError of [1e-9, Number.MIN_VALUE]) {
      expectMetricError(() => npsSampleSize({ marginOfError }), { code: 'INVALID_INPUT', field: 'marginOfError', received: marginOfError });
    }
  });

  it.each([0, 1, -0.5, 1.5, NaN, '0.95', null])('confidence = %s -> INVALID_INPUT naming confidence (an input field here)', (confidence) => {
    expectMetricError(() => npsSampleSize({ marginOfError: 5, confidence: confidence as number }), { code: 'INVALID_INPUT', field: 'confidence', received: confidence });
  });

  it.each([0, -0.1, 1.01, NaN, Infinity, '0.6', null])('variance = %s -> INVALID_INPUT naming variance', (variance) => {
    expectMetricError(() => npsSampleSize({ marginOfError: 5, variance: variance as number }), { code: 'INVALID_INPUT', field: 'variance', received: variance });
  });

  it('the variance message states the range (0, 1]', () => {
    expectMetricError(() => npsSampleSize({ marginOfError: 5, variance: 2 }), {
      code: 'INVALID_INPUT',
      field: 'variance',
      message: 'npsSampleSize: variance must be a number in (0, 1], received 2',
    });
  });

  it('rejects a non-object input, unknown fields and an own __proto__ key', () => {
    for (const input of [null, undefined, 5, '5', [5]]) {
      expectMetricError(() => npsSampleSize(input as never), { code: 'INVALID_INPUT', field: 'input', received: input });
    }
    expectMetricError(() => npsSampleSize({ marginOfError: 5, margin: 5 } as never), { code: 'INVALID_INPUT', field: 'margin', received: 5 });
    expectMetricError(() => npsSampleSize(JSON.parse('{"marginOfError":5,"__proto__":{"variance":0.1}}') as never), { code: 'INVALID_INPUT', field: '__proto__' });
  });

  it('the most extreme confidence level below 1 (1 - 2^-53) gives a safe integer or an error naming confidence, not the margin', () => {
    let size: number | undefined;
    try {
      size = npsSampleSize({ marginOfError: 5, confidence: 1 - 2 ** -53 });
    } catch (error) {
      expect(error).toBeInstanceOf(MetricError);
      expect((error as MetricError).field).toBe('confidence');
    }
    if (size !== undefined) expect(Number.isSafeInteger(size) && size >= 1534).toBe(true);
  });

  it('does not mutate its (frozen) input', () => {
    const input = deepFreeze({ marginOfError: 5, confidence: 0.9, variance: 0.6 });
    npsSampleSize(input);
    expect(input).toEqual({ marginOfError: 5, confidence: 0.9, variance: 0.6 });
  });

  it('takes no options object: a second argument is an error, not silently ignored', () => {
    expectMetricError(() => (npsSampleSize as (...args: unknown[]) => unknown)({ marginOfError: 5 }, { confidence: 0.9 }), {
      code: 'INVALID_INPUT',
      field: 'arguments',
      received: 2,
      message: 'npsSampleSize: arguments must be at most one argument (this function takes no options object), received 2',
    });
  });
});

describe('npsSampleSize: properties', () => {
  const margin = fc.integer({ min: 1, max: 20_000 }).map((k) => k / 100); // 0.01 to 200 points
  const confidence = fc.integer({ min: 1, max: 9999 }).map((k) => k / 10_000);
  const variance = fc.integer({ min: 1, max: 1000 }).map((k) => k / 1000);

  it('is an integer >= 1 (a safe integer) for every accepted input', () =>
    fc.assert(
      fc.property(margin, confidence, variance, (marginOfError, c, v) => {
        const n = npsSampleSize({ marginOfError, confidence: c, variance: v });
        expect(Number.isSafeInteger(n)).toBe(true);
        expect(n).toBeGreaterThanOrEqual(1);
      }),
      fcOptions(),
    ));

  it('a smaller margin never needs fewer answers', () =>
    fc.assert(
      fc.property(margin, margin, confidence, variance, (m1, m2, c, v) => {
        const [small, large] = m1 <= m2 ? [m1, m2] : [m2, m1];
        expect(npsSampleSize({ marginOfError: small, confidence: c, variance: v })).toBeGreaterThanOrEqual(npsSampleSize({ marginOfError: large, confidence: c, variance: v }));
      }),
      fcOptions(),
    ));

  it('a higher confidence never needs fewer answers', () =>
    fc.assert(
      fc.property(margin, confidence, confidence, variance, (m, c1, c2, v) => {
        const [low, high] = c1 <= c2 ? [c1, c2] : [c2, c1];
        expect(npsSampleSize({ marginOfError: m, confidence: high, variance: v })).toBeGreaterThanOrEqual(npsSampleSize({ marginOfError: m, confidence: low, variance: v }));
      }),
      fcOptions(),
    ));

  it('a larger variance never needs fewer answers; omitting it is the worst case (variance 1)', () =>
    fc.assert(
      fc.property(margin, confidence, variance, variance, (m, c, v1, v2) => {
        const [low, high] = v1 <= v2 ? [v1, v2] : [v2, v1];
        const size = (v: number) => npsSampleSize({ marginOfError: m, confidence: c, variance: v });
        expect(size(high)).toBeGreaterThanOrEqual(size(low));
        expect(npsSampleSize({ marginOfError: m, confidence: c })).toBe(size(1));
        expect(npsSampleSize({ marginOfError: m, confidence: c })).toBeGreaterThanOrEqual(size(high));
      }),
      fcOptions(),
    ));

  it('is the smallest n whose adjusted-Wald margin z·sqrt(s²/(n + 3)) is within the target (Rocks 2016)', () =>
    fc.assert(
      fc.property(fc.integer({ min: 50, max: 5000 }).map((k) => k / 100), fc.constantFrom<keyof typeof Z>('0.9', '0.95', '0.99'), variance, (points, level, v) => {
        const z = Z[level];
        const input: NpsSampleSizeInput = { marginOfError: points, confidence: Number(level), variance: v };
        const n = npsSampleSize(input);
        const target = points / 100;
        const within = (size: number) => z * Math.sqrt(v / (size + 3)) <= target * (1 + 1e-12);
        expect(within(n)).toBe(true);
        if (n > 1) expect(z * Math.sqrt(v / (n - 1 + 3)) > target * (1 - 1e-12)).toBe(true);
      }),
      fcOptions(),
    ));
});
