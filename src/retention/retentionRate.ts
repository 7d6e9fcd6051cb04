import { countField, fail, record, noExtraArguments } from '../core/_validate.js';
import { type Rate, rateOfCounts } from '../core/Rate.js';

/**
 * Counts for {@link retentionRate}.
 * @category retention
 */
export interface RetentionRateInput {
  /** S: customers active at the start of the period. */
  readonly customersAtStart: number;
  /** E: customers active at the end of the period (retained, new and reactivated). */
  readonly customersAtEnd: number;
  /** N: customers acquired during the period and still active at its end, counting reactivated ones. */
  readonly newCustomers: number;
}

/**
 * Customer retention rate (CRR): the share of the customers active at the start of a period who are still
 * active at its end.
 *
 * Formula: CRR = (E - N) / S, with E customers at the end, N new customers and S customers at the start.
 * The result is an exact {@link Rate} over S, so `retentionRate(x).plus(churnRate(y))` equals 1 exactly
 * when E = S - L + N. Customers who came back during the period without being at the start count in N
 * (otherwise E - N could exceed S). Source: the standard aggregate definition (e.g. Reichheld & Sasser 1990;
 * ChartMogul and HubSpot glossaries); see
 * [docs/definitions.md](../../docs/definitions.md#retentionrate-customer-retention-rate-crr).
 *
 * Edges: S = 0 throws `EMPTY_POPULATION`; N > E or E - N > S throw `INCONSISTENT_INPUT`.
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a count that is not a non-negative safe integer or an
 * unknown field; `INCONSISTENT_INPUT`; `EMPTY_POPULATION`.
 * @example
 * ```ts
 * import { retentionRate } from 'loyalty-metrics';
 * const crr = retentionRate({ customersAtStart: 100, customersAtEnd: 95, newCustomers: 12 });
 * Number(crr) //=> 0.83
 * crr.toPercent(1) //=> '83.0%'
 * crr.toString() //=> '83/100'
 * ```
 * @category retention
 */
export function retentionRate(input: RetentionRateInput): Rate {
  const ctx = { fn: 'retentionRate' };
  noExtraArguments(ctx, arguments);
  const fields = record(ctx, 'input', input, ['customersAtStart', 'customersAtEnd', 'newCustomers']);
  const atStart = countField(ctx, fields, 'customersAtStart');
  const atEnd = countField(ctx, fields, 'customersAtEnd');
  const newCustomers = countField(ctx, fields, 'newCustomers');
  if (newCustomers > atEnd) fail(ctx, 'newCustomers', `<= customersAtEnd (${atEnd})`, newCustomers, 'INCONSISTENT_INPUT');
  const retained = atEnd - newCustomers;
  if (retained > atStart) {
    fail(ctx, 'customersAtEnd', `<= customersAtStart + newCustomers (${atStart} + ${newCustomers}); count reactivated customers as new`, atEnd, 'INCONSISTENT_INPUT');
  }
  if (atStart === 0) fail(ctx, 'customersAtStart', 'positive: retention of no customers is undefined', atStart, 'EMPTY_POPULATION');
  return rateOfCounts(retained, atStart);
}
