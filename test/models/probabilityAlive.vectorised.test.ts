/**
 * probabilityAlive over columns: every element, and so any mean of them, is the 80-digit reference of the
 * FHL 2008 note's closed form, for random parameters and populations (the CDNOW mean is pinned in
 * probabilityAlive.test.ts, E4).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { probabilityAlive } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { referenceProbabilityAlive } from './_betaGeoReference.js';

describe('probabilityAlive: the vectorised form', () => {
  const paramsArb = fc.record({
    r: fc.double({ min: 1e-2, max: 20, noNaN: true }),
    alpha: fc.double({ min: 1e-2, max: 100, noNaN: true }),
    a: fc.double({ min: 1e-2, max: 20, noNaN: true }),
    b: fc.double({ min: 1e-2, max: 20, noNaN: true }),
  });
  const customerArb = fc
    .record({ x: fc.nat({ max: 60 }), T: fc.double({ min: 0.1, max: 80, noNaN: true }), share: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ x, T, share }) => ({ frequency: x, recency: x === 0 ? 0 : share * T, T }));

  it('E4: each element equals the scalar call and the 80-digit reference (1e-13), and the mean equals the reference mean (1e-13), on non-empty populations', () => {
    fc.assert(
      fc.property(paramsArb, fc.array(customerArb, { minLength: 1, maxLength: 25 }), (params, customers) => {
        const fit = { model: 'betaGeo', params };
        const all = probabilityAlive(fit, {
          frequency: customers.map((c) => c.frequency),
          recency: customers.map((c) => c.recency),
          T: customers.map((c) => c.T),
        });
        expect(all.length).toBe(customers.length);
        expect(all.length).toBeGreaterThan(0);
        let mean = 0;
        let referenceMean = 0;
        customers.forEach((c, i) => {
          const reference = referenceProbabilityAlive(params, 0, c.frequency, c.recency, c.T).toNumber();
          expect(all[i]).toBe(probabilityAlive(fit, c));
          expect(Math.abs((all[i] as number) - reference)).toBeLessThan(1e-13);
          mean += (all[i] as number) / customers.length;
          referenceMean += reference / customers.length;
        });
        expect(Math.abs(mean - referenceMean)).toBeLessThan(1e-13);
      }),
      fcOptions({ numRuns: 100 }),
    );
  });
});
