import { brandPrototype, brandSymbol, hasBrand } from './_brand.js';

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

  /**
   * True for a MetricError of any copy of the library: the ESM and the CommonJS build loaded side by side
   * (or two versions) each have their own class, and `error instanceof MetricError` holds across them. An
   * object passes when its prototype chain carries the registered brand
   * `Symbol.for('loyalty-metrics.MetricError')`, as every MetricError and every instance of a subclass does;
   * an object that only has the brand as its own property does not. On a subclass, `instanceof` is the
   * ordinary prototype check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(this, MetricError, METRIC_ERROR_BRAND, value);
  }

  /**
   * Shown by Node's `console.log`, `util.inspect` and an uncaught throw: the stack, then the fields, with a
   * Decimal `received` written as its value (`Decimal(-5)`) rather than as an object and its constructor.
   */
  [Symbol.for('nodejs.util.inspect.custom')](depth: number, options: object, inspect?: (value: unknown, options?: object) => string): string {
    const head = typeof this.stack === 'string' && this.stack !== '' ? this.stack : `${this.name}: ${this.message}`;
    if (typeof inspect !== 'function') return head;
    if (depth < 0) return `[${this.name}: ${this.message}]`;
    const received = this.received;
    const shown = typeof received === 'object' && received !== null && isDecimalLike(received) ? { [Symbol.for('nodejs.util.inspect.custom')]: () => describeValue(received) } : received;
    const { name, ...fields } = { ...this };
    // Node shows `name` only when the stack does not already start with it.
    const extra = head.startsWith(`${String(name)}:`) ? {} : { name };
    return `${head} ${inspect({ ...fields, received: shown, ...extra }, options)}`;
  }
}

const METRIC_ERROR_BRAND = brandSymbol('MetricError');
brandPrototype(MetricError.prototype, 'MetricError');

/** Renders any value for an error message without throwing and without dumping huge inputs. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (typeof value === 'symbol' || typeof value === 'function') return typeof value;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (isDecimalLike(value)) return `Decimal(${decimalText(value)})`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  return 'an object';
}

/** A Decimal's text; a look-alike whose `toString` throws is written as `an object`, not thrown. */
function decimalText(value: object): string {
  try {
    return String(value);
  } catch {
    return 'an object';
  }
}

function isDecimalLike(value: object): boolean {
  return (value as { constructor?: { isDecimal?: unknown } }).constructor?.isDecimal !== undefined;
}
