import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type KaplanMeierFit, kaplanMeier, survival } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { rCurves, rData } from './_kaplanMeierReference.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';

const FN = 'survival';
const aml = kaplanMeier({ durations: rData.amlTime, observed: rData.amlStatus });

describe('survival: documenting examples (Kaplan-Meier)', () => {
  it('a step function: 1 before the first event, the row value from each row time on, flat after the last row', () => {
    const fit = kaplanMeier({ durations: [2, 3, 3, 5, 8], observed: [1, 1, 0, 1, 0] });
    expect([0, 1.99, 2, 2.5, 3, 4.99, 5, 8, 100].map((t) => survival(fit, t))).toEqual([1, 1, 0.8, 0.8, 0.6, 0.6, 0.3, 0.3, 0.3]);
  });

  it('an array of t gives a frozen array of the same length, equal to the scalar calls', () => {
    const ts = [0, 5, 7.5, 27, 30, 200];
    const values = survival(aml, ts);
    expect(values).toEqual(ts.map((t) => survival(aml, t)));
    expect(Object.isFrozen(values)).toBe(true);
    expect(survival(aml, [])).toEqual([]);
  });

  it('R: summary(survfit(Surv(time, status) ~ 1, aml), times = c(10, 27, 100, 200), extend = TRUE)$surv (survival 3.5-3, to 1e-14 relative)', () => {
    const r = [0.782608695652173836, 0.496894409937888193, 0.082815734989648032, 0.082815734989648032];
    nonEmpty(survival(aml, [10, 27, 100, 200])).forEach((s, k) => expect(Math.abs(s - (r[k] as number))).toBeLessThanOrEqual(1e-14 * s));
    // The same values as the table rows at 9, 27 and the last row (161), kept after it (200).
    const table = rCurves.aml?.survival ?? [];
    expect([table[2], table[8], table[table.length - 1], table[table.length - 1]]).toEqual(r);
  });

  it('works on a fit restored from JSON and on a hand-written { model, table }', () => {
    const restored = JSON.parse(JSON.stringify(aml)) as KaplanMeierFit;
    expect(survival(restored, [3, 13, 50])).toEqual(survival(aml, [3, 13, 50]));
    const handWritten = { model: 'kaplanMeier', table: [{ time: 1, survival: 0.9 }, { time: 4, survival: 0.5 }] } as unknown as KaplanMeierFit;
    expect(survival(handWritten, [0.5, 1, 3, 4, 9])).toEqual([1, 0.9, 0.9, 0.5, 0.5]);
  });
});

describe('survival: bad input', () => {
  const call = (fit: unknown, t: unknown) => () => survival(fit as KaplanMeierFit, t as number);
  it.each([
    ['fit', null, 1, 'INVALID_INPUT'],
    ['fit', [1], 1, 'INVALID_INPUT'],
    ['fit.model', {}, 1, 'INVALID_INPUT'],
    ['fit.model', { model: 'weibull', table: [] }, 1, 'INVALID_INPUT'],
    ['fit.table', { model: 'kaplanMeier' }, 1, 'INVALID_INPUT'],
    ['fit.table', { model: 'kaplanMeier', table: [] }, 1, 'INVALID_INPUT'],
    ['fit.table[0]', { model: 'kaplanMeier', table: [null] }, 1, 'INVALID_INPUT'],
    ['fit.table[1].time', { model: 'kaplanMeier', table: [{ time: 2, survival: 0.9 }, { time: 2, survival: 0.8 }] }, 1, 'INVALID_INPUT'],
    ['fit.table[0].time', { model: 'kaplanMeier', table: [{ time: NaN, survival: 0.9 }] }, 1, 'INVALID_INPUT'],
    ['fit.table[1].survival', { model: 'kaplanMeier', table: [{ time: 1, survival: 0.5 }, { time: 2, survival: 0.6 }] }, 1, 'INVALID_INPUT'],
    ['fit.table[0].survival', { model: 'kaplanMeier', table: [{ time: 1, survival: 1.5 }] }, 1, 'INVALID_INPUT'],
    ['t', aml, -1, 'INVALID_INPUT'],
    ['t', aml, NaN, 'INVALID_INPUT'],
    ['t', aml, Infinity, 'INVALID_INPUT'],
    ['t', aml, '3', 'INVALID_INPUT'],
    ['t', aml, { t: 1 }, 'INVALID_INPUT'],
    ['t[1]', aml, [1, -2, 3], 'INVALID_INPUT'],
  ] as const)('%s: %j at t = %j -> %s', (field, fit, t, code) => {
    expectMetricError(call(fit, t), { fn: FN, field, code });
  });

  it('an unknown model tag is named in the message; a third argument is refused', () => {
    expectMetricError(call({ model: 'weibull' }, 1), { fn: FN, field: 'fit.model', code: 'INVALID_INPUT', rule: "one of the models with a survival curve: 'kaplanMeier', 'shiftedBetaGeometric'", received: '"weibull"' });
    expectMetricError(() => (survival as (...args: unknown[]) => unknown)(aml, 1, {}), { fn: FN, field: 'arguments', code: 'INVALID_INPUT' });
  });
});

describe('survival: properties', () => {
  it('non-increasing in t, in [0, 1], equal to the table at row times, and the same on the JSON copy', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ d: fc.integer({ min: 0, max: 20 }), e: fc.boolean() }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.double({ min: 0, max: 25, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (rows, ts) => {
          const fit = kaplanMeier({ durations: rows.map((r) => r.d), observed: rows.map((r) => r.e) });
          const sorted = [...ts].sort((a, b) => a - b);
          const values = survival(fit, sorted);
          values.forEach((s, k) => {
            expect(s >= 0 && s <= 1).toBe(true);
            if (k > 0) expect(s).toBeLessThanOrEqual(values[k - 1] as number);
          });
          for (const row of nonEmpty(fit.table)) expect(survival(fit, row.time)).toBe(row.survival);
          expect(survival(JSON.parse(JSON.stringify(fit)) as KaplanMeierFit, sorted)).toEqual(values);
        },
      ),
      fcOptions(),
    );
  });
});
