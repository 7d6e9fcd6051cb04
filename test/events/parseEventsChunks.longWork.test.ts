import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortBuilder, MetricError, parseEventsCsvChunks, parseEventsNdjsonChunks, type ReadProgress } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';

const CSV = ['customer_id,timestamp,amount', ...Array.from({ length: 40 }, (_, i) => `c${i % 7},2024-01-${String((i % 28) + 1).padStart(2, '0')}T10:00:00Z,${i}.50`)].join('\n') + '\n';
const NDJSON = Array.from({ length: 40 }, (_, i) => JSON.stringify({ customerId: `c${i % 7}`, timestamp: `2024-02-${String((i % 28) + 1).padStart(2, '0')}T10:00:00Z` })).join('\n') + '\n';

/** The text cut at the given points, as UTF-8 byte pieces. */
function pieces(text: string, cuts: readonly number[]): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  return [0, ...at].map((from, i) => bytes.subarray(from, at[i] ?? bytes.length)).filter((p) => p.length > 0);
}

async function drain<T>(chunks: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

async function thrown(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('long reads: progress and abort', () => {
  it('L1: onProgress reports the bytes, rows and chunks after each piece and the totals at the end', async () => {
    const seen: ReadProgress[] = [];
    const input = pieces(CSV, [100, 400, 900]);
    const chunks = await drain(parseEventsCsvChunks(input, { chunkRows: 16, onProgress: (p) => seen.push(p) }));
    expect(seen).toHaveLength(input.length + 1);
    const last = seen.at(-1) as ReadProgress;
    expect(last).toEqual({ bytesRead: new TextEncoder().encode(CSV).length, rowsRead: 40, chunks: chunks.length });
    expect(nonEmpty(seen.slice(1)).every((p, i) => p.bytesRead >= (seen[i] as ReadProgress).bytesRead && p.rowsRead >= (seen[i] as ReadProgress).rowsRead)).toBe(true);
  });

  it('L2: an abort stops the parse with the signal\'s reason before the next piece; the chunks yielded before are whole', async () => {
    const controller = new AbortController();
    const got: number[] = [];
    const reason = new Error('stop here');
    const parse = parseEventsNdjsonChunks(pieces(NDJSON, [300, 600, 900, 1200]), {
      chunkRows: 5,
      onProgress: (p) => {
        if (p.rowsRead >= 10) controller.abort(reason);
      },
      signal: controller.signal,
    });
    const error = await thrown(
      (async () => {
        for await (const chunk of parse) got.push(chunk.rows);
      })(),
    );
    expect(error).toBe(reason);
    expect(nonEmpty(got).every((rows) => rows === 5)).toBe(true);
    // Aborted before the start: nothing is read.
    const early = new AbortController();
    early.abort();
    expect(await thrown(drain(parseEventsCsvChunks([CSV], { signal: early.signal })))).toBe(early.signal.reason);
  });

  it('L3: a signal or a callback of the wrong kind is refused, naming the option', () => {
    expect(() => parseEventsCsvChunks([CSV], { signal: { aborted: 'no' } as never })).toThrow(/options\.signal must be an AbortSignal/);
    expect(() => parseEventsNdjsonChunks([NDJSON], { onProgress: 42 as never })).toThrow(/options\.onProgress must be a function/);
    expect(() => parseEventsCsvChunks([CSV], { signal: null as never })).toThrow(MetricError);
  });

  it('L4: addAllAsync reports records and pages, and an abort keeps the pages added before it (recordsAdded says how many)', async () => {
    const controller = new AbortController();
    async function* pages() {
      for (let page = 0; page < 5; page++) yield Array.from({ length: 3 }, (_, i) => ({ customerId: `c${i}`, timestamp: Date.UTC(2024, page, 1) }));
    }
    const seen: number[] = [];
    const builder = new CohortBuilder();
    const error = await thrown(
      builder.addAllAsync(pages(), {
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p.rowsRead);
          if (p.chunks === 2) controller.abort();
        },
      }),
    );
    expect(error).toBe(controller.signal.reason);
    expect(seen).toEqual([3, 6]);
    expect(builder.recordsAdded).toBe(6);
    await expect(new CohortBuilder().addAllAsync(pages(), { signal: 'x' as never })).rejects.toThrow(/CohortBuilder\.addAllAsync: options\.signal must be/);
    await expect(new CohortBuilder().addAllAsync(pages(), { every: 1 } as never)).rejects.toThrow(/options\.every must be one of the known fields/);
  });

  it('L5: property: for any cut of the file, the last progress has every byte and row, and the counts never go back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 5000 }), { maxLength: 12 }), fc.integer({ min: 1, max: 50 }), async (cuts, chunkRows) => {
        const seen: ReadProgress[] = [];
        const chunks = await drain(parseEventsCsvChunks(pieces(CSV, cuts), { chunkRows, onProgress: (p) => seen.push(p) }));
        const last = seen.at(-1);
        expect(last).toEqual({ bytesRead: new TextEncoder().encode(CSV).length, rowsRead: 40, chunks: chunks.length });
        for (let i = 1; i < seen.length; i++) {
          expect((seen[i] as ReadProgress).rowsRead).toBeGreaterThanOrEqual((seen[i - 1] as ReadProgress).rowsRead);
          expect((seen[i] as ReadProgress).chunks).toBeGreaterThanOrEqual((seen[i - 1] as ReadProgress).chunks);
        }
      }),
      fcOptions({ numRuns: 100 }),
    );
  });
});
