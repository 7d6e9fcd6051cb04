/** parseEventsNdjson: the bench format, numbers and strings as amounts, mapping, bad records under throw and skip. */
import { describe, expect, it } from 'vitest';
import { parseEventsNdjson } from '../../src/index.js';
import { plain, thrown } from './_parsedEvents.js';

const LINE = '{"customer_id":"c004546","timestamp":"2023-01-01T04:52:52Z","amount":202.82,"kind":"purchase"}';
const LINE2 = '{"customer_id":"c008340","timestamp":"2023-01-01T06:01:36Z","amount":81.13,"kind":"interaction"}';


describe('parseEventsNdjson: the bench format', () => {
  it('reads the README sample line', () => {
    expect(plain(parseEventsNdjson(`${LINE}\n${LINE2}\n`))).toEqual({
      customerId: ['c004546', 'c008340'],
      timestamp: [Date.parse('2023-01-01T04:52:52Z'), Date.parse('2023-01-01T06:01:36Z')],
      event: ['purchase', 'interaction'],
      amount: [20282, 8113],
      amountDecimals: 2,
      skipped: [],
      rows: 2,
    });
  });

  it('gives the same result from bytes, CRLF, a BOM, without the last line end and with trailing blank lines', () => {
    const text = `${LINE}\n${LINE2}\n`;
    const expected = plain(parseEventsNdjson(text));
    for (const variant of [new TextEncoder().encode(text), text.replaceAll('\n', '\r\n'), `\uFEFF${text}`, text.slice(0, -1), `${text}\n  \n\r\n`]) {
      expect(plain(parseEventsNdjson(variant))).toEqual(expected);
    }
  });

  it('reads amounts given as numbers (by their shortest text) or strings, exactly', () => {
    const amounts = ['0.29', '"0.29"', '1.1', '100', '0', '-0', '"1.230"', 'null', '99999.99'];
    const text = amounts.map((a, i) => `{"customerId":${i},"timestamp":${Date.UTC(2023, 0, 1)},"amount":${a}}`).join('\n');
    const result = parseEventsNdjson(text);
    expect(Array.from(result.columns.amount ?? [])).toEqual([29, 29, 110, 10000, 0, 0, 123, 0, 9999999]);
    expect(result.columns.customerId).toEqual(amounts.map((_, i) => String(i)));
    expect(result.columns.event).toEqual(amounts.map(() => 'purchase'));
  });

  it('maps other property names and drops columns mapped to null', () => {
    const text = '{"who":"a","when":"2023-01-01 10:00","what":"visit","price":"3"}\n';
    const result = parseEventsNdjson(text, { fields: { customerId: 'who', timestamp: 'when', event: 'what', amount: 'price' }, amountDecimals: 0, timeZone: 'America/New_York' });
    expect(plain(result)).toMatchObject({ customerId: ['a'], timestamp: [Date.parse('2023-01-01T15:00:00Z')], event: ['visit'], amount: [3], amountDecimals: 0 });
    const dropped = parseEventsNdjson(`${LINE}\n`, { fields: { event: null, amount: null } });
    expect(dropped.columns).not.toHaveProperty('event');
    expect(dropped.columns).not.toHaveProperty('amount');
    expect(thrown(() => parseEventsNdjson(LINE, { fields: { customerId: 3 } as never })).field).toBe('options.fields.customerId');
    expect(thrown(() => parseEventsNdjson(LINE, { delimiter: ',' } as never)).field).toBe('options.delimiter');
  });
});

describe('parseEventsNdjson: bad records, under throw and skip', () => {
  const cases: readonly (readonly [string, string, string, string])[] = [
    ['empty id', '{"customer_id":"","timestamp":"2023-01-01T00:00:00Z","amount":1}', 'rows[1].customerId', 'received ""'],
    ['missing id', '{"timestamp":"2023-01-01T00:00:00Z","amount":1}', 'rows[1].customerId', 'received undefined'],
    ['fractional numeric id', '{"customer_id":1.5,"timestamp":"2023-01-01T00:00:00Z","amount":1}', 'rows[1].customerId', 'received 1.5'],
    ['bad timestamp', '{"customer_id":"c","timestamp":"2023-13-01T00:00:00Z","amount":1}', 'rows[1].timestamp', 'received "2023-13-01T00:00:00Z"'],
    ['timestamp of another type', '{"customer_id":"c","timestamp":true,"amount":1}', 'rows[1].timestamp', 'received true'],
    ['lone minus sign', '{"customer_id":"c","timestamp":"2023-01-01T00:00:00Z","amount":"-"}', 'rows[1].amount', 'received "-"'],
    ['too many decimals', '{"customer_id":"c","timestamp":"2023-01-01T00:00:00Z","amount":"1.234"}', 'rows[1].amount', 'received "1.234"'],
    ['float noise', '{"customer_id":"c","timestamp":"2023-01-01T00:00:00Z","amount":0.30000000000000004}', 'rows[1].amount', 'received 0.30000000000000004'],
    ['non-numeric amount', '{"customer_id":"c","timestamp":"2023-01-01T00:00:00Z","amount":"abc"}', 'rows[1].amount', 'received "abc"'],
    ['amount of another type', '{"customer_id":"c","timestamp":"2023-01-01T00:00:00Z","amount":[1]}', 'rows[1].amount', 'received an array of 1'],
    ['empty event', '{"customer_id":"c","timestamp":"2023-01-01T00:00:00Z","event":""}', 'rows[1].event', 'received ""'],
    ['not JSON', '{"customer_id":"c",', 'rows[1]', 'must be a JSON object'],
    ['not an object', '[1,2]', 'rows[1]', 'received "[1,2]"'],
    ['blank line in the middle', '', 'rows[1]', 'empty lines are allowed only at the end'],
  ];
  for (const [name, line, field, fragment] of cases) {
    it(`${name}: throws naming row, field and value; skip reports it and keeps the rest`, () => {
      const text = `${LINE}\n${line}\n${LINE2}\n`;
      const error = thrown(() => parseEventsNdjson(text));
      expect(error.field).toBe(field);
      expect(error.message.startsWith(`parseEventsNdjson: ${field} must be `)).toBe(true);
      expect(error.message).toContain(fragment);
      const result = parseEventsNdjson(text, { onInvalid: 'skip' });
      expect(result.columns.customerId).toEqual(['c004546', 'c008340']);
      expect(result.skipped).toEqual([{ index: 1, field, reason: error.message }]);
      expect(result.rows).toBe(3);
    });
  }
});
