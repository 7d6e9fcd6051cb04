/**
 * Issue 10, D: the Rate constructor checks its parts (src/core/Rate.ts). It is marked internal (use
 * `Rate.of`), but it is public at runtime, and `new Rate(1n, 0n, 0)` made a rate of 1/0 whose
 * `toNumber()` and `toPercent()` then failed or answered nonsense. Now a numerator that is not a bigint, a
 * denominator that is not a positive bigint and a scale that is not a non-negative safe integer throw a
 * MetricError naming the part.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricError, Rate } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';

const construct = (n: unknown, d: unknown, scale: unknown): Rate => new Rate(n as bigint, d as bigint, scale as number);

describe('D: new Rate(...) checks its parts', () => {
  it('D: new Rate(1n, 0n, 0) is refused with a MetricError naming the denominator', () => {
    expectMetricError(() => new Rate(1n, 0n, 0), { fn: 'Rate', code: 'INVALID_INPUT', field: 'denominator', rule: 'a positive bigint (build rates with Rate.of)', received: '0n' });
    expectMetricError(() => new Rate(1n, -2n, 0), { fn: 'Rate', code: 'INVALID_INPUT', field: 'denominator', received: '-2n' });
    expectMetricError(() => construct(1, 2n, 0), { fn: 'Rate', code: 'INVALID_INPUT', field: 'numerator', rule: 'a bigint (build rates with Rate.of)', received: '1' });
    expectMetricError(() => construct(1n, 2, 0), { fn: 'Rate', code: 'INVALID_INPUT', field: 'denominator', received: '2' });
    expectMetricError(() => construct(1n, 2n, -1), { fn: 'Rate', code: 'INVALID_INPUT', field: 'scale', rule: 'a non-negative safe integer (build rates with Rate.of)', received: '-1' });
    expectMetricError(() => construct(1n, 2n, 0.5), { fn: 'Rate', code: 'INVALID_INPUT', field: 'scale', received: '0.5' });
  });

  it('D: valid parts still make the rate they describe', () => {
    expect(new Rate(15n, 100n, 1).toString()).toBe('1.5/10');
    expect(new Rate(-3n, 4n, 0).toNumber()).toBe(-0.75);
  });

  it('D: any parts are either a valid rate (bigints, denominator > 0, scale a safe integer >= 0) or refused with a MetricError', () =>
    fc.assert(
      fc.property(
        fc.oneof(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.anything()),
        fc.oneof(fc.bigInt({ min: -5n, max: 10n ** 20n }), fc.anything()),
        fc.oneof(fc.integer({ min: -3, max: 40 }), fc.double(), fc.anything()),
        (n, d, scale) => {
          const valid = typeof n === 'bigint' && typeof d === 'bigint' && d > 0n && Number.isSafeInteger(scale) && (scale as number) >= 0;
          let rate: Rate | undefined;
          try {
            rate = construct(n, d, scale);
          } catch (error) {
            expect(error).toBeInstanceOf(MetricError);
          }
          expect(rate !== undefined).toBe(valid);
          if (rate !== undefined) expect(Number.isFinite(rate.toNumber())).toBe(true);
        },
      ),
      fcOptions(),
    ));
});
