/**
 * parseEventsCsv: the bench format, quoting, line ends, BOM, field mapping, every bad-record kind under
 * throw and skip, option checks, and the fast timestamp path against the general ISO reader.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEventsCsv } from '../../src/index.js';
import { fcOptions } from '../arbitraries/events.js';
import { plain, thrown } from './_parsedEvents.js';

const HEADER = 'customer_id,timestamp,amount,kind\n';
const SAMPLE = `${HEADER}c004546,2023-01-01T04:52:52Z,202.82,purchase\nc008340,2023-01-01T06:01:36Z,81.13,purchase\n`;


describe('parseEventsCsv: the bench format', () => {
  it('reads the README sample lines into columns', () => {
    expect(plain(parseEventsCsv(SAMPLE))).toEqual({
      customerId: ['c004546', 'c008340'],
      timestamp: [Date.parse('2023-01-01T04:52:52Z'), Date.parse('2023-01-01T06:01:36Z')],
      event: ['purchase', 'purchase'],
      amount: [20282, 8113],
      amountDecimals: 2,
      skipped: [],
      rows: 2,
    });
  });

  it('gives the same columns from bytes, from CRLF lines, without the last line end, and after a BOM', () => {
    const expected = plain(parseEventsCsv(SAMPLE));
    expect(plain(parseEventsCsv(new TextEncoder().encode(SAMPLE)))).toEqual(expected);
    expect(plain(parseEventsCsv(SAMPLE.replaceAll('\n', '\r\n')))).toEqual(expected);
    expect(plain(parseEventsCsv(SAMPLE.slice(0, -1)))).toEqual(expected);
    expect(plain(parseEventsCsv(`\uFEFF${SAMPLE}`))).toEqual(expected);
    expect(plain(parseEventsCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(SAMPLE)])))).toEqual(expected);
    expect(plain(parseEventsCsv(`${SAMPLE}\n\r\n\n`))).toEqual(expected);
  });

  it('converts amounts exactly by digits: no float product', () => {
    const amounts = ['0.29', '0.57', '1.005e0', '1.10', '1.1', '1', '.5', '7.', '0.00', '-0.00', '+3.25', '1.230', '99999.99', '90071992547409.91'];
    const csv = `${HEADER}${amounts.map((a, i) => `c${i},2023-01-01T00:00:00Z,${a},purchase`).join('\n')}`;
    const result = parseEventsCsv(csv, { onInvalid: 'skip' });
    expect(Array.from(result.columns.amount ?? [])).toEqual([29, 57, 110, 110, 100, 50, 700, 0, 0, 325, 123, 9999999, 9007199254740991]);
    expect(result.skipped.map((s) => s.index)).toEqual([2]);
    expect(Array.from(parseEventsCsv(`${HEADER}a,2023-01-01T00:00:00Z,202.8,x`, { amountDecimals: 3 }).columns.amount ?? [])).toEqual([202800]);
    expect(Array.from(parseEventsCsv(`${HEADER}a,2023-01-01T00:00:00Z,202,x`, { amountDecimals: 0 }).columns.amount ?? [])).toEqual([202]);
  });

  it('reads other ISO-8601 forms in the zone, and keeps ids and names as written', () => {
    const csv = `${HEADER}"  007 ",2024-03-31 02:30:00,1,"sign up"\n__proto__,2024-06-01T12:00:00+02:00,2,\nconstructor,2024-06-01,3,purchase\n`;
    const result = parseEventsCsv(csv, { timeZone: 'Europe/Berlin' });
    expect(result.columns.customerId).toEqual(['  007 ', '__proto__', 'constructor']);
    expect(Array.from(result.columns.timestamp)).toEqual([Date.parse('2024-03-31T01:30:00Z'), Date.parse('2024-06-01T10:00:00Z'), Date.parse('2024-05-31T22:00:00Z')]);
    expect(result.columns.event).toEqual(['sign up', 'purchase', 'purchase']);
  });
});

describe('parseEventsCsv: quoting (RFC 4180)', () => {
  it('reads quoted cells with delimiters, doubled quotes and line breaks', () => {
    const csv = `${HEADER}"a,b",2023-01-01T00:00:00Z,"1,5",purchase\n"say ""hi""",2023-01-01T00:00:01Z,2,"multi\r\nline"\r\n"",2023-01-01T00:00:02Z,3,x\n`;
    const result = parseEventsCsv(csv, { onInvalid: 'skip' });
    expect(result.columns.customerId).toEqual(['say "hi"']);
    expect(result.columns.event).toEqual(['multi\r\nline']);
    expect(result.skipped.map((s) => s.field)).toEqual(['rows[0].amount', 'rows[2].customerId']);
    expect(result.rows).toBe(3);
  });

  it('reads quoted header names and a quoted last cell at the end of the input', () => {
    const result = parseEventsCsv('"customer_id","timestamp"\r\n"c1","2023-01-01T00:00:00Z"');
    expect(plain(result)).toMatchObject({ customerId: ['c1'], timestamp: [Date.parse('2023-01-01T00:00:00Z')], rows: 1 });
    expect(result.columns.event).toBeUndefined();
    expect(result.columns.amount).toBeUndefined();
  });

  it('A3: treats a stray quote inside an unquoted cell, text after a closing quote and an unclosed quote as bad rows', () => {
    const csv = `${HEADER}ab"c,2023-01-01T00:00:00Z,1,x\n"ab"c,2023-01-01T00:00:00Z,1,x\nok,2023-01-01T00:00:00Z,1,x\n"open,2023-01-01T00:00:00Z,1,x\nmore,2023-01-01T00:00:00Z,1,x\n`;
    const result = parseEventsCsv(csv, { onInvalid: 'skip' });
    expect(result.columns.customerId).toEqual(['ok']);
    expect(result.skipped.map((s) => [s.index, s.field])).toEqual([
      [0, 'rows[0]'],
      [1, 'rows[1]'],
      [3, 'rows[3]'],
    ]);
    expect(result.skipped[0]?.reason).toMatch(/quotes enclose whole cells/);
    expect(result.skipped[2]?.reason).toMatch(/quoted cells are closed/);
    expect(result.rows).toBe(4);
  });
});

describe('parseEventsCsv: field mapping, delimiter, header', () => {
  it('accepts customerId and event as default names, and maps other names or indexes', () => {
    const result = parseEventsCsv('customerId,event,timestamp\nc1,visit,2023-01-01T00:00:00Z\n');
    expect(result.columns.event).toEqual(['visit']);
    expect(result.columns.amount).toBeUndefined();
    const mapped = parseEventsCsv('who;when;what;cents\nc1;2023-01-01T00:00:00Z;buy;12\n', {
      delimiter: ';',
      amountDecimals: 0,
      fields: { customerId: 'who', timestamp: 1, event: 'what', amount: 'cents' },
    });
    expect(plain(mapped)).toMatchObject({ customerId: ['c1'], event: ['buy'], amount: [12], amountDecimals: 0 });
    expect(parseEventsCsv(SAMPLE, { fields: { event: null, amount: null } }).columns).not.toHaveProperty('event');
  });

  it('reads a file without header by column indexes; the first row sets the width', () => {
    const csv = '2023-01-01T00:00:00Z\tc1\t5\n2023-01-02T00:00:00Z\tc2\t6\n2023-01-03T00:00:00Z\tc3\n';
    const result = parseEventsCsv(csv, { header: false, delimiter: '\t', onInvalid: 'skip', fields: { customerId: 1, timestamp: 0, amount: 2 } });
    expect(plain(result)).toMatchObject({ customerId: ['c1', 'c2'], amount: [500, 600], rows: 3 });
    expect(result.skipped[0]?.reason).toBe('parseEventsCsv: rows[2] must be a row of 3 cells, received 2');
    expect(thrown(() => parseEventsCsv(csv, { header: false })).field).toBe('options.fields.customerId');
    expect(thrown(() => parseEventsCsv(csv, { header: false, fields: { customerId: 'id', timestamp: 0 } })).field).toBe('options.fields.customerId');
  });

  it('refuses a header without the required columns, a mapped column that does not exist, and bad options', () => {
    expect(thrown(() => parseEventsCsv('id,timestamp\nc1,2023-01-01T00:00:00Z\n')).message).toBe(
      'parseEventsCsv: header must be a row naming a column customer_id or customerId (or set options.fields.customerId), received "id,timestamp"',
    );
    expect(thrown(() => parseEventsCsv(SAMPLE, { fields: { amount: 'price' } })).field).toBe('options.fields.amount');
    expect(thrown(() => parseEventsCsv(SAMPLE, { fields: { amount: 9 } })).field).toBe('options.fields.amount');
    expect(thrown(() => parseEventsCsv(SAMPLE, { timeZone: 'Mars/Olympus' })).field).toBe('options.timeZone');
    expect(thrown(() => parseEventsCsv(SAMPLE, { delimiter: ';;' })).field).toBe('options.delimiter');
    expect(thrown(() => parseEventsCsv(SAMPLE, { delimiter: '"' })).field).toBe('options.delimiter');
    expect(thrown(() => parseEventsCsv(SAMPLE, { amountDecimals: 1.5 })).field).toBe('options.amountDecimals');
    expect(thrown(() => parseEventsCsv(SAMPLE, { amountDecimals: 16 })).field).toBe('options.amountDecimals');
    expect(thrown(() => parseEventsCsv(SAMPLE, { onInvalid: 'ignore' } as never)).field).toBe('options.onInvalid');
    expect(thrown(() => parseEventsCsv(SAMPLE, { chunkRows: 5 } as never)).field).toBe('options.chunkRows');
    expect(thrown(() => parseEventsCsv(42 as never)).field).toBe('input');
    expect(thrown(() => parseEventsCsv(new Uint8Array([0x63, 0xff, 0x0a]))).field).toBe('input');
  });

  it('returns empty columns for an empty input or a header alone', () => {
    expect(plain(parseEventsCsv(''))).toEqual({ customerId: [], timestamp: [], amountDecimals: 2, skipped: [], rows: 0 });
    expect(plain(parseEventsCsv(HEADER))).toEqual({ customerId: [], timestamp: [], event: [], amount: [], amountDecimals: 2, skipped: [], rows: 0 });
  });
});

describe('parseEventsCsv: bad records, under throw and skip', () => {
  const cases: readonly (readonly [string, string, string, string])[] = [
    ['empty id', ',2023-01-01T00:00:00Z,1.00,purchase', 'rows[1].customerId', 'rows[1].customerId must be a non-empty string, received ""'],
    ['bad timestamp', 'c1,2023-02-30T00:00:00Z,1.00,purchase', 'rows[1].timestamp', 'received "2023-02-30T00:00:00Z"'],
    ['bad timestamp text', 'c1,yesterday,1.00,purchase', 'rows[1].timestamp', 'received "yesterday"'],
    ['lone minus sign', 'c1,2023-01-01T00:00:00Z,-,purchase', 'rows[1].amount', 'must be a decimal number (negative for a refund) with at most 2 decimal places (no exponent, no spaces), received "-"'],
    ['too many decimals', 'c1,2023-01-01T00:00:00Z,1.234,purchase', 'rows[1].amount', 'received "1.234"'],
    ['non-numeric amount', 'c1,2023-01-01T00:00:00Z,12 EUR,purchase', 'rows[1].amount', 'received "12 EUR"'],
    ['exponent', 'c1,2023-01-01T00:00:00Z,1e3,purchase', 'rows[1].amount', 'received "1e3"'],
    ['amount past 2^53 minor units', 'c1,2023-01-01T00:00:00Z,90071992547409.92,purchase', 'rows[1].amount', 'must be at most 9007199254740991 minor units'],
    ['too few cells', 'c1,2023-01-01T00:00:00Z,1.00', 'rows[1]', 'rows[1] must be a row of 4 cells, received 3'],
    ['too many cells', 'c1,2023-01-01T00:00:00Z,1.00,purchase,extra', 'rows[1]', 'received 5'],
    ['empty line in the middle', '', 'rows[1]', 'rows[1] must be a row of 4 cells (empty lines are allowed only at the end), received ""'],
  ];
  const good0 = 'c0,2023-01-01T00:00:00Z,1.00,purchase';
  const good2 = 'c2,2023-01-01T00:00:01Z,2.00,purchase';

  for (const [name, line, field, message] of cases) {
    it(`${name}: throws naming row, field and value; skip reports it and keeps the rest`, () => {
      const csv = `${HEADER}${good0}\n${line}\n${good2}\n`;
      const error = thrown(() => parseEventsCsv(csv));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.field).toBe(field);
      expect(error.message.startsWith(`parseEventsCsv: ${field} must be `)).toBe(true);
      expect(error.message).toContain(message);
      const result = parseEventsCsv(csv, { onInvalid: 'skip' });
      expect(result.columns.customerId).toEqual(['c0', 'c2']);
      expect(result.skipped).toEqual([{ index: 1, field, reason: error.message }]);
      expect(result.rows).toBe(3);
    });
  }

  it('reports every bad row under skip, in order', () => {
    const csv = `${HEADER}${cases.map(([, line]) => line).join('\n')}\n${good2}\n`;
    const result = parseEventsCsv(csv, { onInvalid: 'skip' });
    expect(result.skipped.map((s) => s.index)).toEqual(cases.map((_, i) => i));
    expect(result.columns.customerId).toEqual(['c2']);
    expect(result.rows).toBe(cases.length + 1);
  });
});

describe('parseEventsCsv: properties', () => {
  it('the fast timestamp path agrees with the general ISO-8601 reader', () => {
    const pad = (n: number, width: number): string => String(n).padStart(width, '0');
    const stamp = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }))
      .map(([y, mo, d, h, mi, s]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}Z`);
    fc.assert(
      fc.property(fc.array(stamp, { minLength: 1, maxLength: 6 }), (stamps) => {
        const csv = `customer_id,timestamp\n${stamps.map((t) => `c,${t}`).join('\n')}\n`;
        const fast = parseEventsCsv(csv, { onInvalid: 'skip' });
        // The same texts with a '+00:00' offset take the general path.
        const slow = parseEventsCsv(csv.replaceAll('Z\n', '+00:00\n'), { onInvalid: 'skip' });
        expect(Array.from(fast.columns.timestamp)).toEqual(Array.from(slow.columns.timestamp));
        expect(fast.skipped.map((s) => s.index)).toEqual(slow.skipped.map((s) => s.index));
      }),
      fcOptions(),
    );
  });

  it('amounts: cents written with two decimals read back as the same integer', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { maxLength: 8 }), (cents) => {
        const text = (c: number): string => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
        const csv = `customer_id,timestamp,amount\n${cents.map((c) => `c,2023-01-01T00:00:00Z,${text(c)}`).join('\n')}`;
        expect(Array.from(parseEventsCsv(csv).columns.amount ?? [])).toEqual(cents);
      }),
      fcOptions(),
    );
  });
});
