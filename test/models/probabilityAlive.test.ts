/**
 * probabilityAlive: the BG/NBD convention at frequency 0, documented examples, MBG/NBD, bad input, then
 * properties: in [0, 1], the 80-digit reference (FHL 2008 note), extreme customers, monotonicity.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitBetaGeo, fitModifiedBetaGeo, probabilityAlive } from '../../src/index.js';
import { lnProbabilityAlive } from '../../src/models/_betaGeo.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { D, referenceProbabilityAlive } from './_betaGeoReference.js';
import { loadCdnowRecencyFrequency } from './_cdnow.js';

const PUBLISHED = { model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
const MBG_PUBLISHED = { model: 'modifiedBetaGeo', params: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 } };

describe('probabilityAlive: examples', () => {
  it('BG/NBD: 1 at frequency 0 (lifetimes test "returns 1 if no repeat purchases"; FHL 2008 note), and the documented values', () => {
    expect(probabilityAlive(PUBLISHED, { frequency: 0, recency: 0, T: 38.86 })).toBe(1);
    expect(probabilityAlive(PUBLISHED, { frequency: 0, recency: 0, T: 1 })).toBe(1);
    // The docs' example values are regression values of this code (no source prints them); E2: each is also
    // the FHL 2008 note's closed form 1 / (1 + a/(b + x − 1) · ((alpha + T)/(alpha + t_x))^(r + x)), written here.
    expect(probabilityAlive(PUBLISHED, { frequency: 2, recency: 30.43, T: 38.86 }).toFixed(3)).toBe('0.727');
    expect(probabilityAlive(PUBLISHED, { frequency: 2, recency: 5, T: 38.86 }).toFixed(3)).toBe('0.124');
    const { r, alpha, a, b } = PUBLISHED.params;
    for (const tx of [30.43, 5]) {
      const closedForm = 1 / (1 + (a / (b + 1)) * ((alpha + 38.86) / (alpha + tx)) ** (r + 2));
      expect(Math.abs(probabilityAlive(PUBLISHED, { frequency: 2, recency: tx, T: 38.86 }) - closedForm)).toBeLessThanOrEqual(1e-14);
    }
  });

  it('MBG/NBD: below 1 at frequency 0 (lifetimes test "returns less than 1 if no repeat purchases")', () => {
    const fit = fitModifiedBetaGeo({ frequency: loadCdnowRecencyFrequency().frequency, recency: loadCdnowRecencyFrequency().recency, T: loadCdnowRecencyFrequency().T });
    const p = probabilityAlive(fit, { frequency: 0, recency: 0, T: 1 });
    expect(p).toBeLessThan(1);
    expect(p).toBeGreaterThan(0);
    // 1 / (1 + a/b · ((alpha + T)/alpha)^r)
    const { r, alpha, a, b } = MBG_PUBLISHED.params;
    expect(probabilityAlive(MBG_PUBLISHED, { frequency: 0, recency: 0, T: 10 })).toBeCloseTo(1 / (1 + (a / b) * ((alpha + 10) / alpha) ** r), 14);
  });

  it('E4: vectorised over CDNOW: a Float64Array in order; mean P(alive) of the 2,357 customers equals the closed form of the FHL 2008 note ("Computing P(alive) using the BG/NBD model"), computed here (1e-12), 0.8134 at the fit and at the published estimates', () => {
    const d = loadCdnowRecencyFrequency();
    const fit = fitBetaGeo({ frequency: d.frequency, recency: d.recency, T: d.T });
    const all = probabilityAlive(fit, { frequency: d.frequency, recency: d.recency, T: d.T });
    expect(all).toBeInstanceOf(Float64Array);
    expect(all.length).toBe(2357);
    expect(all[0]).toBe(probabilityAlive(fit, { frequency: d.frequency[0] as number, recency: d.recency[0] as number, T: d.T[0] as number }));
    // Independent: P(alive | x > 0) = 1 / (1 + a/(b + x − 1) · ((alpha + T)/(alpha + t_x))^(r + x)), 1 at x = 0,
    // in plain float64 (CDNOW's values are far from overflow), summed in customer order.
    const closedForm = (p: { r: number; alpha: number; a: number; b: number }, i: number): number => {
      const x = d.frequency[i] as number;
      if (x === 0) return 1;
      return 1 / (1 + (p.a / (p.b + x - 1)) * ((p.alpha + (d.T[i] as number)) / (p.alpha + (d.recency[i] as number))) ** (p.r + x));
    };
    const mean = all.reduce((s, v) => s + v, 0) / all.length;
    const expected = d.frequency.reduce((s: number, _x: number, i: number) => s + closedForm(fit.params, i), 0) / d.frequency.length;
    expect(Math.abs(mean - expected)).toBeLessThanOrEqual(1e-12);
    // Regression values (no source prints this mean): 0.8134 to 4 decimals, at the fit (lifetimes' estimates,
    // 4.413532 ...) and at FHL 2005's printed estimates; the 946 repeat buyers average 0.535.
    expect(mean.toFixed(4)).toBe('0.8134');
    const atPublished = probabilityAlive(PUBLISHED, { frequency: d.frequency, recency: d.recency, T: d.T });
    expect((atPublished.reduce((s, v) => s + v, 0) / atPublished.length).toFixed(4)).toBe('0.8134');
    const repeat = all.filter((_p, i) => (d.frequency[i] as number) > 0);
    expect(repeat.length).toBe(946);
    expect((repeat.reduce((s, v) => s + v, 0) / repeat.length).toFixed(3)).toBe('0.535');
  });
});

describe('probabilityAlive: bad input', () => {
  const fn = 'probabilityAlive';
  it('names what is wrong', () => {
    expectMetricError(() => probabilityAlive({ model: 'gammaGamma', params: { p: 1, q: 1, v: 1 } }, { frequency: 1, recency: 1, T: 2 }), { fn, code: 'INVALID_INPUT', field: 'fit.model' });
    expectMetricError(() => probabilityAlive(null as never, { frequency: 1, recency: 1, T: 2 }), { fn, code: 'INVALID_INPUT', field: 'fit' });
    expectMetricError(() => probabilityAlive({ model: 'betaGeo', params: { ...PUBLISHED.params, alpha: Number.NaN } }, { frequency: 1, recency: 1, T: 2 }), { fn, code: 'INVALID_INPUT', field: 'fit.params.alpha' });
    expectMetricError(() => probabilityAlive(PUBLISHED, { frequency: 1, recency: 3, T: 2 }), { fn, code: 'INCONSISTENT_INPUT', field: 'customer.recency' });
    expectMetricError(() => probabilityAlive(PUBLISHED, { frequency: [1, 2], recency: [1, 2], T: [3] }), { fn, code: 'INCONSISTENT_INPUT', field: 'customer.T' });
    expectMetricError(() => (probabilityAlive as (...args: unknown[]) => unknown)(PUBLISHED, { frequency: 1, recency: 1, T: 2 }, { t: 1 }), { fn, code: 'INVALID_INPUT', field: 'arguments' });
  });
});

describe('probabilityAlive: properties', () => {
  const paramsArb = fc.record({
    r: fc.double({ min: 1e-3, max: 100, noNaN: true }),
    alpha: fc.double({ min: 1e-3, max: 1000, noNaN: true }),
    a: fc.double({ min: 1e-3, max: 100, noNaN: true }),
    b: fc.double({ min: 1e-3, max: 100, noNaN: true }),
  });
  const customerArb = fc
    .record({ x: fc.nat({ max: 5000 }), T: fc.double({ min: 0, max: 1000, noNaN: true }), share: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ x, T, share }) => ({ frequency: x, recency: x === 0 ? 0 : share * T, T }));

  it('is in [0, 1], 1 at frequency 0 for BG/NBD, and matches the 80-digit reference (absolute 1e-13; log space relative 1e-12)', () => {
    fc.assert(
      fc.property(paramsArb, customerArb, (params, c) => {
        for (const shift of [0, 1] as const) {
          const p = probabilityAlive({ model: shift === 0 ? 'betaGeo' : 'modifiedBetaGeo', params }, c);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          if (shift === 0 && c.frequency === 0) expect(p).toBe(1);
          const ref = referenceProbabilityAlive(params, shift, c.frequency, c.recency, c.T);
          expect(Math.abs(p - ref.toNumber())).toBeLessThan(1e-13);
          if (!ref.isZero()) {
            const lnRef = ref.ln().toNumber();
            expect(Math.abs(lnProbabilityAlive(params, shift, c.frequency, c.recency, c.T) - lnRef)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(lnRef)));
          }
        }
      }),
      fcOptions({ numRuns: 200 }),
    );
  });

  it('extreme customers: frequency 1000, recency 10, T 100 is finite (0 in float64; ln P = −1981.6 exactly as the reference)', () => {
    const c = { frequency: 1000, recency: 10, T: 100 };
    expect(probabilityAlive(PUBLISHED, c)).toBe(0);
    const lnRef = referenceProbabilityAlive(PUBLISHED.params, 0, 1000, 10, 100).ln();
    expect(lnRef.lt(-1900)).toBe(true);
    expect(lnProbabilityAlive(PUBLISHED.params, 0, 1000, 10, 100)).toBeCloseTo(lnRef.toNumber(), 9);
    const recent = probabilityAlive(PUBLISHED, { frequency: 1000, recency: 100, T: 100 });
    expect(recent).toBeCloseTo(new D(1).div(new D(1).plus(new D(0.793).div(2.426 + 999))).toNumber(), 14);
  });

  it('for a repeat buyer, rises with recency and falls with T', () => {
    fc.assert(
      fc.property(paramsArb, fc.integer({ min: 1, max: 50 }), fc.double({ min: 0.1, max: 100, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (params, x, T, s1, s2) => {
        const fit = { model: 'betaGeo', params };
        const [lo, hi] = s1 <= s2 ? [s1, s2] : [s2, s1];
        expect(probabilityAlive(fit, { frequency: x, recency: hi * T, T })).toBeGreaterThanOrEqual(probabilityAlive(fit, { frequency: x, recency: lo * T, T }));
        expect(probabilityAlive(fit, { frequency: x, recency: lo * T, T: T * 2 })).toBeLessThanOrEqual(probabilityAlive(fit, { frequency: x, recency: lo * T, T }));
      }),
      fcOptions({ numRuns: 100 }),
    );
  });
});
