import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyNpsScore, MetricError, type NpsCategory, netPromoterScore } from '../../src/index.js';
import { npsAnswer } from '../arbitraries/surveys.js';
import { fcOptions } from '../arbitraries/counts.js';

function expectInvalid(score: unknown, shown: string): void {
  let error: unknown;
  try {
    classifyNpsScore(score as number);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(MetricError);
  const e = error as MetricError;
  expect(e.code).toBe('INVALID_INPUT');
  expect(e.field).toBe('score');
  expect(e.functionName).toBe('classifyNpsScore');
  expect(Object.is(e.received, score)).toBe(true);
  expect(e.message).toBe(`classifyNpsScore: score must be an integer from 0 to 10, received ${shown}`);
}

describe('classifyNpsScore: examples', () => {
  it('9 is a promoter, 7 a passive, 6 a detractor (Reichheld 2003; Bain & Company)', () => {
    expect(classifyNpsScore(9)).toBe('promoter');
    expect(classifyNpsScore(7)).toBe('passive');
    expect(classifyNpsScore(6)).toBe('detractor');
  });

  it('the whole 0-10 scale: 0-6 detractors, 7-8 passives, 9-10 promoters', () => {
    const expected: NpsCategory[] = ['detractor', 'detractor', 'detractor', 'detractor', 'detractor', 'detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter'];
    expect(Array.from({ length: 11 }, (_, score) => classifyNpsScore(score))).toEqual(expected);
  });

  it('tallies a batch of answers the way netPromoterScore does', () => {
    const answers = [10, 9, 8, 6, 10, 3, 7, 0];
    const tally = { promoter: 0, passive: 0, detractor: 0 };
    for (const answer of answers) tally[classifyNpsScore(answer)]++;
    const nps = netPromoterScore(answers);
    expect(tally).toEqual({ promoter: nps.promoters, passive: nps.passives, detractor: nps.detractors });
  });
});

describe('classifyNpsScore: edge cases and errors', () => {
  it('the boundaries: 0 and 6 detractors, 7 and 8 passives, 9 and 10 promoters; -0 is 0', () => {
    expect(classifyNpsScore(0)).toBe('detractor');
    expect(classifyNpsScore(-0)).toBe('detractor');
    expect(classifyNpsScore(8)).toBe('passive');
    expect(classifyNpsScore(10)).toBe('promoter');
  });

  it.each([
    [11, '11'],
    [-1, '-1'],
    [6.5, '6.5'],
    [8.999, '8.999'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    ['9', '"9"'],
    [null, 'null'],
    [undefined, 'undefined'],
    [9n, '9n'],
    [{}, 'an object'],
    [[9], 'an array of 1'],
    [true, 'true'],
  ])('%s -> INVALID_INPUT naming score', (score, shown) => {
    expectInvalid(score, shown);
  });

  it('takes one score: a second argument is an error, not silently ignored', () => {
    let error: unknown;
    try {
      (classifyNpsScore as (...args: unknown[]) => unknown)(9, 10);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MetricError);
    expect((error as MetricError).field).toBe('arguments');
    expect((error as MetricError).message).toBe('classifyNpsScore: arguments must be at most one argument (this function takes no options object), received 2');
  });
});

describe('classifyNpsScore: properties', () => {
  it('is a total function of the integers 0-10 onto the three groups, monotone in the score', () =>
    fc.assert(
      fc.property(npsAnswer, npsAnswer, (a, b) => {
        const rank = { detractor: 0, passive: 1, promoter: 2 } as const;
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(rank[classifyNpsScore(lo)]).toBeLessThanOrEqual(rank[classifyNpsScore(hi)]);
      }),
      fcOptions(),
    ));

  it('a single answer has NPS 100, 0 or -100 according to its group', () =>
    fc.assert(
      fc.property(npsAnswer, (score) => {
        const expected = { promoter: 100, passive: 0, detractor: -100 }[classifyNpsScore(score)];
        expect(netPromoterScore([score]).score).toBe(expected);
      }),
      fcOptions(),
    ));

  it('every number outside the integers 0-10 is rejected with a MetricError, never classified', () =>
    fc.assert(
      fc.property(
        fc.double().filter((x) => !(Number.isInteger(x) && x >= 0 && x <= 10)),
        (score) => {
          expect(() => classifyNpsScore(score)).toThrow(MetricError);
        },
      ),
      fcOptions(),
    ));
});
