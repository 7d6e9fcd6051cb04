/**
 * D (renderer part): SVG titles, HTML captions and labels with control characters stay well-formed XML.
 * XML 1.0 allows no C0 control but tab, LF and CR, no U+FFFE/U+FFFF and no lone surrogate, not even as a
 * character reference; the renderers write U+FFFD instead (DEL and C1 too, which HTML reports as parse
 * errors). Checked by the XML 1.0 checker of test/render/_xml.ts: first the reported case, then a property
 * over strings of arbitrary UTF-16 code units as title, caption and labels, which also checks that the
 * text reads back as written, each refused character as one U+FFFD.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CohortTable, cohortTableToHtml, cohortTableToSvg } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { smallTable, textsOf } from './_fixtures.js';
import { triangle } from './_bigTables.js';
import { xmlProblems } from './_xml.js';

/** The text of character data as an XML parser reads it (the five references the renderers write). */
function unescape(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
}

/** What the renderers make of a text: characters XML 1.0 refuses (and DEL, C1) as U+FFFD. */
function expected(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += text.slice(i, i + 2);
      i++;
    } else if ((c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) {
      out += '\ufffd';
    } else {
      out += text[i];
    }
  }
  return out;
}

/** A table-like (as from another copy of the library) with the given cohort labels. */
function labelled(labels: readonly string[]): CohortTable {
  const real = triangle(labels.length, 2);
  return {
    cohorts: real.cohorts.map((cohort, i) => ({ ...cohort, label: labels[i]! })),
    columns: real.columns,
    returnRule: real.returnRule,
    counts: () => real.counts(),
    retention: () => real.retention(),
    incomplete: () => real.incomplete(),
  } as unknown as CohortTable;
}

const CONTROLS = 'Q1\u0000\u0001\u0008\u000b\u000c\u001b[31mred\u007f\u0085\ud800x\udc00\ufffe\uffff \t\n end';

describe('D: markup with control characters', () => {
  it('D: an SVG title with control characters, lone surrogates and U+FFFE/U+FFFF stays well-formed XML', () => {
    const svg = cohortTableToSvg(smallTable(), { title: CONTROLS });
    expect(xmlProblems(svg)).toEqual([]);
    expect(unescape(textsOf(svg, 'title')[0]!)).toBe('Q1\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd[31mred\ufffd\ufffd\ufffdx\ufffd\ufffd\ufffd \t\n end');
  });

  it('D: an HTML caption with the same characters stays well-formed XML (XHTML)', () => {
    const html = cohortTableToHtml(smallTable(), { caption: CONTROLS });
    expect(xmlProblems(html)).toEqual([]);
    expect(unescape(textsOf(html, 'caption')[0]!)).toBe(expected(CONTROLS));
  });

  it('labels with control characters are replaced the same way in both', () => {
    const table = labelled(['a\u0000b', '\u001b[2J', 'ok']);
    for (const markup of [cohortTableToSvg(table), cohortTableToHtml(table)]) {
      expect(xmlProblems(markup)).toEqual([]);
      expect(markup).toContain('a\ufffdb');
      expect(markup).toContain('\ufffd[2J');
    }
  });

  it('property: any UTF-16 text as title, caption or label gives well-formed XML that reads back as the text with refused characters as U+FFFD', () => {
    const codeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });
    fc.assert(
      fc.property(codeUnits, fc.array(codeUnits, { minLength: 1, maxLength: 4 }), (title, labels) => {
        // H2: the axis titles are escaped as everything else.
        const svg = cohortTableToSvg(labelled(labels), { title, rowTitle: title, columnTitle: title });
        expect(xmlProblems(svg)).toEqual([]);
        expect(unescape(textsOf(svg, 'title')[0]!)).toBe(expected(title));
        expect(textsOf(svg, 'text').slice(1, 3).map(unescape)).toEqual([expected(title), expected(title)]);
        const html = cohortTableToHtml(labelled(labels), { caption: title, rowTitle: title, columnTitle: title });
        expect(xmlProblems(html)).toEqual([]);
        expect(unescape(textsOf(html, 'caption')[0]!)).toBe(expected(title));
        expect(textsOf(html, 'th').slice(0, 2).map(unescape)).toEqual([expected(title), expected(title)]);
        // The axis titles (2), cohort and size (2), the offsets 0 and 1 (2), then the row headers.
        const rowHeaders = textsOf(html, 'th').slice(2 + 2 + 2).map(unescape);
        expect(rowHeaders).toEqual(labels.map(expected));
      }),
      fcOptions({ numRuns: 200 }),
    );
  });
});
