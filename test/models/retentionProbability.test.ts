import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type KaplanMeierFit, kaplanMeier, retentionProbability, survival } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';

const FN = 'retentionProbability';

describe('retentionProbability: documenting examples (Kaplan-Meier)', () => {
  // Eight monthly subscriptions: churned in month 1, 2, 2, 3, 4; still active after 3, 3 and 4 months.
  const fit = kaplanMeier({ durations: [1, 2, 2, 3, 3, 3, 4, 4], observed: [1, 1, 1, 1, 0, 0, 1, 0] });

  it('month t retention = S(t) / S(t − 1): 7/8, 5/7, 4/5, 1/2', () => {
    expect(retentionProbability(fit, [1, 2, 3, 4])).toEqual([7 / 8, 0.625 / 0.875, 0.5 / 0.625, 0.25 / 0.5]);
    expect(retentionProbability(fit, 2)).toBeCloseTo(5 / 7, 15);
  });

  it('between row times and before 1: S(t − 1) = 1 for t < 1, so r(t) = S(t)', () => {
    expect(retentionProbability(fit, 0)).toBe(1);
    expect(retentionProbability(fit, 0.5)).toBe(1);
    expect(retentionProbability(fit, 2.5)).toBe(survival(fit, 2.5) / survival(fit, 1.5));
  });

  it('the product of the monthly retentions is the survival (telescoping)', () => {
    const product = [1, 2, 3, 4].reduce((p, t) => p * (retentionProbability(fit, t) as number), 1);
    expect(product).toBeCloseTo(survival(fit, 4), 15);
  });
});

describe('retentionProbability: bad input', () => {
  const fit = kaplanMeier({ durations: [1, 2, 3], observed: [1, 1, 1] });
  it('UNDEFINED_RESULT when survival to t − 1 is 0', () => {
    expectMetricError(() => retentionProbability(fit, 4), {
      fn: FN, field: 't', code: 'UNDEFINED_RESULT', rule: 'a time at which survival to t - 1 is positive (the Kaplan-Meier curve is 0 from time 3)', received: '4',
    });
    expectMetricError(() => retentionProbability(fit, [3, 4.5]), { fn: FN, field: 't[1]', code: 'UNDEFINED_RESULT' });
    expect(retentionProbability(fit, 3.9)).toBe(0);
  });

  it.each([
    ['fit', undefined, 1],
    ['fit.model', { model: 'shiftedBetaGeometric!' }, 1],
    ['fit.table', { model: 'kaplanMeier', table: 'rows' }, 1],
    ['t', fit, -0.1],
    ['t', fit, Number.NaN],
    ['t[0]', fit, [null]],
  ] as const)('%s: INVALID_INPUT', (field, badFit, t) => {
    expectMetricError(() => retentionProbability(badFit as unknown as KaplanMeierFit, t as number), { fn: FN, field, code: 'INVALID_INPUT' });
  });
});

describe('retentionProbability: properties', () => {
  it('in [0, 1], and S(t) = S(t − 1) · r(t) wherever S(t − 1) > 0', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ d: fc.integer({ min: 0, max: 12 }), e: fc.boolean() }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.double({ min: 0, max: 14, noNaN: true }), { minLength: 1, maxLength: 10 }),
        (rows, ts) => {
          const fit = kaplanMeier({ durations: rows.map((r) => r.d), observed: rows.map((r) => r.e) });
          for (const t of ts) {
            const before = survival(fit, Math.max(0, t - 1));
            if (t >= 1 && before === 0) continue;
            const r = retentionProbability(fit, t);
            expect(r >= 0 && r <= 1).toBe(true);
            expect(Math.abs((t < 1 ? 1 : before) * r - survival(fit, t))).toBeLessThanOrEqual(1e-15);
          }
        },
      ),
      fcOptions(),
    );
  });
});
