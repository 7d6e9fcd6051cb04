/**
 * The column form of events (parallel arrays or typed arrays: ids, epoch-ms timestamps, event names,
 * amounts in minor units), checked once and read row by row with the record form's meaning. Shared by
 * `CohortBuilder.addColumns` (its checks and messages), `periodSummary` (its rows) and `rfmSummary` (its checks).
 */
import { money } from '../core/_money.js';
import { type Ctx, count, fail, isArrayLike, own } from '../core/_validate.js';
import { accessors, readEvent, type ValidEvent } from './_eventInput.js';

/**
 * Events as parallel columns for {@link CohortBuilder.addColumns}.
 * @category cohort
 */
export interface EventColumns {
  /** Customer ids. */
  readonly customerId: ArrayLike<string | number>;
  /** Epoch milliseconds (a Float64Array is ideal). */
  readonly timestamp: ArrayLike<number>;
  /** Event names; default `'purchase'` for every row. */
  readonly event?: ArrayLike<string>;
  /** Amounts in minor units (integers: cents; negative for a refund); default none. */
  readonly amount?: ArrayLike<number>;
  /** Decimals of the minor unit: 2 for cents (default), 0 for whole units, 3 for mills. */
  readonly amountDecimals?: number;
}

/** The rule of a timestamp cell that is not a number: columns hold epoch milliseconds only. */
export const EPOCH_MS_CELL = 'epoch milliseconds (a number) in the column form';
/** The rule of an amount cell: integer minor units of 10^-amountDecimals. */
export const MINOR_UNITS_CELL = 'a whole number of minor units (negative for a refund)';

/** A column: an array or a typed array (not a DataView), else `fail` naming it. */
export function arrayColumn(ctx: Ctx, field: string, value: unknown): ArrayLike<unknown> {
  if (!isArrayLike(value)) fail(ctx, field, 'an array or a typed array', value);
  return value;
}

/** Fails (INCONSISTENT_INPUT) at the first column whose length is not `n`, the length of `<prefix>.customerId`. */
export function sameLengths(ctx: Ctx, prefix: string, n: number, columns: readonly (readonly [string, ArrayLike<unknown> | undefined])[]): void {
  for (const [name, column] of columns) {
    if (column !== undefined && column.length !== n) fail(ctx, `${prefix}.${name}`, `as long as ${prefix}.customerId (${n})`, column.length, 'INCONSISTENT_INPUT');
  }
}

/**
 * Whether `value` is meant as the column form: an object that is not iterable and has a `customerId` or
 * `timestamp` (which {@link EventColumnRows} then checks).
 */
export function isColumnForm(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function') return false;
  return own(value, 'customerId') !== undefined || own(value, 'timestamp') !== undefined;
}

const COLUMN_KEYS = ['customerId', 'timestamp', 'event', 'amount', 'amountDecimals'];
const DEFAULT_READ = accessors('columns', undefined);

/** Event columns, checked: the arrays as given, and the minor unit's decimals. */
export interface CheckedEventColumns {
  readonly ids: ArrayLike<unknown>;
  readonly times: ArrayLike<unknown>;
  readonly names: ArrayLike<unknown> | undefined;
  readonly amounts: ArrayLike<unknown> | undefined;
  readonly decimals: number;
  /** The extra columns asked for (undefined when absent). */
  readonly extra: Readonly<Record<string, ArrayLike<unknown> | undefined>>;
}

/**
 * Checks event columns: only known keys (the event columns and `extraColumns`), arrays or typed arrays,
 * `amountDecimals` from 0 to 15 (default 2), every column as long as `customerId` (INCONSISTENT_INPUT).
 * `prefix` names the argument in messages (`events` gives `events.timestamp`).
 */
export function checkEventColumns(ctx: Ctx, prefix: string, value: object, extraColumns: readonly string[] = []): CheckedEventColumns {
  const keys = [...COLUMN_KEYS, ...extraColumns];
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) fail(ctx, `${prefix}.${key}`, `one of the column names (${keys.join(', ')})`, own(value, key));
  }
  const optional = (name: string) => (own(value, name) === undefined ? undefined : arrayColumn(ctx, `${prefix}.${name}`, own(value, name)));
  const ids = arrayColumn(ctx, `${prefix}.customerId`, own(value, 'customerId'));
  const times = arrayColumn(ctx, `${prefix}.timestamp`, own(value, 'timestamp'));
  const names = optional('event');
  const amounts = optional('amount');
  const rawDecimals = own(value, 'amountDecimals');
  const decimals = rawDecimals === undefined ? 2 : count(ctx, `${prefix}.amountDecimals`, rawDecimals);
  if (decimals > 15) fail(ctx, `${prefix}.amountDecimals`, 'an integer from 0 to 15', rawDecimals);
  const extra = Object.fromEntries(extraColumns.map((name) => [name, optional(name)]));
  sameLengths(ctx, prefix, ids.length, [['timestamp', times], ['event', names], ['amount', amounts], ...Object.entries(extra)]);
  return { ids, times, names, amounts, decimals, extra: Object.freeze(extra) };
}

/**
 * Event columns, checked (known keys, arrays, equal lengths, `amountDecimals` 0 to 15), read row by row
 * into the record form's {@link ValidEvent}. Optional extra columns (such as `duration`) are checked
 * alike and handed out raw in `extra`.
 */
export class EventColumnRows {
  readonly length: number;
  /** The extra columns named at construction, unread (undefined when absent). */
  readonly extra: Readonly<Record<string, ArrayLike<unknown> | undefined>>;
  readonly #fn: string;
  readonly #timeZone: string;
  readonly #ids: ArrayLike<unknown>;
  readonly #times: ArrayLike<unknown>;
  readonly #names: ArrayLike<unknown> | undefined;
  readonly #amounts: ArrayLike<unknown> | undefined;
  readonly #decimals: number;

  /** `prefix` names the argument in messages (`events` gives `events.timestamp`). */
  constructor(ctx: Ctx, prefix: string, value: object, timeZone: string, extraColumns: readonly string[] = []) {
    const columns = checkEventColumns(ctx, prefix, value, extraColumns);
    this.#ids = columns.ids;
    this.#times = columns.times;
    this.#names = columns.names;
    this.#amounts = columns.amounts;
    this.#decimals = columns.decimals;
    this.extra = columns.extra;
    this.length = columns.ids.length;
    this.#fn = ctx.fn;
    this.#timeZone = timeZone;
  }

  /**
   * Row i as the record form reads `{ customerId, timestamp, event, amount }`, except that a timestamp must
   * be a number (a string or Date is refused, as by `CohortBuilder.addColumns`), an amount is a
   * whole number of minor units, negative for a refund (read exactly: 1999 with 2 decimals is 19.99), and an empty
   * (null) event or amount cell is the default. Throws a MetricError naming `events[i].<field>`.
   */
  row(i: number): ValidEvent {
    const fn = this.#fn;
    const customerId = this.#ids[i];
    const timestamp = this.#times[i];
    const idOk = typeof customerId === 'string' ? customerId !== '' : typeof customerId === 'number' && Number.isFinite(customerId);
    // A bad id is reported first, as in the record form.
    if (idOk && typeof timestamp !== 'number') fail({ fn }, `events[${i}].timestamp`, EPOCH_MS_CELL, timestamp);
    const event = readEvent(fn, { customerId, timestamp, event: this.#names?.[i] ?? undefined }, i, DEFAULT_READ, this.#timeZone, undefined);
    const minor = this.#amounts?.[i];
    if (minor === undefined || minor === null) return event;
    if (typeof minor !== 'number' || !Number.isSafeInteger(minor)) fail({ fn }, `events[${i}].amount`, MINOR_UNITS_CELL, minor);
    const decimals = this.#decimals;
    const amount = money({ fn }, `events[${i}].amount`, decimals === 0 || minor === 0 ? minor : `${minor}e-${decimals}`, 'any');
    return { ...event, amount };
  }
}
