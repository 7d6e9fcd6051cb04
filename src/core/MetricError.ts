/**
 * Why a computation was refused.
 *
 * - `INVALID_INPUT`: a value has the wrong type or lies outside its domain (a negative count, NaN money,
 *   an unknown option, a score of 11 on a 0-10 scale).
 * - `INCONSISTENT_INPUT`: every value is valid on its own but together they are impossible (more customers
 *   lost than there were, retained customers above the starting population).
 * - `EMPTY_POPULATION`: the result is a share of nobody (churn of zero customers, NPS of no answers).
 * - `UNDEFINED_RESULT`: the formula divides by zero for another reason (CLV with zero churn and no
 *   discounting, a quick ratio with no lost revenue).
 * - `CONVERGENCE_FAILURE`: an iterative estimate did not converge.
 *
 * @category core
 */
export type MetricErrorCode =
  | 'INVALID_INPUT'
  | 'INCONSISTENT_INPUT'
  | 'EMPTY_POPULATION'
  | 'UNDEFINED_RESULT'
  | 'CONVERGENCE_FAILURE';

/**
 * The one error type the library throws. It names the function, the field and the value it received, so
 * the message alone says what to fix: `"<function>: <field> must be <rule>, received <value>"`.
 *
 * @example
 * ```ts
 * import { churnRate, MetricError } from 'loyalty-metrics';
 * try {
 *   churnRate({ customersAtStart: 100, customersLost: -3 });
 * } catch (error) {
 *   error instanceof MetricError //=> true
 *   error.code //=> 'INVALID_INPUT'
 *   error.field //=> 'customersLost'
 *   error.message //=> 'churnRate: customersLost must be a non-negative safe integer, received -3'
 * }
 * ```
 * @category core
 */
export class MetricError extends Error {
  /** The kind of failure, stable across versions: switch on this, not on the message. */
  readonly code: MetricErrorCode;
  /** The input field at fault, as a path (`scores[3]`, `options.confidence`). */
  readonly field: string;
  /** The offending value as received (not copied). */
  readonly received: unknown;
  /** The public function that refused the input. */
  readonly functionName: string;

  constructor(details: {
    readonly code: MetricErrorCode;
    readonly functionName: string;
    readonly field: string;
    readonly rule: string;
    readonly received: unknown;
  }) {
    super(`${details.functionName}: ${details.field} must be ${details.rule}, received ${describeValue(details.received)}`);
    this.name = 'MetricError';
    this.code = details.code;
    this.field = details.field;
    this.received = details.received;
    this.functionName = details.functionName;
  }
}

/** Renders any value for an error message without throwing and without dumping huge inputs. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (typeof value === 'symbol' || typeof value === 'function') return typeof value;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (isDecimalLike(value)) return `Decimal(${String(value)})`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  return 'an object';
}

function isDecimalLike(value: object): boolean {
  return (value as { constructor?: { isDecimal?: unknown } }).constructor?.isDecimal !== undefined;
}
