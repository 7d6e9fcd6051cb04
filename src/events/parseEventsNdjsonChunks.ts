import { type LongWorkOptions, readLongWork } from '../core/_longWork.js';
import { noExtraArguments } from '../core/_validate.js';
import { ndjsonConfig, NdjsonReader } from './_ndjsonReader.js';
import { checkSource, parseStream } from './_parseEventsCore.js';
import type { ParsedEvents } from './parseEventsCsv.js';
import type { ParseEventsNdjsonOptions } from './parseEventsNdjson.js';
import type { AnyEventRecord } from './_eventInput.js';

/**
 * Options of {@link parseEventsNdjsonChunks}: those of {@link parseEventsNdjson} and the chunk size.
 * @typeParam R - The type of one record (see {@link NdjsonEventFields}). Default {@link AnyEventRecord}.
 * @category cohort
 */
export interface ParseEventsNdjsonChunksOptions<R = AnyEventRecord> extends ParseEventsNdjsonOptions<R>, LongWorkOptions {
  /** Data rows per yielded chunk (the last one may hold fewer). Default 65,536. */
  readonly chunkRows?: number;
}

/**
 * Parses an NDJSON event log that arrives in pieces and yields it as {@link ParsedEvents} of `chunkRows`
 * rows each: the streaming form of {@link parseEventsNdjson}, as {@link parseEventsCsvChunks} is of
 * {@link parseEventsCsv}.
 *
 * Fields, defaults and bad-row rules are those of {@link parseEventsNdjson}. Lines and multi-byte UTF-8
 * characters may be split across pieces in any way; concatenating the chunks gives the one-shot result, in
 * time linear in the input whatever the piece size.
 * Pieces are strings or UTF-8 bytes from a sync or async iterable (`fs.createReadStream(path)`, a web
 * stream). Row indexes count from the start of the whole input; chunks with no rows are not yielded.
 * Options are checked when the function is called; the rows as they are read.
 *
 * Long files: `options.signal` (an `AbortSignal`) is checked before each piece, and an aborted parse
 * stops by throwing `signal.reason` (the chunks already yielded stay complete and valid);
 * `options.onProgress` is called after each piece with the bytes (or characters) read, the rows of the
 * chunks yielded and the chunks, and once more at the end.
 *
 * @param source - The pieces of the file, in order.
 * @param options - See {@link ParseEventsNdjsonChunksOptions}.
 * @returns An async generator of chunks; feed each one to {@link CohortBuilder.addColumns}.
 * @throws {@link MetricError} `INVALID_INPUT`: when called, for a source that is not iterable or an invalid
 * option; while iterating, for a piece that is not a string or Uint8Array, invalid UTF-8, or (with
 * `onInvalid: 'throw'`) the first bad row.
 * @example
 * ```ts
 * import { parseEventsNdjsonChunks } from 'loyalty-metrics';
 * const pieces = [
 *   '{"customer_id":"c1","timestamp":"2023-01-01T04:52:52Z","amount":1.5}\n{"customer_id":"c2","time',
 *   'stamp":"2023-01-01T06:01:36Z","amount":2}\n{"customer_id":"","timestamp":"2023-01-02T00:00:00Z"}\n',
 * ];
 * const ids = [];
 * const skipped = [];
 * for await (const chunk of parseEventsNdjsonChunks(pieces, { chunkRows: 1, onInvalid: 'skip' })) {
 *   ids.push(...chunk.columns.customerId);
 *   skipped.push(...chunk.skipped.map((s) => s.index));
 * }
 * ids //=> ["c1", "c2"]
 * skipped //=> [2]
 * ```
 * @category cohort
 */
export function parseEventsNdjsonChunks<R extends object = AnyEventRecord>(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options?: ParseEventsNdjsonChunksOptions<R>,
): AsyncGenerator<ParsedEvents, void, undefined> {
  const ctx = { fn: 'parseEventsNdjsonChunks' };
  noExtraArguments(ctx, arguments, 2);
  const reader = new NdjsonReader(ctx, ndjsonConfig(ctx, options, true));
  checkSource(ctx, source);
  return parseStream(ctx, reader, source, readLongWork(ctx, options));
}
