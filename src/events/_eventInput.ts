import type { Decimal } from 'decimal.js';
import type { MoneyInput } from '../core/_decimal.js';
import { toEpochMs, type TimestampInput } from '../core/_time.js';
import { money } from '../core/_money.js';
import { type Ctx, fail, own } from '../core/_validate.js';
import { MetricError } from '../core/MetricError.js';

/**
 * One raw event: who, when, what, and optionally how much.
 * @category cohort
 */
export interface CustomerEvent {
  /** The customer; numbers are read as their decimal text (`42` and `'42'` are one customer). */
  readonly customerId: string | number;
  /** A Date, epoch milliseconds or an ISO-8601 string (without an offset it is read in the builder's zone). */
  readonly timestamp: TimestampInput;
  /** The event name. Default `'purchase'`. */
  readonly event?: string;
  /**
   * The amount of the event (revenue), an exact amount; negative for a refund or credit, which nets the
   * revenue of the cell the event falls in and counts for activity as its event name says. Default 0.
   */
  readonly amount?: MoneyInput;
}

/**
 * The record type of untyped use (the default of every `R` below): any object, whose fields may be named by
 * any string. Give the record type instead (`new CohortBuilder<Order>(...)`, `rfmSummary<Order>(...)`) to have
 * field names, accessors and records checked at compile time.
 * @category cohort
 */
export interface AnyEventRecord {
  /** Any property. */
  readonly [key: string]: any;
}

/**
 * A field name of records of type `R`: one of its string keys, or any string when `R` is a plain `object`
 * (of unknown keys) or {@link AnyEventRecord}.
 * @category cohort
 */
export type FieldName<R> = object extends R ? string : Extract<keyof R, string>;

/**
 * A function that reads one field of a record of type `R` (its result is validated as that field). Its
 * parameter is checked as a method's is, so an accessor typed for a wider or narrower record type (such as
 * `(r: Order) => r.user` in a plain `EventFields`) is accepted; one of an unrelated record type is not.
 * @category cohort
 */
export type FieldAccessor<R> = {
  /** Reads the field of `record`. */
  read(record: R): unknown;
}['read'];

/**
 * Where each field of an event is found in records of another shape `R`: a property name (a key of `R`),
 * or a function that reads it, so data need not be copied into {@link CustomerEvent}s. With `R` given
 * (`EventFields<Order>`, `new CohortBuilder<Order>(...)`), an accessor's parameter is typed `R`, and a
 * misspelt name or an accessor of an unrelated record type does not compile; the default
 * {@link AnyEventRecord} takes any name.
 * @typeParam R - The record type. Default {@link AnyEventRecord} (any object).
 * @category cohort
 */
export interface EventFields<R = AnyEventRecord> {
  /** Property name or accessor of the customer id. Default `'customerId'`. */
  readonly customerId?: NoInfer<FieldName<R>> | FieldAccessor<R>;
  /** Property name or accessor of the timestamp. Default `'timestamp'`. */
  readonly timestamp?: NoInfer<FieldName<R>> | FieldAccessor<R>;
  /** Property name or accessor of the event name. Default `'event'`. */
  readonly event?: NoInfer<FieldName<R>> | FieldAccessor<R>;
  /** Property name or accessor of the amount. Default `'amount'`. */
  readonly amount?: NoInfer<FieldName<R>> | FieldAccessor<R>;
}

/**
 * A record that was skipped under `onInvalid: 'skip'`: its position among all records added to the
 * builder, the field at fault and why.
 * @category cohort
 */
export interface SkippedRecord {
  /** 0-based index of the record among every record added to this builder (before any merge). */
  readonly index: number;
  /** The field at fault. */
  readonly field: string;
  /** The validation message. */
  readonly reason: string;
}

/** A validated event, in the builder's terms. */
export interface ValidEvent {
  readonly customerId: string;
  readonly timestamp: number;
  readonly event: string;
  readonly amount: Decimal | undefined;
}

type Accessor = (record: object) => unknown;

/** Turns the field mapping into four accessors, checked once. */
export function accessors(fn: string, fields: unknown): readonly [Accessor, Accessor, Accessor, Accessor] {
  return fieldAccessors({ fn }, fields, ['customerId', 'timestamp', 'event', 'amount']) as unknown as readonly [Accessor, Accessor, Accessor, Accessor];
}

/**
 * A field mapping (`options.fields`: per field a property name or an accessor function) as one accessor per
 * name of `names`, checked once: an unknown field, or a spec that is neither a non-empty name nor a
 * function, throws a MetricError naming `options.fields.<name>`.
 */
export function fieldAccessors(ctx: Ctx, fields: unknown, names: readonly string[]): readonly Accessor[] {
  const mapping = fields === undefined ? {} : fields;
  if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) fail(ctx, 'options.fields', 'an object', fields);
  for (const key of Object.keys(mapping)) {
    if (!names.includes(key)) fail(ctx, `options.fields.${key}`, `one of ${names.join(', ')}`, own(mapping, key));
  }
  return names.map((name) => {
    const spec = own(mapping, name) ?? name;
    if (typeof spec === 'function') return spec as Accessor;
    if (typeof spec !== 'string' || spec === '') fail(ctx, `options.fields.${name}`, 'a property name or a function', spec);
    return (record: object) => own(record, spec);
  });
}

/**
 * Validates one record. Throws a MetricError naming the record index and field; the caller decides
 * whether to rethrow (onInvalid 'throw') or to report and skip.
 */
export function readEvent(
  fn: string,
  record: unknown,
  index: number,
  read: readonly [Accessor, Accessor, Accessor, Accessor],
  timeZone: string,
  knownEvents: ReadonlySet<string> | undefined,
): ValidEvent {
  const ctx = { fn };
  const at = `events[${index}]`;
  if (typeof record !== 'object' || record === null) fail(ctx, at, 'an event object', record);
  const [readId, readTime, readEventName, readAmount] = read;
  const rawId = readField(fn, index, 0, readId, record);
  const customerId = typeof rawId === 'number' && Number.isFinite(rawId) ? String(rawId) : rawId;
  if (typeof customerId !== 'string' || customerId === '') fail(ctx, `${at}.customerId`, 'a non-empty string or a finite number', rawId);
  const rawTime = readField(fn, index, 1, readTime, record);
  const timestamp = toEpochMs(rawTime, timeZone);
  if (timestamp === undefined) fail(ctx, `${at}.timestamp`, 'a valid Date, epoch milliseconds or ISO-8601 string', rawTime);
  const rawEvent = readField(fn, index, 2, readEventName, record);
  const event = rawEvent === undefined ? 'purchase' : rawEvent;
  if (typeof event !== 'string' || event === '') fail(ctx, `${at}.event`, 'a non-empty string', rawEvent);
  if (knownEvents !== undefined && !knownEvents.has(event)) {
    fail(ctx, `${at}.event`, `one of the configured events (${[...knownEvents].join(', ')}; to leave other events out, pass unknownEvents: 'ignore')`, event);
  }
  const rawAmount = readField(fn, index, 3, readAmount, record);
  const amount = rawAmount === undefined || rawAmount === null ? undefined : money(ctx, `${at}.amount`, rawAmount, 'any');
  return { customerId, timestamp, event, amount };
}

const FIELD_NAMES = ['customerId', 'timestamp', 'event', 'amount'] as const;

/** Reads field `k` (0 customerId, 1 timestamp, 2 event, 3 amount) through its accessor; a throw becomes a MetricError. */
function readField(fn: string, index: number, k: number, accessor: Accessor, record: object): unknown {
  try {
    return accessor(record);
  } catch (error) {
    throw accessorError(fn, index, k, record, error);
  }
}

/**
 * The MetricError of an accessor of `options.fields` that threw on record `index` while reading field `k`
 * (0 customerId, 1 timestamp, 2 event, 3 amount): INVALID_INPUT naming `events[index].<field>`, with the
 * accessor's error as `cause` and its message in the rule.
 */
export function accessorError(fn: string, index: number, k: number, record: unknown, cause: unknown): MetricError {
  const name = FIELD_NAMES[k] ?? 'customerId';
  let what: string;
  try {
    what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  } catch {
    what = 'a value that cannot be shown';
  }
  if (what.length > 100) what = `${what.slice(0, 97)}...`;
  const error = new MetricError({ code: 'INVALID_INPUT', functionName: fn, field: `events[${index}].${name}`, rule: `readable by options.fields.${name} (the accessor threw ${what})`, received: record });
  Object.defineProperty(error, 'cause', { value: cause, writable: true, configurable: true, enumerable: false });
  return error;
}

/** The MetricError of a bad record, as a skip entry. */
export function toSkipped(error: MetricError, index: number): SkippedRecord {
  return { index, field: error.field, reason: error.message };
}
