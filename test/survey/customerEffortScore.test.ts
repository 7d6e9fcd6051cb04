import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CustomerEffortScoreResult, customerEffortScore, MetricError, type MetricErrorCode, Rate, wilsonInterval } from '../../src/index.js';
import { confidenceLevel, deepFreeze, likertAnswers, scaleAndAnswers } from '../arbitraries/surveys.js';
import { fcOptions } from '../arbitraries/counts.js';

const FN = 'customerEffortScore';

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

describe('customerEffortScore: examples', () => {
  it('CES 2.0 on 1-7 ("the company made it easy"): [7, 6, 5, 4, 2, 7, 6, 3] -> 62.5% agree (5-7), mean 5', () => {
    const ces = customerEffortScore([7, 6, 5, 4, 2, 7, 6, 3]);
    expect(ces.share.toPercent(1)).toBe('62.5%');
    expect(ces.meanScore).toBe(5);
    expect([ces.easy, ces.total, ces.scale, ces.agreeFrom, ces.direction]).toEqual([5, 8, 7, 5, 'higherIsEasier']);
    expect(Number(ces)).toBe(0.625);
  });

  it('the older 1-5 effort question (1 = very low effort): [1, 2, 2, 4, 5] -> 3 easy answers (1-2)', () => {
    const ces = customerEffortScore([1, 2, 2, 4, 5], { scale: 5, direction: 'lowerIsEasier' });
    expect(ces.easy).toBe(3);
    expect(ces.agreeFrom).toBe(2);
    expect(ces.share.equals(Rate.of(3, 5))).toBe(true);
    expect(ces.meanScore).toBe(2.8);
  });

  it('one answer on each step of 1-7: 3 of 7 agree', () => {
    const ces = customerEffortScore([1, 2, 3, 4, 5, 6, 7]);
    expect(ces.share.toString()).toBe('3/7');
    expect(ces.meanScore).toBe(4);
  });

  it('a custom threshold and confidence: agreeFrom 6 at 90%', () => {
    const ces = customerEffortScore([7, 6, 5, 4, 2, 7, 6, 3], { agreeFrom: 6, confidence: 0.9 });
    expect(ces.easy).toBe(4);
    expect(ces.interval).toEqual(wilsonInterval({ successes: 4, trials: 8 }, { confidence: 0.9 }));
  });

  it('default thresholds: above the midpoint when higher is easier, below it when lower is easier', () => {
    const defaults = (scale: number, direction: 'higherIsEasier' | 'lowerIsEasier') => customerEffortScore([1], { scale, direction }).agreeFrom;
    expect([defaults(7, 'higherIsEasier'), defaults(5, 'higherIsEasier'), defaults(4, 'higherIsEasier'), defaults(10, 'higherIsEasier')]).toEqual([5, 4, 3, 6]);
    expect([defaults(7, 'lowerIsEasier'), defaults(5, 'lowerIsEasier'), defaults(4, 'lowerIsEasier'), defaults(10, 'lowerIsEasier')]).toEqual([3, 2, 2, 5]);
  });

  it('the result is frozen and JSON-serialisable', () => {
    const ces = customerEffortScore([7, 1]);
    expect(Object.isFrozen(ces)).toBe(true);
    expect((JSON.parse(JSON.stringify(ces)) as { share: unknown }).share).toEqual({ numerator: '1', denominator: '2', value: 0.5 });
  });
});

describe('customerEffortScore: edge cases and errors', () => {
  it('no answers -> EMPTY_POPULATION', () => {
    expectMetricError(() => customerEffortScore([]), {
      code: 'EMPTY_POPULATION',
      field: 'scores',
      message: 'customerEffortScore: scores must be at least one answer: CES of no answers is undefined, received an array of 0',
    });
    expectMetricError(() => customerEffortScore(new Int32Array(0) as unknown as number[]), { code: 'EMPTY_POPULATION', field: 'scores' });
  });

  it('all easy -> exactly 1 with upper bound 1; none easy -> exactly 0 with lower bound 0', () => {
    const all = customerEffortScore([7, 6, 5]);
    expect(all.share.equals(1)).toBe(true);
    expect(all.interval.upper).toBe(1);
    const none = customerEffortScore([1, 2, 3, 4]);
    expect(none.share.equals(0)).toBe(true);
    expect(none.interval.lower).toBe(0);
  });

  it('an answer outside 1..scale names its index: scores[3]', () => {
    expectMetricError(() => customerEffortScore([7, 6, 5, 8]), {
      code: 'INVALID_INPUT',
      field: 'scores[3]',
      received: 8,
      message: 'customerEffortScore: scores[3] must be an integer from 1 to 7, received 8',
    });
    expectMetricError(() => customerEffortScore([1, 2, 6], { scale: 5, direction: 'lowerIsEasier' }), { code: 'INVALID_INPUT', field: 'scores[2]', received: 6 });
    expectMetricError(() => customerEffortScore([0]), { code: 'INVALID_INPUT', field: 'scores[0]', received: 0 });
  });

  it.each([5.5, NaN, -Infinity, '5', null, undefined, 5n])('a non-integer answer %s is rejected naming its index', (bad) => {
    expectMetricError(() => customerEffortScore([7, bad as number]), { code: 'INVALID_INPUT', field: 'scores[1]', received: bad });
  });

  it('sparse arrays are rejected at the first hole; typed arrays are accepted', () => {
    expectMetricError(() => customerEffortScore([7, , 6] as number[]), { code: 'INVALID_INPUT', field: 'scores[1]', received: undefined });
    const typed = customerEffortScore(Uint8Array.from([7, 6, 5, 4, 2, 7, 6, 3]) as unknown as number[]);
    expect(JSON.stringify(typed)).toBe(JSON.stringify(customerEffortScore([7, 6, 5, 4, 2, 7, 6, 3])));
  });

  it.each([null, undefined, 7, 'easy', { easy: 3, total: 5 }])('scores = %s -> INVALID_INPUT naming scores (CES takes answers only)', (scores) => {
    expectMetricError(() => customerEffortScore(scores as never), { code: 'INVALID_INPUT', field: 'scores', received: scores });
  });

  it.each([1, 101, 4.5, NaN, '7', null])('options.scale = %s -> INVALID_INPUT naming options.scale', (scale) => {
    expectMetricError(() => customerEffortScore([1], { scale: scale as never }), { code: 'INVALID_INPUT', field: 'options.scale', received: scale });
  });

  it.each([0, 8, 2.5, NaN, '5', null])('options.agreeFrom = %s on 1-7 -> INVALID_INPUT naming options.agreeFrom', (agreeFrom) => {
    expectMetricError(() => customerEffortScore([1], { agreeFrom: agreeFrom as never }), {
      code: 'INVALID_INPUT',
      field: 'options.agreeFrom',
      received: agreeFrom,
    });
  });

  it('the threshold message names the scale', () => {
    expectMetricError(() => customerEffortScore([1], { scale: 5, agreeFrom: 6 }), {
      code: 'INVALID_INPUT',
      field: 'options.agreeFrom',
      message: 'customerEffortScore: options.agreeFrom must be an integer from 1 to the scale (5), received 6',
    });
  });

  it('options.direction must be higherIsEasier or lowerIsEasier', () => {
    expectMetricError(() => customerEffortScore([1], { direction: 'down' as never }), {
      code: 'INVALID_INPUT',
      field: 'options.direction',
      received: 'down',
      message: `customerEffortScore: options.direction must be one of 'higherIsEasier', 'lowerIsEasier', received "down"`,
    });
  });

  it.each([0, 1, NaN, 2, -1, '0.9'])('options.confidence = %s -> INVALID_INPUT naming options.confidence', (confidence) => {
    expectMetricError(() => customerEffortScore([1], { confidence: confidence as never }), {
      code: 'INVALID_INPUT',
      field: 'options.confidence',
      received: confidence,
    });
  });

  it('unknown options and non-object options are errors', () => {
    expectMetricError(() => customerEffortScore([1], { satisfiedFrom: 5 } as never), { code: 'INVALID_INPUT', field: 'options.satisfiedFrom', received: 5 });
    expectMetricError(() => customerEffortScore([1], JSON.parse('{"__proto__":{"scale":5}}') as never), { code: 'INVALID_INPUT', field: 'options.__proto__' });
    for (const options of [null, 7, 'lowerIsEasier', []]) {
      expectMetricError(() => customerEffortScore([1], options as never), { code: 'INVALID_INPUT', field: 'options', received: options });
    }
  });

  it('the most extreme confidence level below 1 (1 - 2^-53) gives a finite interval or a MetricError naming options.confidence, never NaN', () => {
    let result: CustomerEffortScoreResult | undefined;
    try {
      result = customerEffortScore([7, 6, 1], { confidence: 1 - 2 ** -53 });
    } catch (error) {
      expect(error).toBeInstanceOf(MetricError);
      expect((error as MetricError).field).toBe('options.confidence');
    }
    if (result !== undefined) {
      expect([result.interval.lower, result.interval.upper].every(Number.isFinite), `interval [${result.interval.lower}, ${result.interval.upper}]`).toBe(true);
    }
  });

  it('does not mutate (deep-frozen) answers or options', () => {
    const answers = deepFreeze([7, 1, 4]);
    const options = deepFreeze({ scale: 7, agreeFrom: 4, direction: 'higherIsEasier' as const, confidence: 0.8 });
    expect(customerEffortScore(answers, options).easy).toBe(2);
    expect(answers).toEqual([7, 1, 4]);
  });

  it('takes answers and options only: a third argument is an error, not silently ignored', () => {
    expectMetricError(() => (customerEffortScore as (...args: unknown[]) => unknown)([7, 6, 3], { scale: 7 }, { confidence: 0.9 }), {
      code: 'INVALID_INPUT',
      field: 'arguments',
      received: 3,
      message: 'customerEffortScore: arguments must be at most 2 arguments, received 3',
    });
  });
});

describe('customerEffortScore: properties', () => {
  it('changing direction mirrors the scale: lowerIsEasier with agreeFrom a on xs equals higherIsEasier with 6 - a on 6 - xs (1-5)', () =>
    fc.assert(
      fc.property(likertAnswers(5), fc.integer({ min: 1, max: 5 }), (answers, agreeFrom) => {
        const lower = customerEffortScore(answers, { scale: 5, direction: 'lowerIsEasier', agreeFrom });
        const mirrored = customerEffortScore(
          answers.map((x) => 6 - x),
          { scale: 5, agreeFrom: 6 - agreeFrom },
        );
        expect(lower.easy).toBe(mirrored.easy);
        expect(lower.share.equals(mirrored.share)).toBe(true);
        expect(lower.interval).toEqual(mirrored.interval);
        expect(lower.meanScore + mirrored.meanScore).toBeCloseTo(6, 12);
      }),
      fcOptions(),
    ));

  it('the mirror holds on any scale with the default thresholds: (s + 1) - x', () =>
    fc.assert(
      fc.property(scaleAndAnswers(), ({ scale, answers }) => {
        const lower = customerEffortScore(answers, { scale, direction: 'lowerIsEasier' });
        const higher = customerEffortScore(
          answers.map((x) => scale + 1 - x),
          { scale },
        );
        expect(lower.agreeFrom + higher.agreeFrom).toBe(scale + 1);
        expect(lower.easy).toBe(higher.easy);
      }),
      fcOptions(),
    ));

  it('the share is the exact rate k / n in [0, 1], with k counted on the easy side of the threshold', () =>
    fc.assert(
      fc.property(
        scaleAndAnswers().chain(({ scale, answers }) =>
          fc.record({ scale: fc.constant(scale), answers: fc.constant(answers), agreeFrom: fc.integer({ min: 1, max: scale }), direction: fc.constantFrom('higherIsEasier' as const, 'lowerIsEasier' as const) }),
        ),
        ({ scale, answers, agreeFrom, direction }) => {
          const ces = customerEffortScore(answers, { scale, agreeFrom, direction });
          const k = answers.filter((a) => (direction === 'higherIsEasier' ? a >= agreeFrom : a <= agreeFrom)).length;
          expect(ces.easy).toBe(k);
          expect(ces.share.equals(Rate.of(k, answers.length))).toBe(true);
          expect(ces.share.toString()).toBe(`${k}/${answers.length}`);
          expect(Number(ces)).toBe(k / answers.length);
          expect(ces.share.toNumber()).toBeGreaterThanOrEqual(0);
          expect(ces.share.toNumber()).toBeLessThanOrEqual(1);
        },
      ),
      fcOptions(),
    ));

  it('the Wilson interval contains the share and lies in [0, 1], for many confidence levels', () =>
    fc.assert(
      fc.property(likertAnswers(7, 150), confidenceLevel, (answers, confidence) => {
        const { interval, share } = customerEffortScore(answers, { confidence });
        expect(interval.confidence).toBe(confidence);
        expect(0).toBeLessThanOrEqual(interval.lower);
        expect(interval.lower).toBeLessThanOrEqual(Number(share));
        expect(Number(share)).toBeLessThanOrEqual(interval.upper);
        expect(interval.upper).toBeLessThanOrEqual(1);
        expect(share.interval({ confidence })).toEqual(interval);
      }),
      fcOptions(),
    ));

  it('meanScore is the arithmetic mean of the answers, whatever the direction', () =>
    fc.assert(
      fc.property(scaleAndAnswers(), fc.constantFrom('higherIsEasier' as const, 'lowerIsEasier' as const), ({ scale, answers }, direction) => {
        const ces = customerEffortScore(answers, { scale, direction });
        expect(ces.meanScore).toBe(answers.reduce((a, b) => a + b, 0) / answers.length);
      }),
      fcOptions(),
    ));

  it('is invariant to the order of answers and never mutates its (deep-frozen) input', () =>
    fc.assert(
      fc.property(likertAnswers(7), (answers) => {
        const before = structuredClone(answers);
        const forward = customerEffortScore(deepFreeze(answers));
        expect(answers).toEqual(before);
        expect(JSON.stringify(customerEffortScore([...answers].reverse()))).toBe(JSON.stringify(forward));
      }),
      fcOptions(),
    ));
});
