import type { Decimal } from 'decimal.js';
import type { MoneyInput } from '../core/_decimal.js';
import { moneyField } from '../core/_money.js';
import { countField, fail, record, noExtraArguments } from '../core/_validate.js';

/**
 * Input of {@link averageInteractionDuration}.
 * @category engagement
 */
export interface AverageInteractionDurationInput {
  /**
   * Total duration of the interactions, in any unit you choose (seconds, minutes...): the result is in
   * the same unit. Durations taken as differences of `Date`s or epoch times are in milliseconds.
   */
  readonly totalDuration: MoneyInput;
  /** Number of interactions. */
  readonly interactions: number;
}

/**
 * Average interaction duration: total duration divided by the number of interactions.
 *
 * Formula: total duration / interactions, a Decimal in the unit of `totalDuration`, rounded half-even to
 * 50 significant digits. Source: CRM KPI lists (e.g. average handle time in contact centres); see
 * [docs/definitions.md](../../docs/definitions.md#averageinteractionduration-average-interaction-duration).
 *
 * @throws {@link MetricError} `INVALID_INPUT` for a negative or non-finite duration or a bad count;
 * `EMPTY_POPULATION` when interactions = 0.
 * @example
 * ```ts
 * import { averageInteractionDuration } from 'loyalty-metrics';
 * averageInteractionDuration({ totalDuration: 93600, interactions: 240 }).toString() //=> '390'
 * ```
 * @category engagement
 */
export function averageInteractionDuration(input: AverageInteractionDurationInput): Decimal {
  const ctx = { fn: 'averageInteractionDuration' };
  noExtraArguments(ctx, arguments);
  const fields = record(ctx, 'input', input, ['totalDuration', 'interactions']);
  const total = moneyField(ctx, fields, 'totalDuration');
  const interactions = countField(ctx, fields, 'interactions');
  if (interactions === 0) fail(ctx, 'interactions', 'positive: the duration of no interactions is undefined', interactions, 'EMPTY_POPULATION');
  return total.div(interactions);
}
