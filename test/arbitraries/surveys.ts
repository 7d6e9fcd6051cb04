/**
 * Shared fast-check generators for survey answers (NPS 0-10, CSAT and CES 1..scale) and confidence
 * levels, used by the test/survey suites.
 */
import fc from 'fast-check';

export { deepFreeze } from './money.js';

/** One NPS answer, 0-10. */
export const npsAnswer: fc.Arbitrary<number> = fc.integer({ min: 0, max: 10 });

/** A non-empty list of NPS answers. */
export function npsAnswers(maxLength = 120): fc.Arbitrary<number[]> {
  return fc.array(npsAnswer, { minLength: 1, maxLength });
}

/** Answers of one NPS group: promoters 9-10, passives 7-8, detractors 0-6. */
export const promoterAnswer = fc.integer({ min: 9, max: 10 });
export const passiveAnswer = fc.integer({ min: 7, max: 8 });
export const detractorAnswer = fc.integer({ min: 0, max: 6 });

/** NPS group counts with at least one answer in total. */
export function npsCounts(max = 10_000): fc.Arbitrary<{ promoters: number; passives: number; detractors: number }> {
  return fc
    .record({ promoters: fc.nat({ max }), passives: fc.nat({ max }), detractors: fc.nat({ max }) })
    .filter((c) => c.promoters + c.passives + c.detractors > 0);
}

/** A scale 2-10 (answers 1..scale) with a non-empty list of answers on it. */
export function scaleAndAnswers(maxLength = 80, maxScale = 10): fc.Arbitrary<{ scale: number; answers: number[] }> {
  return fc
    .integer({ min: 2, max: maxScale })
    .chain((scale) => fc.record({ scale: fc.constant(scale), answers: fc.array(fc.integer({ min: 1, max: scale }), { minLength: 1, maxLength }) }));
}

/** Answers on a fixed 1..scale scale. */
export function likertAnswers(scale: number, maxLength = 80): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 1, max: scale }), { minLength: 1, maxLength });
}

/**
 * Two-sided confidence levels: the usual ones and a spread of others, from 0.01 to 0.9999 (the extreme
 * level 1 - 2^-53 has its own edge-case tests).
 */
export const confidenceLevel: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0.5, 0.8, 0.9, 0.95, 0.99, 0.999),
  fc.integer({ min: 1, max: 9999 }).map((k) => k / 10_000),
);

/** The answers in a random order (a permutation of the same multiset). */
export function permutationOf<T>(values: readonly T[]): fc.Arbitrary<T[]> {
  return fc.shuffledSubarray([...values], { minLength: values.length, maxLength: values.length });
}
