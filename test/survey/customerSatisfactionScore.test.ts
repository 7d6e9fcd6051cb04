import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CustomerSatisfactionScoreResult, customerSatisfactionScore, MetricError, type MetricErrorCode, Rate, wilsonInterval } from '../../src/index.js';
import { confidenceLevel, deepFreeze, likertAnswers, scaleAndAnswers } from '../arbitraries/surveys.js';
import { fcOptions } from '../arbitraries/counts.js';

const FN = 'customerSatisfactionScore';

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

/** The result without its mean, Rates in their exact JSON form, for comparing the array and counts forms. */
function shareView(result: CustomerSatisfactionScoreResult): string {
  const { meanScore: _mean, ...rest } = result;
  return JSON.stringify(rest);
}

describe('customerSatisfactionScore: examples', () => {
  it('eight post-support answers on 1-5: [5, 4, 3, 5, 2, 4, 5, 1] -> CSAT 62.5% (top-2-box), mean 3.625 reported apart', () => {
    const csat = customerSatisfactionScore([5, 4, 3, 5, 2, 4, 5, 1]);
    expect(csat.share.toPercent(1)).toBe('62.5%');
    expect(csat.share.toString()).toBe('5/8');
    expect([csat.satisfied, csat.total, csat.scale, csat.satisfiedFrom]).toEqual([5, 8, 5, 4]);
    expect(csat.meanScore).toBe(3.625);
    expect(Number(csat)).toBe(0.625);
  });

  it('from counts: 172 satisfied of 200 -> 86%, with the Wilson 95% interval [80.5%, 90.1%]', () => {
    const csat = customerSatisfactionScore({ satisfied: 172, total: 200 });
    expect(csat.share.toPercent(0)).toBe('86%');
    expect(csat.interval.lower.toFixed(3)).toBe('0.805');
    expect(csat.interval.upper.toFixed(3)).toBe('0.901');
    expect('meanScore' in csat).toBe(false);
  });

  it('a 1-7 scale: the default threshold is 6 (top-2-box); satisfiedFrom 5 counts the top three boxes', () => {
    const answers = [7, 6, 5, 7, 3, 2, 7, 6, 5, 4];
    const top2 = customerSatisfactionScore(answers, { scale: 7 });
    expect(top2.satisfiedFrom).toBe(6);
    expect(top2.share.equals(Rate.of(5, 10))).toBe(true);
    const top3 = customerSatisfactionScore(answers, { scale: 7, satisfiedFrom: 5 });
    expect(top3.share.equals(Rate.of(7, 10))).toBe(true);
    expect(top3.meanScore).toBe(5.2);
  });

  it('a 1-10 scale with satisfiedFrom 8, at 90% confidence', () => {
    const csat = customerSatisfactionScore([10, 9, 8, 7, 6, 10, 2, 8], { scale: 10, satisfiedFrom: 8, confidence: 0.9 });
    expect(csat.share.equals(Rate.of(5, 8))).toBe(true);
    expect(csat.interval.confidence).toBe(0.9);
    expect(csat.interval).toEqual(wilsonInterval({ successes: 5, trials: 8 }, { confidence: 0.9 }));
  });

  it('the result is frozen and JSON-serialisable', () => {
    const csat = customerSatisfactionScore([5, 4, 1]);
    expect(Object.isFrozen(csat)).toBe(true);
    expect((JSON.parse(JSON.stringify(csat)) as { share: unknown }).share).toEqual({ numerator: '2', denominator: '3', value: 2 / 3 });
  });
});

describe('customerSatisfactionScore: edge cases and errors', () => {
  it('no answers -> EMPTY_POPULATION, from an empty array or a zero total', () => {
    expectMetricError(() => customerSatisfactionScore([]), {
      code: 'EMPTY_POPULATION',
      field: 'scores',
      message: 'customerSatisfactionScore: scores must be at least one answer: CSAT of no answers is undefined, received an array of 0',
    });
    expectMetricError(() => customerSatisfactionScore({ satisfied: 0, total: 0 }), { code: 'EMPTY_POPULATION', field: 'scores' });
    expectMetricError(() => customerSatisfactionScore(new Uint8Array(0) as unknown as number[]), { code: 'EMPTY_POPULATION', field: 'scores' });
  });

  it('all satisfied -> exactly 1 with upper bound 1; none satisfied -> exactly 0 with lower bound 0', () => {
    const all = customerSatisfactionScore([5, 5, 4]);
    expect(all.share.equals(1)).toBe(true);
    expect(all.interval.upper).toBe(1);
    const none = customerSatisfactionScore([1, 2, 3]);
    expect(none.share.equals(0)).toBe(true);
    expect(Object.is(Number(none), 0)).toBe(true);
    expect(none.interval.lower).toBe(0);
  });

  it('an answer outside 1..scale names its index: scores[3]', () => {
    expectMetricError(() => customerSatisfactionScore([5, 4, 3, 6]), {
      code: 'INVALID_INPUT',
      field: 'scores[3]',
      received: 6,
      message: 'customerSatisfactionScore: scores[3] must be an integer from 1 to 5, received 6',
    });
    expectMetricError(() => customerSatisfactionScore([0, 5]), { code: 'INVALID_INPUT', field: 'scores[0]', received: 0 });
    expectMetricError(() => customerSatisfactionScore([5, 8], { scale: 7 }), { code: 'INVALID_INPUT', field: 'scores[1]', received: 8, message: 'customerSatisfactionScore: scores[1] must be an integer from 1 to 7, received 8' });
  });

  it.each([4.5, NaN, Infinity, '4', null, undefined, 4n])('a non-integer answer %s is rejected naming its index', (bad) => {
    expectMetricError(() => customerSatisfactionScore([5, 4, bad as number]), { code: 'INVALID_INPUT', field: 'scores[2]', received: bad });
  });

  it('sparse arrays are rejected at the first hole; typed arrays are accepted', () => {
    expectMetricError(() => customerSatisfactionScore([5, , 4] as number[]), { code: 'INVALID_INPUT', field: 'scores[1]', received: undefined });
    const typed = Uint8Array.from([5, 4, 3, 5, 2, 4, 5, 1]);
    expect(shareView(customerSatisfactionScore(typed as unknown as number[]))).toBe(shareView(customerSatisfactionScore([5, 4, 3, 5, 2, 4, 5, 1])));
    expect(customerSatisfactionScore(Float32Array.from([5, 1]) as unknown as number[]).meanScore).toBe(3);
  });

  it('counts form: satisfied > total -> INCONSISTENT_INPUT', () => {
    expectMetricError(() => customerSatisfactionScore({ satisfied: 201, total: 200 }), {
      code: 'INCONSISTENT_INPUT',
      field: 'scores.satisfied',
      received: 201,
      message: 'customerSatisfactionScore: scores.satisfied must be <= scores.total (200), received 201',
    });
  });

  it.each([
    ['satisfied', -1],
    ['satisfied', 1.5],
    ['satisfied', '3'],
    ['satisfied', undefined],
    ['total', NaN],
    ['total', null],
    ['total', Infinity],
  ])('counts form: %s = %s -> INVALID_INPUT naming scores.<field>', (field, value) => {
    const counts = { satisfied: 3, total: 10, [field]: value };
    expectMetricError(() => customerSatisfactionScore(counts as never), { code: 'INVALID_INPUT', field: `scores.${field}`, received: value });
  });

  it('counts form: scale and satisfiedFrom apply only to raw answers, so giving them with counts is an error', () => {
    expectMetricError(() => customerSatisfactionScore({ satisfied: 3, total: 10 }, { scale: 7 }), {
      code: 'INVALID_INPUT',
      field: 'options.scale',
      received: 7,
      message: 'customerSatisfactionScore: options.scale must be left out with counts: it applies only to raw answers, received 7',
    });
    expectMetricError(() => customerSatisfactionScore({ satisfied: 3, total: 10 }, { satisfiedFrom: 4 }), { code: 'INVALID_INPUT', field: 'options.satisfiedFrom', received: 4 });
    expect(customerSatisfactionScore({ satisfied: 3, total: 10 }, { confidence: 0.9 }).interval.confidence).toBe(0.9);
  });

  it('counts form: unknown keys and an own __proto__ key are errors', () => {
    expectMetricError(() => customerSatisfactionScore({ satisfied: 3, total: 10, neutral: 2 } as never), { code: 'INVALID_INPUT', field: 'scores.neutral', received: 2 });
    expectMetricError(() => customerSatisfactionScore(JSON.parse('{"satisfied":3,"total":10,"__proto__":{}}') as never), { code: 'INVALID_INPUT', field: 'scores.__proto__' });
  });

  it.each([null, undefined, 5, 'abc'])('scores = %s -> INVALID_INPUT naming scores', (scores) => {
    expectMetricError(() => customerSatisfactionScore(scores as never), { code: 'INVALID_INPUT', field: 'scores', received: scores });
  });

  it.each([1, 101, 4.5, 0, -5, NaN, '5', null])('options.scale = %s -> INVALID_INPUT naming options.scale', (scale) => {
    expectMetricError(() => customerSatisfactionScore([1, 2], { scale: scale as never }), {
      code: 'INVALID_INPUT',
      field: 'options.scale',
      received: scale,
    });
  });

  it('the scale message states the rule', () => {
    expectMetricError(() => customerSatisfactionScore([1], { scale: 101 }), {
      code: 'INVALID_INPUT',
      field: 'options.scale',
      message: 'customerSatisfactionScore: options.scale must be an integer from 2 to 100 (answers run from 1 to scale), received 101',
    });
  });

  it('the scale bounds themselves are accepted: 2 and 100', () => {
    expect(customerSatisfactionScore([1, 2], { scale: 2 }).satisfiedFrom).toBe(1);
    expect(customerSatisfactionScore([100, 1], { scale: 100 }).share.equals(Rate.of(1, 2))).toBe(true);
  });

  it.each([0, 6, 2.5, NaN, '4', null])('options.satisfiedFrom = %s on 1-5 -> INVALID_INPUT naming options.satisfiedFrom', (satisfiedFrom) => {
    expectMetricError(() => customerSatisfactionScore([1, 5], { satisfiedFrom: satisfiedFrom as never }), {
      code: 'INVALID_INPUT',
      field: 'options.satisfiedFrom',
      received: satisfiedFrom,
    });
  });

  it('satisfiedFrom above the scale names the scale in the message', () => {
    expectMetricError(() => customerSatisfactionScore([1, 5], { scale: 7, satisfiedFrom: 8 }), {
      code: 'INVALID_INPUT',
      field: 'options.satisfiedFrom',
      message: 'customerSatisfactionScore: options.satisfiedFrom must be an integer from 1 to the scale (7), received 8',
    });
  });

  it.each([0, 1, NaN, -0.1, 1.5, Infinity, '0.95'])('options.confidence = %s -> INVALID_INPUT naming options.confidence', (confidence) => {
    expectMetricError(() => customerSatisfactionScore([5, 1], { confidence: confidence as never }), {
      code: 'INVALID_INPUT',
      field: 'options.confidence',
      received: confidence,
    });
  });

  it('unknown options and non-object options are errors', () => {
    expectMetricError(() => customerSatisfactionScore([5], { threshold: 4 } as never), { code: 'INVALID_INPUT', field: 'options.threshold', received: 4 });
    expectMetricError(() => customerSatisfactionScore([5], JSON.parse('{"__proto__":{"scale":7}}') as never), { code: 'INVALID_INPUT', field: 'options.__proto__' });
    for (const options of [null, 5, 'top2', [5]]) {
      expectMetricError(() => customerSatisfactionScore([5], options as never), { code: 'INVALID_INPUT', field: 'options', received: options });
    }
  });

  it('the most extreme confidence level below 1 (1 - 2^-53) gives a finite interval or a MetricError naming options.confidence, never NaN', () => {
    let result: CustomerSatisfactionScoreResult | undefined;
    try {
      result = customerSatisfactionScore([5, 4, 1], { confidence: 1 - 2 ** -53 });
    } catch (error) {
      expect(error).toBeInstanceOf(MetricError);
      expect((error as MetricError).field).toBe('options.confidence');
    }
    if (result !== undefined) {
      expect([result.interval.lower, result.interval.upper].every(Number.isFinite), `interval [${result.interval.lower}, ${result.interval.upper}]`).toBe(true);
      expect(result.interval.lower).toBeLessThanOrEqual(2 / 3);
      expect(result.interval.upper).toBeGreaterThanOrEqual(2 / 3);
    }
  });

  it('does not mutate (deep-frozen) answers, counts or options', () => {
    const answers = deepFreeze([5, 4, 3]);
    const options = deepFreeze({ scale: 5, satisfiedFrom: 4, confidence: 0.9 });
    customerSatisfactionScore(answers, options);
    expect(answers).toEqual([5, 4, 3]);
    const counts = deepFreeze({ satisfied: 1, total: 2 });
    expect(customerSatisfactionScore(counts).share.equals(Rate.of(1, 2))).toBe(true);
  });

  it('takes answers and options only: a third argument is an error, not silently ignored', () => {
    expectMetricError(() => (customerSatisfactionScore as (...args: unknown[]) => unknown)([5, 4, 3], { scale: 5 }, { confidence: 0.9 }), {
      code: 'INVALID_INPUT',
      field: 'arguments',
      received: 3,
      message: 'customerSatisfactionScore: arguments must be at most 2 arguments, received 3',
    });
  });
});

describe('customerSatisfactionScore: properties', () => {
  const withThreshold = scaleAndAnswers().chain(({ scale, answers }) => fc.record({ scale: fc.constant(scale), answers: fc.constant(answers), satisfiedFrom: fc.integer({ min: 1, max: scale }) }));

  it('the share is the exact rate k / n in [0, 1], k = answers >= satisfiedFrom', () =>
    fc.assert(
      fc.property(withThreshold, ({ scale, answers, satisfiedFrom }) => {
        const csat = customerSatisfactionScore(answers, { scale, satisfiedFrom });
        const k = answers.filter((a) => a >= satisfiedFrom).length;
        expect(csat.satisfied).toBe(k);
        expect(csat.total).toBe(answers.length);
        expect(csat.share.equals(Rate.of(k, answers.length))).toBe(true);
        expect(csat.share.toString()).toBe(`${k}/${answers.length}`);
        expect(csat.share.isProportion).toBe(true);
        expect(Number(csat)).toBe(k / answers.length);
      }),
      fcOptions(),
    ));

  it('the Wilson interval contains the share, lies in [0, 1] and equals wilsonInterval(k, n)', () =>
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), fc.nat({ max: 100_000 }), confidenceLevel, (a, b, confidence) => {
        const [satisfied, total] = a <= b ? [a, b] : [b, a];
        fc.pre(total > 0);
        const { interval, share } = customerSatisfactionScore({ satisfied, total }, { confidence });
        expect(0).toBeLessThanOrEqual(interval.lower);
        expect(interval.lower).toBeLessThanOrEqual(Number(share));
        expect(Number(share)).toBeLessThanOrEqual(interval.upper);
        expect(interval.upper).toBeLessThanOrEqual(1);
        expect(interval).toEqual(wilsonInterval({ successes: satisfied, trials: total }, { confidence }));
        expect(share.isProportion).toBe(true);
        expect(share.interval({ confidence })).toEqual(interval);
      }),
      fcOptions(),
    ));

  it('the counts form equals the array form: share, counts and interval (the mean needs the answers)', () =>
    fc.assert(
      fc.property(withThreshold, confidenceLevel, ({ scale, answers, satisfiedFrom }, confidence) => {
        const fromAnswers = customerSatisfactionScore(answers, { scale, satisfiedFrom, confidence });
        const fromCounts = customerSatisfactionScore({ satisfied: fromAnswers.satisfied, total: answers.length }, { confidence });
        expect(fromCounts.share.toJSON()).toEqual(fromAnswers.share.toJSON());
        expect([fromCounts.satisfied, fromCounts.total]).toEqual([fromAnswers.satisfied, fromAnswers.total]);
        expect(fromCounts.interval).toEqual(fromAnswers.interval);
        expect(Number(fromCounts)).toBe(Number(fromAnswers));
        expect(fromCounts.meanScore).toBeUndefined();
        // On the default 1-5 scale with the default threshold, everything but the mean is identical.
        const defaults = customerSatisfactionScore(answers.map((a) => Math.min(a, 5)), { confidence });
        expect(shareView(customerSatisfactionScore({ satisfied: defaults.satisfied, total: defaults.total }, { confidence }))).toBe(shareView(defaults));
      }),
      fcOptions(),
    ));

  it('meanScore is the arithmetic mean of the answers, and is never called CSAT', () =>
    fc.assert(
      fc.property(scaleAndAnswers(), ({ scale, answers }) => {
        const csat = customerSatisfactionScore(answers, { scale });
        expect(csat.meanScore).toBe(answers.reduce((a, b) => a + b, 0) / answers.length);
      }),
      fcOptions(),
    ));

  it('raising the threshold never raises the share; the lowest threshold counts everyone', () =>
    fc.assert(
      fc.property(likertAnswers(7), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), (answers, t1, t2) => {
        const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
        const loose = customerSatisfactionScore(answers, { scale: 7, satisfiedFrom: lo });
        const strict = customerSatisfactionScore(answers, { scale: 7, satisfiedFrom: hi });
        expect(strict.satisfied).toBeLessThanOrEqual(loose.satisfied);
        expect(customerSatisfactionScore(answers, { scale: 7, satisfiedFrom: 1 }).share.equals(1)).toBe(true);
      }),
      fcOptions(),
    ));

  it('is invariant to the order of answers and never mutates its (deep-frozen) input', () =>
    fc.assert(
      fc.property(likertAnswers(5), (answers) => {
        const before = structuredClone(answers);
        const forward = customerSatisfactionScore(deepFreeze(answers));
        const backward = customerSatisfactionScore([...answers].reverse());
        expect(answers).toEqual(before);
        expect(shareView(backward)).toBe(shareView(forward));
        expect(Number.isFinite(forward.meanScore)).toBe(true);
      }),
      fcOptions(),
    ));
});
