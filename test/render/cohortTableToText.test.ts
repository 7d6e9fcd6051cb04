/**
 * cohortTableToText: golden outputs on hand-built tables, options, colour, null and incomplete cells,
 * the empty table, hostile labels, then determinism and layout as properties over generated events.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortBuilder, cohortTableToText, MetricError } from '../../src/index.js';
import { eventsArb, fcOptions, RANGE_FROM, RANGE_TO } from '../arbitraries/events.js';
import { bracketTable, emptyTable, hostileTable, smallTable } from './_fixtures.js';
import { mayBeEmpty } from '../arbitraries/nonEmpty.js';

const NOTE = '* incomplete: the period had not ended when observation stopped';
const stripAnsi = (text: string) => text.replaceAll(/\u001b\[[0-9;]*m/g, '');

describe('cohortTableToText: the small monthly table', () => {
  it('golden: retention percentages, · for missing cells, * and a footnote for incomplete cells', () => {
    expect(cohortTableToText(smallTable())).toBe(
      [
        'cohort  size       0       1       2',
        '2024-01    2  100.0%   50.0%   50.0%*',
        '2024-02    1  100.0%    0.0%*      ·',
        '2024-03    0       ·       ·       ·',
        NOTE,
      ].join('\n'),
    );
  });

  it('golden: counts', () => {
    expect(cohortTableToText(smallTable(), { values: 'counts' })).toBe(
      ['cohort  size  0   1   2', '2024-01    2  2   1   1*', '2024-02    1  1   0*  ·', '2024-03    0  0*  ·   ·', NOTE].join('\n'),
    );
  });

  it('digits and a blank empty cell', () => {
    expect(cohortTableToText(smallTable(), { digits: 0, empty: '' }).split('\n')).toEqual([
      'cohort  size     0     1     2',
      '2024-01    2  100%   50%   50%*',
      '2024-02    1  100%    0%*',
      '2024-03    0',
      NOTE,
    ]);
  });

  it('is table.toString(), and template strings use it', () => {
    const table = smallTable();
    expect(table.toString()).toBe(cohortTableToText(table));
    expect(`${table}`).toBe(cohortTableToText(table));
  });

  it('colour: ANSI 256 backgrounds on cells with a retention only; the same text once stripped', () => {
    const table = smallTable();
    const coloured = cohortTableToText(table, { colour: true });
    const lines = coloured.split('\n');
    // Offset 0 is the darkest blue with white text; the returning cells span 0%-50%, so 50% is darkest
    // too and 0% the lightest with black text (the SVG and HTML heatmaps' domain).
    expect(lines[1]).toBe('2024-01    2\u001b[48;5;23m\u001b[38;5;231m  100.0% \u001b[0m\u001b[48;5;23m\u001b[38;5;231m  50.0% \u001b[0m\u001b[48;5;23m\u001b[38;5;231m  50.0%*\u001b[0m');
    expect(lines[2]).toContain('\u001b[48;5;231m\u001b[38;5;16m   0.0%*\u001b[0m      ·');
    expect(lines[3]).toBe('2024-03    0       ·       ·       ·');
    expect(lines[0]).not.toContain('\u001b');
    expect(lines.at(-1)).toBe('colour: 0.0% to 50.0% (offset 0, the cohort itself, darkest)');
    expect(stripAnsi(coloured).split('\n').map((l) => l.trimEnd())).toEqual([...cohortTableToText(table).split('\n'), lines.at(-1)]);
    expect(cohortTableToText(table, { colour: false })).toBe(cohortTableToText(table));
  });

  it('colorDomain: the shades of the SVG heatmap; [0, 1] restores the fixed scale; bad domains are refused', () => {
    const table = smallTable();
    const fixed = cohortTableToText(table, { colour: true, colorDomain: [0, 1] }).split('\n');
    expect(fixed[1]).toContain('\u001b[48;5;74m\u001b[38;5;16m  50.0% ');
    expect(fixed.at(-1)).toBe('colour: 0.0% to 100.0% (offset 0, the cohort itself, darkest)');
    expect(cohortTableToText(table, { colorDomain: [0, 1] })).toBe(cohortTableToText(table));
    expect(() => cohortTableToText(table, { colour: true, colorDomain: [0.5, 0.5] })).toThrow(/options\.colorDomain/);
  });
});

describe('cohortTableToText: edge cases', () => {
  it('bracket columns are labelled by bracket; a complete table has no footnote', () => {
    expect(cohortTableToText(bracketTable())).toBe(
      [
        'cohort  size       0       1     2-3     4+',
        '2024-01    3  100.0%   33.3%   33.3%   0.0%',
        '2024-02    0       ·       ·       ·      ·',
        '2024-03    0       ·       ·       ·      ·',
        '2024-04    0       ·       ·       ·      ·',
        '2024-05    1  100.0%    0.0%       ·      ·',
        '2024-06    0       ·       ·       ·      ·',
      ].join('\n'),
    );
  });

  it('an empty table (no cohorts, no columns) renders its header', () => {
    expect(cohortTableToText(emptyTable())).toBe('cohort size');
    expect(cohortTableToText(emptyTable(), { colour: true, values: 'counts' })).toBe('cohort size');
  });

  it('control characters in labels cannot break the layout or inject escapes', () => {
    const text = cohortTableToText(hostileTable());
    const lines = text.split('\n');
    expect(lines).toHaveLength(1 + 8);
    expect(text.includes('\t') || text.includes('\r') || text.includes('\u001b')).toBe(false);
    expect(lines[1]).toBe('=1+1          4  100.0%   50.0%');
    expect(lines[5]).toBe('\ufffdTAB          4  100.0%   50.0%');
  });

  it('rejects what is not a table and bad options with MetricError', () => {
    const table = smallTable();
    for (const bad of [null, undefined, 42, 'table', {}, [], { counts: [] }]) {
      expect(() => cohortTableToText(bad as never)).toThrow(MetricError);
    }
    expect(() => cohortTableToText(table, { values: 'percent' } as never)).toThrow(/cohortTableToText: options.values must be one of 'retention', 'counts'/);
    expect(() => cohortTableToText(table, { digits: 1.5 })).toThrow(/options.digits must be an integer from 0 to 20/);
    expect(() => cohortTableToText(table, { digits: 21 })).toThrow(MetricError);
    expect(() => cohortTableToText(table, { colour: 'yes' } as never)).toThrow(/options.colour must be true or false/);
    expect(() => cohortTableToText(table, { color: true } as never)).toThrow(/options.color/);
    expect(() => cohortTableToText(table, { empty: 0 } as never)).toThrow(MetricError);
    expect(() => (cohortTableToText as (...args: unknown[]) => string)(table, {}, {})).toThrow(MetricError);
  });
});

describe('cohortTableToText: properties', () => {
  it('deterministic; one line per cohort plus header (and footnote iff a shown cell is incomplete); aligned columns', () => {
    fc.assert(
      fc.property(eventsArb({ maxLength: 30 }), fc.constantFrom('retention', 'counts'), (events, values) => {
        const build = () => new CohortBuilder().addAll(events).build({ from: RANGE_FROM, to: RANGE_TO });
        const table = build();
        const text = cohortTableToText(table, { values });
        expect(cohortTableToText(build(), { values })).toBe(text);
        const colourLines = stripAnsi(cohortTableToText(table, { values, colour: true })).split('\n').map((l) => l.trimEnd());
        // The coloured text is the plain text plus one last line naming the colour domain (when there are rows).
        expect(colourLines).toEqual(table.cohorts.length === 0 ? text.split('\n') : [...text.split('\n'), expect.stringMatching(/^colour: /)]);
        const lines = text.split('\n');
        const footnote = lines.at(-1) === NOTE;
        expect(lines.length).toBe(1 + table.cohorts.length + (footnote ? 1 : 0));
        const flags = table.incomplete();
        const shown = values === 'counts' ? table.counts() : table.retention();
        expect(footnote).toBe(flags.some((row, i) => row.some((flag, k) => flag && shown[i]![k] !== null)));
        // Right-aligned columns: after the label, every line's tokens (size, then one per column) end at
        // the same positions as the header's.
        const tokenEnds = (line: string) =>
          [...line].flatMap((c, i) => (c !== ' ' && c !== '*' && (i + 1 === line.length || line[i + 1] === ' ' || line[i + 1] === '*') ? [i] : [])).slice(1);
        const ends = tokenEnds(lines[0]!);
        expect(ends).toHaveLength(1 + table.columns.length);
        for (const line of mayBeEmpty(lines.slice(1, 1 + table.cohorts.length))) expect(tokenEnds(line)).toEqual(ends);
      }),
      fcOptions({ numRuns: 60 }),
    );
  });
});
