/**
 * The CSV reader's fast path (plain rows read in one pass) against its general path (the same rows with
 * the id cell quoted, which the fast path leaves alone): equal columns, equal bad-row fields, whatever the
 * cells hold (valid or not), the column order, CRLF line ends and the chunking.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEventsCsv, parseEventsCsvChunks, type ParsedEvents } from '../../src/index.js';
import { fcOptions } from '../arbitraries/events.js';

const cell = {
  id: fc.constantFrom('c1', 'c2', '', 'c 3', 'ü', '客户7', 'x-long-customer-id-0001', 'c0000001', 'c00000001'),
  time: fc.constantFrom('2023-01-01T04:52:52Z', '2023-01-01T04:52:52.5Z', '2023-01-01', '2023-02-30T00:00:00Z', '2023-01-01T04:52:52+01:00', 'soon', '', '2023-01-01T04:52:5Z'),
  amount: fc.constantFrom('202.82', '0', '', '1.234', '1.230', '1..2', '.', '-1', '+3', '1e3', '12.50', '.5', '7.', '99999999999999999', '90071992547409.91'),
  event: fc.constantFrom('purchase', 'interaction', '', 'purchases', 'purch', '"pur,chase"', '"purch"', 'e'.repeat(63), 'e'.repeat(64), `purchase${'s'.repeat(70)}`),
  note: fc.constantFrom('', 'x', 'a b', 'ü', '2023-01-01T04:52:52Z'),
};
const rowArb = fc.record({ ...cell, extra: fc.constantFrom(0, 0, 0, 1, -1) });
type Row = { id: string; time: string; amount: string; event: string; note: string; extra: number };

function columnsOf(result: ParsedEvents): unknown {
  const c = result.columns;
  return { id: [...c.customerId], t: Array.from(c.timestamp), a: c.amount ? Array.from(c.amount) : null, e: c.event ? [...c.event] : null, rows: result.rows, fields: result.skipped.map((s) => [s.index, s.field]) };
}

function csvOf(order: readonly (keyof typeof cell)[], rows: readonly Row[], quoteIds: boolean, eol: string, delimiter = ',', lastEol = true): string {
  const line = (r: Row) => {
    const cells = order.map((k) => (k === 'id' && quoteIds ? `"${r.id}"` : r[k].replace(',', delimiter)));
    if (r.extra > 0) cells.push('x');
    if (r.extra < 0) cells.pop();
    return cells.join(delimiter);
  };
  return `${order.join(delimiter).replace('id', 'customer_id').replace('time', 'timestamp')}${eol}${rows.map(line).join(eol)}${lastEol ? eol : ''}`;
}

describe('CSV reader: fast and general paths', () => {
  it('property: the same columns and bad rows through either path, in one piece or in chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(['id', 'time', 'amount', 'event', 'note'] as const, { minLength: 4, maxLength: 5 }).filter((o) => o.includes('id') && o.includes('time')),
        fc.array(rowArb, { maxLength: 25 }),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom(',', ',', ';', '\t', ':'),
        fc.boolean(),
        async (order, rows, eol, chunkRows, delimiter, lastEol) => {
          const fast = parseEventsCsv(csvOf(order, rows, false, eol, delimiter, lastEol), { onInvalid: 'skip', delimiter });
          // The same text as UTF-8 bytes: plain ASCII rows are read from the bytes, the rest as text.
          const bytes = parseEventsCsv(new TextEncoder().encode(csvOf(order, rows, false, eol, delimiter, lastEol)), { onInvalid: 'skip', delimiter });
          expect(columnsOf(bytes)).toEqual(columnsOf(fast));
          const general = parseEventsCsv(csvOf(order, rows, true, eol, delimiter, lastEol), { onInvalid: 'skip', delimiter });
          expect(columnsOf(fast)).toEqual(columnsOf(general));
          const text = csvOf(order, rows, false, eol, delimiter, lastEol);
          const pieces = [text.slice(0, 17), text.slice(17, 40), text.slice(40)];
          const chunks: unknown[] = [];
          for await (const chunk of parseEventsCsvChunks(pieces, { onInvalid: 'skip', chunkRows, delimiter })) chunks.push(...(columnsOf(chunk) as { id: unknown[] }).id);
          expect(chunks).toEqual((columnsOf(fast) as { id: unknown[] }).id);
          // Byte pieces (plain rows read from the bytes, split anywhere, even inside a character): the same columns and bad rows.
          const encoded = new TextEncoder().encode(text);
          const cuts = [...new Set([Math.floor(encoded.length / 3), 17, 40, encoded.length - 5].filter((c) => c > 0 && c < encoded.length))].sort((a, b) => a - b);
          const bytePieces = [0, ...cuts].map((from, k) => encoded.subarray(from, cuts[k] ?? encoded.length));
          const parts: { id: unknown[]; t: unknown[]; rows: number; fields: unknown[] }[] = [];
          for await (const chunk of parseEventsCsvChunks(bytePieces, { onInvalid: 'skip', chunkRows, delimiter })) parts.push(columnsOf(chunk) as never);
          const whole = columnsOf(fast) as { id: unknown[]; t: unknown[]; rows: number };
          expect(parts.flatMap((part) => part.id)).toEqual(whole.id);
          expect(parts.flatMap((part) => part.t)).toEqual(whole.t);
          expect(parts.reduce((sum, part) => sum + part.rows, 0)).toBe(whole.rows);
          expect(parts.flatMap((part) => part.fields)).toEqual((columnsOf(fast) as { fields: unknown[] }).fields);
        },
      ),
      fcOptions({ numRuns: 300 }),
    );
  });
  it('one-shot bytes: the same result or the same first error as the text, with a BOM, CRLF and invalid UTF-8 after plain rows', () => {
    const text = 'customer_id,timestamp,amount,kind\r\nc1,2023-01-01T04:52:52Z,1.50,purchase\r\nx-long-customer-id-0001,2023-01-01T04:52:52.5Z,2,interaction\r\nc1,2023-02-01T00:00:00+01:00,0.25,purchase\r\n';
    const encoded = new TextEncoder().encode(text);
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...encoded]);
    for (const input of [encoded, withBom]) expect(columnsOf(parseEventsCsv(input))).toEqual(columnsOf(parseEventsCsv(text)));
    const noHeader = { header: false, fields: { customerId: 0, timestamp: 1, amount: 2, event: 3 } } as const;
    const body = text.slice(text.indexOf('\n') + 1);
    expect(columnsOf(parseEventsCsv(new TextEncoder().encode(body), noHeader))).toEqual(columnsOf(parseEventsCsv(body, noHeader)));
    expect(parseEventsCsv(new TextEncoder().encode(body), noHeader).rows).toBe(3);
    // A bad row before an invalid byte: the whole input is still checked as UTF-8 first, as when it was decoded at once.
    const bad = new TextEncoder().encode('customer_id,timestamp\nc1,2023-01-01T04:52:52Z\nc2,soon\nc3,2023-01-01T04:52:52Z\n');
    const invalid = new Uint8Array([...bad, 0x63, 0xff, 0x0a]);
    expect(() => parseEventsCsv(bad)).toThrow(/rows\[1\]\.timestamp/);
    expect(() => parseEventsCsv(invalid)).toThrow(/UTF-8/);
    expect(() => parseEventsCsv(invalid, { onInvalid: 'skip' })).toThrow(/UTF-8/);
  });
});
