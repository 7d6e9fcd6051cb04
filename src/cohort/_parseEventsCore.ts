/**
 * Shared machinery of the event-file parsers: option checks, the column sink (typed arrays grown by
 * doubling), the exact amount and fast timestamp readers, and the streaming UTF-8 decoder.
 */
import { toEpochMs, isValidTimeZone, utcWall } from '../core/_time.js';
import { count, fail, oneOf, own, type Ctx } from '../core/_validate.js';
import { MetricError } from '../core/MetricError.js';
import type { SkippedRecord } from './_eventInput.js';
import type { ParsedEvents, ParsedEventColumns } from './parseEventsCsv.js';

/** The options common to every parser, checked. */
export interface CommonConfig {
  readonly timeZone: string;
  readonly amountDecimals: number;
  readonly skip: boolean;
  readonly chunkRows: number;
}

/** Checks timeZone, amountDecimals, onInvalid and (for the chunked parsers) chunkRows. */
export function commonConfig(ctx: Ctx, options: object, chunked: boolean): CommonConfig {
  const timeZone = own(options, 'timeZone') ?? 'UTC';
  if (!isValidTimeZone(timeZone)) fail(ctx, 'options.timeZone', 'an IANA time zone name', timeZone);
  const rawDecimals = own(options, 'amountDecimals');
  const amountDecimals = rawDecimals === undefined ? 2 : count(ctx, 'options.amountDecimals', rawDecimals);
  if (amountDecimals > 15) fail(ctx, 'options.amountDecimals', 'an integer from 0 to 15', rawDecimals);
  const skip = oneOf(ctx, 'options.onInvalid', own(options, 'onInvalid'), ['throw', 'skip'], 'throw') === 'skip';
  const rawRows = chunked ? own(options, 'chunkRows') : undefined;
  const chunkRows = rawRows === undefined ? (chunked ? 65_536 : Number.POSITIVE_INFINITY) : count(ctx, 'options.chunkRows', rawRows);
  if (chunkRows === 0) fail(ctx, 'options.chunkRows', 'a positive safe integer', rawRows);
  return { timeZone, amountDecimals, skip, chunkRows };
}

const TEN_POWERS = Array.from({ length: 16 }, (_, k) => 10 ** k);
const MAX_EVENT_NAMES = 1024;

/** Collects parsed rows as columns; `take()` hands them out and starts a new chunk. */
export class ColumnSink {
  #ids: string[] = [];
  #times: Float64Array;
  #events: string[] | undefined;
  #amounts: Float64Array | undefined;
  #skipped: SkippedRecord[] = [];
  #size = 0;
  #names = new Map<string, string>();
  #recent: string[] = [];
  /** Data rows of the current chunk, valid or skipped. */
  rows = 0;

  constructor(
    readonly ctx: Ctx,
    readonly config: CommonConfig,
    readonly hasEvent: boolean,
    readonly hasAmount: boolean,
    private readonly capacity = 1024,
  ) {
    this.#times = new Float64Array(capacity);
    this.#events = hasEvent ? [] : undefined;
    this.#amounts = hasAmount ? new Float64Array(capacity) : undefined;
  }

  add(id: string, time: number, event: string, amount: number): void {
    const i = this.#size++;
    if (i === this.#times.length) this.#grow();
    this.#ids.push(id);
    this.#times[i] = time;
    if (this.#events !== undefined) this.#events.push(event);
    if (this.#amounts !== undefined) this.#amounts[i] = amount;
    this.rows++;
  }

  /** One shared string per distinct event name (for the first 1,024 names). */
  intern(event: string): string {
    const name = this.#names.get(event);
    if (name !== undefined) return name;
    if (this.#names.size < MAX_EVENT_NAMES) this.#names.set(event, event);
    return event;
  }

  /**
   * The event name in `text` from `from` to `to` ('purchase' when empty), shared with earlier rows when
   * it is one of the first few names seen: no copy per row.
   */
  eventName(text: string, from: number, to: number): string {
    if (to === from) return 'purchase';
    const recent = this.#recent;
    for (let k = 0; k < recent.length; k++) {
      const name = recent[k] as string;
      if (name.length === to - from && text.startsWith(name, from)) return name;
    }
    const name = text.slice(from, to);
    if (recent.length < 8) recent.push(name);
    return name;
  }

  /** A bad record: throws the MetricError (onInvalid 'throw') or records it as skipped. */
  bad(field: string, rule: string, received: unknown, index: number): void {
    const error = new MetricError({ code: 'INVALID_INPUT', functionName: this.ctx.fn, field, rule, received });
    if (!this.config.skip) throw error;
    this.#skipped.push(Object.freeze({ index, field, reason: error.message }));
    this.rows++;
  }

  take(): ParsedEvents {
    const n = this.#size;
    const columns: { -readonly [K in keyof ParsedEventColumns]: ParsedEventColumns[K] } = {
      customerId: this.#ids,
      timestamp: this.#times.slice(0, n),
      amountDecimals: this.config.amountDecimals,
    };
    if (this.#events !== undefined) columns.event = this.#events;
    if (this.#amounts !== undefined) columns.amount = this.#amounts.slice(0, n);
    const result = Object.freeze({ columns: Object.freeze(columns), skipped: Object.freeze(this.#skipped), rows: this.rows });
    this.#ids = [];
    this.#events = this.hasEvent ? [] : undefined;
    this.#skipped = [];
    this.#size = 0;
    this.rows = 0;
    return result;
  }

  #grow(): void {
    const times = new Float64Array(this.#times.length * 2);
    times.set(this.#times);
    this.#times = times;
    if (this.#amounts !== undefined) {
      const amounts = new Float64Array(times.length);
      amounts.set(this.#amounts);
      this.#amounts = amounts;
    }
  }
}

/** Why an amount text was refused: a bad format (or sign, or decimals), or a value past 2^53 - 1. */
export const AMOUNT_FORMAT = -1;
export const AMOUNT_RANGE = -2;

export function amountRule(decimals: number): string {
  return `a non-negative decimal number with at most ${decimals} decimal place${decimals === 1 ? '' : 's'} (no exponent, no spaces)`;
}

/**
 * The exact amount in minor units of a decimal text ('202.82' with 2 decimals is 20282), by digits
 * alone; or AMOUNT_FORMAT / AMOUNT_RANGE. An empty text is 0. Digits past `decimals` must be zeros.
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
  if (negative && minor !== 0) return AMOUNT_FORMAT;
  return Number.isSafeInteger(minor) ? minor + 0 : AMOUNT_RANGE;
}

const NO_DAY = '\u0000';

/**
 * Epoch ms of a timestamp text: 'YYYY-MM-DDTHH:MM:SSZ' is read digit by digit (the day's epoch is
 * cached, as consecutive rows mostly share it); anything else goes through toEpochMs in the zone.
 */
export class TimestampReader {
  #day = NO_DAY;
  #dayMs = 0;

  constructor(private readonly timeZone: string) {}

  /** Epoch milliseconds given as a number: finite and inside the ECMAScript time range. */
  epoch(ms: number): number | undefined {
    return toEpochMs(ms, this.timeZone);
  }

  /** Epoch ms of `text`, or of its part from `from` to `to`; undefined when it is not a timestamp. */
  read(text: string, from = 0, to = text.length): number | undefined {
    const s = from;
    if (to - s !== 20 || text.charCodeAt(s + 19) !== 90 || text.charCodeAt(s + 10) !== 84 || text.charCodeAt(s + 13) !== 58 || text.charCodeAt(s + 16) !== 58) {
      return toEpochMs(text.slice(from, to), this.timeZone);
    }
    if (!text.startsWith(this.#day, s)) {
      const dayMs = dayEpoch(text, s);
      if (dayMs === undefined) return toEpochMs(text.slice(from, to), this.timeZone);
      this.#day = text.slice(s, s + 10);
      this.#dayMs = dayMs;
    }
    const hour = twoDigits(text, s + 11);
    const minute = twoDigits(text, s + 14);
    const second = twoDigits(text, s + 17);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return toEpochMs(text.slice(from, to), this.timeZone);
    return this.#dayMs + hour * 3_600_000 + minute * 60_000 + second * 1000;
  }
}

function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function dayEpoch(text: string, s: number): number | undefined {
  if (text.charCodeAt(s + 4) !== 45 || text.charCodeAt(s + 7) !== 45) return undefined;
  const hi = twoDigits(text, s);
  const lo = twoDigits(text, s + 2);
  const month = twoDigits(text, s + 5);
  const day = twoDigits(text, s + 8);
  if (hi < 0 || lo < 0 || month < 1 || month > 12 || day < 1) return undefined;
  const year = hi * 100 + lo;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day > days ? undefined : utcWall(year, month - 1, day);
}

interface TextDecoderLike {
  decode(input?: Uint8Array, options?: { readonly stream?: boolean }): string;
}
type TextDecoderConstructor = new (label?: string, options?: { readonly fatal?: boolean; readonly ignoreBOM?: boolean }) => TextDecoderLike;

/** Text pieces from strings or UTF-8 bytes (multi-byte sequences may straddle pieces); strips one leading BOM. */
export class TextPieces {
  #decoder: TextDecoderLike | undefined;
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

  #decode(bytes: Uint8Array, field: string): string {
    if (this.#decoder === undefined) {
      const Decoder = (globalThis as unknown as { TextDecoder: TextDecoderConstructor }).TextDecoder;
      this.#decoder = new Decoder('utf-8', { fatal: true, ignoreBOM: true });
    }
    try {
      return this.#decoder.decode(bytes, { stream: true });
    } catch {
      this.#decoder = undefined;
      return fail(this.ctx, field, 'valid UTF-8 text', bytes);
    }
  }

  #flush(field: string): string {
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

  append(text: string): void {
    this.buffer = this.pos === 0 ? this.buffer + text : this.buffer.slice(this.pos) + text;
    this.pos = 0;
    this.onAppend();
  }

  protected onAppend(): void {}

  /**
   * Parses complete rows from the buffer. Returns true when the chunk is full (call `take` and parse
   * again), false when the buffer holds no complete row (or, when `final`, nothing at all).
   */
  abstract parse(final: boolean): boolean;

  /** The parsed rows of the current chunk, or undefined when it has none. */
  take(): ParsedEvents | undefined {
    return this.sink !== undefined && this.sink.rows > 0 ? this.sink.take() : undefined;
  }

  /** The parsed rows, even none (an empty file, or a header alone). */
  takeAll(): ParsedEvents {
    return (this.sink ?? new ColumnSink(this.ctx, this.config, false, false, 1)).take();
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

  protected full(sink: ColumnSink | undefined): boolean {
    return sink !== undefined && sink.rows >= this.config.chunkRows;
  }
}

/** Runs a reader over a whole text (one-shot parsing). */
export function parseAll(ctx: Ctx, reader: RowReader, input: unknown): ParsedEvents {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) fail(ctx, 'input', 'a string or a Uint8Array', input);
  const pieces = new TextPieces(ctx);
  reader.append(pieces.next(input, 'input') + pieces.next(undefined, 'input'));
  while (reader.parse(true)) {
    /* chunkRows is infinite in one-shot mode: never full */
  }
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
    reader.append(pieces.next(piece, 'source'));
    while (reader.parse(false)) yield reader.take() as ParsedEvents;
  }
  reader.append(pieces.next(undefined, 'source'));
  while (reader.parse(true)) yield reader.take() as ParsedEvents;
  const last = reader.take();
  if (last !== undefined) yield last;
}

/** Checks that a chunk source is iterable (sync or async). */
export function checkSource(ctx: Ctx, source: unknown): void {
  const ok =
    typeof source === 'string' ||
    source instanceof Uint8Array ||
    (typeof source === 'object' && source !== null && (typeof (source as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function' || typeof (source as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'));
  if (!ok) fail(ctx, 'source', 'an iterable or async iterable of strings or Uint8Arrays', source);
}
