/**
 * rfmScores: worked scores (the R mapping from BTYD fields, the tie rule), CDNOW quintiles, bad input,
 * then properties (range, monotonicity, ties, bin sizes, order independence).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RfmScoresCustomer, rfmScores, rfmSummary } from '../../src/index.js';
import { fcOptions } from '../arbitraries/events.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { cdnowSampleEvents } from './_cdnow.js';

const customer = (customerId: string, frequency: number, recency: number, T: number, monetaryValue: number): RfmScoresCustomer => ({ customerId, frequency, recency, T, monetaryValue });

describe('rfmScores: worked examples', () => {
  it('R is scored on the time since the last purchase (T - recency), not on BTYD recency', () => {
    // Same BTYD recency (10) for all three; time since the last purchase 0, 5 and 20.
    const scores = rfmScores([customer('recent', 1, 10, 10, 5), customer('mid', 1, 10, 15, 5), customer('lapsed', 1, 10, 30, 5)], { bins: 3 });
    expect(scores.map((s) => s.recencyScore)).toEqual([3, 2, 1]);
    // Everyone ties on F and M: one shared score, the lowest position's.
    expect(scores.map((s) => [s.frequencyScore, s.monetaryScore])).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
  });

  it('quintiles by default: ten distinct values give two customers per score', () => {
    const rows = Array.from({ length: 10 }, (_, i) => customer(`c${i}`, i, 10, 10 + i, 10 * i));
    const scores = rfmScores(rows);
    expect(scores.map((s) => s.frequencyScore)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(scores.map((s) => s.monetaryScore)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(scores.map((s) => s.recencyScore)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  });

  it('tie rule: score = 1 + floor(bins x customers strictly worse / n), shared by the tied block', () => {
    // frequencies 0,0,0,0,0,0,1,2,3,9 with 5 bins: the six zeros share 1; then 1 + floor(5 x 6/10) = 4, 4, 5, 5.
    const rows = [0, 0, 0, 0, 0, 0, 1, 2, 3, 9].map((f, i) => customer(`c${i}`, f, f, 20, f * 10));
    expect(rfmScores(rows).map((s) => s.frequencyScore)).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
    // A tied block at the top does not reach the top score: 1 + floor(5 x 2/4) = 3.
    expect(rfmScores([customer('a', 0, 0, 1, 0), customer('b', 1, 1, 1, 1), customer('c', 5, 5, 9, 2), customer('d', 5, 5, 9, 2)]).map((s) => s.frequencyScore)).toEqual([1, 2, 3, 3]);
  });

  it('fractional weeks do not split ties: T - recency equal in days is equal in weeks', () => {
    // 3/7 - 0/7 and 5/7 - 2/7 are both 3 days but differ in the last bit of float64.
    expect(3 / 7 - 0 / 7 === 5 / 7 - 2 / 7).toBe(false);
    const scores = rfmScores([customer('a', 0, 0, 3 / 7, 1), customer('b', 1, 2 / 7, 5 / 7, 1), customer('c', 0, 0, 4, 0)]);
    expect(scores[0]?.recencyScore).toBe(scores[1]?.recencyScore);
  });

  it('accepts an rfmSummary result and keeps ids; rows without ids get scores without ids', () => {
    const summary = rfmSummary(
      [
        { customerId: 'x', timestamp: '2024-01-01', amount: 10 },
        { customerId: 'x', timestamp: '2024-01-20', amount: 30 },
        { customerId: 'y', timestamp: '2024-01-05', amount: 10 },
      ],
      { period: 'day', calibrationEnd: '2024-01-31' },
    );
    expect(rfmScores(summary, { bins: 2 })).toEqual([
      { customerId: 'x', recencyScore: 2, frequencyScore: 2, monetaryScore: 2 },
      { customerId: 'y', recencyScore: 1, frequencyScore: 1, monetaryScore: 1 },
    ]);
    const anonymous = rfmScores([{ frequency: 0, recency: 0, T: 3, monetaryValue: 0 }]);
    expect(anonymous).toEqual([{ recencyScore: 1, frequencyScore: 1, monetaryScore: 1 }]);
    expect(Object.isFrozen(anonymous) && Object.isFrozen(anonymous[0])).toBe(true);
    expect(rfmScores([])).toEqual([]);
  });

  it('CDNOW calibration summary in quintiles: the 1,411 customers without repeats share F = 1 and M = 1; every score is in 1..5', () => {
    const summary = rfmSummary(cdnowSampleEvents(), { period: 'day', timeUnit: 'week', calibrationEnd: '1997-09-30' });
    const scores = rfmScores(summary);
    const histogram = (key: 'recencyScore' | 'frequencyScore' | 'monetaryScore') => [1, 2, 3, 4, 5].map((k) => scores.filter((s) => s[key] === k).length);
    expect(histogram('frequencyScore')[0]).toBe(2357 - 946);
    expect(histogram('monetaryScore')[0]).toBe(2357 - 946);
    for (const key of ['recencyScore', 'frequencyScore', 'monetaryScore'] as const) expect(histogram(key).reduce((a, b) => a + b, 0)).toBe(2357);
    // 1,411 of 2,357 tie at the bottom (59.9%): score 2 is empty for F and M; frequency 1 starts at 1 + floor(5 x 1411 / 2357) = 3.
    expect(histogram('frequencyScore')[1]).toBe(0);
    expect(histogram('monetaryScore')[1]).toBe(0);
    expect(scores.find((s, i) => summary.customers[i]?.frequency === 1)?.frequencyScore).toBe(3);
  });
});

describe('rfmScores: bad input', () => {
  it('refuses bad rows and options, naming the field', () => {
    const ok = customer('a', 1, 2, 3, 4);
    const cases: [unknown, unknown, string, string][] = [
      [[{ ...ok, recency: 4 }], undefined, 'INCONSISTENT_INPUT', 'summary[0].recency'],
      [[ok, { ...ok, frequency: 1.5 }], undefined, 'INVALID_INPUT', 'summary[1].frequency'],
      [[{ ...ok, monetaryValue: -1 }], undefined, 'INVALID_INPUT', 'summary[0].monetaryValue'],
      [[{ ...ok, T: Number.NaN }], undefined, 'INVALID_INPUT', 'summary[0].T'],
      [[{ ...ok, customerId: 7 }], undefined, 'INVALID_INPUT', 'summary[0].customerId'],
      [[{ ...ok, score: 5 }], undefined, 'INVALID_INPUT', 'summary[0].score'],
      [[null], undefined, 'INVALID_INPUT', 'summary[0]'],
      [{ customers: [{ ...ok, recency: -1 }] }, undefined, 'INVALID_INPUT', 'summary.customers[0].recency'],
      [{ rows: [] }, undefined, 'INVALID_INPUT', 'summary'],
      ['abc', undefined, 'INVALID_INPUT', 'summary'],
      [[ok], { bins: 1 }, 'INVALID_INPUT', 'options.bins'],
      [[ok], { bins: 101 }, 'INVALID_INPUT', 'options.bins'],
      [[ok], { bins: 2.5 }, 'INVALID_INPUT', 'options.bins'],
      [[ok], { quantiles: 5 }, 'INVALID_INPUT', 'options.quantiles'],
    ];
    for (const [summary, options, code, field] of cases) {
      expectMetricError(() => rfmScores(summary as never, options as never), { fn: 'rfmScores', code: code as 'INVALID_INPUT', field });
    }
  });
});

const rowArb = fc.record({
  frequency: fc.nat({ max: 6 }),
  recency: fc.integer({ min: 0, max: 20 }),
  extra: fc.integer({ min: 0, max: 20 }),
  monetaryValue: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 100, noNaN: true })),
  week: fc.boolean(),
});
const rowsArb = fc
  .array(rowArb, { maxLength: 40 })
  .map((rows) => rows.map((r, i) => ({ customerId: `c${i}`, frequency: r.frequency, recency: r.week ? r.recency / 7 : r.recency, T: r.week ? (r.recency + r.extra) / 7 : r.recency + r.extra, monetaryValue: r.monetaryValue })));
const binsArb = fc.integer({ min: 2, max: 10 });

describe('rfmScores: properties', () => {
  it('scores are integers in 1..bins, monotone in the underlying value, equal for equal values', () => {
    fc.assert(
      fc.property(rowsArb, binsArb, (rows, bins) => {
        const scores = rfmScores(rows, { bins });
        const value = (i: number, key: 'R' | 'F' | 'M'): number => {
          const r = rows[i]!;
          return key === 'R' ? -Number((r.T - r.recency).toPrecision(12)) : key === 'F' ? r.frequency : r.monetaryValue;
        };
        const score = (i: number, key: 'R' | 'F' | 'M'): number => (key === 'R' ? scores[i]!.recencyScore : key === 'F' ? scores[i]!.frequencyScore : scores[i]!.monetaryScore);
        for (const key of ['R', 'F', 'M'] as const) {
          for (let i = 0; i < rows.length; i++) {
            expect(Number.isInteger(score(i, key)) && score(i, key) >= 1 && score(i, key) <= bins).toBe(true);
            for (let j = 0; j < rows.length; j++) {
              if (value(i, key) > value(j, key)) expect(score(i, key)).toBeGreaterThanOrEqual(score(j, key));
              if (value(i, key) === value(j, key)) expect(score(i, key)).toBe(score(j, key));
            }
          }
        }
      }),
      fcOptions({ numRuns: 150 }),
    );
  });

  it('with distinct values, levels hold n / bins customers each (sizes differ by at most one) and the best gets bins when n >= bins', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: 10_000 }), { minLength: 1, maxLength: 60 }), binsArb, (frequencies, bins) => {
        const scores = rfmScores(
          frequencies.map((f) => ({ frequency: f, recency: 0, T: 0, monetaryValue: 0 })),
          { bins },
        );
        const sizes = Array.from({ length: bins }, (_, k) => scores.filter((s) => s.frequencyScore === k + 1).length);
        const used = frequencies.length >= bins ? sizes : sizes.filter((n) => n > 0);
        expect(Math.max(...used) - Math.min(...used)).toBeLessThanOrEqual(1);
        if (frequencies.length >= bins) expect(scores[frequencies.indexOf(Math.max(...frequencies))]?.frequencyScore).toBe(bins);
      }),
      fcOptions({ numRuns: 150 }),
    );
  });

  it('a customer\'s scores do not depend on the order of the rows', () => {
    fc.assert(
      fc.property(
        rowsArb.chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }))),
        binsArb,
        ([rows, shuffled], bins) => {
          const byId = (list: readonly { customerId?: string }[]) => [...list].sort((a, b) => ((a.customerId ?? '') < (b.customerId ?? '') ? -1 : 1));
          expect(byId(rfmScores(shuffled, { bins }))).toEqual(byId(rfmScores(rows, { bins })));
        },
      ),
      fcOptions({ numRuns: 100 }),
    );
  });
});
