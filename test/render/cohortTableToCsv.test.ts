/**
 * cohortTableToCsv: golden wide and long CSV on hand-built tables, formula-injection neutralisation of
 * hostile labels, the empty table, options, then a round trip through an RFC 4180 parser as a property.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortBuilder, cohortTableToCsv, MetricError } from '../../src/index.js';
import { eventsArb, fcOptions, RANGE_FROM, RANGE_TO } from '../arbitraries/events.js';
import { bracketTable, emptyTable, HOSTILE_LABELS, hostileTable, smallTable } from './_fixtures.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';

/** A strict RFC 4180 parser (CRLF records, quoted fields with doubled quotes), for the round trip. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else {
          field += text[i++];
        }
      }
    } else if (text[i] === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (text[i] === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      field = '';
      record = [];
      i += 2;
    } else {
      if (text[i] === '"' || text[i] === '\r' || text[i] === '\n') throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
      field += text[i++];
    }
  }
  if (field !== '' || record.length > 0) throw new Error('the last record has no CRLF');
  return records;
}

describe('cohortTableToCsv: the small monthly table', () => {
  it('golden wide retention: fractions, empty fields for missing cells, CRLF after every record', () => {
    expect(cohortTableToCsv(smallTable())).toBe('cohort,size,k0,k1,k2\r\n2024-01,2,1,0.5,0.5\r\n2024-02,1,1,0,\r\n2024-03,0,,,\r\n');
  });

  it('golden wide counts with LF', () => {
    expect(cohortTableToCsv(smallTable(), { values: 'counts', newline: '\n' })).toBe('cohort,size,k0,k1,k2\n2024-01,2,2,1,1\n2024-02,1,1,0,\n2024-03,0,0,,\n');
  });

  it('golden long: one record per existing cell, with count, retention and the incomplete flag', () => {
    expect(cohortTableToCsv(smallTable(), { layout: 'long' }).split('\r\n')).toEqual([
      'cohort,size,offset,count,retention,incomplete',
      '2024-01,2,0,2,1,false',
      '2024-01,2,1,1,0.5,false',
      '2024-01,2,2,1,0.5,true',
      '2024-02,1,0,1,1,false',
      '2024-02,1,1,0,0,true',
      '2024-03,0,0,0,,true',
      '',
    ]);
  });

  it('long layout matches table.toRows() cell for cell', () => {
    const table = bracketTable();
    const records = parseCsv(cohortTableToCsv(table, { layout: 'long' })).slice(1);
    expect(records).toEqual(
      table.toRows().map((r) => [r.cohort, String(r.size), String(r.offset), String(r.count), r.retention === null ? '' : String(r.retention), String(r.incomplete)]),
    );
  });

  it('is table.toCSV(options)', () => {
    const table = smallTable();
    expect(table.toCSV()).toBe(cohortTableToCsv(table));
    expect(table.toCSV({ layout: 'long', newline: '\n' })).toBe(cohortTableToCsv(table, { layout: 'long', newline: '\n' }));
  });
});

describe('cohortTableToCsv: edge cases', () => {
  it('bracket columns are named by bracket; 1/3 is written as the shortest exact float', () => {
    expect(cohortTableToCsv(bracketTable()).split('\r\n').slice(0, 2)).toEqual(['cohort,size,k0,k1,k2-3,k4+', '2024-01,3,1,0.3333333333333333,0.3333333333333333,0']);
  });

  it('an empty table (no cohorts) is just the header', () => {
    expect(cohortTableToCsv(emptyTable())).toBe('cohort,size\r\n');
    expect(cohortTableToCsv(emptyTable(), { layout: 'long' })).toBe('cohort,size,offset,count,retention,incomplete\r\n');
  });

  it('labels that start a formula (=1+1, +1, -1, @x, tab, CR) are prefixed with a quote, then quoted if needed', () => {
    const wide = cohortTableToCsv(hostileTable());
    expect(wide.split('\r\n').slice(0, 5)).toEqual(['cohort,size,k0,k1', "'=1+1,4,1,0.5", "'+1,4,1,0.5", "'-1,4,1,0.5", "'@x,4,1,0.5"]);
    expect(wide).toContain("'\tTAB,4,1,0.5\r\n");
    expect(wide).toContain(`"'\rCR",4,1,0.5\r\n`);
    expect(wide).toContain(`"<b>&""'</b>",4,1,0.5\r\n`);
    expect(wide).toContain(`"a,""b""",4,1,0.5\r\n`);
    // Parsed back, every label is intact apart from the neutralising quote, and no field starts a formula.
    const records = parseCsv(wide).slice(1);
    expect(records.map((r) => r[0])).toEqual(HOSTILE_LABELS.map((label) => (['=', '+', '-', '@', '\t', '\r'].includes(label[0]!) ? `'${label}` : label)));
    for (const record of nonEmpty(parseCsv(cohortTableToCsv(hostileTable(), { layout: 'long' })))) {
      for (const field of record) expect(['=', '+', '-', '@', '\t', '\r']).not.toContain(field.charAt(0));
    }
  });

  it('rejects what is not a table and bad options with MetricError', () => {
    const table = smallTable();
    expect(() => cohortTableToCsv(null as never)).toThrow(MetricError);
    expect(() => cohortTableToCsv(table, { layout: 'tall' } as never)).toThrow(/cohortTableToCsv: options.layout must be one of 'wide', 'long'/);
    expect(() => cohortTableToCsv(table, { newline: '\r' } as never)).toThrow(/options.newline/);
    expect(() => cohortTableToCsv(table, { values: 'revenue' } as never)).toThrow(/options.values/);
    expect(() => cohortTableToCsv(table, { delimiter: ';' } as never)).toThrow(/options.delimiter/);
  });
});

describe('cohortTableToCsv: properties', () => {
  it('parses back (RFC 4180) to the table: sizes, counts, retention as numbers; deterministic', () => {
    fc.assert(
      fc.property(eventsArb({ maxLength: 30 }), (events) => {
        const build = () => new CohortBuilder().addAll(events).build({ from: RANGE_FROM, to: RANGE_TO });
        const table = build();
        const csv = cohortTableToCsv(table);
        expect(cohortTableToCsv(build())).toBe(csv);
        const [header, ...rows] = parseCsv(csv);
        expect(header).toEqual(['cohort', 'size', ...table.columns.map((k) => `k${k}`)]);
        expect(rows.map((r) => r[0])).toEqual(table.cohorts.map((c) => c.label));
        expect(rows.map((r) => Number(r[1]))).toEqual(table.cohorts.map((c) => c.size));
        expect(rows.map((r) => r.slice(2).map((f) => (f === '' ? null : Number(f))))).toEqual(table.retention().map((row) => row.map((rate) => (rate === null ? null : rate.toNumber()))));
        const counts = parseCsv(cohortTableToCsv(table, { values: 'counts' })).slice(1);
        expect(counts.map((r) => r.slice(2).map((f) => (f === '' ? null : Number(f))))).toEqual(table.counts());
      }),
      fcOptions({ numRuns: 60 }),
    );
  });
});
