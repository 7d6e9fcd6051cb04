/**
 * The column sink of the event-file parsers: parsed rows collected as typed arrays grown by doubling, ids
 * and event names numbered, handed out a chunk at a time.
 */
import { type Ctx } from '../core/_validate.js';
import { MetricError } from '../core/MetricError.js';
import type { SkippedRecord } from './_eventInput.js';
import { IdInterner, INTERNED_IDS, type InternedIds, lazyStrings } from './_internedIds.js';
import type { CommonConfig } from './_parseEventsCore.js';
import type { TimestampReader } from './_cellReaders.js';
import type { ParsedEvents, ParsedEventColumns } from './parseEventsCsv.js';

const MAX_EVENT_NAMES = 1024;

/** Collects parsed rows as columns; `take()` hands them out and starts a new chunk. */
export class ColumnSink {
  /** Every distinct id of the whole parse, so that all chunks share one string per customer. */
  readonly #interner = new IdInterner();
  #index: Int32Array;
  #times: Float64Array;
  /** Whether the file has an event column (then `#eventIndex` is kept). */
  readonly #events: boolean;
  #amounts: Float64Array | undefined;
  #skipped: SkippedRecord[] = [];
  #size = 0;
  /** Event names of the whole parse; rows refer to them by number (`#eventIndex`). */
  readonly #eventNames: string[] = [];
  #eventIndex: Int32Array;
  readonly #names = new Map<string, number>();
  /** Numbers of the first few names, for the CSV reader's comparison in place. */
  readonly #recent: number[] = [];
  /**
   * The recent names' chars, RECENT_CHARS per name (a name's length first), for `knownEventEnd`: read from
   * one typed array, the comparison costs a fraction of reading the name strings.
   */
  readonly #recentChars = new Int32Array(RECENT_MAX * RECENT_CHARS);
  /** Data rows of the current chunk, valid or skipped. */
  rows = 0;

  /** Rows the columns are first allocated for (then they double); see `expect`. */
  #initial: number;
  /** The CSV delimiter (a char code), for `knownEventEnd`; -1 for other formats. */
  #delimiter = -1;

  /** Sets the delimiter `knownEventEnd` checks after a name. */
  set delimiter(code: number) {
    this.#delimiter = code;
  }

  constructor(
    readonly ctx: Ctx,
    readonly config: CommonConfig,
    readonly hasEvent: boolean,
    readonly hasAmount: boolean,
  ) {
    this.#initial = Math.min(config.chunkRows, 1 << 16);
    this.#times = new Float64Array(0);
    this.#index = new Int32Array(0);
    this.#eventIndex = new Int32Array(0);
    this.#events = hasEvent;
    this.#amounts = hasAmount ? new Float64Array(0) : undefined;
  }

  /** Sizes the next allocation for about `rows` rows (a one-shot parse's estimate), so columns are not regrown. */
  expect(rows: number): void {
    if (this.#times.length === 0) this.#initial = Math.max(1, Math.min(rows, this.config.chunkRows, 1 << 26));
  }

  /** The number of a customer id given as a string (quoted cells, NDJSON values), for `push`. */
  idNumber(id: string): number {
    return this.#interner.intern(id);
  }

  /** The number of the customer id `text[from .. to)`, without a substring for an id seen before. */
  idNumberAt(text: string, from: number, to: number): number {
    return this.#interner.internSpan(text, from, to);
  }

  /** The number of the customer id in ASCII bytes `bytes[from .. to)`, packed into words when at most 8 (`narrow`). */
  idNumberOfBytes(bytes: Uint8Array, from: number, to: number, narrow: boolean, w0: number, w1: number): number {
    return narrow ? this.#interner.internWordsOfBytes(bytes, from, to, w0, w1) : this.#interner.internWideOfBytes(bytes, from, to);
  }

  /** `idNumberAt` for an id of at most 8 one-byte chars already packed into two words (see IdInterner.internWords). */
  idNumberOfWords(text: string, from: number, to: number, w0: number, w1: number): number {
    return this.#interner.internWords(text, from, to, w0, w1);
  }

  /**
   * Adds a row: an id number (`idNumber`, `idNumberAt`), epoch ms, an event number (`eventNumber`,
   * `eventNumberAt`; ignored without an event column) and minor units. The string columns are made once,
   * in `take`, from the numbers.
   */
  /** `push` with the time `times` has just read (so that no float crosses a call that may not be inlined). */
  pushRead(id: number, times: TimestampReader, event: number, amount: number): void {
    this.push(id, times.value, event, amount);
  }

  push(id: number, time: number, event: number, amount: number): void {
    const i = this.#size++;
    if (i === this.#times.length) this.#grow();
    this.#index[i] = id;
    this.#times[i] = time;
    if (this.#events) this.#eventIndex[i] = event;
    if (this.#amounts !== undefined) this.#amounts[i] = amount;
    this.rows++;
  }

  /** The number of an event name: one shared string per distinct name (for the first 1,024 names). */
  eventNumber(event: string): number {
    const known = this.#names.get(event);
    if (known !== undefined) return known;
    const number = this.#eventNames.length;
    this.#eventNames.push(event);
    if (this.#names.size < MAX_EVENT_NAMES) this.#names.set(event, number);
    return number;
  }

  /**
   * The number of the event name in `text` from `from` to `to` ('purchase' when empty), compared in place
   * with the first few names seen: no copy per row.
   */
  eventNumberAt(text: string, from: number, to: number): number {
    if (to === from) return this.eventNumber('purchase');
    const recent = this.#recent;
    for (let k = 0; k < recent.length; k++) {
      const number = recent[k] as number;
      const name = this.#eventNames[number] as string;
      if (name.length === to - from && text.startsWith(name, from)) return number;
    }
    const name = text.slice(from, to);
    const number = this.eventNumber(name);
    // Names compared in place by the CSV fast path hold no delimiter, quote or line break.
    if (recent.length < RECENT_MAX && name.length < RECENT_CHARS && !recent.includes(number) && !/[,;\t|"\r\n]/.test(name)) {
      const at = RECENT_CHARS * recent.length;
      this.#recentChars[at] = name.length;
      for (let k = 0; k < name.length; k++) this.#recentChars[at + 1 + k] = name.charCodeAt(k);
      recent.push(number);
    }
    return number;
  }

  /**
   * Where a cell starting at `from` ends if it is one of the first few event names (followed by the
   * delimiter, or by the line end at `lineEnd`), or -1. Compares in place, without a search.
   */
  knownEventEnd(text: string, from: number, lineEnd: number): number {
    const recent = this.#recent;
    const chars = this.#recentChars;
    for (let k = 0, at = 0; k < recent.length; k++, at += RECENT_CHARS) {
      const length = chars[at] as number;
      const end = from + length;
      if (end > lineEnd || (end < lineEnd && !endsCell(text.charCodeAt(end), this.#delimiter))) continue;
      let same = true;
      for (let j = 0; j < length && same; j++) same = text.charCodeAt(from + j) === chars[at + 1 + j];
      if (same) {
        this.knownEvent = recent[k] as number;
        return end;
      }
    }
    return -1;
  }

  /** `knownEventEnd` over ASCII bytes. */
  knownEventEndOfBytes(bytes: Uint8Array, from: number, lineEnd: number): number {
    const recent = this.#recent;
    const chars = this.#recentChars;
    for (let k = 0, at = 0; k < recent.length; k++, at += RECENT_CHARS) {
      const length = chars[at] as number;
      const end = from + length;
      if (end > lineEnd || (end < lineEnd && !endsCell(bytes[end] as number, this.#delimiter))) continue;
      let same = true;
      for (let j = 0; j < length && same; j++) same = bytes[from + j] === chars[at + 1 + j];
      if (same) {
        this.knownEvent = recent[k] as number;
        return end;
      }
    }
    return -1;
  }

  /** The number of the name `knownEventEnd` found last. */
  knownEvent = -1;

  /** A bad record: throws the MetricError (onInvalid 'throw') or records it as skipped. */
  bad(field: string, rule: string, received: unknown, index: number): void {
    const error = new MetricError({ code: 'INVALID_INPUT', functionName: this.ctx.fn, field, rule, received });
    if (!this.config.skip) throw error;
    this.#skipped.push(Object.freeze({ index, field, reason: error.message }));
    this.rows++;
  }

  take(): ParsedEvents {
    const n = this.#size;
    const index = handOut(this.#index, n);
    const columns = {} as { -readonly [K in keyof ParsedEventColumns]: ParsedEventColumns[K] };
    // The string columns are made when first read (see _internedIds.ts): a builder fed straight from the
    // parser reads the numbers instead.
    const customerId = lazyStrings(this.#interner.ids, index);
    Object.defineProperty(columns, 'customerId', { get: customerId, enumerable: true });
    columns.timestamp = handOut(this.#times, n);
    columns.amountDecimals = this.config.amountDecimals;
    let events: InternedIds['events'];
    if (this.#events) {
      const eventIndex = handOut(this.#eventIndex, n);
      events = { event: lazyStrings(this.#eventNames, eventIndex), names: this.#eventNames, index: eventIndex };
      Object.defineProperty(columns, 'event', { get: events.event, enumerable: true });
    }
    if (this.#amounts !== undefined) columns.amount = handOut(this.#amounts, n);
    Object.defineProperty(columns, INTERNED_IDS, { value: Object.freeze({ customerId, interner: this.#interner, index, events }) });
    // The arrays now belong to the result: the next chunk gets new ones.
    this.#times = new Float64Array(0);
    this.#index = new Int32Array(0);
    this.#eventIndex = new Int32Array(0);
    if (this.#amounts !== undefined) this.#amounts = new Float64Array(0);
    const result = Object.freeze({ columns: Object.freeze(columns), skipped: Object.freeze(this.#skipped), rows: this.rows });
    this.#skipped = [];
    this.#size = 0;
    this.rows = 0;
    return result;
  }

  #grow(): void {
    const times = new Float64Array(this.#times.length === 0 ? this.#initial : this.#times.length * 2);
    times.set(this.#times);
    this.#times = times;
    const index = new Int32Array(times.length);
    index.set(this.#index);
    this.#index = index;
    if (this.#events) {
      const events = new Int32Array(times.length);
      events.set(this.#eventIndex);
      this.#eventIndex = events;
    }
    if (this.#amounts !== undefined) {
      const amounts = new Float64Array(times.length);
      amounts.set(this.#amounts);
      this.#amounts = amounts;
    }
  }
}

/** Whether a char ends a plain cell: the delimiter or a line break (the reader checks what follows a CR). */
function endsCell(c: number, delimiter: number): boolean {
  return c === delimiter || c === 10 || c === 13;
}

/** Event names compared in place by the CSV fast path: at most this many, each shorter than RECENT_CHARS. */
const RECENT_MAX = 8;
const RECENT_CHARS = 64;

/** The first `n` values of a column being handed out: the array itself when full, a view when mostly used, else a copy. */
function handOut<T extends Float64Array | Int32Array>(array: T, n: number): T {
  if (n === array.length) return array;
  return (2 * n >= array.length ? array.subarray(0, n) : array.slice(0, n)) as T;
}
