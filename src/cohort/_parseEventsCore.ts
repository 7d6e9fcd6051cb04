/**
 * Shared machinery of the event-file parsers: option checks, the column sink (typed arrays grown by
 * doubling), the exact amount and fast timestamp readers, and the streaming UTF-8 decoder.
 */
import { toEpochMs, isValidTimeZone } from '../core/_time.js';
import { IsoReader, parseZuluBytes } from './_isoTimestamp.js';
import { count, fail, oneOf, own, type Ctx } from '../core/_validate.js';
import { MetricError } from '../core/MetricError.js';
import type { SkippedRecord } from './_eventInput.js';
import { IdInterner, INTERNED_IDS, type InternedIds, lazyStrings } from './_internedIds.js';
import type { ParsedEvents, ParsedEventColumns } from './parseEventsCsv.js';

/** The options common to every parser, checked. */
export interface CommonConfig {
  readonly timeZone: string;
  readonly amountDecimals: number;
  readonly skip: boolean;
  readonly chunkRows: number;
}

/**
 * The chunk size of a one-shot parse, out of reach in practice: a V8 string holds under 2^29 chars (one row
 * takes at least one), and 2^30 rows read from bytes would need 8 GiB for their timestamps alone. A small
 * integer, not Infinity: the configs of one-shot and chunked parses then share one hidden class,
 * and the row scanner, shared by both, is not deoptimised by the other's config (a chunked parse after one-shot
 * ones took 740-900 ms instead of 500-540).
 */
const ONE_SHOT_ROWS = 2 ** 30 - 1;

/** Checks timeZone, amountDecimals, onInvalid and (for the chunked parsers) chunkRows. */
export function commonConfig(ctx: Ctx, options: object, chunked: boolean): CommonConfig {
  const timeZone = own(options, 'timeZone') ?? 'UTC';
  if (!isValidTimeZone(timeZone)) fail(ctx, 'options.timeZone', 'an IANA time zone name', timeZone);
  const rawDecimals = own(options, 'amountDecimals');
  const amountDecimals = rawDecimals === undefined ? 2 : count(ctx, 'options.amountDecimals', rawDecimals);
  if (amountDecimals > 15) fail(ctx, 'options.amountDecimals', 'an integer from 0 to 15', rawDecimals);
  const skip = oneOf(ctx, 'options.onInvalid', own(options, 'onInvalid'), ['throw', 'skip'], 'throw') === 'skip';
  const rawRows = chunked ? own(options, 'chunkRows') : undefined;
  const chunkRows = rawRows === undefined ? (chunked ? 65_536 : ONE_SHOT_ROWS) : count(ctx, 'options.chunkRows', rawRows);
  if (chunkRows === 0) fail(ctx, 'options.chunkRows', 'a positive safe integer', rawRows);
  return { timeZone, amountDecimals, skip, chunkRows };
}

const TEN_POWERS = Array.from({ length: 16 }, (_, k) => 10 ** k);
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

/**
 * Why an amount text was refused: a bad format (or decimals), or a magnitude past 2^53 - 1. Not finite,
 * so that every finite result of {@link minorUnits} (negative for a refund) is an amount.
 */
export const AMOUNT_FORMAT = Number.POSITIVE_INFINITY;
export const AMOUNT_RANGE = Number.NEGATIVE_INFINITY;

export function amountRule(decimals: number): string {
  return `a decimal number (negative for a refund) with at most ${decimals} decimal place${decimals === 1 ? '' : 's'} (no exponent, no spaces)`;
}

/**
 * The exact amount in minor units of a decimal text ('202.82' with 2 decimals is 20282, '-5' is -500: a
 * refund), by digits alone; or AMOUNT_FORMAT / AMOUNT_RANGE (test with Number.isFinite). An empty text
 * is 0, and so is '-0'. Digits past `decimals` must be zeros.
 */
export function minorUnits(text: string, decimals: number, from = 0, to = text.length): number {
  const n = to;
  if (n === from) return 0;
  let i = from;
  let negative = false;
  const first = text.charCodeAt(from);
  if (first === 43 || first === 45) {
    negative = first === 45;
    i = from + 1;
  }
  let value = 0;
  let digits = 0;
  let fraction = -1; // digits read after the point, -1 before it
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (fraction !== -1) return AMOUNT_FORMAT;
      fraction = 0;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return AMOUNT_FORMAT;
    digits++;
    if (fraction !== -1) {
      if (fraction === decimals) {
        if (d !== 0) return AMOUNT_FORMAT;
        continue;
      }
      fraction++;
    }
    value = value * 10 + d;
  }
  if (digits === 0) return AMOUNT_FORMAT;
  const minor = value * (TEN_POWERS[decimals - Math.max(fraction, 0)] as number);
  if (!Number.isSafeInteger(minor)) return AMOUNT_RANGE;
  return negative && minor !== 0 ? -minor : minor + 0;
}

/**
 * Epoch ms of a timestamp text: the common machine forms (`2023-01-01T04:52:52Z`, with milliseconds or an
 * offset) are read digit by digit in place; anything else goes through toEpochMs in the zone.
 */
export class TimestampReader {
  readonly #fast: IsoReader;

  constructor(private readonly timeZone: string) {
    this.#fast = new IsoReader(timeZone === 'UTC');
  }

  /** Epoch milliseconds given as a number: finite and inside the ECMAScript time range. */
  epoch(ms: number): number | undefined {
    return toEpochMs(ms, this.timeZone);
  }

  /** Epoch ms of `text`, or of its part from `from` to `to`; undefined when it is not a timestamp. */
  read(text: string, from = 0, to = text.length): number | undefined {
    return this.parse(text, from, to) ? this.value : undefined;
  }

  /** The instant of the last successful `parse`. */
  value = 0;

  /** The common form `YYYY-MM-DDTHH:MM:SSZ` in 20 ASCII bytes at `at`, into `value`; false for anything else (read it as text). */
  parseZuluBytes(bytes: Uint8Array, at: number): boolean {
    const fast = this.#fast;
    if (!parseZuluBytes(fast, bytes, at)) return false;
    this.value = fast.value;
    return true;
  }

  /** Reads `text[from .. to)` into `value`; false when it is not a timestamp (no float is boxed per call). */
  parse(text: string, from: number, to: number): boolean {
    const fast = this.#fast;
    if (fast.parse(text, from, to)) {
      this.value = fast.value;
      return true;
    }
    const ms = toEpochMs(text.slice(from, to), this.timeZone);
    if (ms === undefined) return false;
    this.value = ms;
    return true;
  }
}

interface TextDecoderLike {
  decode(input?: Uint8Array, options?: { readonly stream?: boolean }): string;
}
type TextDecoderConstructor = new (label?: string, options?: { readonly fatal?: boolean; readonly ignoreBOM?: boolean }) => TextDecoderLike;

/** Text pieces from strings or UTF-8 bytes (multi-byte sequences may straddle pieces); strips one leading BOM. */
export class TextPieces {
  #decoder: TextDecoderLike | undefined;
  /** The bytes of an unfinished character at the end of the last piece (one-shot decoding). */
  #carry: Uint8Array = EMPTY_BYTES;
  #started = false;

  constructor(private readonly ctx: Ctx) {}

  /** The text of one piece; `undefined` flushes the decoder at the end of the input. */
  next(piece: string | Uint8Array | undefined, field: string): string {
    let text: string;
    if (typeof piece === 'string') text = this.#flush(field) + piece;
    else if (piece instanceof Uint8Array) text = this.#decode(piece, field);
    else if (piece === undefined) text = this.#flush(field);
    else fail(this.ctx, field, 'a string or a Uint8Array', piece);
    if (!this.#started && text !== '') {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  }

  /**
   * Decodes a piece. Streaming decoders are several times slower than one-shot ones, so a piece is decoded
   * one-shot up to its last complete character, and a valid but unfinished character at its end (at most
   * 3 bytes) is carried to the next piece. Anything else (invalid bytes) is decoded by a streaming decoder
   * fed exactly what it would have seen, so that errors are the same.
   */
  #decode(piece: Uint8Array, field: string): string {
    if (this.#decoder === undefined) {
      const carried = this.#carry;
      const bytes = carried.length === 0 ? piece : concatBytes(carried, piece);
      const cut = bytes.length - unfinishedTail(bytes);
      try {
        const text = oneShotDecoder().decode(bytes.subarray(0, cut));
        this.#carry = bytes.slice(cut);
        return text;
      } catch {
        // Replay through a streaming decoder for its exact behaviour.
        this.#carry = EMPTY_BYTES;
        this.#decoder = newDecoder();
        if (carried.length > 0) this.#decoder.decode(carried, { stream: true });
      }
    }
    try {
      return this.#decoder.decode(piece, { stream: true });
    } catch {
      this.#decoder = undefined;
      return fail(this.ctx, field, 'valid UTF-8 text', piece);
    }
  }

  #flush(field: string): string {
    if (this.#carry.length > 0) {
      this.#carry = EMPTY_BYTES;
      return fail(this.ctx, field, 'valid UTF-8 text (it ends inside a multi-byte character)', 'a truncated UTF-8 sequence');
    }
    if (this.#decoder === undefined) return '';
    try {
      return this.#decoder.decode();
    } catch {
      return fail(this.ctx, field, 'valid UTF-8 text (it ends inside a multi-byte character)', 'a truncated UTF-8 sequence');
    } finally {
      this.#decoder = undefined;
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

const EMPTY_BYTES = new Uint8Array(0);
let sharedDecoder: TextDecoderLike | undefined;

function newDecoder(): TextDecoderLike {
  const Decoder = (globalThis as unknown as { TextDecoder: TextDecoderConstructor }).TextDecoder;
  return new Decoder('utf-8', { fatal: true, ignoreBOM: true });
}

/** A fatal UTF-8 decoder for whole texts (stateless between calls without `stream`). */
function oneShotDecoder(): TextDecoderLike {
  sharedDecoder ??= newDecoder();
  return sharedDecoder;
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(a.length + b.length);
  bytes.set(a);
  bytes.set(b, a.length);
  return bytes;
}

/**
 * The number of bytes (0 to 3) at the end of `bytes` that begin a UTF-8 character validly but do not
 * finish it (WHATWG bounds: E0 A0-BF, ED 80-9F, F0 90-BF, F4 80-8F), which a streaming decoder would hold
 * back without an error; 0 when the end is complete or invalid (the decoder then judges).
 */
function unfinishedTail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let have = 1; have <= 3 && have <= n; have++) {
    const lead = bytes[n - have] as number;
    if (lead >= 0x80 && lead <= 0xbf) continue;
    const need = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (need <= have) return 0;
    if (have >= 2) {
      const second = bytes[n - have + 1] as number;
      const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
      const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
      if (second < low || second > high) return 0;
    }
    // A third byte (have === 3) is a plain continuation byte, checked by the loop above.
    return have;
  }
  return 0;
}

/**
 * Row numbering and the empty-line rule shared by the line readers: empty lines are held back, ignored
 * when nothing but empty lines follows them, and bad records when a non-empty row comes after.
 */
export abstract class RowReader {
  /** Text not yet consumed, from `pos`. */
  protected buffer = '';
  protected pos = 0;
  /** The data-row index of the next row. */
  protected index = 0;
  #emptyFrom = 0;
  #emptyCount = 0;

  constructor(protected readonly ctx: Ctx, protected readonly config: CommonConfig) {}

  /** The sink, once known (the CSV reader knows its columns after the header). */
  protected abstract sink: ColumnSink | undefined;

  /**
   * The appended text after the line end that completed the unfinished row (`buffer` holds that row): read
   * once `buffer` is done.
   */
  #pending: string | undefined;
  #pendingFrom = 0;

  /**
   * Adds a piece of text. The unfinished row left by the previous piece is joined with this piece up to its
   * first line end only; the rest of the piece is read where it stands. A concatenation of the whole would
   * be a cons string, every charCodeAt of which goes through its parts (the row scanners ran 1.7x slower
   * on one), and a flat copy (Array#join) costs about what decoding the piece did.
   */
  append(text: string): void {
    if (this.#need > 0) {
      // An unfinished row is waiting: hold the piece rather than scan the row again (see `#need`).
      if (text !== '') {
        this.#held.push(text);
        this.#heldLength += text.length;
        if (!this.#lineEndSpent && !this.#heldLineEnd) this.#heldLineEnd = text.includes('\n') || text.includes('\r');
      }
      if (this.#heldLength >= this.#need || this.#heldLineEnd) this.#release();
      return;
    }
    this.#appendAfter(this.#unconsumed(), text);
  }

  /**
   * Pieces appended while an unfinished row waits, and their total length. Reading that row again after each
   * small piece would cost its whole length each time (quadratic: an 8 MiB row in 64 KiB pieces took 4.7 s,
   * a 200 kB row in 1-byte pieces 92 s), so pieces are held until they are as long as the row was (its
   * length doubles between two reads) or bring a line end (tried once per row: a quoted cell may hold many).
   * Each row is then read at most a constant number of times its length: linear in the input.
   */
  #held: string[] = [];
  #heldLength = 0;
  /** Held text needed before the unfinished row is read again; 0 when no row waits. */
  #need = 0;
  /** Whether a held piece holds a line end (CR or LF). */
  #heldLineEnd = false;
  /** Whether the waiting row was already read again for a line end without being finished. */
  #lineEndSpent = false;
  /** The unconsumed length after the last release if no row was finished by it (then the same row still waits). */
  #stuckLength = -1;
  /** Whether the last release came from a line end rather than from length. */
  #releasedForLineEnd = false;

  /** Joins the held pieces to the waiting row and makes them the text to read. */
  #release(): void {
    const held = this.#held;
    this.#releasedForLineEnd = this.#heldLength < this.#need;
    this.#held = [];
    this.#heldLength = 0;
    this.#need = 0;
    this.#heldLineEnd = false;
    const last = held.pop() ?? '';
    const rest = this.#unconsumed();
    this.#stuckLength = rest.length + held.reduce((sum, piece) => sum + piece.length, 0) + last.length;
    this.#appendAfter(held.length === 0 ? rest : [rest, ...held].join(''), last);
  }

  #appendAfter(rest: string, text: string): void {
    const nl = rest === '' ? -1 : text.indexOf('\n');
    if (nl >= 0) {
      this.buffer = [rest, text.slice(0, nl + 1)].join('');
      this.#pending = text;
      this.#pendingFrom = nl + 1;
    } else {
      this.buffer = rest === '' ? text : [rest, text].join('');
    }
    this.pos = 0;
    this.onAppend();
  }

  /** The text not yet consumed, as one string. */
  #unconsumed(): string {
    const rest = this.buffer.slice(this.pos);
    const pending = this.#pending;
    if (pending === undefined) return rest;
    this.#pending = undefined;
    return [rest, pending.slice(this.#pendingFrom)].join('');
  }

  protected onAppend(): void {}

  /**
   * Parses complete rows from the text. Returns true when the chunk is full (call `take` and parse
   * again), false when no complete row is left (or, when `final`, nothing at all).
   */
  parse(final: boolean): boolean {
    if (this.#need > 0) {
      if (!final) return false;
      this.#release();
    }
    for (;;) {
      if (this.parseBuffer(final && this.#pending === undefined)) return true;
      const pending = this.#pending;
      if (pending === undefined) {
        const waiting = this.buffer.length - this.pos;
        if (!final && waiting > 0) {
          // A row is unfinished: wait for more text (see `#held`). The same row, still unfinished after a
          // release for a line end, waits for length alone from now on.
          const same = waiting === this.#stuckLength;
          this.#lineEndSpent = same && (this.#lineEndSpent || this.#releasedForLineEnd);
          this.#need = waiting;
        }
        this.#stuckLength = -1;
        return false;
      }
      // The joined row is read: go on in the piece itself (joined with what is left, in the rare case of a
      // quoted line break that made the row longer than its first line).
      if (this.pos >= this.buffer.length) {
        this.#pending = undefined;
        this.buffer = pending;
        this.pos = this.#pendingFrom;
      } else {
        this.buffer = this.#unconsumed();
        this.pos = 0;
      }
      this.onAppend();
    }
  }

  /** `parse` on `buffer` alone (`final`: no text follows it). */
  protected abstract parseBuffer(final: boolean): boolean;

  /**
   * Reads rows straight from bytes from `from` (a row start), as far as it can; returns where it stopped
   * (`final`: the bytes end the input, so a last row without a line end is complete). The rest is decoded and
   * read as text. By default reads nothing.
   */
  readBytes(_bytes: Uint8Array, from: number, _final: boolean): number {
    return from;
  }

  /** Whether text appended is not all read (an unfinished row). */
  get hasUnconsumedText(): boolean {
    return this.pos < this.buffer.length || this.#pending !== undefined || this.#need > 0;
  }

  /** Whether the current chunk holds `chunkRows` rows (hand it out with `take`). */
  get chunkFull(): boolean {
    return this.full(this.sink);
  }

  /** The parsed rows of the current chunk, or undefined when it has none. */
  take(): ParsedEvents | undefined {
    return this.sink !== undefined && this.sink.rows > 0 ? this.sink.take() : undefined;
  }

  /** The parsed rows, even none (an empty file, or a header alone). */
  takeAll(): ParsedEvents {
    return (this.sink ?? new ColumnSink(this.ctx, this.config, false, false)).take();
  }

  /** Whether empty lines are held back (the next non-empty row turns them into bad records). */
  protected get holdsEmptyLines(): boolean {
    return this.#emptyCount > 0;
  }

  protected emptyLine(): void {
    if (this.#emptyCount === 0) this.#emptyFrom = this.index;
    this.#emptyCount++;
    this.index++;
  }

  /** Called before each non-empty data row: held-back empty lines become bad records. */
  protected flushEmpty(sink: ColumnSink, rule: string): void {
    for (let k = 0; k < this.#emptyCount; k++) {
      const at = this.#emptyFrom + k;
      sink.bad(`rows[${at}]`, `${rule} (empty lines are allowed only at the end)`, '', at);
    }
    this.#emptyCount = 0;
  }

  /** Rows expected in a one-shot parse, to size the columns once. */
  protected expected = 0;

  expectRows(rows: number): void {
    this.expected = rows;
    this.sink?.expect(rows);
  }

  protected full(sink: ColumnSink | undefined): boolean {
    return sink !== undefined && sink.rows >= this.config.chunkRows;
  }
}

/**
 * Lines in an input of `length` units, estimated from the length of its first lines (generously: a regrowth
 * costs more); `lineEnd(from)` finds the next line end, -1 for none.
 */
function estimateRows(length: number, lineEnd: (from: number) => number): number {
  let lines = 0;
  let at = 0;
  while (lines < 64 && at < length) {
    const nl = lineEnd(at);
    lines++;
    if (nl === -1) return lines;
    at = nl + 1;
  }
  if (at >= length) return lines;
  return Math.ceil((length / at) * lines * 1.1) + 64;
}

/**
 * One-shot bytes: the first line is decoded and read (the header, which tells the reader its columns), then
 * the reader takes the plain ASCII rows straight from the bytes (`readBytes`); returns the decoded rest.
 */
function bytesThenText(reader: RowReader, pieces: TextPieces, input: Uint8Array): string {
  // A plain view: a Buffer's elements read slower through its own class.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const firstLineEnd = bytes.indexOf(10) + 1;
  reader.expectRows(estimateRows(bytes.length, (at) => bytes.indexOf(10, at)));
  if (firstLineEnd === 0) return pieces.next(bytes, 'input') + pieces.next(undefined, 'input');
  reader.append(pieces.next(bytes.subarray(0, firstLineEnd), 'input'));
  reader.parse(false);
  const stop = reader.readBytes(bytes, firstLineEnd, true);
  return pieces.next(bytes.subarray(stop), 'input') + pieces.next(undefined, 'input');
}

/** Runs a reader over a whole text (one-shot parsing). */
export function parseAll(ctx: Ctx, reader: RowReader, input: unknown): ParsedEvents {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) fail(ctx, 'input', 'a string or a Uint8Array', input);
  const pieces = new TextPieces(ctx);
  let text: string;
  if (input instanceof Uint8Array) text = bytesThenText(reader, pieces, input);
  else {
    text = pieces.next(input, 'input') + pieces.next(undefined, 'input');
    reader.expectRows(estimateRows(text.length, (at) => text.indexOf('\n', at)));
  }
  reader.append(text);
  // Full only past ONE_SHOT_ROWS rows (see there): an error, not an endless loop.
  if (reader.parse(true)) fail(ctx, 'input', `at most ${ONE_SHOT_ROWS} rows (read longer inputs in chunks)`, `more than ${ONE_SHOT_ROWS} rows`);
  return reader.takeAll();
}

/** Runs a reader over an iterable or async iterable of pieces, yielding a ParsedEvents per full chunk. */
export async function* parseStream(
  ctx: Ctx,
  reader: RowReader,
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): AsyncGenerator<ParsedEvents, void, undefined> {
  const pieces = new TextPieces(ctx);
  const items = typeof source === 'string' || source instanceof Uint8Array ? [source] : source;
  for await (const piece of items) {
    if (piece instanceof Uint8Array) {
      yield* bytesPiece(reader, pieces, new Uint8Array(piece.buffer, piece.byteOffset, piece.byteLength));
      continue;
    }
    reader.append(pieces.next(piece, 'source'));
    while (reader.parse(false)) yield reader.take() as ParsedEvents;
  }
  reader.append(pieces.next(undefined, 'source'));
  while (reader.parse(true)) yield reader.take() as ParsedEvents;
  const last = reader.take();
  if (last !== undefined) yield last;
}

/**
 * One piece of bytes of a stream: the unfinished row before it is completed as text (with the piece up to its
 * first line end), then the reader takes plain ASCII rows straight from the bytes (`readBytes`), handing out
 * each full chunk, and the rest of the piece (from the first other row, or the unfinished last one) is
 * decoded and read as text.
 */
function* bytesPiece(reader: RowReader, pieces: TextPieces, bytes: Uint8Array): Generator<ParsedEvents, void, undefined> {
  // Where the text part starts: the whole piece when it holds no line end.
  let at = bytes.indexOf(10) + 1;
  if (at > 0) {
    reader.append(pieces.next(bytes.subarray(0, at), 'source'));
    while (reader.parse(false)) yield reader.take() as ParsedEvents;
    // Not while a record is still open (a quoted line break): that goes on as text.
    if (!reader.hasUnconsumedText) {
      for (;;) {
        at = reader.readBytes(bytes, at, false);
        if (!reader.chunkFull) break;
        yield reader.take() as ParsedEvents;
      }
    }
  }
  reader.append(pieces.next(bytes.subarray(at), 'source'));
  while (reader.parse(false)) yield reader.take() as ParsedEvents;
}

/** Checks that a chunk source is iterable (sync or async). */
export function checkSource(ctx: Ctx, source: unknown): void {
  const ok =
    typeof source === 'string' ||
    source instanceof Uint8Array ||
    (typeof source === 'object' && source !== null && (typeof (source as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function' || typeof (source as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'));
  if (!ok) fail(ctx, 'source', 'an iterable or async iterable of strings or Uint8Arrays', source);
}
