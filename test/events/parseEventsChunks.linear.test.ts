/**
 * parseEventsCsvChunks and parseEventsNdjsonChunks, issue 10 item B10: the work is linear in the input
 * whatever the piece size (a long row in small pieces was read again after every piece: quadratic), and the
 * parsers' own amount and timestamp readers refuse a very long cell in linear time. Tests never assert on
 * wall time: the sizes are chosen so that the old code runs far past vitest's timeout, the fixed code well
 * under a second.
 */
import { describe, expect, it } from 'vitest';
import { parseEventsCsv, parseEventsCsvChunks, parseEventsNdjson, parseEventsNdjsonChunks, type ParsedEvents } from '../../src/index.js';
import { collect, concat, plain, splitAt, type PlainEvents } from './_parsedEvents.js';

const T1 = '2023-01-01T04:52:52Z';

type Format = 'csv' | 'ndjson';

function file(format: Format, id: string, rows: number): string {
  let text = format === 'csv' ? 'customer_id,timestamp,amount\n' : '';
  for (let k = 0; k < rows; k++) {
    const rowId = k === 1 ? id : `c${k}`;
    text += format === 'csv' ? `${rowId},${T1},${k}.25\n` : `${JSON.stringify({ customer_id: rowId, timestamp: T1, amount: `${k}.25` })}\n`;
  }
  return text;
}

function pieces(text: string, size: number, bytes: boolean): (string | Uint8Array)[] {
  const whole: string | Uint8Array = bytes ? new TextEncoder().encode(text) : text;
  const cuts: number[] = [];
  for (let at = size; at < whole.length; at += size) cuts.push(at);
  return splitAt(whole, cuts);
}

function oneShot(format: Format, text: string): PlainEvents {
  return plain(format === 'csv' ? parseEventsCsv(text, { onInvalid: 'skip' }) : parseEventsNdjson(text, { onInvalid: 'skip' }));
}

async function chunked(format: Format, text: string, size: number, bytes: boolean, empty: PlainEvents): Promise<PlainEvents> {
  const source = pieces(text, size, bytes);
  const chunks: ParsedEvents[] =
    format === 'csv' ? await collect(parseEventsCsvChunks(source, { onInvalid: 'skip' })) : await collect(parseEventsNdjsonChunks(source, { onInvalid: 'skip' }));
  return concat(chunks, empty);
}

describe('chunked parsing is linear in the input (B10)', () => {
  // The old code took 92 s for a 200 kB CSV row in 1-byte pieces (each piece re-read the whole row); the
  // fixed code takes well under a second per case here.
  for (const format of ['csv', 'ndjson'] as const) {
    for (const bytes of [false, true]) {
      it(`B10: a 200 kB ${format} row in 1-byte ${bytes ? 'byte' : 'text'} pieces gives the one-shot result`, async () => {
        const text = file(format, 'x'.repeat(200_000), 3);
        const expected = oneShot(format, text);
        expect(expected.rows).toBe(3);
        expect(expected.customerId[1]).toHaveLength(200_000);
        expect(await chunked(format, text, 1, bytes, expected)).toEqual(expected);
      });
    }
  }

  it('B10: a 200 kB quoted CSV cell full of line breaks in 1-byte pieces (a line end in every piece)', async () => {
    const text = `customer_id,timestamp\n"${'a\n'.repeat(100_000)}",${T1}\rb,${T1}\r`;
    const expected = oneShot('csv', text);
    expect(expected.customerId).toHaveLength(2);
    for (const bytes of [false, true]) expect(await chunked('csv', text, 1, bytes, expected)).toEqual(expected);
  });

  it('B10: sweep over piece sizes (1, 7, 64 KiB) and row lengths, CSV and NDJSON, text and bytes: equal to one-shot', async () => {
    for (const format of ['csv', 'ndjson'] as const) {
      for (const length of [1, 100, 5_000, 70_000]) {
        const text = file(format, 'y'.repeat(length), 4);
        const expected = oneShot(format, text);
        expect(expected.customerId).toHaveLength(4);
        for (const size of [1, 7, 65_536]) {
          for (const bytes of [false, true]) expect(await chunked(format, text, size, bytes, expected)).toEqual(expected);
        }
      }
    }
  });
});

describe('the parsers refuse long cells in linear time (B11, the parsers part)', () => {
  // 80,000 digits and an 'x' took 3.8 s in the core amount reader's regex; a backtracking reader on the
  // million-char cells below would run for hours. The parsers read amounts and timestamps digit by digit.
  for (const digits of [80_000, 1_000_000]) {
    const cell = `${'1'.repeat(digits)}x`;

    it(`B11: a CSV amount or timestamp of ${digits} digits + 'x' is a bad row, one-shot and chunked, text and bytes`, async () => {
      const text = `customer_id,timestamp,amount\na,${cell},1\nb,${T1},${cell}\nc,${T1},${'1'.repeat(digits)}\n`;
      const expected = oneShot('csv', text);
      expect(expected.skipped.map((s) => s.field)).toEqual(['rows[0].timestamp', 'rows[1].amount', 'rows[2].amount']);
      expect(plain(parseEventsCsv(new TextEncoder().encode(text), { onInvalid: 'skip' }))).toEqual(expected);
      expect(await chunked('csv', text, 65_536, true, expected)).toEqual(expected);
    });

    it(`B11: an NDJSON amount or timestamp of ${digits} digits + 'x' is a bad row`, () => {
      const text = `{"customer_id":"a","timestamp":"${cell}"}\n{"customer_id":"b","timestamp":"${T1}","amount":"${cell}"}\n`;
      expect(oneShot('ndjson', text).skipped.map((s) => s.field)).toEqual(['rows[0].timestamp', 'rows[1].amount']);
    });
  }
});
