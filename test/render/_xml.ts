/**
 * A small XML 1.0 well-formedness checker for the render suites (no dependency, no regular expressions,
 * one pass, linear in the input). It checks what an XML parser would refuse in the renderers' output:
 * - every character is an XML 1.0 `Char` (§2.2: tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD and paired
 *   surrogates; no other control characters, no lone surrogates, no U+FFFE/U+FFFF);
 * - exactly one root element, with only whitespace around it; tags nest and close in order;
 * - names are XML names (ASCII subset: letters, `_`, `:` first, then also digits, `-`, `.`);
 * - attributes are `name="value"` or `name='value'`, unique per element, values without `<`;
 * - every `&` starts `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` or a character reference `&#N;` /
 *   `&#xH;` to a legal Char; text never holds `]]>`.
 * Comments, processing instructions, CDATA and DOCTYPE are reported as problems: the renderers emit none.
 * Returns the first problems found (empty when the document is well-formed).
 */
export function xmlProblems(doc: string, limit = 10): string[] {
  const problems: string[] = [];
  const report = (what: string, at: number): void => {
    if (problems.length < limit) problems.push(`${what} at ${at}`);
  };

  // 1. Characters (§2.2 Char).
  for (let i = 0; i < doc.length; i++) {
    const c = doc.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = doc.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else report(`lone high surrogate U+${c.toString(16)}`, i);
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      report(`lone low surrogate U+${c.toString(16)}`, i);
    } else if ((c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) || c === 0xfffe || c === 0xffff) {
      report(`character U+${c.toString(16).padStart(4, '0')} not allowed in XML 1.0`, i);
    }
  }

  // 2. Structure.
  const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  const isNameStart = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === ':');
  const isNameChar = (c: string | undefined): boolean => isNameStart(c) || (c !== undefined && ((c >= '0' && c <= '9') || c === '-' || c === '.'));
  let i = 0;
  const readName = (): string => {
    const start = i;
    if (!isNameStart(doc[i])) return '';
    while (isNameChar(doc[i])) i++;
    return doc.slice(start, i);
  };
  const checkReference = (at: number): number => {
    // doc[at] === '&'; returns the index after the reference (or after '&' when it is bad).
    const end = doc.indexOf(';', at);
    const body = end === -1 || end - at > 12 ? '' : doc.slice(at + 1, end);
    if (body === 'amp' || body === 'lt' || body === 'gt' || body === 'quot' || body === 'apos') return end + 1;
    if (body.startsWith('#')) {
      const hex = body.startsWith('#x');
      const digits = body.slice(hex ? 2 : 1);
      const valid = digits.length > 0 && [...digits].every((d) => (d >= '0' && d <= '9') || (hex && ((d >= 'a' && d <= 'f') || (d >= 'A' && d <= 'F'))));
      const code = valid ? Number.parseInt(digits, hex ? 16 : 10) : -1;
      const isChar = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
      if (isChar) return end + 1;
      report(`character reference &${body}; to a character not allowed in XML 1.0`, at);
      return end + 1;
    }
    report("'&' that does not start an entity or character reference", at);
    return at + 1;
  };
  const stack: string[] = [];
  let roots = 0;
  while (i < doc.length && problems.length < limit) {
    const c = doc[i];
    if (c !== '<') {
      if (stack.length === 0 && !isSpace(c)) report('text outside the root element', i);
      if (c === '&') {
        i = checkReference(i);
        continue;
      }
      if (c === ']' && doc.startsWith(']]>', i)) report("']]>' in text", i);
      i++;
      continue;
    }
    const open = i;
    i++;
    if (doc[i] === '!' || doc[i] === '?') {
      report('comment, declaration or processing instruction (the renderers emit none)', open);
      const end = doc.indexOf('>', i);
      i = end === -1 ? doc.length : end + 1;
      continue;
    }
    if (doc[i] === '/') {
      i++;
      const name = readName();
      while (isSpace(doc[i])) i++;
      if (doc[i] !== '>') report(`malformed end tag </${name}`, open);
      else i++;
      const top = stack.pop();
      if (top !== name) report(`</${name}> closes <${top ?? 'nothing'}>`, open);
      continue;
    }
    const name = readName();
    if (name === '') {
      report("'<' that does not start a tag", open);
      continue;
    }
    if (stack.length === 0) {
      roots++;
      if (roots > 1) report('a second root element', open);
    }
    const seen = new Set<string>();
    let closed = false;
    while (i < doc.length) {
      const hadSpace = isSpace(doc[i]);
      while (isSpace(doc[i])) i++;
      if (doc[i] === '>') {
        i++;
        stack.push(name);
        closed = true;
        break;
      }
      if (doc[i] === '/' && doc[i + 1] === '>') {
        i += 2;
        closed = true;
        break;
      }
      if (!hadSpace) {
        report(`no space before an attribute in <${name}>`, i);
        break;
      }
      const attribute = readName();
      if (attribute === '') {
        report(`bad attribute name in <${name}>`, i);
        break;
      }
      if (seen.has(attribute)) report(`duplicate attribute ${attribute} in <${name}>`, i);
      seen.add(attribute);
      while (isSpace(doc[i])) i++;
      if (doc[i] !== '=') {
        report(`attribute ${attribute} without a value in <${name}>`, i);
        break;
      }
      i++;
      while (isSpace(doc[i])) i++;
      const quote = doc[i];
      if (quote !== '"' && quote !== "'") {
        report(`unquoted value of ${attribute} in <${name}>`, i);
        break;
      }
      i++;
      while (i < doc.length && doc[i] !== quote) {
        if (doc[i] === '<') report(`'<' in the value of ${attribute}`, i);
        if (doc[i] === '&') i = checkReference(i);
        else i++;
      }
      if (i >= doc.length) {
        report(`unterminated value of ${attribute}`, i);
        break;
      }
      i++;
    }
    if (!closed) {
      report(`unterminated tag <${name}`, open);
      break;
    }
  }
  if (roots === 0) report('no root element', 0);
  if (stack.length > 0) report(`unclosed elements: ${stack.slice(0, 5).join(', ')}`, doc.length);
  return problems;
}
