/**
 * The escaping helpers every renderer uses: HTML/XML text and attributes, CSV fields (RFC 4180 quoting
 * and OWASP formula-injection neutralisation), terminal-safe text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, escapeHtml, printable } from '../../src/render/_escape.js';
import { fcOptions } from '../arbitraries/counts.js';
import { markupProblems } from './_fixtures.js';

describe('escapeHtml', () => {
  it('escapes the five characters & < > " \' and nothing else', () => {
    expect(escapeHtml(`<script>alert("x") & 'y'</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;');
    expect(escapeHtml('2024-W09 · 100.0%')).toBe('2024-W09 · 100.0%');
    expect(escapeHtml('')).toBe('');
  });

  it('escapes an existing reference again (no double-decoding shortcut)', () => {
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });

  it('property: the result has no raw markup character and decodes back to the input', () => {
    const decode = (s: string) => s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '<', '>', '&', '"', "'", ';', '#', ' ', 'é') }), (text) => {
        const escaped = escapeHtml(text);
        expect([...escaped].some((c) => c === '<' || c === '>' || c === '"' || c === "'")).toBe(false);
        expect(decode(escaped)).toBe(text);
        expect(markupProblems(`<p title="${escaped}">${escaped}</p>`)).toEqual([]);
      }),
      fcOptions({ numRuns: 200 }),
    );
  });
});

describe('csvCell', () => {
  it('neutralises formula starts with a leading quote (OWASP CSV injection)', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@x')).toBe("'@x");
    expect(csvCell('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)");
    expect(csvCell('\t=1')).toBe("'\t=1");
  });

  it('neutralises, then quotes when the field holds a comma, quote, CR or LF (RFC 4180)', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('-1,5')).toBe(`"'-1,5"`);
  });

  it('leaves ordinary fields alone, including formula characters after the first', () => {
    for (const text of ['2024-01', '2024-W09', '0.5', '0', '100', 'a=1', 'x+y', 'k2-3', 'k4+', '', ' =1']) {
      expect(csvCell(text)).toBe(text);
    }
  });

  it('property: a field parses back (RFC 4180) to the text, with a leading quote exactly when it started a formula', () => {
    const parse = (field: string) => (field.startsWith('"') ? field.slice(1, -1).replaceAll('""', '"') : field);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '1', ',', '"', '\n', '\r', '\t', '=', '+', '-', '@', "'", ' ') }), (text) => {
        const field = csvCell(text);
        const dangerous = ['=', '+', '-', '@', '\t', '\r'].includes(text.charAt(0));
        expect(parse(field)).toBe(dangerous ? `'${text}` : text);
        // Unquoted fields hold no separator, quote or line break; quoted ones hold no lone quote.
        if (!field.startsWith('"')) expect([...field].some((c) => ',"\r\n'.includes(c))).toBe(false);
        else expect(field.slice(1, -1).replaceAll('""', '').includes('"')).toBe(false);
        expect(['=', '+', '-', '@', '\t', '\r'].includes(parse(field).charAt(0))).toBe(false);
      }),
      fcOptions({ numRuns: 300 }),
    );
  });
});

describe('printable', () => {
  it('replaces C0, DEL and C1 controls with U+FFFD and keeps the rest', () => {
    expect(printable('a\u001b[31mb\tc\nd\re\u007f\u0085f')).toBe('a\ufffd[31mb\ufffdc\ufffdd\ufffde\ufffd\ufffdf');
    expect(printable('2024-03 · é 😀')).toBe('2024-03 · é 😀');
  });
});
