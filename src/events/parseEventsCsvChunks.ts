import { type LongWorkOptions, readLongWork } from '../core/_longWork.js';
import { noExtraArguments } from '../core/_validate.js';
import { csvConfig, CsvReader } from './_csvReader.js';
import { checkSource, parseStream } from './_parseEventsCore.js';
import type { ParsedEvents, ParseEventsCsvOptions } from './parseEventsCsv.js';
import type { AnyEventRecord } from './_eventInput.js';

/**
 * Options of {@link parseEventsCsvChunks}: those of {@link parseEventsCsv} and the chunk size.
 * @typeParam R - The shape of a row, keyed by header name (see {@link CsvEventFields}). Default {@link AnyEventRecord}.
 * @category cohort
 */
export interface ParseEventsCsvChunksOptions<R = AnyEventRecord> extends ParseEventsCsvOptions<R>, LongWorkOptions {
  /** Data rows per yielded chunk (the last one may hold fewer). Default 65,536. */
  readonly chunkRows?: number;
}

/**
 * Parses a CSV event log that arrives in pieces (a Node or web stream, a file read in blocks) and yields
 * it as {@link ParsedEvents} of `chunkRows` rows each, so a file of millions of rows never exists as one
 * string nor as one object per row.
 *
 * The format, fields, defaults and bad-row rules are those of {@link parseEventsCsv}, and the rows are
 * the same: a line, a quoted cell or a multi-byte UTF-8 character may be split across pieces in any way,
 * and concatenating the chunks gives the one-shot result. The work is linear in the input whatever the
 * piece size: a long row in small pieces is read a bounded number of times, not once per piece. Pieces are strings or UTF-8 bytes (a
 * `Uint8Array` or Node `Buffer`), from a sync or async iterable. Row indexes (in errors and `skipped`)
 * count from the start of the whole input, not of the chunk. Each chunk's `rows` counts its valid and
 * skipped rows; chunks with no rows are not yielded (an empty file yields nothing). Options are checked
 * when the function is called; the rows as they are read.
 *
 * Long files: `options.signal` (an `AbortSignal`) is checked before each piece, and an aborted parse
 * stops by throwing `signal.reason` (the chunks already yielded stay complete and valid);
 * `options.onProgress` is called after each piece with the bytes (or characters) read, the rows of the
 * chunks yielded and the chunks, and once more at the end.
 *
 * @param source - The pieces of the file, in order: e.g. `fs.createReadStream(path)`, a web
 * `ReadableStream` of bytes, or an array of strings.
 * @param options - See {@link ParseEventsCsvChunksOptions}.
 * @returns An async generator of chunks; feed each one to {@link CohortBuilder.addColumns}.
 * @throws {@link MetricError} `INVALID_INPUT`: when called, for a source that is not iterable or an invalid
 * option; while iterating, for a piece that is not a string or Uint8Array, invalid UTF-8, a header without
 * the required columns, or (with `onInvalid: 'throw'`) the first bad row.
 * @example
 * ```ts
 * import { parseEventsCsvChunks, CohortBuilder } from 'loyalty-metrics';
 * const bytes = new TextEncoder().encode(
 *   'customer_id,timestamp,amount,kind\n' +
 *   'c004546,2023-01-01T04:52:52Z,202.82,purchase\n' +
 *   'c008340,2023-01-01T06:01:36Z,81.13,purchase\n' +
 *   'c004546,2023-01-02T10:00:00Z,12.50,purchase\n',
 * );
 * const pieces = [bytes.subarray(0, 50), bytes.subarray(50, 101), bytes.subarray(101)];
 * const builder = new CohortBuilder();
 * const sizes = [];
 * for await (const chunk of parseEventsCsvChunks(pieces, { chunkRows: 2 })) {
 *   builder.addColumns(chunk.columns);
 *   sizes.push(chunk.rows);
 * }
 * sizes //=> [2, 1]
 * builder.recordsAdded //=> 3
 * ```
 * @category cohort
 */
export function parseEventsCsvChunks<R extends object = AnyEventRecord>(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options?: ParseEventsCsvChunksOptions<R>,
): AsyncGenerator<ParsedEvents, void, undefined> {
  const ctx = { fn: 'parseEventsCsvChunks' };
  noExtraArguments(ctx, arguments, 2);
  const reader = new CsvReader(ctx, csvConfig(ctx, options, true));
  checkSource(ctx, source);
  return parseStream(ctx, reader, source, readLongWork(ctx, options));
}
