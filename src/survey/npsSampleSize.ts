import { criticalValue } from '../core/_normalQuantile.js';
import { confidence as readConfidence, fail, finiteNumber, own, record, noExtraArguments } from '../core/_validate.js';

/**
 * Input of {@link npsSampleSize}.
 * @category survey
 */
export interface NpsSampleSizeInput {
  /** Wanted margin of error in NPS points (5 for ±5 points), in (0, 200]. */
  readonly marginOfError: number;
  /** Two-sided confidence level in (0, 1). Default 0.95. */
  readonly confidence?: number;
  /**
   * Expected per-answer variance p+ + p- - (p+ - p-)^2 on the fraction scale, in (0, 1]. Default 1, the
   * worst case (half promoters, half detractors). A previous survey's shares give a smaller, realistic
   * value (0.5275 for 50% promoters and 15% detractors: 0.65 - 0.35^2).
   */
  readonly variance?: number;
}

/**
 * Number of answers needed to estimate NPS within a margin of error, for the adjusted-Wald interval.
 *
 * Formula: n = z^2 s^2 / E^2 - 3, with E the margin as a fraction (points / 100), rounded up; at least 1.
 * Source: Rocks (2016) and MeasuringU, "How to estimate the sample size needed for a Net Promoter
 * Score" (the -3 comes from the adjusted-Wald correction).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a margin outside (0, 200] (or so small that the sample
 * size would not be a safe integer), a variance outside (0, 1] or a confidence outside (0, 1).
 * @example
 * ```ts
 * import { npsSampleSize } from 'loyalty-metrics';
 * npsSampleSize({ marginOfError: 5 }) //=> 1534
 * npsSampleSize({ marginOfError: 5, variance: 0.6, confidence: 0.9 }) //=> 647
 * ```
 * @category survey
 */
export function npsSampleSize(input: NpsSampleSizeInput): number {
  const ctx = { fn: 'npsSampleSize' };
  noExtraArguments(ctx, arguments);
  const fields = record(ctx, 'input', input, ['marginOfError', 'confidence', 'variance']);
  const margin = finiteNumber(ctx, 'marginOfError', own(fields, 'marginOfError'), { min: 0, max: 200, minExclusive: true }) / 100;
  const level = readConfidence(ctx, own(fields, 'confidence'), 'confidence');
  const varianceValue = own(fields, 'variance');
  const variance = varianceValue === undefined ? 1 : finiteNumber(ctx, 'variance', varianceValue, { min: 0, max: 1, minExclusive: true });
  const z = criticalValue(level);
  const size = Math.max(1, Math.ceil((z * z * variance) / (margin * margin) - 3));
  if (!Number.isSafeInteger(size)) {
    fail(ctx, 'marginOfError', 'large enough that the sample size is a safe integer', own(fields, 'marginOfError'));
  }
  return size;
}
