/** Helpers for the event-file parser suites: plain snapshots of results and concatenation of chunks. */
import { MetricError, type ParsedEvents } from '../../src/index.js';

export interface PlainEvents {
  readonly customerId: string[];
  readonly timestamp: number[];
  readonly event?: string[];
  readonly amount?: number[];
  readonly amountDecimals: number;
  readonly skipped: { index: number; field: string; reason: string }[];
  readonly rows: number;
}

/** A result as plain arrays, for toEqual (skip reasons without the function name, which differs between parsers). */
export function plain(result: ParsedEvents): PlainEvents {
  const c = result.columns;
  return {
    customerId: [...c.customerId],
    timestamp: Array.from(c.timestamp),
    ...(c.event === undefined ? {} : { event: [...c.event] }),
    ...(c.amount === undefined ? {} : { amount: Array.from(c.amount) }),
    amountDecimals: c.amountDecimals,
    skipped: result.skipped.map((s) => ({ ...s, reason: s.reason.replace(/^parseEvents\w+: /, '') })),
    rows: result.rows,
  };
}

/** Concatenates chunk results (the shape of the first chunk decides which columns exist). */
export function concat(chunks: readonly ParsedEvents[], empty: PlainEvents): PlainEvents {
  if (chunks.length === 0) return empty;
  const parts = chunks.map(plain);
  const first = parts[0] as PlainEvents;
  return {
    customerId: parts.flatMap((p) => p.customerId),
    timestamp: parts.flatMap((p) => p.timestamp),
    ...(first.event === undefined ? {} : { event: parts.flatMap((p) => p.event ?? []) }),
    ...(first.amount === undefined ? {} : { amount: parts.flatMap((p) => p.amount ?? []) }),
    amountDecimals: first.amountDecimals,
    skipped: parts.flatMap((p) => p.skipped),
    rows: parts.reduce((sum, p) => sum + p.rows, 0),
  };
}

/** Collects an async generator. */
export async function collect<T>(generator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of generator) out.push(item);
  return out;
}

/** Splits bytes (or a string) at the given sorted cut points. */
export function splitAt<T extends string | Uint8Array>(whole: T, cuts: readonly number[]): T[] {
  const points = [0, ...cuts, whole.length];
  const pieces: T[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const from = points[k] as number;
    const to = points[k + 1] as number;
    pieces.push((typeof whole === 'string' ? whole.slice(from, to) : (whole as Uint8Array).subarray(from, to)) as T);
  }
  return pieces;
}

/** The MetricError that `call` throws; any other error, or none, fails the test. */
export function thrown(call: () => unknown): MetricError {
  try {
    call();
  } catch (error) {
    if (error instanceof MetricError) return error;
    throw error;
  }
  throw new Error('expected a MetricError');
}
