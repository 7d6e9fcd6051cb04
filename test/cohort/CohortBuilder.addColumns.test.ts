/**
 * CohortBuilder.addColumns and fractional minor units, as docs/cohorts.md promises: "A fractional or negative
 * minor amount is a bad record (thrown, or skipped under `onInvalid: 'skip'`)". Never read as major units,
 * never rounded. (Negative amounts are left to the refunds work: only fractional ones are generated here.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortBuilder } from '../../src/index.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { fcOptions } from '../arbitraries/events.js';
import { mayBeEmpty } from '../arbitraries/nonEmpty.js';

const fractional = fc.double({ min: 0, max: 1e7, noNaN: true }).filter((x) => !Number.isInteger(x));
const row = fc.record({ customer: fc.integer({ min: 0, max: 6 }), amount: fc.oneof(fc.nat({ max: 1e7 }), fractional) });

describe('CohortBuilder.addColumns: fractional minor units', () => {
  it('E5: a fractional amount throws INVALID_INPUT naming the first such row; under onInvalid "skip" exactly those rows are skipped and the rest are summed exactly', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), (rows) => {
        const columns = { customerId: rows.map((r) => `c${r.customer}`), timestamp: rows.map(() => 0), amount: rows.map((r) => r.amount) };
        const bad = rows.flatMap((r, i) => (Number.isInteger(r.amount) ? [] : [i]));
        if (bad.length > 0) {
          expectMetricError(() => new CohortBuilder().addColumns(columns), { fn: 'CohortBuilder.addColumns', code: 'INVALID_INPUT', field: `events[${bad[0]}].amount` });
        }
        const builder = new CohortBuilder({ onInvalid: 'skip' }).addColumns(columns);
        expect(builder.skipped.map((s) => s.index)).toEqual(bad);
        for (const s of mayBeEmpty(builder.skipped)) expect(s.field).toBe(`events[${s.index}].amount`);
        const good = rows.filter((r) => Number.isInteger(r.amount));
        expect(builder.customerCount).toBe(new Set(good.map((r) => r.customer)).size);
        if (good.length === 0) return;
        const cents = good.reduce((sum, r) => sum + BigInt(r.amount), 0n);
        const revenue = builder.build().revenue();
        expect(revenue.length).toBeGreaterThan(0);
        expect(revenue[0]?.[0]?.toFixed(2)).toBe(`${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`);
      }),
      fcOptions(),
    );
  });
});
