/**
 * Shared machinery of the event-file parsers: option checks, the row reader and the one-shot and
 * streaming drivers. The column sink is in _columnSink.ts, the exact amount and fast timestamp readers in
 * _cellReaders.ts, and the streaming UTF-8 decoder in _textPieces.ts.
 */
import { isValidTimeZone } from '../core/_time.js';
import { type LongWorkOptions, stopIfAborted } from '../core/_longWork.js';
import { count, fail, oneOf, own, type Ctx } from '../core/_validate.js';
import { ColumnSink } from './_columnSink.js';
import { TextPieces } from './_textPieces.js';
import type { ParsedEvents } from './parseEventsCsv.js';

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
  work: LongWorkOptions = {},
): AsyncGenerator<ParsedEvents, void, undefined> {
  const pieces = new TextPieces(ctx);
  const items = typeof source === 'string' || source instanceof Uint8Array ? [source] : source;
  const { signal, onProgress } = work;
  let bytesRead = 0;
  let rowsRead = 0;
  let chunks = 0;
  const counted = (chunk: ParsedEvents): ParsedEvents => {
    rowsRead += chunk.rows;
    chunks++;
    return chunk;
  };
  stopIfAborted(signal);
  for await (const piece of items) {
    stopIfAborted(signal);
    if (piece instanceof Uint8Array) {
      for (const chunk of bytesPiece(reader, pieces, new Uint8Array(piece.buffer, piece.byteOffset, piece.byteLength))) yield counted(chunk);
      bytesRead += piece.byteLength;
    } else {
      reader.append(pieces.next(piece, 'source'));
      while (reader.parse(false)) yield counted(reader.take() as ParsedEvents);
      bytesRead += typeof piece === 'string' ? piece.length : 0;
    }
    onProgress?.({ bytesRead, rowsRead, chunks });
  }
  stopIfAborted(signal);
  reader.append(pieces.next(undefined, 'source'));
  while (reader.parse(true)) yield counted(reader.take() as ParsedEvents);
  const last = reader.take();
  if (last !== undefined) yield counted(last);
  onProgress?.({ bytesRead, rowsRead, chunks });
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
