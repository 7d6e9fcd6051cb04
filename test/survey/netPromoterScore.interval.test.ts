/**
 * The NPS confidence interval against formulas written independently of src/: the adjusted-Wald method of
 * the docs (Rocks 2016; MeasuringU, "Confidence intervals for Net Promoter Scores": add 3/4 to promoters
 * and to detractors and 3 to n), with the variance of a difference of two multinomial shares,
 * Var(p+ − p−) = [p+(1 − p+) + p−(1 − p−) + 2 p+ p−] / n', and the normal critical values as constants. Then
 * the interval's exact coverage (summing the multinomial probabilities of every outcome whose interval
 * contains the true NPS), and monotonicity. Only three examples used to pin the variance.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { netPromoterScore } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { npsCounts } from '../arbitraries/surveys.js';

/** Two-sided normal critical values z = Φ⁻¹(1 − (1 − c)/2), to 16 digits (R: qnorm). */
const Z = { 0.8: 1.2815515655446004, 0.9: 1.6448536269514722, 0.95: 1.959963984540054, 0.99: 2.5758293035489004 } as const;
const LEVELS = [0.8, 0.9, 0.95, 0.99] as const;

/** The interval by the docs' recipe, written out: NPS points, before widening to contain the score. */
function independentInterval(counts: { promoters: number; passives: number; detractors: number }, confidence: keyof typeof Z, method: 'adjustedWald' | 'wald') {
  const add = method === 'adjustedWald' ? 3 / 4 : 0;
  const n = counts.promoters + counts.passives + counts.detractors + (method === 'adjustedWald' ? 3 : 0);
  const plus = (counts.promoters + add) / n;
  const minus = (counts.detractors + add) / n;
  const variance = (plus * (1 - plus) + minus * (1 - minus) + 2 * plus * minus) / n;
  const margin = 100 * Z[confidence] * Math.sqrt(variance);
  return { centre: 100 * (plus - minus), margin };
}

/** |a − b| <= rel · |b|, or both 0. */
function closeRelative(a: number, b: number, rel: number): boolean {
  return a === b || Math.abs(a - b) <= rel * Math.abs(b);
}

describe('netPromoterScore: the interval against independent formulas', () => {
  it('E8: 15 promoters, 13 passives, 8 detractors: the margin is 100 · 1.959964 · sqrt([p+(1−p+) + p−(1−p−) + 2p+p−]/39) with p± = (15.75, 8.75)/39, to 1e-12', () => {
    const counts = { promoters: 15, passives: 13, detractors: 8 };
    const { centre, margin } = independentInterval(counts, 0.95, 'adjustedWald');
    const nps = netPromoterScore(counts);
    expect(closeRelative(nps.marginOfError, margin, 1e-12), `${nps.marginOfError} vs ${margin}`).toBe(true);
    expect(closeRelative(nps.interval.lower, centre - margin, 1e-12)).toBe(true);
    expect(closeRelative(nps.interval.upper, centre + margin, 1e-12)).toBe(true);
    // The same with the plain Wald method (no additions).
    const wald = independentInterval(counts, 0.95, 'wald');
    expect(closeRelative(netPromoterScore(counts, { method: 'wald' }).marginOfError, wald.margin, 1e-12)).toBe(true);
  });

  it('E8: for any counts, level and method, the margin is the independent one (1e-12 relative + 1e-12 points) and the interval is [centre ± margin] clamped to [-100, 100] and widened to contain the score', () => {
    fc.assert(
      fc.property(npsCounts(1_000_000), fc.constantFrom(...LEVELS), fc.constantFrom('adjustedWald' as const, 'wald' as const), (counts, confidence, method) => {
        const nps = netPromoterScore(counts, { confidence, method });
        const { centre, margin } = independentInterval(counts, confidence, method);
        // 1e-12 relative plus 1e-12 NPS points absolute: near-unanimous samples (112,256 detractors) have a
        // variance of ~1e-5 that src computes as p+ + p− − (p+ − p−)², whose cancellation costs ~1e-11 relative.
        expect(Math.abs(nps.marginOfError - margin), `margin ${nps.marginOfError} vs ${margin}`).toBeLessThanOrEqual(1e-12 * margin + 1e-12);
        const lower = Math.min(nps.score, Math.max(-100, centre - margin));
        const upper = Math.max(nps.score, Math.min(100, centre + margin));
        expect(Math.abs(nps.interval.lower - lower)).toBeLessThanOrEqual(1e-10);
        expect(Math.abs(nps.interval.upper - upper)).toBeLessThanOrEqual(1e-10);
      }),
      fcOptions(),
    );
  });
});

describe('netPromoterScore: coverage and monotonicity of the adjusted-Wald interval', () => {
  const lnFactorial: number[] = [0];
  for (let i = 1; i <= 200; i++) lnFactorial.push((lnFactorial[i - 1] as number) + Math.log(i));

  /** The exact probability that the interval of a sample of n contains the true NPS 100(π+ − π−). */
  function coverage(n: number, pPlus: number, pMinus: number, confidence: number): number {
    const truth = 100 * (pPlus - pMinus);
    const pPassive = 1 - pPlus - pMinus;
    let covered = 0;
    for (let promoters = 0; promoters <= n; promoters++) {
      for (let detractors = 0; promoters + detractors <= n; detractors++) {
        const passives = n - promoters - detractors;
        const { interval } = netPromoterScore({ promoters, passives, detractors }, { confidence });
        if (interval.lower <= truth && truth <= interval.upper) {
          const ln =
            (lnFactorial[n] as number) - (lnFactorial[promoters] as number) - (lnFactorial[detractors] as number) - (lnFactorial[passives] as number) +
            promoters * Math.log(pPlus) + detractors * Math.log(pMinus) + (passives > 0 ? passives * Math.log(pPassive) : 0);
          covered += Math.exp(ln);
        }
      }
    }
    return covered;
  }

  // Measured over 3,000 random cases of this range, the worst coverage was 2.1 points below the level (the
  // known oscillation of binomial-type intervals); a variance without the covariance term 2p+p− (the bug
  // this guards against) covers 0.85 at 95% for n 25, π+ 0.51, π− 0.44 (0.94 with the right one).
  it('E8: exact coverage is at least the level minus 0.03 (n 20-100, 90% and 95%, π+ and π− at least 0.05, passives at least 5%)', () => {
    const cases = fc
      .record({ n: fc.integer({ min: 20, max: 100 }), a: fc.double({ min: 0.05, max: 0.9, noNaN: true }), share: fc.double({ min: 0, max: 1, noNaN: true }), confidence: fc.constantFrom(0.9, 0.95) })
      .map(({ n, a, share, confidence }) => ({ n, pPlus: a, pMinus: 0.05 + share * (0.9 - a - 0.05), confidence }))
      .filter(({ pPlus, pMinus }) => pMinus >= 0.05 && pPlus + pMinus <= 0.95);
    fc.assert(
      fc.property(cases, ({ n, pPlus, pMinus, confidence }) => {
        const covered = coverage(n, pPlus, pMinus, confidence);
        expect(covered, `n ${n}, π+ ${pPlus}, π− ${pMinus}, level ${confidence}`).toBeGreaterThanOrEqual(confidence - 0.03);
        expect(covered).toBeLessThanOrEqual(1 + 1e-9);
      }),
      fcOptions({ numRuns: 40 }),
    );
  });

  it('E8: near -100 a passive who becomes a promoter may lower the lower bound by under a hundredth of a point (CI seed 1777297050)', () => {
    const base = netPromoterScore({ promoters: 0, passives: 2, detractors: 38 });
    const after = netPromoterScore({ promoters: 1, passives: 1, detractors: 38 });
    expect(after.score).toBeGreaterThan(base.score);
    expect(after.interval.lower).toBeLessThan(base.interval.lower);
    expect(after.interval.lower).toBeGreaterThan(base.interval.lower - 0.01);
  });

  it('E8: a passive who becomes a promoter, or a detractor who becomes a passive, raises the score and the interval\'s centre; more answers of the same mix narrow it', () => {
    fc.assert(
      fc.property(npsCounts(5000), fc.constantFrom(...LEVELS), (counts, confidence) => {
        const base = netPromoterScore(counts, { confidence });
        const centre = independentInterval(counts, confidence, 'adjustedWald').centre;
        const moves = [
          counts.passives > 0 ? { ...counts, promoters: counts.promoters + 1, passives: counts.passives - 1 } : undefined,
          counts.detractors > 0 ? { ...counts, detractors: counts.detractors - 1, passives: counts.passives + 1 } : undefined,
        ].filter((m) => m !== undefined);
        for (const moved of moves) {
          const after = netPromoterScore(moved, { confidence });
          expect(after.score).toBeGreaterThan(base.score);
          expect(independentInterval(moved, confidence, 'adjustedWald').centre).toBeGreaterThan(centre);
          // Each bound moves up, except that near ±100 the narrower variance may lower a bound by less than a
          // hundredth of a point: the upper one near +100 (20 promoters, 1 passive, 0 detractors: 99.462 ->
          // 99.461) and, mirrored, the lower one near -100, where a new promoter widens the variance (0 / 2 / 38
          // promoters / passives / detractors -> 1 / 1 / 38: -99.4610 -> -99.4621, found by CI, seed 1777297050).
          expect(after.interval.lower).toBeGreaterThanOrEqual(base.interval.lower - 0.01);
          expect(after.interval.upper).toBeGreaterThanOrEqual(base.interval.upper - 0.01);
        }
      }),
      fcOptions(),
    );
  });
});
