/**
 * Escaping of text for the render family. Every piece of text that reaches HTML, SVG or CSV output goes
 * through one of these functions, including the library's own labels and numbers, so that labels taken
 * from user data later cannot change the output's structure.
 */

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Characters that XML 1.0 does not allow at all (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF;
 * a surrogate without its pair), plus DEL and the C1 controls, which HTML reports as parse errors and XML
 * discourages. One pass, no backtracking: each alternative matches one or two code units.
 */
const NOT_MARKUP = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Escapes `& < > " '` as character references, so the result is safe in HTML and XML (SVG) text and in
 * double- or single-quoted attribute values. `&#39;` is used for `'` because `&apos;` is not HTML 4.
 * Characters that cannot appear in XML 1.0 (see `NOT_MARKUP`: controls, lone surrogates, U+FFFE/U+FFFF)
 * become U+FFFD, as in {@link printable}, so the output stays well-formed XML whatever the text.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!).replace(NOT_MARKUP, '\ufffd');
}

/** First characters a spreadsheet reads as the start of a formula (OWASP "CSV Injection"). */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * One CSV field: neutralised against formula injection, then quoted per RFC 4180.
 *
 * 1. A text beginning with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, so spreadsheet
 *    programs show it as text instead of evaluating it (OWASP CSV Injection guidance).
 * 2. A field containing `,`, `"`, CR or LF (after step 1) is wrapped in double quotes, with each `"`
 *    doubled (RFC 4180 §2.6, §2.7). Other fields are written as they are.
 */
export function csvCell(text: string): string {
  const safe = FORMULA_START.has(text.charAt(0)) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Text safe to print on a terminal: C0 control characters (U+0000-U+001F, tab and newlines included),
 * DEL and C1 controls (U+007F-U+009F) become U+FFFD, so a label cannot move the cursor, break the
 * layout or start an escape sequence.
 */
export function printable(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0)!;
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? '\ufffd' : c;
  }
  return out;
}
