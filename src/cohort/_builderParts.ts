/**
 * Pieces of CohortBuilder's input paths: the rows of an `addColumns` call, the block of events waiting
 * for the store, event classes, and small checks.
 */
import { fail } from '../core/_validate.js';
import { isValidTimeZone } from '../core/_time.js';
import type { InternedIds } from '../events/_internedIds.js';

/** The columns of one `addColumns` call, read. */
export interface ColumnRows {
  /** Rows of the call. */
  readonly n: number;
  /** The ids as given (unused, empty, when the ids are numbered: `idNames[index[i]]`). */
  readonly ids: ArrayLike<unknown>;
  readonly idNames: readonly string[] | undefined;
  readonly times: ArrayLike<unknown>;
  /** The event names as given (undefined when there are none, or when they are numbered: `eventIds`). */
  readonly events: ArrayLike<unknown> | undefined;
  readonly amounts: ArrayLike<unknown> | undefined;
  readonly decimals: number;
  /** The interned id of each row (columns from a parser), if any. */
  readonly index: Int32Array | undefined;
  /** Whether interned ids are customer numbers (the store shares the parse's interner). */
  readonly direct: boolean;
  /** Otherwise, the customer of each interned id, or -1 before its first valid row. */
  readonly customerOfId: Int32Array;
  /** The numbered event names of the `event` column (columns from a parser), if any. */
  readonly eventIds: InternedIds['events'];
  /** The class of each numbered event name, or -1 before its first row. */
  readonly kindOf: Int8Array;
}

/** Events queued before the store counts them. */
export const BLOCK_SIZE = 4096;

/** Valid events read but not yet counted: customer, time (then period start), kind and amount. */
export class EventBlock {
  size = 0;
  /** Decimals of the minor units of this block's amounts. */
  decimals = 0;
  readonly customer = new Int32Array(BLOCK_SIZE);
  readonly time = new Float64Array(BLOCK_SIZE);
  readonly kind = new Uint8Array(BLOCK_SIZE);
  readonly minor = new Float64Array(BLOCK_SIZE);
}

/**
 * Whether Object.prototype defines none of the four event fields (someone may have added one), so that a
 * plain object's missing field reads as undefined. Checked per record: `in` on one object is cheap.
 */
export function plainPrototypeClean(): boolean {
  const proto = Object.prototype;
  return !('customerId' in proto || 'timestamp' in proto || 'event' in proto || 'amount' in proto);
}

/** Time zones already found valid. */
const KNOWN_ZONES = new Set<string>(['UTC']);

/** A valid IANA zone name; checking one makes an Intl formatter (milliseconds), so zones that passed are remembered. */
export function zoneOption(ctx: { fn: string }, timeZone: unknown): string {
  if (typeof timeZone === 'string' && KNOWN_ZONES.has(timeZone)) return timeZone;
  if (!isValidTimeZone(timeZone)) fail(ctx, 'options.timeZone', 'an IANA time zone name such as "Europe/Berlin"', timeZone);
  if (KNOWN_ZONES.size < 1000) KNOWN_ZONES.add(timeZone);
  return timeZone;
}

/** Event classes (see BuilderState.kind). */
export const START = 1;
export const RETURN = 2;
export const IGNORED = 0;
export const INVALID = 4;
