/**
 * The Kaplan-Meier median by the rule the docs state (as R's print.survfit): the first time S(t) <= 0.5;
 * when S equals 0.5 exactly over a stretch, the midpoint from the time S reaches 0.5 to the time it falls
 * below; when S ends at 0.5, the time it got there; null when S never reaches 0.5. The reference computes S
 * in exact rationals (BigInt), so "exactly 0.5" is decided exactly here, independently of the float64
 * curve and the tolerance (sqrt(eps), as R) that the implementation needs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kaplanMeier } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';

interface Subject {
  readonly duration: number;
  readonly observed: boolean;
  readonly entry: number;
  readonly weight: number;
}

/** gcd of non-negative bigints. */
function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** The median by the documented rule, with S(t) = Π (1 − d_j / n_j) in exact fractions. */
function referenceMedian(subjects: readonly Subject[]): number | null {
  const eventTimes = [...new Set(subjects.filter((s) => s.observed && s.weight > 0).map((s) => s.duration))].sort((a, b) => a - b);
  let num = 1n;
  let den = 1n;
  let reachedHalfAt: number | null = null;
  for (const t of eventTimes) {
    // At risk at t: entry < t <= duration; events at t: observed with duration t (weights are integers).
    const atRisk = subjects.reduce((sum, s) => sum + (s.entry < t && t <= s.duration ? BigInt(s.weight) : 0n), 0n);
    const events = subjects.reduce((sum, s) => sum + (s.observed && s.duration === t ? BigInt(s.weight) : 0n), 0n);
    num *= atRisk - events;
    den *= atRisk;
    const g = gcd(num, den);
    if (g > 1n) [num, den] = [num / g, den / g];
    if (reachedHalfAt !== null) return reachedHalfAt / 2 + t / 2; // S had been exactly 0.5 and falls below here
    if (2n * num === den) reachedHalfAt = t;
    else if (2n * num < den) return t;
  }
  return reachedHalfAt;
}

const subjectArb = fc
  .record({
    duration: fc.integer({ min: 1, max: 12 }),
    observed: fc.boolean(),
    lag: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
    weight: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ duration, observed, lag, weight }) => ({ duration, observed, entry: lag === undefined ? 0 : Math.max(0, duration - lag), weight }));

function fitOf(subjects: readonly Subject[], withEntry: boolean) {
  return kaplanMeier({
    durations: subjects.map((s) => s.duration),
    observed: subjects.map((s) => s.observed),
    ...(withEntry ? { entry: subjects.map((s) => s.entry) } : {}),
    weights: subjects.map((s) => s.weight),
  });
}

describe('kaplanMeier: the median rule', () => {
  it('E9: the rule on hand-worked curves: flat at exactly 0.5 -> midpoint; below 0.5 at once -> that time; ends at 0.5 -> that time; never 0.5 -> null', () => {
    const subject = (duration: number, observed: boolean, weight = 1): Subject => ({ duration, observed, entry: 0, weight });
    const cases: { name: string; subjects: Subject[]; median: number | null }[] = [
      // 6 at risk, 1 event at 1 -> 5/6; 5 at risk, 2 events at 2 -> (5/6)(3/5) = 1/2; censored at 3; event at 4 -> below.
      { name: 'flat at 0.5 from 2 to 4', subjects: [subject(1, true), subject(2, true, 2), subject(3, false), subject(4, true), subject(5, false)], median: 3 },
      // 4 at risk, 3 events at 2 -> 1/4 < 1/2 at once.
      { name: 'below 0.5 at 2', subjects: [subject(2, true, 3), subject(7, false)], median: 2 },
      // 4 at risk, 2 events at 3 -> 1/2, and the 2 others censored: S ends at 0.5.
      { name: 'ends at 0.5', subjects: [subject(3, true, 2), subject(5, false, 2)], median: 3 },
      // 3 at risk, 1 event -> 2/3, then censored.
      { name: 'never 0.5', subjects: [subject(1, true), subject(4, false, 2)], median: null },
    ];
    for (const { name, subjects, median } of cases) {
      expect(referenceMedian(subjects), `reference, ${name}`).toBe(median);
      expect(fitOf(subjects, false).median.time, name).toBe(median);
    }
  });

  it('E9: for random data sets (ties, censoring, integer weights, with and without late entry) the median is the documented rule computed in exact fractions', () => {
    fc.assert(
      fc.property(fc.array(subjectArb, { minLength: 1, maxLength: 30 }), fc.boolean(), (subjects, withEntry) => {
        fc.pre(subjects.some((s) => s.weight > 0));
        const used = withEntry ? subjects : subjects.map((s) => ({ ...s, entry: 0 }));
        const fit = fitOf(used, withEntry);
        const expected = referenceMedian(used);
        expect(fit.median.time, JSON.stringify(used)).toBe(expected);
        // And the rule's first clause as the docs state it, on the fit's own table: no earlier row has S <= 0.5
        // (beyond float rounding), and the row at a non-midpoint median has S <= 0.5.
        if (expected !== null) {
          const before = fit.table.filter((row) => row.time < expected && row.time < Math.floor(expected));
          for (const row of before) expect(row.survival).toBeGreaterThan(0.5 - 1e-12);
        }
      }),
      fcOptions({ numRuns: 300 }),
    );
  });
});
