/**
 * Reading the events file of a command: a path or `-` (stdin), CSV or NDJSON (by extension or
 * `--input-format`), streamed in pieces through the chunked parsers so that memory stays bounded whatever
 * the file's size; the progress line; the notes on skipped rows; writing the output (stdout or `--out`).
 */
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { ParsedEvents } from '../events/parseEventsCsv.js';
import { parseEventsCsvChunks } from '../events/parseEventsCsvChunks.js';
import { parseEventsNdjsonChunks } from '../events/parseEventsNdjsonChunks.js';
import type { SkippedRecord } from '../events/_eventInput.js';
import { type FlagSpec, type FlagValues, fieldMap, integer, PROGRAM, text, UsageError } from './_args.js';
import { ProgressLine } from './_progress.js';

/** A file that cannot be read (missing, a folder, no permission): exit code 1, like a MetricError. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** The flags of every command that reads an events file. */
export const INPUT_FLAGS: readonly FlagSpec[] = [
  { name: 'input-format', type: 'string', value: 'format', choices: ['csv', 'ndjson'], help: 'Format of the input.', default: 'by extension (.ndjson, .jsonl: ndjson), else csv' },
  { name: 'fields', type: 'string', value: 'map', help: 'Where the fields are: customerId=user_id,timestamp=ts,event=kind,amount=total.', default: 'columns customer_id, timestamp, event (or kind), amount' },
  { name: 'delimiter', type: 'string', value: 'char', help: 'CSV cell separator (\\t for a tab).', default: 'a comma' },
  { name: 'amount-decimals', type: 'string', value: 'n', help: 'Decimals of the amounts (2 for cents).', default: '2' },
  { name: 'on-invalid', type: 'string', value: 'rule', choices: ['throw', 'skip'], help: 'A bad row stops the command (throw) or is skipped and counted on stderr (skip).', default: 'throw' },
];

/** The field names `--fields` maps when reading a file. */
const FILE_FIELDS = ['customerId', 'timestamp', 'event', 'amount'];

/** How to read the events file. */
export interface InputSpec {
  /** A path, or `-` for stdin. */
  readonly file: string;
  readonly format: 'csv' | 'ndjson';
  /** The parser options (fields, delimiter, zone, decimals, onInvalid). */
  readonly parse: Readonly<Record<string, unknown>>;
  /** Show the progress line (stderr is a terminal and no --quiet). */
  readonly progress: boolean;
  readonly quiet: boolean;
}

/** The input spec of a command's flags; `timeZone` reads timestamps without an offset. */
export function inputSpec(values: FlagValues, command: string, file: string, timeZone: string | undefined): InputSpec {
  const explicit = text(values, 'input-format');
  const ext = extname(file).toLowerCase();
  const format = explicit === 'csv' || explicit === 'ndjson' ? explicit : ext === '.ndjson' || ext === '.jsonl' ? 'ndjson' : 'csv';
  const delimiterFlag = text(values, 'delimiter');
  const delimiter = delimiterFlag === '\\t' ? '\t' : delimiterFlag;
  if (delimiter !== undefined && format === 'ndjson') throw new UsageError('--delimiter is for CSV input only', command);
  const fields = fieldMap(values, command, FILE_FIELDS);
  const amountDecimals = integer(values, 'amount-decimals', command, 0, 15);
  const parse = {
    ...(Object.keys(fields).length === 0 ? {} : { fields }),
    ...(delimiter === undefined ? {} : { delimiter }),
    ...(timeZone === undefined ? {} : { timeZone }),
    ...(amountDecimals === undefined ? {} : { amountDecimals }),
    onInvalid: text(values, 'on-invalid') ?? 'throw',
  };
  const quiet = values['quiet'] === true;
  return { file, format, parse, quiet, progress: !quiet && process.stderr.isTTY === true };
}

/** What a whole read found, for the note on stderr. */
export interface ReadTally {
  rows: number;
  skippedCount: number;
  readonly skipped: SkippedRecord[];
}

/**
 * The chunks of the events file, streamed: the file is read in pieces (never whole), the progress line
 * follows the parser, and `tally` counts rows and skipped rows. A file that cannot be opened is an
 * {@link InputError}.
 */
export async function* readEvents(spec: InputSpec, tally: ReadTally): AsyncGenerator<ParsedEvents, void, undefined> {
  let total: number | undefined;
  let source: AsyncIterable<string | Uint8Array>;
  if (spec.file === '-') {
    source = process.stdin;
  } else {
    try {
      const info = await stat(spec.file);
      if (!info.isFile()) throw new InputError(`cannot read ${spec.file}: not a file`);
      total = info.size;
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`cannot read ${spec.file}: ${systemReason(error)}`);
    }
    source = createReadStream(spec.file);
  }
  const progress = new ProgressLine(process.stderr, { enabled: spec.progress, totalBytes: total });
  const options = { ...spec.parse, onProgress: (p: { bytesRead: number; rowsRead: number }) => progress.update(p.bytesRead, p.rowsRead) };
  const chunks = spec.format === 'ndjson' ? parseEventsNdjsonChunks(source, options) : parseEventsCsvChunks(source, options);
  try {
    for await (const chunk of chunks) {
      tally.rows += chunk.rows;
      tally.skippedCount += chunk.skipped.length;
      for (const s of chunk.skipped) if (tally.skipped.length < 3) tally.skipped.push(s);
      yield chunk;
    }
  } catch (error) {
    if (isSystemError(error)) throw new InputError(`cannot read ${spec.file === '-' ? 'stdin' : spec.file}: ${systemReason(error)}`);
    throw error;
  } finally {
    progress.done();
  }
}

/** A new, empty tally. */
export function newTally(): ReadTally {
  return { rows: 0, skippedCount: 0, skipped: [] };
}

/** The events of the whole file as one set of columns (for the commands that need them all at once). */
export interface AllColumns {
  readonly customerId: string[];
  readonly timestamp: Float64Array;
  readonly event?: string[];
  readonly amount?: Float64Array;
  readonly amountDecimals: number;
}

/** Reads the whole file into compact columns (ids are shared strings, times and amounts typed arrays). */
export async function readAllColumns(spec: InputSpec, tally: ReadTally): Promise<AllColumns> {
  const ids: string[] = [];
  const events: string[] = [];
  let times = new Float64Array(1024);
  let amounts = new Float64Array(1024);
  let hasEvent = false;
  let hasAmount = false;
  let decimals = 2;
  let n = 0;
  for await (const { columns } of readEvents(spec, tally)) {
    const size = columns.customerId.length;
    if (n + size > times.length) {
      const grown = Math.max(n + size, times.length * 2);
      times = copyInto(new Float64Array(grown), times, n);
      amounts = copyInto(new Float64Array(grown), amounts, n);
    }
    times.set(columns.timestamp, n);
    if (columns.amount !== undefined) {
      hasAmount = true;
      amounts.set(columns.amount, n);
    }
    for (let i = 0; i < size; i++) {
      ids.push(columns.customerId[i] as string);
      if (columns.event !== undefined) events.push(columns.event[i] as string);
    }
    hasEvent ||= columns.event !== undefined;
    decimals = columns.amountDecimals;
    n += size;
  }
  return {
    customerId: ids,
    timestamp: times.subarray(0, n),
    ...(hasEvent ? { event: events } : {}),
    ...(hasAmount ? { amount: amounts.subarray(0, n) } : {}),
    amountDecimals: decimals,
  };
}

function copyInto(target: Float64Array<ArrayBuffer>, source: Float64Array, length: number): Float64Array<ArrayBuffer> {
  target.set(source.subarray(0, length));
  return target;
}

/** Earliest and latest timestamp of the columns, or undefined when there are none. */
export function timeRange(timestamps: ArrayLike<number>): readonly [number, number] | undefined {
  if (timestamps.length === 0) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < timestamps.length; i++) {
    const t = timestamps[i] as number;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return [lo, hi];
}

/** The note on stderr about rows skipped (nothing when none were, or with --quiet). */
export function reportSkipped(spec: InputSpec, tally: ReadTally): void {
  if (spec.quiet || tally.skippedCount === 0) return;
  const first = tally.skipped.map((s) => s.reason).join('; ');
  process.stderr.write(`${PROGRAM}: skipped ${tally.skippedCount.toLocaleString('en-US')} of ${tally.rows.toLocaleString('en-US')} rows (${tally.skippedCount > tally.skipped.length ? 'the first: ' : ''}${first})\n`);
}

/** A note on stderr (not with --quiet). */
export function note(quiet: boolean, message: string): void {
  if (!quiet) process.stderr.write(`${PROGRAM}: ${message}\n`);
}

/** Writes the output to `--out FILE` or stdout. */
export async function writeOutput(out: string | undefined, content: string): Promise<void> {
  const body = content.endsWith('\n') ? content : `${content}\n`;
  if (out === undefined) {
    await new Promise<void>((resolve, reject) => process.stdout.write(body, (error) => (error == null ? resolve() : reject(error))));
    return;
  }
  try {
    await writeFile(out, body);
  } catch (error) {
    throw new InputError(`cannot write ${out}: ${systemReason(error)}`);
  }
}

function isSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && typeof (error as { syscall?: unknown }).syscall === 'string';
}

function systemReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'not a file';
  return error instanceof Error ? error.message : String(error);
}
