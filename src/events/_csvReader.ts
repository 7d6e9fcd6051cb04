/**
 * The CSV row reader behind parseEventsCsv and parseEventsCsvChunks: RFC 4180 records (quoted cells
 * with delimiters, doubled quotes and line breaks; LF, CRLF or lone CR line ends; a quote anywhere else
 * makes a bad row), a header naming the columns (each column read from named once),
 * and the per-row conversion into columns. Plain rows (no quote, valid cells) take a fast path: one pass
 * over their characters, no search and no copy except a new id's text.
 */
import { fail, options as checkOptions, own, record, type Ctx } from '../core/_validate.js';
import { commonConfig, type CommonConfig, RowReader } from './_parseEventsCore.js';
import { AMOUNT_RANGE, amountRule, minorUnits, TimestampReader } from './_cellReaders.js';
import { ColumnSink } from './_columnSink.js';
import { asciiText } from './_internedIds.js';

type ColumnSpec = string | number | null | undefined;

interface CsvConfig extends CommonConfig {
  readonly delimiter: string;
  readonly header: boolean;
  readonly fields: readonly [ColumnSpec, ColumnSpec, ColumnSpec, ColumnSpec];
}

const KEYS = ['customerId', 'timestamp', 'event', 'amount'] as const;
const DEFAULT_NAMES: readonly (readonly string[])[] = [['customer_id', 'customerId'], ['timestamp'], ['event', 'kind'], ['amount']];
const NONE = Number.MAX_SAFE_INTEGER;
const TEN_POWERS = Array.from({ length: 16 }, (_, k) => 10 ** k);
/** Delimiters the fast path accepts. */
const FAST_DELIMITERS = [',', ';', '\t', '|'];
const ROLE_OTHER = 0;
const ROLE_ID = 1;
const ROLE_TIME = 2;
const ROLE_EVENT = 3;
const ROLE_AMOUNT = 4;

/** Checks the options of the CSV parsers. */
export function csvConfig(ctx: Ctx, value: unknown, chunked: boolean): CsvConfig {
  const allowed = ['fields', 'delimiter', 'header', 'timeZone', 'amountDecimals', 'onInvalid', ...(chunked ? ['chunkRows', 'signal', 'onProgress'] : [])];
  const opts = checkOptions(ctx, value, allowed);
  const delimiter = own(opts, 'delimiter') ?? ',';
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    fail(ctx, 'options.delimiter', 'one character other than a quote or a line break', delimiter);
  }
  const header = own(opts, 'header') ?? true;
  if (typeof header !== 'boolean') fail(ctx, 'options.header', 'a boolean', header);
  const rawFields = own(opts, 'fields');
  const mapping = rawFields === undefined ? {} : record(ctx, 'options.fields', rawFields, [...KEYS]);
  const fields = KEYS.map((key, k) => {
    const spec = own(mapping, key);
    const field = `options.fields.${key}`;
    if (spec === undefined) {
      if (!header && k < 2) fail(ctx, field, 'a column index (required when options.header is false)', spec);
      return header ? undefined : null;
    }
    if (spec === null && k >= 2) return null;
    if (typeof spec === 'number' && Number.isSafeInteger(spec) && spec >= 0) return spec;
    if (header && typeof spec === 'string' && spec !== '') return spec;
    return fail(ctx, field, header ? `a column name or a column index${k >= 2 ? ' or null' : ''}` : `a column index${k >= 2 ? ' or null' : ''}`, spec);
  }) as unknown as CsvConfig['fields'];
  return { ...commonConfig(ctx, opts, chunked), delimiter, header, fields };
}

/** Reads CSV text into columns, one chunk at a time. */
export class CsvReader extends RowReader {
  protected sink: ColumnSink | undefined;
  readonly #csv: CsvConfig;
  readonly #delimCode: number;
  readonly #times: TimestampReader;
  #nextQuote = -1;
  #nextDelim = -1;
  #nextLf = -1;
  #nextCr = -1;
  #starts: number[] = [];
  #ends: number[] = [];
  #texts: string[] = [];
  #quoted = false;
  #cells = 0;
  #rowError: '' | 'unterminated' | 'malformed' | 'stray' = '';
  #recordStart = 0;
  #headerPending: boolean;
  #width = -1;
  #columns: readonly [number, number, number, number] = [-1, -1, -1, -1];
  #minWidth = 0;
  /** What each column is (ROLE_*), once the width is known: the fast path's plan of a row. */
  #roles: number[] = [];

  constructor(ctx: Ctx, config: CsvConfig) {
    super(ctx, config);
    this.#csv = config;
    this.#delimCode = config.delimiter.charCodeAt(0);
    this.#times = new TimestampReader(config.timeZone);
    this.#headerPending = config.header;
    if (!config.header) {
      const [id, time, event, amount] = config.fields.map((spec) => (typeof spec === 'number' ? spec : -1));
      this.#useColumns([id as number, time as number, event as number, amount as number]);
    }
  }

  protected override onAppend(): void {
    this.#nextQuote = -1;
    this.#nextDelim = -1;
    this.#nextLf = -1;
    this.#nextCr = -1;
  }

  /**
   * Reads plain rows from `pos` on (no quote, the right number of cells, valid values), each in one pass
   * over its characters with no search: the id is hashed while its end is found, a timestamp of the common
   * 20-character form and the amount are read where they stand, an event name is compared in place with
   * the names seen before. Stops, having read nothing of it, at the first row that is not plain (the
   * general path then reads that row), when the chunk is full, or at a row that may continue in the next
   * piece.
   */
  #fastRows(final: boolean): void {
    const b = this.buffer;
    const length = b.length;
    const sink = this.sink as ColumnSink;
    const times = this.#times;
    const roles = this.#roles;
    const delim = this.#delimCode;
    const last = roles.length - 1;
    const decimals = this.config.amountDecimals;
    const chunkRows = this.config.chunkRows;
    if (this.holdsEmptyLines) return;
    let start = this.pos;
    while (start < length && sink.rows < chunkRows) {
      let p = start;
      let idFrom = -1;
      let idTo = -1;
      let w0 = 0;
      let w1 = 0;
      let narrow = true;
      let timeRead = false;
      let event = -1;
      let amount = 0;
      let ok = true;
      for (let c = 0; c <= last && ok; c++) {
        const role = roles[c] as number;
        let end = -1;
        if (role === ROLE_ID) {
          // Hash input for the interner while looking for the cell's end: up to 8 one-byte chars in two words.
          let q = p;
          for (let ch = q < length ? b.charCodeAt(q) : -1; ch !== delim && ch !== 10 && ch !== 13 && ch !== 34 && ch !== -1; ch = ++q < length ? b.charCodeAt(q) : -1) {
            const k = q - p;
            if (ch > 255 || k >= 8) narrow = false;
            else if (k < 4) w0 |= ch << (8 * k);
            else w1 |= ch << (8 * (k - 4));
          }
          idFrom = p;
          idTo = end = q;
        } else if (role === ROLE_TIME) {
          if (p + 20 <= length && b.charCodeAt(p + 19) === 90) end = p + 20;
          else end = cellEnd(b, p, delim);
          if (end < 0 || !times.parse(b, p, end)) ok = false;
          timeRead = true;
        } else if (role === ROLE_AMOUNT) {
          // Digits and at most one point are read as they are scanned; other forms go to minorUnits.
          let value = 0;
          let fraction = -1;
          end = p;
          for (let q = end < length ? b.charCodeAt(end) : -1; (q >= 48 && q <= 57) || q === 46; q = ++end < length ? b.charCodeAt(end) : -1) {
            if (q === 46) fraction = fraction < 0 ? 0 : decimals + 1;
            else {
              value = value * 10 + (q - 48);
              if (fraction >= 0) fraction++;
            }
          }
          const minor = value * (TEN_POWERS[decimals - (fraction < 0 ? 0 : fraction)] ?? Number.NaN);
          amount = end - p > (fraction < 0 ? 0 : 1) && fraction <= decimals && Number.isSafeInteger(minor) ? minor : minorUnits(b, decimals, p, end);
          if (!Number.isFinite(amount)) ok = false;
        } else if (role === ROLE_EVENT) {
          end = sink.knownEventEnd(b, p, length);
          if (end >= 0) event = sink.knownEvent;
          else {
            end = cellEnd(b, p, delim);
            // A name cut off by the end of the text is not registered: its row is read again, whole.
            if (end === length && !final) end = -1;
            if (end >= 0) event = sink.eventNumberAt(b, p, end);
          }
        } else {
          end = cellEnd(b, p, delim);
        }
        if (!ok || end < 0) {
          ok = false;
          break;
        }
        // Each cell but the last ends at the delimiter; the last at a line end (LF, CRLF, CR, or the text's end when final).
        if (c < last) {
          if (end >= length || b.charCodeAt(end) !== delim) ok = false;
          p = end + 1;
        } else {
          const ch = end < length ? b.charCodeAt(end) : -1;
          if (ch === 10) p = end + 1;
          else if (ch === 13 && end + 1 < length) p = b.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
          else if ((ch === -1 || ch === 13) && final) p = length;
          else ok = false;
        }
      }
      if (!ok || idTo <= idFrom || !timeRead) return;
      this.index++;
      this.pos = start = p;
      const id = narrow ? sink.idNumberOfWords(b, idFrom, idTo, w0, w1) : sink.idNumberAt(b, idFrom, idTo);
      sink.pushRead(id, times, event, amount);
    }
  }

  /**
   * `#fastRows` over bytes, before they are decoded: reads plain rows of ASCII bytes from `from` on and
   * returns where it stopped (a row start): at the first row that is not plain or holds a byte above 0x7f, at
   * a row the bytes end inside (unless `final`), when the chunk is full, or at once when the reader cannot
   * start (no columns yet, held empty lines). The rest is decoded and read as text, which also checks it is
   * UTF-8. A typed-array read costs a fraction of a `charCodeAt`, and the rows read here are never decoded.
   */
  override readBytes(b: Uint8Array, from: number, final: boolean): number {
    const sink = this.sink;
    const roles = this.#roles;
    if (sink === undefined || roles.length === 0 || this.holdsEmptyLines) return from;
    const length = b.length;
    const times = this.#times;
    const delim = this.#delimCode;
    const last = roles.length - 1;
    const decimals = this.config.amountDecimals;
    const chunkRows = this.config.chunkRows;
    let start = from;
    while (start < length && sink.rows < chunkRows) {
      let p = start;
      let idFrom = -1;
      let idTo = -1;
      let w0 = 0;
      let w1 = 0;
      let narrow = true;
      let timeRead = false;
      let event = -1;
      let amount = 0;
      let ok = true;
      for (let c = 0; c <= last && ok; c++) {
        const role = roles[c] as number;
        let end = -1;
        if (role === ROLE_ID) {
          let q = p;
          for (let ch = q < length ? (b[q] as number) : -1; ch !== delim && ch !== 10 && ch !== 13 && ch !== 34 && ch !== -1; ch = ++q < length ? (b[q] as number) : -1) {
            const k = q - p;
            if (ch > 127) ok = false;
            if (k >= 8) narrow = false;
            else if (k < 4) w0 |= ch << (8 * k);
            else w1 |= ch << (8 * (k - 4));
          }
          idFrom = p;
          idTo = end = q;
        } else if (role === ROLE_TIME) {
          if (times.parseZuluBytes(b, p)) end = p + 20;
          else {
            end = byteCellEnd(b, p, delim);
            if (end < 0 || !times.parse(asciiText(b, p, end), 0, end - p)) ok = false;
          }
          timeRead = true;
        } else if (role === ROLE_AMOUNT) {
          let value = 0;
          let fraction = -1;
          end = p;
          for (let q = end < length ? (b[end] as number) : -1; (q >= 48 && q <= 57) || q === 46; q = ++end < length ? (b[end] as number) : -1) {
            if (q === 46) fraction = fraction < 0 ? 0 : decimals + 1;
            else {
              value = value * 10 + (q - 48);
              if (fraction >= 0) fraction++;
            }
          }
          const minor = value * (TEN_POWERS[decimals - (fraction < 0 ? 0 : fraction)] ?? Number.NaN);
          amount = end - p > (fraction < 0 ? 0 : 1) && fraction <= decimals && Number.isSafeInteger(minor) ? minor : minorUnits(asciiText(b, p, end), decimals);
          if (!Number.isFinite(amount)) ok = false;
        } else if (role === ROLE_EVENT) {
          end = sink.knownEventEndOfBytes(b, p, length);
          if (end >= 0) event = sink.knownEvent;
          else {
            end = byteCellEnd(b, p, delim);
            if (end === length && !final) end = -1;
            if (end >= 0) event = sink.eventNumberAt(asciiText(b, p, end), 0, end - p);
          }
        } else {
          end = byteCellEnd(b, p, delim);
        }
        if (!ok || end < 0) {
          ok = false;
          break;
        }
        if (c < last) {
          if (end >= length || b[end] !== delim) ok = false;
          p = end + 1;
        } else {
          const ch = end < length ? (b[end] as number) : -1;
          if (ch === 10) p = end + 1;
          else if (ch === 13 && end + 1 < length) p = b[end + 1] === 10 ? end + 2 : end + 1;
          else if ((ch === -1 || ch === 13) && final) p = length;
          else ok = false;
        }
      }
      if (!ok || idTo <= idFrom || !timeRead) return start;
      this.index++;
      start = p;
      sink.pushRead(sink.idNumberOfBytes(b, idFrom, idTo, narrow, w0, w1), times, event, amount);
    }
    return start;
  }

  protected parseBuffer(final: boolean): boolean {
    for (;;) {
      if (this.full(this.sink)) return true;
      // Plain rows are read in one pass over their cells (once the columns are known); anything else goes
      // the general way.
      if (this.#roles.length > 0) {
        this.#fastRows(final);
        if (this.full(this.sink)) return true;
      }
      const next = this.#record(final);
      if (next < 0) return false;
      this.#recordStart = this.pos;
      this.pos = next;
      this.#row();
    }
  }

  /** Finds the cells of the record at `pos`; returns the position after it, or -1 (none complete). */
  #record(final: boolean): number {
    const b = this.buffer;
    const start = this.pos;
    if (start >= b.length) return -1;
    // The line end: LF, CRLF or a lone CR (a CR at the end of the text may be the first half of a CRLF).
    const eol = this.#lineEnd(start);
    if ((eol === NONE || (eol + 1 === b.length && b.charCodeAt(eol) === 13)) && !final) return -1;
    const end = eol === NONE ? b.length : eol;
    const next = eol === NONE ? b.length : b.charCodeAt(eol) === 13 && b.charCodeAt(eol + 1) === 10 ? eol + 2 : eol + 1;
    if (this.#nextQuote < start) {
      const q = b.indexOf('"', start);
      this.#nextQuote = q === -1 ? NONE : q;
    }
    if (this.#nextQuote < end) return this.#quotedRecord(final);
    this.#quoted = false;
    this.#rowError = '';
    const lineEnd = end;
    if (lineEnd === start) {
      this.#cells = 0;
      return next;
    }
    let cellStart = start;
    let k = 0;
    for (;;) {
      let d = this.#nextDelim;
      if (d < cellStart) {
        const found = b.indexOf(this.#csv.delimiter, cellStart);
        d = this.#nextDelim = found === -1 ? NONE : found;
      }
      this.#starts[k] = cellStart;
      if (d < lineEnd) {
        this.#ends[k++] = d;
        cellStart = d + 1;
      } else {
        this.#ends[k++] = lineEnd;
        break;
      }
    }
    this.#cells = k;
    return next;
  }

  /** The first CR or LF from `from`, or NONE; the searches are kept until the next append, so each char is searched once. */
  #lineEnd(from: number): number {
    const b = this.buffer;
    if (this.#nextLf < from) {
      const found = b.indexOf('\n', from);
      this.#nextLf = found === -1 ? NONE : found;
    }
    if (this.#nextCr < from) {
      const found = b.indexOf('\r', from);
      this.#nextCr = found === -1 ? NONE : found;
    }
    return Math.min(this.#nextLf, this.#nextCr);
  }

  /** The slow path for a record holding a quote: a character-level RFC 4180 scan. */
  #quotedRecord(final: boolean): number {
    const b = this.buffer;
    const len = b.length;
    const texts = this.#texts;
    let i = this.pos;
    let k = 0;
    this.#quoted = true;
    this.#rowError = '';
    for (;;) {
      if (i < len && b.charCodeAt(i) === 34) {
        let j = i + 1;
        let text = '';
        for (;;) {
          const q = b.indexOf('"', j);
          if (q === -1) {
            if (!final) return -1;
            texts[k++] = text + b.slice(j);
            this.#rowError = 'unterminated';
            return this.#end(k, len);
          }
          if (q + 1 === len && !final) return -1;
          if (b.charCodeAt(q + 1) === 34) {
            text += b.slice(j, q + 1);
            j = q + 2;
            continue;
          }
          text += b.slice(j, q);
          i = q + 1;
          break;
        }
        texts[k++] = text;
        if (i === len) return this.#end(k, len);
        const c = b.charCodeAt(i);
        if (c === this.#delimCode) {
          i++;
          continue;
        }
        if (c === 10 || c === 13) return this.#endAtLineEnd(k, i, final);
        this.#rowError = 'malformed';
        return this.#endAtLineEnd(k, this.#lineEnd(i), final);
      }
      let j = i;
      while (j < len) {
        const c = b.charCodeAt(j);
        if (c === this.#delimCode || c === 10 || c === 13) break;
        // A quote inside a cell that does not start with one (`ab"c`): RFC 4180 allows quotes only
        // around a whole cell. The row is bad; it ends at the next line end.
        if (c === 34) {
          this.#rowError = 'stray';
          texts[k] = b.slice(i, j + 1);
          return this.#endAtLineEnd(k + 1, this.#lineEnd(j), final);
        }
        j++;
      }
      if (j < len && b.charCodeAt(j) === this.#delimCode) {
        texts[k++] = b.slice(i, j);
        i = j + 1;
        continue;
      }
      if (j === len && !final) return -1;
      texts[k++] = b.slice(i, j);
      return this.#endAtLineEnd(k, j, final);
    }
  }

  /**
   * Ends the record whose line end (CR or LF) is at `at` (NONE or the text's end: none): the position after
   * the LF, the CRLF or the lone CR; -1 when more text may change it (no line end yet, or a CR at the end).
   */
  #endAtLineEnd(cells: number, at: number, final: boolean): number {
    const b = this.buffer;
    const len = b.length;
    if (at >= len) return final ? this.#end(cells, len) : -1;
    if (b.charCodeAt(at) === 10) return this.#end(cells, at + 1);
    if (at + 1 === len) return final ? this.#end(cells, len) : -1;
    return this.#end(cells, b.charCodeAt(at + 1) === 10 ? at + 2 : at + 1);
  }

  #end(cells: number, next: number): number {
    this.#cells = cells;
    return next;
  }

  #cell(k: number): string {
    return this.#quoted ? (this.#texts[k] as string) : this.buffer.slice(this.#starts[k], this.#ends[k]);
  }

  /**
   * The role of each of the `#width` columns, for the fast path; none (no fast path) for a delimiter that
   * can occur inside the cells it reads in place (digits, '-', ':', '.', letters).
   */
  #planRoles(): void {
    if (!FAST_DELIMITERS.includes(this.#csv.delimiter)) return;
    const roles: number[] = new Array<number>(this.#width).fill(ROLE_OTHER);
    const [id, time, event, amount] = this.#columns;
    // Assigned in this order, so that a column mapped to two fields keeps the role the general path reads first.
    for (const [column, role] of [[amount, ROLE_AMOUNT], [event, ROLE_EVENT], [time, ROLE_TIME], [id, ROLE_ID]] as const) {
      if (column >= 0 && column < roles.length) roles[column] = role;
    }
    const distinct = new Set([id, time, event, amount].filter((c) => c >= 0));
    // A column that serves two fields goes the general way.
    this.#roles = distinct.size === [id, time, event, amount].filter((c) => c >= 0).length ? roles : [];
  }

  #useColumns(columns: readonly [number, number, number, number]): void {
    this.#columns = columns;
    this.#minWidth = Math.max(...columns) + 1;
    this.sink = new ColumnSink(this.ctx, this.config, columns[2] >= 0, columns[3] >= 0);
    this.sink.delimiter = this.#delimCode;
    if (this.expected > 0) this.sink.expect(this.expected);
  }

  #readHeader(): void {
    const names = Array.from({ length: this.#cells }, (_, k) => this.#cell(k));
    const text = names.join(this.#csv.delimiter);
    if (this.#rowError !== '') fail(this.ctx, 'header', 'a row of well-formed quoted cells', text);
    const width = names.length;
    const columns = this.#csv.fields.map((spec, k) => {
      const key = `options.fields.${KEYS[k] as string}`;
      if (spec === null) return -1;
      if (typeof spec === 'number') return spec < width ? spec : fail(this.ctx, key, `a column index below ${width} (the header has ${width} columns)`, spec);
      if (typeof spec === 'string') {
        const at = names.indexOf(spec);
        if (at >= 0) return this.#once(names, at, text);
        const trimmed = spec !== spec.trim() && names.includes(spec.trim()) ? `; the header has ${JSON.stringify(spec.trim())}, without the spaces of this name` : '';
        return fail(this.ctx, key, `a column of the header (${names.join(', ')})${spacedHint(names, [spec], key)}${trimmed}`, spec);
      }
      const defaults = DEFAULT_NAMES[k] as readonly string[];
      const at = defaults.map((name) => names.indexOf(name)).find((position) => position >= 0) ?? -1;
      const hint = at < 0 ? spacedHint(names, defaults, key) : '';
      // A required column missing, or an optional one written with spaces (which would be dropped unseen).
      if (at < 0 && (k < 2 || hint !== '')) fail(this.ctx, 'header', `a row naming a column ${defaults.join(' or ')} (or set ${key})${hint}`, text);
      return at < 0 ? at : this.#once(names, at, text);
    });
    this.#width = width;
    this.#useColumns(columns as unknown as [number, number, number, number]);
    this.#planRoles();
  }

  /** `at`, the column a field is read from, when its name occurs once in the header; else refused (which column would be meant?). */
  #once(names: readonly string[], at: number, text: string): number {
    const name = names[at] as string;
    const again = names.indexOf(name, at + 1);
    if (again >= 0) fail(this.ctx, 'header', `a row naming each column it is read from once (${JSON.stringify(name)} is both column ${at} and column ${again})`, text);
    return at;
  }

  /** Converts the record just found (header, empty line or data row). */
  #row(): void {
    if (this.#headerPending) {
      if (this.#cells === 0) fail(this.ctx, 'header', 'a row naming the columns (the first line)', '');
      this.#headerPending = false;
      this.#readHeader();
      return;
    }
    if (this.#cells === 0) {
      this.emptyLine();
      return;
    }
    const sink = this.sink as ColumnSink;
    this.flushEmpty(sink, this.#width > 0 ? `a row of ${this.#width} cells` : 'a row of cells');
    const index = this.index++;
    if (this.#rowError !== '') {
      const rule =
        this.#rowError === 'unterminated'
          ? 'a row whose quoted cells are closed'
          : this.#rowError === 'stray'
            ? 'a row whose quotes enclose whole cells (a quote inside an unquoted cell, as in ab"c, is written "ab""c")'
            : 'a row of well-formed quoted cells (a closing quote followed by the delimiter or the line end)';
      sink.bad(rowName(index), rule, this.buffer.slice(this.#recordStart, Math.min(this.pos, this.#recordStart + 80)), index);
      return;
    }
    if (this.#width < 0) {
      if (this.#cells < this.#minWidth) return sink.bad(rowName(index), `a row of at least ${this.#minWidth} cells`, this.#cells, index);
      this.#width = this.#cells;
      this.#planRoles();
    }
    if (this.#cells !== this.#width) return sink.bad(rowName(index), `a row of ${this.#width} cells`, this.#cells, index);
    const [idColumn, timeColumn, eventColumn, amountColumn] = this.#columns;
    const quoted = this.#quoted;
    if (quoted ? this.#texts[idColumn] === '' : this.#starts[idColumn] === this.#ends[idColumn]) return sink.bad(rowName(index, '.customerId'), 'a non-empty string', '', index);
    const texts = this.#texts;
    const b = this.buffer;
    let src = quoted ? (texts[timeColumn] as string) : b;
    let from = quoted ? 0 : (this.#starts[timeColumn] as number);
    let to = quoted ? src.length : (this.#ends[timeColumn] as number);
    const time = this.#times.read(src, from, to);
    if (time === undefined) return sink.bad(rowName(index, '.timestamp'), 'an ISO-8601 timestamp (read in options.timeZone when it has no offset)', src.slice(from, to), index);
    let event = -1;
    if (eventColumn >= 0) {
      src = quoted ? (texts[eventColumn] as string) : b;
      event = quoted ? sink.eventNumberAt(src, 0, src.length) : sink.eventNumberAt(b, this.#starts[eventColumn] as number, this.#ends[eventColumn] as number);
    }
    let amount = 0;
    if (amountColumn >= 0) {
      src = quoted ? (texts[amountColumn] as string) : b;
      from = quoted ? 0 : (this.#starts[amountColumn] as number);
      to = quoted ? src.length : (this.#ends[amountColumn] as number);
      amount = minorUnits(src, this.config.amountDecimals, from, to);
      if (!Number.isFinite(amount)) {
        const rule = amount === AMOUNT_RANGE ? 'at most 9007199254740991 minor units' : amountRule(this.config.amountDecimals);
        return sink.bad(rowName(index, '.amount'), rule, src.slice(from, to), index);
      }
    }
    const id = quoted ? sink.idNumber(texts[idColumn] as string) : sink.idNumberAt(b, this.#starts[idColumn] as number, this.#ends[idColumn] as number);
    sink.push(id, time, event, amount);
  }
}

/**
 * The end of a plain cell from `from`: the next delimiter or line break, or the text's end; -1 when the
 * cell holds a quote (the general path reads such rows).
 */
function cellEnd(text: string, from: number, delim: number): number {
  const length = text.length;
  let q = from;
  for (; q < length; q++) {
    const ch = text.charCodeAt(q);
    if (ch === delim || ch === 10 || ch === 13) return q;
    if (ch === 34) return -1;
  }
  return q;
}

/**
 * The end of a plain cell of ASCII bytes from `from`: the next delimiter or line break, or the end; -1 when
 * the cell holds a quote or a byte above 0x7f (the text path reads such rows).
 */
function byteCellEnd(b: Uint8Array, from: number, delim: number): number {
  const length = b.length;
  let q = from;
  for (; q < length; q++) {
    const ch = b[q] as number;
    if (ch === delim || ch === 10 || ch === 13) return q;
    if (ch === 34 || ch > 127) return -1;
  }
  return q;
}

/**
 * The part of a header message that points at a header cell equal to one of `wanted` once trimmed (`'
 * timestamp'`): cells are not trimmed, so it is not that column. Empty when there is none.
 */
function spacedHint(names: readonly string[], wanted: readonly string[], key: string): string {
  const at = names.findIndex((name) => name !== name.trim() && wanted.includes(name.trim()));
  if (at < 0) return '';
  const name = names[at] as string;
  return `; column ${at} is ${JSON.stringify(name)}, with spaces around the name (cells are not trimmed): remove them from the header or set ${key} to ${JSON.stringify(name)}`;
}

/** A row's name in messages (made only for a bad row): `rows[12]`, `rows[12].amount`. */
function rowName(index: number, field = ''): string {
  return `rows[${index}]${field}`;
}
