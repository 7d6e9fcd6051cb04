/**
 * purchaseCountProbability: the BTYD R package's bgnbd.pmf values (via lifetimes' tests), MBG/NBD, bad
 * input, then properties: sums to 1 over n, the 80-digit reference of FHL 2005 eq. (8) (and of the MBG/NBD
 * analogue), extreme n.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { purchaseCountProbability } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { referencePurchaseCountProbability } from './_betaGeoReference.js';

const PUBLISHED = { model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
const MBG_PUBLISHED = { model: 'modifiedBetaGeo', params: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 } };

describe('purchaseCountProbability: examples', () => {
  it('BG/NBD with the published CDNOW parameters reproduces BTYD\'s bgnbd.pmf (lifetimes test_probability_of_n_purchases_up_to_time_same_as_R_BTYD; 10 significant digits)', () => {
    expect(purchaseCountProbability(PUBLISHED, { t: 2, n: 10 }).toPrecision(6)).toBe('1.07869e-7');
    expect(purchaseCountProbability(PUBLISHED, { t: 39, n: 0 }).toFixed(7)).toBe('0.5737864');
    const expected = [0.0019995214, 0.0015170236, 0.001163315, 0.0009003148, 0.0007023638, 0.0005517902, 0.0004361913, 0.0003467171, 0.0002769613, 0.000222226];
    expected.forEach((p, i) => expect(purchaseCountProbability(PUBLISHED, { t: 30, n: 11 + i }).toFixed(10)).toBe(p.toFixed(10)));
  });

  it('the documented values; MBG/NBD puts more mass on 0 (dropout at time 0)', () => {
    expect([0, 1, 2].map((n) => purchaseCountProbability(PUBLISHED, { t: 39, n }).toFixed(3))).toEqual(['0.574', '0.199', '0.085']);
    expect(purchaseCountProbability(MBG_PUBLISHED, { t: 39, n: 0 })).toBeGreaterThan(purchaseCountProbability({ model: 'betaGeo', params: MBG_PUBLISHED.params }, { t: 39, n: 0 }));
  });

  it('t = 0: all the mass at n = 0', () => {
    for (const fit of [PUBLISHED, MBG_PUBLISHED]) {
      expect(purchaseCountProbability(fit, { t: 0, n: 0 })).toBe(1);
      expect(purchaseCountProbability(fit, { t: 0, n: 3 })).toBe(0);
    }
  });
});

describe('purchaseCountProbability: bad input', () => {
  const fn = 'purchaseCountProbability';
  it('names what is wrong', () => {
    expectMetricError(() => purchaseCountProbability({ model: 'shiftedBetaGeometric', params: { alpha: 1, beta: 1 } }, { t: 1, n: 1 }), { fn, code: 'INVALID_INPUT', field: 'fit.model' });
    expectMetricError(() => purchaseCountProbability(PUBLISHED, { t: 1, n: 1.5 }), { fn, code: 'INVALID_INPUT', field: 'n' });
    expectMetricError(() => purchaseCountProbability(PUBLISHED, { t: 1, n: -1 }), { fn, code: 'INVALID_INPUT', field: 'n' });
    expectMetricError(() => purchaseCountProbability(PUBLISHED, { t: Number.NaN, n: 1 }), { fn, code: 'INVALID_INPUT', field: 't' });
    expectMetricError(() => purchaseCountProbability(PUBLISHED, { t: 1 } as never), { fn, code: 'INVALID_INPUT', field: 'n' });
    expectMetricError(() => purchaseCountProbability(PUBLISHED, { t: 1, n: 1, x: 2 } as never), { fn, code: 'INVALID_INPUT', field: 'x' });
  });
});

describe('purchaseCountProbability: properties', () => {
  const paramsArb = fc.record({
    r: fc.double({ min: 0.05, max: 10, noNaN: true }),
    alpha: fc.double({ min: 0.1, max: 50, noNaN: true }),
    a: fc.double({ min: 0.05, max: 10, noNaN: true }),
    b: fc.double({ min: 0.05, max: 10, noNaN: true }),
  });

  it('sums to 1 over n (BG/NBD and MBG/NBD, 1e-10)', () => {
    fc.assert(
      fc.property(paramsArb, fc.double({ min: 0.001, max: 5, noNaN: true }), fc.constantFrom('betaGeo', 'modifiedBetaGeo'), (params, ratio, model) => {
        const fit = { model, params };
        const t = ratio * params.alpha;
        let mass = 0;
        let n = 0;
        // The tail decays like the negative binomial's: stop when what is left is below 1e-13 of a term.
        for (; n < 200_000; n++) {
          const p = purchaseCountProbability(fit, { t, n });
          expect(p).toBeGreaterThanOrEqual(0);
          mass += p;
          if (n > 10 && p < 1e-16 && mass > 1 - 1e-9) break;
        }
        fc.pre(n < 200_000);
        expect(Math.abs(mass - 1)).toBeLessThan(1e-10);
      }),
      fcOptions({ numRuns: 25 }),
    );
  });

  it('matches an 80-digit evaluation of eq. (8) (relative 1e-10)', () => {
    fc.assert(
      fc.property(paramsArb, fc.double({ min: 0.001, max: 10, noNaN: true }), fc.nat({ max: 40 }), fc.constantFrom<0 | 1>(0, 1), (params, ratio, n, shift) => {
        const t = ratio * params.alpha;
        const ours = purchaseCountProbability({ model: shift === 0 ? 'betaGeo' : 'modifiedBetaGeo', params }, { t, n });
        const ref = referencePurchaseCountProbability(params, shift, t, n).toNumber();
        expect(Math.abs(ours - ref)).toBeLessThanOrEqual(1e-10 * ref + 1e-300);
      }),
      fcOptions({ numRuns: 40 }),
    );
  });

  it('extreme counts stay finite and match the 80-digit reference (n = 1000, 3000; relative 1e-9)', () => {
    for (const [fit, shift] of [[PUBLISHED, 0], [MBG_PUBLISHED, 1]] as const) {
      for (const [t, n] of [[39, 1000], [2, 3000], [2e5, 1000]] as const) {
        const ours = purchaseCountProbability(fit, { t, n });
        const ref = referencePurchaseCountProbability(fit.params, shift, t, n);
        expect(Number.isFinite(ours)).toBe(true);
        if (ref.lt('1e-300')) expect(ours).toBe(0);
        else expect(Math.abs(ours / ref.toNumber() - 1)).toBeLessThan(1e-9);
      }
    }
  });
});
