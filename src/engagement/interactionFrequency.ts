import { countField, fail, record, noExtraArguments } from '../core/_validate.js';
import { type Rate, ratioOfCounts } from '../core/Rate.js';

/**
 * Input of {@link interactionFrequency}.
 * @category engagement
 */
export interface InteractionFrequencyInput {
  /** Interactions in the period (sessions, support contacts, app events: say which). */
  readonly interactions: number;
  /** Customers in the period (by convention those active in it). */
  readonly customers: number;
}

/**
 * Interaction frequency: interactions per customer in a period.
 *
 * Formula: interactions / customers, an exact {@link Rate} that may exceed 1. Source: CRM KPI lists
 * (e.g. Salesforce, Gainsight engagement metrics); see
 * [docs/definitions.md](../../docs/definitions.md#interactionfrequency-interaction-frequency).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a bad count; `EMPTY_POPULATION` when customers = 0.
 * @example
 * ```ts
 * import { interactionFrequency } from 'loyalty-metrics';
 * Number(interactionFrequency({ interactions: 5200, customers: 1300 })) //=> 4
 * ```
 * @category engagement
 */
export function interactionFrequency(input: InteractionFrequencyInput): Rate {
  const ctx = { fn: 'interactionFrequency' };
  noExtraArguments(ctx, arguments);
  const fields = record(ctx, 'input', input, ['interactions', 'customers']);
  const interactions = countField(ctx, fields, 'interactions');
  const customers = countField(ctx, fields, 'customers');
  if (customers === 0) fail(ctx, 'customers', 'positive: interactions per no customer is undefined', customers, 'EMPTY_POPULATION');
  return ratioOfCounts(interactions, customers);
}
