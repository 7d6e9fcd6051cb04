/**
 * parseEventsCsvChunks and parseEventsNdjsonChunks: chunk boundaries anywhere (inside a line, a quoted
 * cell, a CRLF pair or a multi-byte UTF-8 character) give the one-shot result; row indexes run across
 * chunks; and a round trip through files from the bench generator (bench/gen-events.mjs).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CohortBuilder, MetricError, parseEventsCsv, parseEventsCsvChunks, parseEventsNdjson, parseEventsNdjsonChunks } from '../../src/index.js';
import { fcOptions } from '../arbitraries/events.js';
import { collect, concat, plain, splitAt } from './_parsedEvents.js';

const CSV =
  '\uFEFFcustomer_id,timestamp,amount,kind\r\n' +
  'ç…,2023-01-01T04:52:52Z,202.82,purchase\r\n' +
  '"a,""b""\nc",2023-01-01T06:01:36Z,81.13,"intér\r\naction"\n' +
  ',2023-01-02T00:00:00Z,1.00,purchase\n' +
  '€𝄞,2023-01-02T10:00:00Z,1.234,purchase\n' +
  '€𝄞,2023-01-02 10:00,0.50,\n' +
  '\n' +
  'zz,2023-01-03T00:00:00Z,7,purchase\n\n\n';
const NDJSON =
  '\uFEFF{"customer_id":"ç…","timestamp":"2023-01-01T04:52:52Z","amount":202.82,"kind":"purchase"}\r\n' +
  '{"customer_id":"a,\\"b\\"\\nc","timestamp":"2023-01-01T06:01:36Z","amount":"81.13","kind":"intér"}\n' +
  '{"customer_id":"","timestamp":"2023-01-02T00:00:00Z"}\n' +
  '{"customer_id":"€𝄞","timestamp":1672653600000,"amount":1.234}\n' +
  '\n' +
  '{"customer_id":"zz","timestamp":"2023-01-03T00:00:00Z","amount":7}\n\n';

const EMPTY = { customerId: [], timestamp: [], amountDecimals: 2, skipped: [], rows: 0 };
const cuts = (length: number) => fc.uniqueArray(fc.integer({ min: 1, max: length - 1 }), { maxLength: 12 }).map((points) => [...points].sort((a, b) => a - b));

describe('chunked parsing equals one-shot parsing', () => {
  const csvBytes = new TextEncoder().encode(CSV);
  const ndjsonBytes = new TextEncoder().encode(NDJSON);

  it('a hand-picked split inside the multi-byte id "ç…" and inside a CRLF', async () => {
    const at = csvBytes.indexOf(0xa7); // second byte of 'ç'
    const crlf = csvBytes.indexOf(0x0d); // the header's CR: cut between it and its LF
    expect(crlf + 1).toBeLessThan(at);
    const pieces = splitAt(csvBytes, [crlf + 1, at, at + 2]);
    const chunks = await collect(parseEventsCsvChunks(pieces, { onInvalid: 'skip' }));
    expect(concat(chunks, EMPTY)).toEqual(plain(parseEventsCsv(CSV, { onInvalid: 'skip' })));
    expect(chunks[0]?.columns.customerId[0]).toBe('ç…');
  });

  it('CSV: any split of the bytes or of the text, any chunk size', async () => {
    const expected = plain(parseEventsCsv(csvBytes, { onInvalid: 'skip' }));
    expect(expected.rows).toBe(7);
    expect(expected.skipped.map((s) => s.index)).toEqual([2, 3, 5]);
    await fc.assert(
      fc.asyncProperty(cuts(csvBytes.length), fc.integer({ min: 1, max: 8 }), fc.boolean(), async (points, chunkRows, asText) => {
        const pieces = asText ? splitAt(CSV, points.filter((p) => p < CSV.length)) : splitAt(csvBytes, points);
        const chunks = await collect(parseEventsCsvChunks(pieces, { onInvalid: 'skip', chunkRows }));
        expect(concat(chunks, EMPTY)).toEqual(expected);
        expect(chunks.every((chunk, k) => chunk.rows === chunkRows || k === chunks.length - 1)).toBe(true);
      }),
      fcOptions(),
    );
  });

  it('NDJSON: any split of the bytes, any chunk size, from an async source', async () => {
    const expected = plain(parseEventsNdjson(ndjsonBytes, { onInvalid: 'skip' }));
    expect(expected.rows).toBe(6);
    expect(expected.skipped.map((s) => s.index)).toEqual([2, 3, 4]);
    await fc.assert(
      fc.asyncProperty(cuts(ndjsonBytes.length), fc.integer({ min: 1, max: 6 }), async (points, chunkRows) => {
        async function* source() {
          for (const piece of splitAt(ndjsonBytes, points)) yield piece;
        }
        const chunks = await collect(parseEventsNdjsonChunks(source(), { onInvalid: 'skip', chunkRows }));
        expect(concat(chunks, { ...EMPTY, event: [], amount: [] } as never)).toEqual(expected);
      }),
      fcOptions(),
    );
  });

  it('throws at the first bad row with its index counted from the start of the input', async () => {
    const pieces = splitAt(CSV, [40, 90]);
    await expect(collect(parseEventsCsvChunks(pieces, { chunkRows: 1 }))).rejects.toThrow('parseEventsCsvChunks: rows[2].customerId must be a non-empty string, received ""');
    await expect(collect(parseEventsNdjsonChunks([NDJSON], { chunkRows: 1 }))).rejects.toThrow('parseEventsNdjsonChunks: rows[2].customerId must be');
  });

  it('checks options and the source when called, pieces and UTF-8 while reading', async () => {
    expect(() => parseEventsCsvChunks([CSV], { chunkRows: 0 })).toThrow(MetricError);
    expect(() => parseEventsCsvChunks(42 as never)).toThrow('parseEventsCsvChunks: source must be an iterable');
    expect(() => parseEventsNdjsonChunks([NDJSON], { header: false } as never)).toThrow('options.header');
    await expect(collect(parseEventsCsvChunks([CSV, 42 as never], { onInvalid: 'skip' }))).rejects.toThrow('source must be a string or a Uint8Array');
    await expect(collect(parseEventsCsvChunks([new Uint8Array([0x63, 0xc3])]))).rejects.toThrow('source must be valid UTF-8 text');
    expect(await collect(parseEventsCsvChunks([]))).toEqual([]);
    expect((await collect(parseEventsCsvChunks(CSV, { onInvalid: 'skip' })))[0]?.rows).toBe(7);
  });
});

describe('round trip through the bench generator', () => {
  const generator = resolve(__dirname, '../../bench/gen-events.mjs');
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parse-events-'));
    for (const format of ['csv', 'ndjson']) {
      execFileSync(process.execPath, [generator, '--customers', '200', '--events', '2000', '--seed', '7', '--out', join(dir, `s.${format}`), '--format', format], { stdio: 'pipe' });
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('CSV and NDJSON files give identical columns, 2,000 rows, and a CohortBuilder accepts them', async () => {
    const csv = parseEventsCsv(readFileSync(join(dir, 's.csv')));
    const ndjson = parseEventsNdjson(readFileSync(join(dir, 's.ndjson')));
    expect(csv.rows).toBe(2000);
    expect(csv.skipped).toEqual([]);
    expect(plain(ndjson)).toEqual(plain(csv));
    expect(new Set(csv.columns.customerId).size).toBe(200);
    expect(new Set(csv.columns.event)).toEqual(new Set(['purchase', 'interaction']));
    const timestamps = Array.from(csv.columns.timestamp);
    expect(timestamps.every((t, i) => i === 0 || t >= (timestamps[i - 1] as number))).toBe(true);
    expect(new CohortBuilder().addColumns(csv.columns).recordsAdded).toBe(2000);

    const bytes = readFileSync(join(dir, 's.csv'));
    const chunks = await collect(parseEventsCsvChunks([bytes.subarray(0, 12_345), bytes.subarray(12_345)], { chunkRows: 300 }));
    expect(chunks.map((c) => c.rows)).toEqual([300, 300, 300, 300, 300, 300, 200]);
    expect(concat(chunks, EMPTY)).toEqual(plain(csv));
    const builder = new CohortBuilder();
    for (const chunk of chunks) builder.addColumns(chunk.columns);
    expect(JSON.stringify(builder.toJSON())).toBe(JSON.stringify(new CohortBuilder().addColumns(ndjson.columns).toJSON()));
  });
});
