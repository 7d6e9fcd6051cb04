import { noExtraArguments } from '../core/_validate.js';
import { ndjsonConfig, NdjsonReader } from './_ndjsonReader.js';
import { parseAll } from './_parseEventsCore.js';
import type { ParsedEvents } from './parseEventsCsv.js';
import type { AnyEventRecord, FieldName } from './_eventInput.js';

/**
 * Where each field is found in an NDJSON record: a property name. `null` for `event` or `amount` drops
 * that column from the result.
 * @typeParam R - The type of one record (one line's object): with `parseEventsNdjson<Order>(...)` a property
 * name in `fields` must be one of its keys. Default {@link AnyEventRecord} (any property name).
 * @category cohort
 */
export interface NdjsonEventFields<R = AnyEventRecord> {
  /** Property of the customer id. Default: `customer_id`, else `customerId`. */
  readonly customerId?: NoInfer<FieldName<R>>;
  /** Property of the timestamp. Default: `timestamp`. */
  readonly timestamp?: NoInfer<FieldName<R>>;
  /** Property of the event name. Default: `event`, else `kind`. */
  readonly event?: NoInfer<FieldName<R>> | null;
  /** Property of the amount. Default: `amount`. */
  readonly amount?: NoInfer<FieldName<R>> | null;
}

/**
 * Options of {@link parseEventsNdjson}.
 * @typeParam R - The type of one record (see {@link NdjsonEventFields}). Default {@link AnyEventRecord}.
 * @category cohort
 */
export interface ParseEventsNdjsonOptions<R = AnyEventRecord> {
  /** Where each field is found; see {@link NdjsonEventFields} for the default property names. */
  readonly fields?: NdjsonEventFields<R>;
  /** IANA zone in which timestamps without an offset are read. Default `'UTC'`. */
  readonly timeZone?: string;
  /** Decimals of the minor unit the amounts are scaled to: 2 for cents (default), 0 to 15. */
  readonly amountDecimals?: number;
  /** `'throw'` (default) stops at the first bad row; `'skip'` skips and reports each one in `skipped`. */
  readonly onInvalid?: 'throw' | 'skip';
}

/**
 * Parses an NDJSON event log (one JSON object per line) into columns for
 * {@link CohortBuilder.addColumns}, the JSON counterpart of {@link parseEventsCsv} with the same result.
 *
 * Format: one JSON object per line, LF or CRLF line ends (a lone CR is JSON whitespace, not a line end: two
 * objects on a line so joined make one bad row), UTF-8 (a byte-order mark at the start is dropped). Blank lines at the end are ignored; a blank line followed by more rows is a bad row.
 *
 * Fields (see {@link NdjsonEventFields}): by default the properties `customer_id` (or `customerId`),
 * `timestamp`, `event` (or `kind`) and `amount`, each the first of its names that the record has as its
 * own property. The result always has `event` and `amount` columns unless they are mapped to `null`.
 * - Customer id: a non-empty string, or a safe integer read as its decimal text (`42` is `'42'`).
 * - Timestamp: an ISO-8601 string (without an offset, a wall-clock time in `timeZone`, default UTC) or
 *   epoch milliseconds.
 * - Event name: a non-empty string; missing or null reads as `'purchase'` (the {@link CustomerEvent}
 *   default).
 * - Amount: a decimal string or a JSON number, converted exactly to integer minor units. A number is taken
 *   by its shortest decimal text (`202.82` is `'202.82'`, so 20282 cents): a number whose text has more
 *   decimals than `amountDecimals` (such as `0.30000000000000004`) or an exponent is a bad row, never
 *   rounded. Missing or null is 0; a negative amount is a refund (`-5` is -500 cents), which nets revenue.
 *
 * Bad rows (a line that is not a JSON object, or a field as above) throw with `onInvalid: 'throw'`
 * (default) or are listed in `skipped` with `'skip'`; rows are numbered from 0.
 *
 * For files too large to hold as one string, use {@link parseEventsNdjsonChunks}.
 *
 * @param input - The NDJSON text, or its UTF-8 bytes.
 * @param options - See {@link ParseEventsNdjsonOptions}.
 * @throws {@link MetricError} `INVALID_INPUT`: an input that is not a string or Uint8Array, invalid UTF-8,
 * an unknown or invalid option, or (with `onInvalid: 'throw'`) the first bad row, as
 * `"parseEventsNdjson: rows[<index>].<field> must be <rule>, received <value>"`.
 * @example
 * ```ts
 * import { parseEventsNdjson } from 'loyalty-metrics';
 * const ndjson =
 *   '{"customer_id":"c004546","timestamp":"2023-01-01T04:52:52Z","amount":202.82,"kind":"purchase"}\n' +
 *   '{"customer_id":"c008340","timestamp":"2023-01-01T06:01:36Z","amount":"81.13"}\n' +
 *   '{"customer_id":"c000001","timestamp":"2023-01-01T07:00:00Z","amount":0.1234}\n';
 * const { columns, skipped, rows } = parseEventsNdjson(ndjson, { onInvalid: 'skip' });
 * rows //=> 3
 * columns.customerId //=> ["c004546", "c008340"]
 * Array.from(columns.amount) //=> [20282, 8113]
 * columns.event //=> ["purchase", "purchase"]
 * skipped[0].field //=> 'rows[2].amount'
 * ```
 * @typeParam R - The type of one record, given to have the property names in `fields` checked
 * (`parseEventsNdjson<Order>(text, { fields: { customerId: 'user' } })`). Default {@link AnyEventRecord} (any name).
 * @category cohort
 */
export function parseEventsNdjson<R extends object = AnyEventRecord>(input: string | Uint8Array, options?: ParseEventsNdjsonOptions<R>): ParsedEvents {
  const ctx = { fn: 'parseEventsNdjson' };
  noExtraArguments(ctx, arguments, 2);
  return parseAll(ctx, new NdjsonReader(ctx, ndjsonConfig(ctx, options, false)), input);
}
