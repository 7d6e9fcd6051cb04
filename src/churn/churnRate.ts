import { countField, fail, oneOf, optionalCountField, options as readOptions, own, record, noExtraArguments } from '../core/_validate.js';
import { Rate } from '../core/Rate.js';

/**
 * Counts for {@link churnRate}.
 * @category churn
 */
export interface ChurnRateInput {
  /** S: customers active at the start of the period. */
  readonly customersAtStart: number;
  /** L: customers lost during the period (including any that the two exclusions below remove). */
  readonly customersLost: number;
  /** N: customers acquired during the period. Required by basis `'startPlusNew'`. */
  readonly newCustomers?: number;
  /** E: customers active at the end of the period. Required by, and only used by, basis `'average'`. */
  readonly customersAtEnd?: number;
  /** Of L, customers who joined and left within the period (removed from L; under `'startPlusNew'` also from N). */
  readonly joinedAndLost?: number;
  /** Of L, customers who left and came back within the period (removed from L). */
  readonly lostAndReactivated?: number;
}

/**
 * Options of {@link churnRate}.
 * @category churn
 */
export interface ChurnRateOptions {
  /**
   * The denominator. `'start'` (default): S, the standard form (ChartMogul "standard", most glossaries).
   * `'startPlusNew'`: S + N, Stripe Billing's form, where a customer who joins and leaves inside the
   * window is in both numerator and denominator. `'average'`: (S + E) / 2.
   */
  readonly basis?: 'start' | 'startPlusNew' | 'average';
}

/**
 * Customer churn rate: the share of customers lost in a period.
 *
 * Formula: churn = L' / denominator, where L' = L - joinedAndLost - lostAndReactivated (ChartMogul's
 * standard exclusions; both default to 0) and the denominator is chosen by `basis` (see
 * {@link ChurnRateOptions}). With the default basis the result is an exact {@link Rate} over S, so
 * `retentionRate(...).plus(churnRate(...)).equals(1)` holds exactly when E = S - L + N, and
 * `rate.interval()` gives a Wilson interval. Under `'average'` the denominator may be fractional and
 * churn may exceed 1 when most of a shrinking base leaves (a known weakness of that form).
 *
 * Edges: a zero denominator throws `EMPTY_POPULATION`. More lost customers than could have been lost
 * (L' > S for `'start'`; L' > S + N for the other bases when N is given) or exclusions larger than L throw
 * `INCONSISTENT_INPUT`. Only the `'start'` and `'startPlusNew'` results are shares of counts with a
 * Wilson `interval()`.
 * Source: ChartMogul, "Customer churn rate" (standard formula and exclusions); Stripe Billing analytics
 * docs (start + new); see [docs/definitions.md](../../docs/definitions.md#churnrate-customer-churn-rate).
 *
 * @throws {@link MetricError} `INVALID_INPUT`, `INCONSISTENT_INPUT`, `EMPTY_POPULATION` as above; basis
 * `'startPlusNew'` without `newCustomers` or `'average'` without `customersAtEnd` is `INVALID_INPUT`.
 * @example
 * ```ts
 * import { churnRate } from 'loyalty-metrics';
 * churnRate({ customersAtStart: 200, customersLost: 14 }).toPercent(1) //=> '7.0%'
 * const excluded = churnRate({ customersAtStart: 200, customersLost: 17, joinedAndLost: 2, lostAndReactivated: 1 });
 * excluded.toString() //=> '14/200'
 * churnRate({ customersAtStart: 200, customersLost: 14, newCustomers: 40 }, { basis: 'startPlusNew' }).toString() //=> '14/240'
 * ```
 * @category churn
 */
export function churnRate(input: ChurnRateInput, options?: ChurnRateOptions): Rate {
  const ctx = { fn: 'churnRate' };
  noExtraArguments(ctx, arguments, 2);
  const fields = record(ctx, 'input', input, ['customersAtStart', 'customersLost', 'newCustomers', 'customersAtEnd', 'joinedAndLost', 'lostAndReactivated']);
  const opts = readOptions(ctx, options, ['basis']);
  const basis = oneOf(ctx, 'options.basis', own(opts, 'basis'), ['start', 'startPlusNew', 'average'], 'start');
  const atStart = BigInt(countField(ctx, fields, 'customersAtStart'));
  const lost = BigInt(countField(ctx, fields, 'customersLost'));
  const newCustomers = optionalCountField(ctx, fields, 'newCustomers');
  const atEnd = optionalCountField(ctx, fields, 'customersAtEnd');
  const joinedAndLost = BigInt(optionalCountField(ctx, fields, 'joinedAndLost') ?? 0);
  const excluded = joinedAndLost + BigInt(optionalCountField(ctx, fields, 'lostAndReactivated') ?? 0);
  if (excluded > lost) fail(ctx, 'joinedAndLost', `plus lostAndReactivated <= customersLost (${lost})`, Number(excluded), 'INCONSISTENT_INPUT');
  const counted = lost - excluded;
  if (basis === 'startPlusNew' && newCustomers === undefined) fail(ctx, 'newCustomers', "given with basis 'startPlusNew'", newCustomers);
  if (basis === 'average' && atEnd === undefined) fail(ctx, 'customersAtEnd', "given with basis 'average'", atEnd);
  if (basis === 'startPlusNew' && joinedAndLost > BigInt(newCustomers ?? 0)) {
    fail(ctx, 'joinedAndLost', `<= newCustomers (${newCustomers}): they joined in the period`, Number(joinedAndLost), 'INCONSISTENT_INPUT');
  }
  // Stripe's start + new counts a customer who joins and leaves in both parts; excluding them from
  // the numerator only would bias churn down, so the exclusion applies to both.
  const pool = basis === 'start' ? atStart : atStart + BigInt(newCustomers ?? 0) - (basis === 'startPlusNew' ? joinedAndLost : 0n);
  const checkPool = basis === 'start' || newCustomers !== undefined;
  if (checkPool && counted > pool) {
    const rule = basis === 'start'
      ? `after exclusions <= customersAtStart (${atStart}); pass joinedAndLost for customers who joined and left`
      : `after exclusions <= customersAtStart + newCustomers (${pool})`;
    fail(ctx, 'customersLost', rule, Number(lost), 'INCONSISTENT_INPUT');
  }
  if (basis === 'average' && atEnd !== undefined) {
    requirePositive(ctx, atStart + BigInt(atEnd), 'customersAtStart + customersAtEnd');
    // Scale 1 keeps the half-customer of (S + E) / 2 exact: 14 / 195.5 is stored as 140 / 1955.
    return new Rate(counted * 10n, (atStart + BigInt(atEnd)) * 5n, 1);
  }
  requirePositive(ctx, pool, basis === 'start' ? 'customersAtStart' : 'customersAtStart + newCustomers');
  return new Rate(counted, pool, 0, true);
}

function requirePositive(ctx: { fn: string }, denominator: bigint, field: string): void {
  if (denominator === 0n) fail(ctx, field, 'positive: churn of no customers is undefined', Number(denominator), 'EMPTY_POPULATION');
}
