import { criticalValue } from './_normalQuantile.js';
import { confidence as readConfidence, count, fail, noExtraArguments, options as readOptions, own, record } from './_validate.js';

/**
 * A two-sided confidence interval on the scale of its estimate.
 * @category core
 */
export interface Interval {
  /** Lower bound. */
  readonly lower: number;
  /** Upper bound. */
  readonly upper: number;
  /** The confidence level, e.g. 0.95. */
  readonly confidence: number;
}

/**
 * Options of {@link wilsonInterval}.
 * @category core
 */
export interface WilsonIntervalOptions {
  /** Two-sided confidence level in (0, 1). Default 0.95. */
  readonly confidence?: number;
}

/**
 * Wilson score interval for a proportion of `successes` out of `trials`.
 *
 * Formula, with p = k / n and z the two-sided normal critical value:
 * (p + z²/2n ± z·sqrt(p(1 - p)/n + z²/4n²)) / (1 + z²/n).
 *
 * Unlike the Wald interval it is well defined at k = 0 and k = n and never leaves [0, 1]; the bounds are
 * clamped to [0, 1] and to contain p against floating-point rounding. Source: E. B. Wilson (1927),
 * "Probable inference, the law of succession, and statistical inference", JASA 22(158), 209-212;
 * recommended by Brown, Cai & DasGupta (2001), Statistical Science 16(2).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a count that is not a non-negative safe integer or a
 * confidence outside (0, 1); `INCONSISTENT_INPUT` when successes > trials; `EMPTY_POPULATION` when
 * trials = 0.
 * @example
 * ```ts
 * import { wilsonInterval } from 'loyalty-metrics';
 * const { lower, upper } = wilsonInterval({ successes: 81, trials: 263 });
 * lower.toFixed(4) //=> '0.2553'
 * upper.toFixed(4) //=> '0.3662'
 * ```
 * @category core
 */
export function wilsonInterval(
  input: { readonly successes: number; readonly trials: number },
  options?: WilsonIntervalOptions,
): Interval {
  const ctx = { fn: 'wilsonInterval' };
  noExtraArguments(ctx, arguments, 2);
  const fields = record(ctx, 'input', input, ['successes', 'trials']);
  const opts = readOptions(ctx, options, ['confidence']);
  const successes = count(ctx, 'successes', own(fields, 'successes'));
  const trials = count(ctx, 'trials', own(fields, 'trials'));
  const level = readConfidence(ctx, own(opts, 'confidence'));
  if (successes > trials) fail(ctx, 'successes', `<= trials (${trials})`, successes, 'INCONSISTENT_INPUT');
  if (trials === 0) fail(ctx, 'trials', 'positive: a proportion of no trials is undefined', trials, 'EMPTY_POPULATION');
  return wilsonBounds(successes, trials, level);
}

/** Wilson bounds without validation, for callers that already hold valid counts. */
export function wilsonBounds(successes: number, trials: number, level: number): Interval {
  const z = criticalValue(level);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = p + z2n / 2;
  const spread = z * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials));
  const scale = 1 + z2n;
  const lower = successes === 0 ? 0 : Math.min(p, Math.max(0, (centre - spread) / scale));
  const upper = successes === trials ? 1 : Math.max(p, Math.min(1, (centre + spread) / scale));
  return { lower, upper, confidence: level };
}
