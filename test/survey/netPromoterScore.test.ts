import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricError, type MetricErrorCode, type NetPromoterScoreResult, netPromoterScore, Rate } from '../../src/index.js';
import {
  confidenceLevel,
  deepFreeze,
  detractorAnswer,
  npsAnswers,
  npsCounts,
  passiveAnswer,
  permutationOf,
  promoterAnswer,
} from '../arbitraries/surveys.js';
import { fcOptions } from '../arbitraries/counts.js';

const FN = 'netPromoterScore';
const METHODS = ['adjustedWald', 'wald'] as const;

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

/** Everything in the result, Rates by their exact JSON form (toEqual alone cannot see a Rate's private parts). */
function snapshot(result: NetPromoterScoreResult): string {
  return JSON.stringify(result);
}

function counted(scores: readonly number[]): { promoters: number; passives: number; detractors: number } {
  return {
    promoters: scores.filter((s) => s >= 9).length,
    passives: scores.filter((s) => s === 7 || s === 8).length,
    detractors: scores.filter((s) => s <= 6).length,
  };
}

describe('netPromoterScore: examples', () => {
  it('a relationship survey of 1,000: 520 promoters, 280 passives, 200 detractors -> NPS 32 ± 4.9 (95%, adjusted-Wald)', () => {
    const nps = netPromoterScore({ promoters: 520, passives: 280, detractors: 200 });
    expect(nps.score).toBe(32);
    expect(Number(nps)).toBe(32);
    expect(nps.total).toBe(1000);
    expect(nps.method).toBe('adjustedWald');
    expect(nps.marginOfError.toFixed(1)).toBe('4.9');
    // By hand: p+ = 520.75 / 1003, p- = 200.75 / 1003, NPS' = 0.31904, variance = p+ + p- - NPS'^2 = 0.61755,
    // half-width = 1.95996 x sqrt(0.61755 / 1003) = 0.04863 -> [27.04, 36.77].
    expect(nps.interval.lower.toFixed(2)).toBe('27.04');
    expect(nps.interval.upper.toFixed(2)).toBe('36.77');
    expect(nps.interval.confidence).toBe(0.95);
  });

  it('the same survey with the plain Wald interval: 32 ± 1.95996 x sqrt((0.72 - 0.1024) / 1000) -> [27.13, 36.87]', () => {
    const nps = netPromoterScore({ promoters: 520, passives: 280, detractors: 200 }, { method: 'wald' });
    expect(nps.interval.lower.toFixed(2)).toBe('27.13');
    expect(nps.interval.upper.toFixed(2)).toBe('36.87');
    expect(nps.marginOfError.toFixed(2)).toBe('4.87');
  });

  it('a small usability study of 36: 15 promoters, 13 passives, 8 detractors -> NPS 19.4, adjusted-Wald 95% [-6.28, 42.18]', () => {
    const nps = netPromoterScore({ promoters: 15, passives: 13, detractors: 8 });
    expect(nps.score.toFixed(2)).toBe('19.44');
    // By hand: n' = 39, p+ = 15.75 / 39, p- = 8.75 / 39, NPS' = 0.17949, variance 0.59599, se 0.12362.
    expect(nps.interval.lower.toFixed(2)).toBe('-6.28');
    expect(nps.interval.upper.toFixed(2)).toBe('42.18');
    const ninety = netPromoterScore({ promoters: 15, passives: 13, detractors: 8 }, { confidence: 0.9 });
    expect([ninety.interval.lower.toFixed(2), ninety.interval.upper.toFixed(2)]).toEqual(['-2.38', '38.28']);
  });

  it('from raw 0-10 answers: [10, 9, 8, 6, 10, 3] has 3 promoters, 1 passive, 2 detractors -> 16.67', () => {
    const nps = netPromoterScore([10, 9, 8, 6, 10, 3]);
    expect(nps.score.toFixed(2)).toBe('16.67');
    expect([nps.promoters, nps.passives, nps.detractors, nps.total]).toEqual([3, 1, 2, 6]);
    expect(nps.promoterShare.equals(Rate.of(1, 2))).toBe(true);
    expect(nps.detractorShare.equals(Rate.of(1, 3))).toBe(true);
  });

  it('five promoters out of five: NPS 100, and the adjusted interval is widened to reach 100', () => {
    const nps = netPromoterScore([10, 9, 9, 10, 10]);
    expect(nps.score).toBe(100);
    expect(nps.interval.upper).toBe(100);
    expect(nps.interval.lower.toFixed(2)).toBe('17.49');
  });

  it('the result is frozen, JSON-serialisable and converts with Number()', () => {
    const nps = netPromoterScore({ promoters: 6, passives: 3, detractors: 1 });
    expect(Object.isFrozen(nps)).toBe(true);
    expect(+nps).toBe(50);
    const json = JSON.parse(JSON.stringify(nps)) as Record<string, unknown>;
    expect(json.score).toBe(50);
    expect(json.promoterShare).toEqual({ numerator: '6', denominator: '10', value: 0.6 });
  });
});

describe('netPromoterScore: edge cases and errors', () => {
  it('no answers -> EMPTY_POPULATION, never NaN or 0', () => {
    expectMetricError(() => netPromoterScore([]), {
      code: 'EMPTY_POPULATION',
      field: 'scores',
      message: 'netPromoterScore: scores must be at least one answer: NPS of no answers is undefined, received an array of 0',
    });
    expectMetricError(() => netPromoterScore({ promoters: 0, passives: 0, detractors: 0 }), { code: 'EMPTY_POPULATION', field: 'scores' });
    expectMetricError(() => netPromoterScore(new Uint8Array(0) as unknown as number[]), { code: 'EMPTY_POPULATION', field: 'scores' });
  });

  it('all promoters -> exactly 100, all detractors -> exactly -100, only passives -> exactly 0 (not -0)', () => {
    expect(netPromoterScore([9, 10, 10]).score).toBe(100);
    expect(netPromoterScore([0, 6, 3, 5]).score).toBe(-100);
    const passives = netPromoterScore([7, 8, 8]);
    expect(Object.is(passives.score, 0)).toBe(true);
    expect(Object.is(Number(passives), 0)).toBe(true);
    expect(Object.is(netPromoterScore({ promoters: 2, passives: 1, detractors: 2 }).score, 0)).toBe(true);
  });

  it('the Wald interval of a unanimous sample is the single point (zero variance), not NaN', () => {
    const nps = netPromoterScore([10, 10, 10], { method: 'wald' });
    expect(nps.interval).toEqual({ lower: 100, upper: 100, confidence: 0.95 });
    expect(nps.marginOfError).toBe(0);
  });

  it.each([
    [[10, 9, 8, 11], 3, 11],
    [[-1, 9], 0, -1],
    [[10, 7.5], 1, 7.5],
    [[10, 9, NaN], 2, NaN],
    [[10, Infinity], 1, Infinity],
    [[10, '9'], 1, '9'],
    [[null, 9], 0, null],
    [[9, 9, 9, 9, undefined], 4, undefined],
    [[9, 10n], 1, 10n],
    [[9, [9]], 1, undefined],
  ])('answers [%s] -> INVALID_INPUT naming scores[%i]', (scores, index, value) => {
    let error: unknown;
    try {
      netPromoterScore(scores as number[]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MetricError);
    expect((error as MetricError).field).toBe(`scores[${index}]`);
    expect((error as MetricError).code).toBe('INVALID_INPUT');
    if (value !== undefined) expect(Object.is((error as MetricError).received, value)).toBe(true);
  });

  it('an out-of-range answer message names its index: "scores[3] must be an integer from 0 to 10, received 11"', () => {
    expectMetricError(() => netPromoterScore([10, 9, 8, 11]), {
      code: 'INVALID_INPUT',
      field: 'scores[3]',
      received: 11,
      message: 'netPromoterScore: scores[3] must be an integer from 0 to 10, received 11',
    });
  });

  it('a sparse array is rejected at its first hole, never read as a missing answer', () => {
    const sparse = [10, , 9] as number[];
    expectMetricError(() => netPromoterScore(sparse), { code: 'INVALID_INPUT', field: 'scores[1]', received: undefined });
    const holes = new Array<number>(3);
    holes[0] = 9;
    expectMetricError(() => netPromoterScore(holes), { code: 'INVALID_INPUT', field: 'scores[1]' });
  });

  it('typed arrays of answers are accepted (Uint8Array, Int16Array, Float64Array) and give the array result', () => {
    const answers = [10, 9, 8, 6, 10, 3, 0, 7];
    const expected = snapshot(netPromoterScore(answers));
    for (const typed of [Uint8Array.from(answers), Int16Array.from(answers), Float64Array.from(answers)]) {
      expect(snapshot(netPromoterScore(typed as unknown as number[]))).toBe(expected);
    }
    expectMetricError(() => netPromoterScore(Float64Array.from([10, 9.5]) as unknown as number[]), { code: 'INVALID_INPUT', field: 'scores[1]', received: 9.5 });
    expectMetricError(() => netPromoterScore(Int8Array.from([10, -3]) as unknown as number[]), { code: 'INVALID_INPUT', field: 'scores[1]', received: -3 });
    expectMetricError(() => netPromoterScore(BigInt64Array.from([10n]) as unknown as number[]), { code: 'INVALID_INPUT', field: 'scores' });
    expectMetricError(() => netPromoterScore(new DataView(new ArrayBuffer(2)) as unknown as number[]), { code: 'INVALID_INPUT', field: 'scores' });
  });

  it.each([
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['a number', 9, '9'],
    ['a string', '9,10', '"9,10"'],
  ])('scores = %s -> INVALID_INPUT naming scores', (_name, scores, shown) => {
    expectMetricError(() => netPromoterScore(scores as never), {
      code: 'INVALID_INPUT',
      field: 'scores',
      received: scores,
      message: `netPromoterScore: scores must be an array of integer scores from 0 to 10, received ${shown}`,
    });
  });

  it.each([
    ['promoters', -1],
    ['promoters', 1.5],
    ['promoters', NaN],
    ['promoters', '5'],
    ['passives', Infinity],
    ['passives', null],
    ['passives', undefined],
    ['detractors', -0.5],
    ['detractors', 2n],
    ['detractors', {}],
  ])('counts form: %s = %s -> INVALID_INPUT naming scores.<field>', (field, value) => {
    const counts = { promoters: 5, passives: 3, detractors: 2, [field]: value };
    expectMetricError(() => netPromoterScore(counts as never), { code: 'INVALID_INPUT', field: `scores.${field}`, received: value });
  });

  it('counts form: the count message follows "<fn>: <field> must be <rule>, received <value>"', () => {
    expectMetricError(() => netPromoterScore({ promoters: -1, passives: 3, detractors: 2 }), {
      code: 'INVALID_INPUT',
      field: 'scores.promoters',
      message: 'netPromoterScore: scores.promoters must be a non-negative safe integer, received -1',
    });
  });

  it('counts form: unknown keys and an own __proto__ key are errors', () => {
    expectMetricError(() => netPromoterScore({ promoters: 5, passives: 3, detractors: 2, neutrals: 1 } as never), { code: 'INVALID_INPUT', field: 'scores.neutrals', received: 1 });
    expectMetricError(() => netPromoterScore(JSON.parse('{"promoters":5,"passives":3,"detractors":2,"__proto__":{"promoters":100}}') as never), {
      code: 'INVALID_INPUT',
      field: 'scores.__proto__',
    });
  });

  it('counts form: a total above the largest safe integer is rejected', () => {
    let error: unknown;
    try {
      netPromoterScore({ promoters: Number.MAX_SAFE_INTEGER, passives: 1, detractors: 0 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MetricError);
    expect((error as MetricError).code).toBe('INVALID_INPUT');
  });

  it.each([0, 1, -0.5, 1.5, NaN, Infinity, '0.95', null])('options.confidence = %s -> INVALID_INPUT naming options.confidence', (confidence) => {
    expectMetricError(() => netPromoterScore([9, 10, 3], { confidence: confidence as never }), {
      code: 'INVALID_INPUT',
      field: 'options.confidence',
      received: confidence,
    });
  });

  it('the confidence message follows "<fn>: <field> must be <rule>, received <value>"', () => {
    expectMetricError(() => netPromoterScore([9, 10, 3], { confidence: 1 }), {
      code: 'INVALID_INPUT',
      field: 'options.confidence',
      message: 'netPromoterScore: options.confidence must be a number in (0, 1), received 1',
    });
  });

  it('options.method must be adjustedWald or wald; unknown options and non-object options are errors', () => {
    expectMetricError(() => netPromoterScore([9], { method: 'foo' as never }), {
      code: 'INVALID_INPUT',
      field: 'options.method',
      received: 'foo',
      message: `netPromoterScore: options.method must be one of 'adjustedWald', 'wald', received "foo"`,
    });
    expectMetricError(() => netPromoterScore([9], { level: 0.9 } as never), { code: 'INVALID_INPUT', field: 'options.level', received: 0.9 });
    expectMetricError(() => netPromoterScore([9], JSON.parse('{"__proto__":{"method":"wald"}}') as never), { code: 'INVALID_INPUT', field: 'options.__proto__' });
    for (const options of [null, 0.95, 'wald', [0.95]]) {
      expectMetricError(() => netPromoterScore([9], options as never), { code: 'INVALID_INPUT', field: 'options', received: options });
    }
  });

  it('the most extreme confidence level below 1 (1 - 2^-53) gives a finite interval or a MetricError naming options.confidence, never NaN', () => {
    const confidence = 1 - 2 ** -53;
    for (const method of METHODS) {
      let result: NetPromoterScoreResult | undefined;
      try {
        result = netPromoterScore({ promoters: 5, passives: 3, detractors: 2 }, { confidence, method });
      } catch (error) {
        expect(error).toBeInstanceOf(MetricError);
        expect((error as MetricError).field).toBe('options.confidence');
      }
      if (result !== undefined) {
        const numbers = [result.interval.lower, result.interval.upper, result.marginOfError];
        expect(numbers.every(Number.isFinite), `${method}: interval [${numbers[0]}, ${numbers[1]}], marginOfError ${numbers[2]}`).toBe(true);
        expect(result.interval.lower).toBeLessThanOrEqual(result.score);
        expect(result.interval.upper).toBeGreaterThanOrEqual(result.score);
      }
    }
  });

  it('does not mutate (deep-frozen) answers, counts or options', () => {
    const answers = deepFreeze([10, 9, 6, 7]);
    const options = deepFreeze({ confidence: 0.9, method: 'wald' as const });
    expect(netPromoterScore(answers, options).score).toBe(25);
    expect(answers).toEqual([10, 9, 6, 7]);
    const counts = deepFreeze({ promoters: 2, passives: 1, detractors: 1 });
    expect(netPromoterScore(counts).score).toBe(25);
    const typed = Uint8Array.from([10, 0, 8]);
    netPromoterScore(typed as unknown as number[]);
    expect([...typed]).toEqual([10, 0, 8]);
  });

  it('takes answers and options only: a third argument is an error, not silently ignored', () => {
    expectMetricError(() => (netPromoterScore as (...args: unknown[]) => unknown)([10, 9, 3], { method: 'wald' }, { confidence: 0.9 }), {
      code: 'INVALID_INPUT',
      field: 'arguments',
      received: 3,
      message: 'netPromoterScore: arguments must be at most 2 arguments, received 3',
    });
  });
});

describe('netPromoterScore: properties', () => {
  it('is invariant to the order of the answers (the whole result, interval included)', () =>
    fc.assert(
      fc.property(
        npsAnswers().chain((answers) => fc.tuple(fc.constant(answers), permutationOf(answers))),
        ([answers, shuffled]) => {
          expect(snapshot(netPromoterScore(shuffled))).toBe(snapshot(netPromoterScore(answers)));
        },
      ),
      fcOptions(),
    ));

  it('all promoters -> exactly 100; all detractors -> exactly -100; only passives -> 0', () =>
    fc.assert(
      fc.property(
        fc.array(promoterAnswer, { minLength: 1, maxLength: 60 }),
        fc.array(detractorAnswer, { minLength: 1, maxLength: 60 }),
        fc.array(passiveAnswer, { minLength: 1, maxLength: 60 }),
        (promoters, detractors, passives) => {
          expect(netPromoterScore(promoters).score).toBe(100);
          expect(netPromoterScore(detractors).score).toBe(-100);
          expect(Object.is(netPromoterScore(passives).score, 0)).toBe(true);
        },
      ),
      fcOptions(),
    ));

  it('adding passives moves the score towards 0: |new| <= |old|, with the same sign or 0', () =>
    fc.assert(
      fc.property(npsAnswers(), fc.array(passiveAnswer, { minLength: 1, maxLength: 60 }), (answers, passives) => {
        const before = netPromoterScore(answers).score;
        const after = netPromoterScore([...answers, ...passives]).score;
        expect(Math.abs(after)).toBeLessThanOrEqual(Math.abs(before));
        expect(Math.sign(after) === Math.sign(before) || after === 0).toBe(true);
      }),
      fcOptions(),
    ));

  it('the score lies in [-100, 100] and equals 100 x (promoterShare - detractorShare) within float rounding', () =>
    fc.assert(
      fc.property(npsAnswers(200), (answers) => {
        const nps = netPromoterScore(answers);
        expect(nps.score).toBeGreaterThanOrEqual(-100);
        expect(nps.score).toBeLessThanOrEqual(100);
        const fromShares = 100 * (Number(nps.promoterShare) - Number(nps.detractorShare));
        expect(Math.abs(nps.score - fromShares)).toBeLessThanOrEqual(1e-12);
        expect(nps.promoterShare.plus(nps.detractorShare).plus(Rate.of(nps.passives, nps.total)).equals(1)).toBe(true);
        expect(nps.promoterShare.isProportion && nps.detractorShare.isProportion).toBe(true);
      }),
      fcOptions(),
    ));

  it('the array form and the counts form agree exactly', () =>
    fc.assert(
      fc.property(npsAnswers(200), fc.constantFrom(...METHODS), confidenceLevel, (answers, method, confidence) => {
        const fromAnswers = netPromoterScore(answers, { method, confidence });
        const fromCounts = netPromoterScore(counted(answers), { method, confidence });
        expect(snapshot(fromCounts)).toBe(snapshot(fromAnswers));
        expect(fromCounts.interval).toEqual(fromAnswers.interval);
      }),
      fcOptions(),
    ));

  it('Number(result) === result.score, which is never NaN, -0 or infinite', () =>
    fc.assert(
      fc.property(npsCounts(Math.floor(Number.MAX_SAFE_INTEGER / 4)), fc.constantFrom(...METHODS), (counts, method) => {
        const nps = netPromoterScore(counts, { method });
        expect(Number(nps)).toBe(nps.score);
        expect(Number.isFinite(nps.score)).toBe(true);
        expect(Object.is(nps.score, -0)).toBe(false);
        expect(Number.isFinite(nps.marginOfError)).toBe(true);
      }),
      fcOptions(),
    ));

  it('the interval contains the score and lies in [-100, 100], for both methods and many confidence levels', () =>
    fc.assert(
      fc.property(npsCounts(5000), fc.constantFrom(...METHODS), confidenceLevel, (counts, method, confidence) => {
        const { score, interval, marginOfError } = netPromoterScore(counts, { method, confidence });
        expect(interval.confidence).toBe(confidence);
        expect(-100).toBeLessThanOrEqual(interval.lower);
        expect(interval.lower).toBeLessThanOrEqual(score);
        expect(score).toBeLessThanOrEqual(interval.upper);
        expect(interval.upper).toBeLessThanOrEqual(100);
        expect(marginOfError).toBeGreaterThanOrEqual(0);
      }),
      fcOptions(),
    ));

  it('the Wald interval is score ± marginOfError, clamped to [-100, 100]', () =>
    fc.assert(
      fc.property(npsCounts(5000), confidenceLevel, (counts, confidence) => {
        const { score, interval, marginOfError } = netPromoterScore(counts, { method: 'wald', confidence });
        expect(interval.lower).toBeCloseTo(Math.max(-100, score - marginOfError), 9);
        expect(interval.upper).toBeCloseTo(Math.min(100, score + marginOfError), 9);
      }),
      fcOptions(),
    ));

  it('adjusted-Wald: for fixed proportions, quadrupling n narrows the interval', () =>
    fc.assert(
      fc.property(npsCounts(2000), confidenceLevel, (counts, confidence) => {
        const small = netPromoterScore(counts, { confidence });
        const large = netPromoterScore({ promoters: 4 * counts.promoters, passives: 4 * counts.passives, detractors: 4 * counts.detractors }, { confidence });
        expect(large.score).toBeCloseTo(small.score, 9);
        expect(large.marginOfError).toBeLessThan(small.marginOfError);
        expect(large.interval.upper - large.interval.lower).toBeLessThanOrEqual(small.interval.upper - small.interval.lower + 1e-9);
      }),
      fcOptions(),
    ));

  it('a higher confidence level never narrows the interval', () =>
    fc.assert(
      fc.property(npsCounts(5000), fc.constantFrom(...METHODS), confidenceLevel, confidenceLevel, (counts, method, c1, c2) => {
        const [lo, hi] = c1 <= c2 ? [c1, c2] : [c2, c1];
        const narrow = netPromoterScore(counts, { method, confidence: lo });
        const wide = netPromoterScore(counts, { method, confidence: hi });
        expect(wide.marginOfError).toBeGreaterThanOrEqual(narrow.marginOfError);
        expect(wide.interval.lower).toBeLessThanOrEqual(narrow.interval.lower + 1e-9);
        expect(wide.interval.upper).toBeGreaterThanOrEqual(narrow.interval.upper - 1e-9);
      }),
      fcOptions(),
    ));

  it('never mutates its (deep-frozen) answers', () =>
    fc.assert(
      fc.property(npsAnswers(), (answers) => {
        const before = structuredClone(answers);
        netPromoterScore(deepFreeze(answers));
        expect(answers).toEqual(before);
      }),
      fcOptions(),
    ));
});
