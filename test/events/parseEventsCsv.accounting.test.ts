/**
 * parseEventsCsv and parseEventsCsvChunks, issue 10 item A3: every line of input ends as a row, a skipped
 * row with its reason, or the error. CR-only line ends, a quote inside an unquoted cell, a header naming a
 * column twice or with spaces around a name (item D); then a fuzz property over generated CSV texts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEventsCsv, parseEventsCsvChunks, type ParsedEvents } from '../../src/index.js';
import { fcOptions } from '../arbitraries/events.js';
import { collect, concat, plain, splitAt, thrown, type PlainEvents } from './_parsedEvents.js';

const T1 = '2023-01-01T04:52:52Z';
const T2 = '2023-01-02T10:00:00Z';


/** Text pieces of `size` units (strings) or bytes. */
function pieces(text: string, size: number, bytes: boolean): (string | Uint8Array)[] {
  const whole: string | Uint8Array = bytes ? new TextEncoder().encode(text) : text;
  const cuts: number[] = [];
  for (let at = size; at < whole.length; at += size) cuts.push(at);
  return splitAt(whole, cuts);
}

async function chunked(text: string, size: number, bytes: boolean, chunkRows: number, empty: PlainEvents): Promise<PlainEvents> {
  const chunks: ParsedEvents[] = await collect(parseEventsCsvChunks(pieces(text, size, bytes), { onInvalid: 'skip', chunkRows }));
  return concat(chunks, empty);
}

describe('parseEventsCsv: line ends and quotes (A3)', () => {
  it('A3: reads CR-only line ends (old Mac, some spreadsheet exports) as rows, not as 0 rows and no error', () => {
    const csv = `customer_id,timestamp,amount\rc1,${T1},1.50\rc2,${T2},2\r`;
    const result = parseEventsCsv(csv);
    expect(plain(result)).toMatchObject({ customerId: ['c1', 'c2'], timestamp: [Date.parse(T1), Date.parse(T2)], amount: [150, 200], rows: 2 });
    expect(plain(parseEventsCsv(new TextEncoder().encode(csv)))).toEqual(plain(result));
  });

  it('A3: mixes LF, CRLF and CR in one file; CR then LF is one line end, CR then CR an empty line', () => {
    const csv = `customer_id,timestamp\r\nc1,${T1}\rc2,${T1}\nc3,${T1}\r\rc4,${T1}`;
    const result = parseEventsCsv(csv, { onInvalid: 'skip' });
    expect(result.columns.customerId).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(result.skipped.map((s) => s.index)).toEqual([3]);
    expect(result.rows).toBe(5);
  });

  it('A3: keeps CR and LF inside quoted cells as text', () => {
    const result = parseEventsCsv(`customer_id,timestamp\r"a\rb",${T1}\r"c\r\nd",${T1}\r`);
    expect(result.columns.customerId).toEqual(['a\rb', 'c\r\nd']);
  });

  it('A3: a quote inside an unquoted cell (ab"c) is a bad row, as the docs say, not the id ab"c', () => {
    const csv = `customer_id,timestamp\nab"c,${T1}\nok,${T1}\n`;
    const error = thrown(() => parseEventsCsv(csv));
    expect(error.field).toBe('rows[0]');
    expect(error.message).toMatch(/quotes enclose whole cells/);
    const result = parseEventsCsv(csv, { onInvalid: 'skip' });
    expect(result.columns.customerId).toEqual(['ok']);
    expect(result.skipped.map((s) => s.index)).toEqual([0]);
    // In a later cell too, and the doubled-quote form is the way to write it.
    expect(parseEventsCsv(`customer_id,timestamp\nx,${T1}"\n`, { onInvalid: 'skip' }).skipped).toHaveLength(1);
    expect(parseEventsCsv(`customer_id,timestamp\n"ab""c",${T1}\n`).columns.customerId).toEqual(['ab"c']);
  });

  it('A3: refuses a header naming a column it reads twice, naming the header and both positions', () => {
    const error = thrown(() => parseEventsCsv(`customer_id,timestamp,customer_id\na,${T1},b\n`));
    expect(error.field).toBe('header');
    expect(error.message).toBe(
      'parseEventsCsv: header must be a row naming each column it is read from once ("customer_id" is both column 0 and column 2), received "customer_id,timestamp,customer_id"',
    );
    // A mapped name and an optional column too.
    expect(thrown(() => parseEventsCsv(`id,timestamp,id\na,${T1},b\n`, { fields: { customerId: 'id' } })).message).toMatch(/"id" is both column 0 and column 2/);
    expect(thrown(() => parseEventsCsv(`customer_id,timestamp,amount,amount\na,${T1},1,2\n`)).message).toMatch(/"amount" is both column 2 and column 3/);
    // Columns that are not read may repeat (two empty names from trailing delimiters, say).
    expect(parseEventsCsv(`customer_id,timestamp,,\na,${T1},,\n`).columns.customerId).toEqual(['a']);
  });

  it('D: a header cell with spaces around a wanted name says so', () => {
    const error = thrown(() => parseEventsCsv(`customer_id, timestamp\na,${T1}\n`));
    expect(error.field).toBe('header');
    expect(error.message).toMatch(/column 1 is " timestamp", with spaces around the name \(cells are not trimmed\)/);
    // An optional column written so would be dropped unseen: refused as well.
    expect(thrown(() => parseEventsCsv(`customer_id,timestamp, amount\na,${T1},1\n`)).message).toMatch(/column 2 is " amount"/);
    // A mapped name with spaces that the header has without them.
    expect(thrown(() => parseEventsCsv(`customer_id,timestamp\na,${T1}\n`, { fields: { timestamp: 'timestamp ' } })).message).toMatch(/the header has "timestamp", without the spaces/);
  });

  it('A3: chunked parsing reads a CR split from its LF, and a CR at the very end', async () => {
    const csv = `customer_id,timestamp\r\nc1,${T1}\r\nc2,${T1}\r`;
    for (const size of [1, 2, 3, 22, 23]) {
      for (const bytes of [false, true]) {
        const got = await chunked(csv, size, bytes, 1, plain(parseEventsCsv('customer_id,timestamp\n')));
        expect(got.customerId).toEqual(['c1', 'c2']);
        expect(got.skipped).toEqual([]);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// The class: generated CSV texts whose accounting is known line by line.

/** A data line of the generated file and what it must become. */
interface Line {
  readonly text: string;
  /** The id of a valid row; undefined for a bad row or an empty line. */
  readonly id?: string;
  /** The field of a bad row's report, '' for the row itself; undefined for a valid row. */
  readonly bad?: string;
}

const validLine: fc.Arbitrary<Line> = fc
  .tuple(
    fc.constantFrom<[string, string]>(
      ['a', 'a'],
      ['c004546', 'c004546'],
      ['"q,1"', 'q,1'],
      ['"line\nbreak"', 'line\nbreak'],
      ['"cr\ronly"', 'cr\ronly'],
      ['"crlf\r\nin"', 'crlf\r\nin'],
      ['"say ""hi"""', 'say "hi"'],
      ['é€𝄞', 'é€𝄞'],
    ),
    fc.constantFrom(T1, T2, '2023-01-01 04:52', '"2023-01-01T04:52:52.5+01:00"'),
    fc.constantFrom('', '1', '2.50', '"3.25"', '-1.50', '"-0.75"'),
  )
  .map(([[cell, id], time, amount]) => ({ text: `${cell},${time},${amount}`, id }));

const badLine: fc.Arbitrary<Line> = fc.constantFrom<Line>(
  { text: `ab"c,${T1},1`, bad: '' },
  { text: `x,${T1}"z,1`, bad: '' },
  { text: `"ab"c,${T1},1`, bad: '' },
  { text: `x,${T1}`, bad: '' },
  { text: `x,${T1},1,extra`, bad: '' },
  { text: `x,not a time,1`, bad: '.timestamp' },
  { text: `,${T1},1`, bad: '.customerId' },
  { text: `x,${T1},1.234`, bad: '.amount' },
  { text: `x,${T1},--1`, bad: '.amount' },
);

const emptyLine: fc.Arbitrary<Line> = fc.constant<Line>({ text: '' });

const csvFile = fc.record({
  bom: fc.boolean(),
  lines: fc.array(fc.oneof({ weight: 4, arbitrary: validLine }, { weight: 2, arbitrary: badLine }, { weight: 1, arbitrary: emptyLine }), { maxLength: 14 }),
  ends: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 16, maxLength: 16 }),
  lastEnded: fc.boolean(),
});

/** The file's text and its expected result under onInvalid 'skip'. */
function build({ bom, lines, ends, lastEnded }: { bom: boolean; lines: Line[]; ends: string[]; lastEnded: boolean }) {
  let text = `${bom ? '\uFEFF' : ''}customer_id,timestamp,amount`;
  let previousEnd = ends[15] as string;
  text += previousEnd;
  // Trailing empty lines are not rows; the others are bad rows.
  let last = lines.length;
  while (last > 0 && lines[last - 1]?.text === '') last--;
  const ids: string[] = [];
  const skipped: { index: number; field: string }[] = [];
  lines.forEach((line, k) => {
    let end = ends[k] as string;
    // An empty line after a CR cannot end with a lone LF: CR LF is one line end.
    if (line.text === '' && previousEnd === '\r' && end === '\n') end = '\r\n';
    const final = k === lines.length - 1 && line.text !== '' && !lastEnded;
    text += line.text + (final ? '' : end);
    previousEnd = end;
    if (k >= last) return;
    if (line.id !== undefined) ids.push(line.id);
    else skipped.push({ index: k, field: `rows[${k}]${line.bad ?? ''}` });
  });
  return { text, ids, skipped, rows: last };
}

describe('parseEventsCsv: every line is accounted for (property)', () => {
  it('A3: rows + skipped rows account for every data line, identically one-shot and chunked, for text and bytes, for every piece size', async () => {
    const empty = plain(parseEventsCsv('customer_id,timestamp,amount\n'));
    await fc.assert(
      fc.asyncProperty(csvFile, fc.integer({ min: 1, max: 9 }), async (file, size) => {
        const { text, ids, skipped, rows } = build(file);
        const oneShot = plain(parseEventsCsv(text, { onInvalid: 'skip' }));
        expect(oneShot.customerId).toEqual(ids);
        expect(oneShot.skipped.map(({ index, field }) => ({ index, field }))).toEqual(skipped);
        expect(oneShot.rows).toBe(rows);
        expect(oneShot.customerId.length + oneShot.skipped.length).toBe(oneShot.rows);
        expect(plain(parseEventsCsv(new TextEncoder().encode(text), { onInvalid: 'skip' }))).toEqual(oneShot);
        // With no rows the chunked parsers yield nothing: compare with the empty result then.
        const expected = rows === 0 ? empty : oneShot;
        for (const piece of [1, size, 64]) {
          for (const bytes of [false, true]) expect(await chunked(text, piece, bytes, 1 + (size % 3), empty)).toEqual(expected);
        }
        // With onInvalid 'throw': the first bad line is the error, or the rows are read.
        const first = skipped[0];
        if (first === undefined) expect(plain(parseEventsCsv(text))).toEqual(oneShot);
        else expect(thrown(() => parseEventsCsv(text)).field).toBe(first.field);
      }),
      fcOptions({ numRuns: 150 }),
    );
  });
});
