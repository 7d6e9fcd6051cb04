import type { AnyEventRecord, FieldName, SkippedRecord } from './_eventInput.js';
import { csvConfig, CsvReader } from './_csvReader.js';
import { parseAll } from './_parseEventsCore.js';
import { noExtraArguments } from '../core/_validate.js';
import type { EventColumns } from './_eventColumns.js';

/**
 * The columns read from an event file: {@link EventColumns} with concrete array types, ready for
 * {@link CohortBuilder.addColumns}.
 * @category cohort
 */
export interface ParsedEventColumns extends EventColumns {
  /**
   * Customer ids, as written (never converted to numbers, never trimmed): a frozen array, one shared string
   * per customer, made when first read (`CohortBuilder.addColumns` does not need it).
   */
  readonly customerId: readonly string[];
  /** Epoch milliseconds of each event. */
  readonly timestamp: Float64Array;
  /** Event names (empty or missing ones read as `'purchase'`), a frozen array; absent when the file has no event column. */
  readonly event?: readonly string[];
  /** Amounts in minor units (exact integers: 202.82 is 20282 with 2 decimals); absent when the file has no amount column. */
  readonly amount?: Float64Array;
  /** The `amountDecimals` option the amounts were scaled with. */
  readonly amountDecimals: number;
}

/**
 * The result of parsing events (a whole file, or one chunk of it).
 * @category cohort
 */
export interface ParsedEvents {
  /** The valid rows, as parallel columns. */
  readonly columns: ParsedEventColumns;
  /** The bad rows skipped under `onInvalid: 'skip'` (index among the data rows, field, reason), in file order. */
  readonly skipped: readonly SkippedRecord[];
  /** Data rows read: valid rows plus skipped ones (the header and trailing empty lines are not rows). */
  readonly rows: number;
}

/**
 * Where each field is found in a CSV file: a header name or a 0-based column index (indexes are required
 * when `header` is false). `null` for `event` or `amount` ignores that column even when present.
 * @typeParam R - The shape of a row, keyed by header name: with `parseEventsCsv<{ user: string; at: string }>(...)`
 * a header name in `fields` must be one of its keys. Default {@link AnyEventRecord} (any header name).
 * @category cohort
 */
export interface CsvEventFields<R = AnyEventRecord> {
  /** Column of the customer id. Default: the header column `customer_id`, else `customerId`. */
  readonly customerId?: NoInfer<FieldName<R>> | number;
  /** Column of the timestamp. Default: the header column `timestamp`. */
  readonly timestamp?: NoInfer<FieldName<R>> | number;
  /** Column of the event name. Default: the header column `event`, else `kind`, else none. */
  readonly event?: NoInfer<FieldName<R>> | number | null;
  /** Column of the amount. Default: the header column `amount`, else none. */
  readonly amount?: NoInfer<FieldName<R>> | number | null;
}

/**
 * Options of {@link parseEventsCsv}.
 * @typeParam R - The shape of a row, keyed by header name (see {@link CsvEventFields}). Default {@link AnyEventRecord}.
 * @category cohort
 */
export interface ParseEventsCsvOptions<R = AnyEventRecord> {
  /** Where each field is found; see {@link CsvEventFields} for the default header names. */
  readonly fields?: CsvEventFields<R>;
  /** The cell separator, one character other than a quote or a line break. Default `','`. */
  readonly delimiter?: string;
  /** Whether the first line names the columns. Default true; false requires `fields` as column indexes. */
  readonly header?: boolean;
  /** IANA zone in which timestamps without an offset are read. Default `'UTC'`. */
  readonly timeZone?: string;
  /** Decimals of the minor unit the amounts are scaled to: 2 for cents (default), 0 to 15. */
  readonly amountDecimals?: number;
  /** `'throw'` (default) stops at the first bad row; `'skip'` skips and reports each one in `skipped`. */
  readonly onInvalid?: 'throw' | 'skip';
}

/**
 * Parses a CSV event log (one event per row: customer, time, optionally event name and amount) into
 * columns for {@link CohortBuilder.addColumns}, without building an object per row.
 *
 * Format: RFC 4180. Cells may be quoted (a quoted cell may hold the delimiter, line breaks and doubled
 * quotes `""`); a quote anywhere else (`ab"c`) makes a bad row. Lines end with LF, CRLF or a lone CR (old Mac
 * and some spreadsheet exports), in any mix, as pandas and other RFC 4180 readers accept; a UTF-8 byte-order
 * mark at the start is dropped; bytes are read as UTF-8. The first line is the header unless `header: false`.
 * Cells are not trimmed: a header cell ` timestamp` is not the column `timestamp` (the error says so). A
 * header that names a column read from twice (`customer_id,timestamp,customer_id`) is refused: which one is
 * meant? Empty lines at the end are ignored; an empty line followed by more rows is a bad row. Every line
 * after the header ends as a row, a skipped row with its reason, or the error: nothing is dropped unseen.
 *
 * Fields (see {@link CsvEventFields}): by default the columns named `customer_id` (or `customerId`),
 * `timestamp`, `event` (or `kind`) and `amount`; the id and timestamp columns are required, the others
 * optional (the result then has no `event` or `amount` column).
 * - Customer ids stay the exact text of the cell; an empty id is a bad row.
 * - Timestamps are ISO-8601 texts; one without an offset is a wall-clock time in `timeZone` (default UTC).
 *   The common form `2023-01-01T04:52:52Z` is read on a fast path.
 * - Event names: an empty cell reads as `'purchase'`, the default of {@link CustomerEvent}.
 * - Amounts are decimal texts converted exactly to integer minor units (`'202.82'` is 20282 with
 *   `amountDecimals: 2`; a leading `-` is a refund, `'-5.00'` is -500, which nets revenue) by digits alone, never through a float product; digits past `amountDecimals`
 *   must be zeros (`'1.234'` is a bad row with 2 decimals, `'1.230'` is 123); no exponent, no thousands
 *   separator; an empty cell is 0. The value must stay a safe integer in minor units.
 *
 * Bad rows: a wrong number of cells (the header's count, or the first row's when `header` is false),
 * unbalanced or misplaced quotes (a quote inside an unquoted cell, text after a closing quote, a quoted cell
 * never closed), an empty id, an unparseable timestamp, or an amount that is not
 * a plain decimal or has too many decimals. With `onInvalid: 'throw'` the first one throws; with `'skip'`
 * each is listed in `skipped`. Rows are numbered from 0 among the data rows (the header excluded).
 *
 * For files too large to hold as one string, use {@link parseEventsCsvChunks}. Pass the bytes rather than a
 * decoded string when you have them (`fs.readFileSync(path)`, `new Uint8Array(await file.arrayBuffer())`):
 * rows of plain ASCII are then read straight from the bytes, which is faster; the result is the same.
 *
 * @param input - The CSV text, or its UTF-8 bytes.
 * @param options - See {@link ParseEventsCsvOptions}.
 * @throws {@link MetricError} `INVALID_INPUT`: an input that is not a string or Uint8Array, invalid UTF-8,
 * an unknown or invalid option (time zone, delimiter, field mapping), a header without the required
 * columns (or with a wanted name only with spaces around it) or naming a column read from twice, or (with `onInvalid: 'throw'`) the first bad row, as
 * `"parseEventsCsv: rows[<index>].<field> must be <rule>, received <value>"`.
 * @example
 * ```ts
 * import { parseEventsCsv, CohortBuilder } from 'loyalty-metrics';
 * const csv =
 *   'customer_id,timestamp,amount,kind\n' +
 *   'c004546,2023-01-01T04:52:52Z,202.82,purchase\n' +
 *   'c008340,2023-01-01T06:01:36Z,81.13,interaction\n' +
 *   ',2023-01-01T07:00:00Z,5.00,purchase\n';
 * const { columns, skipped, rows } = parseEventsCsv(csv, { onInvalid: 'skip' });
 * rows //=> 3
 * columns.customerId //=> ["c004546", "c008340"]
 * Array.from(columns.timestamp) //=> [1672548772000, 1672552896000]
 * Array.from(columns.amount) //=> [20282, 8113]
 * columns.event //=> ["purchase", "interaction"]
 * skipped[0].reason //=> 'parseEventsCsv: rows[2].customerId must be a non-empty string, received ""'
 * new CohortBuilder().addColumns(columns).recordsAdded //=> 2
 * ```
 * @typeParam R - The shape of a row, keyed by header name, given to have the header names in `fields` checked
 * (`parseEventsCsv<{ user: string; at: string }>(csv, { fields: { customerId: 'user', timestamp: 'at' } })`).
 * Default {@link AnyEventRecord} (any header name).
 * @category cohort
 */
export function parseEventsCsv<R extends object = AnyEventRecord>(input: string | Uint8Array, options?: ParseEventsCsvOptions<R>): ParsedEvents {
  const ctx = { fn: 'parseEventsCsv' };
  noExtraArguments(ctx, arguments, 2);
  const reader = new CsvReader(ctx, csvConfig(ctx, options, false));
  return parseAll(ctx, reader, input);
}
