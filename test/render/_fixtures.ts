/**
 * Shared inputs of the render suites: a small hand-built table with nulls and incomplete cells, a complete
 * bracket table, an empty table (no cohorts), a table-like object whose labels carry injection payloads,
 * and a tiny regex-free markup checker for the HTML and SVG outputs.
 */
import { CohortBuilder, CohortTable } from '../../src/index.js';
import type { CohortTableData } from '../../src/cohort/CohortTable.js';

/**
 * Monthly, UTC, observed to the last event (2024-03-01T10:00Z, so March is incomplete).
 * a: Jan, Feb. b: Jan, Mar. c: Feb. Counts [[2,1,1],[1,0,null],[0,null,null]].
 */
export function smallTable(): CohortTable {
  return new CohortBuilder({ period: 'month' })
    .addAll([
      { customerId: 'a', timestamp: '2024-01-05T10:00:00Z' },
      { customerId: 'b', timestamp: '2024-01-20T10:00:00Z' },
      { customerId: 'a', timestamp: '2024-02-03T10:00:00Z' },
      { customerId: 'c', timestamp: '2024-02-10T10:00:00Z' },
      { customerId: 'b', timestamp: '2024-03-01T10:00:00Z' },
    ])
    .build();
}

/**
 * Brackets [1, 2, 4] over Jan-Jun 2024, observed to the end of June (nothing incomplete). Three customers
 * of January: x returns in Feb, y in Apr, z never; w joins in May.
 */
export function bracketTable(): CohortTable {
  return new CohortBuilder({ period: 'month' })
    .addAll([
      { customerId: 'x', timestamp: '2024-01-02T00:00:00Z' },
      { customerId: 'y', timestamp: '2024-01-03T00:00:00Z' },
      { customerId: 'z', timestamp: '2024-01-04T00:00:00Z' },
      { customerId: 'x', timestamp: '2024-02-02T00:00:00Z' },
      { customerId: 'y', timestamp: '2024-04-02T00:00:00Z' },
      { customerId: 'w', timestamp: '2024-05-02T00:00:00Z' },
    ])
    .build({ to: '2024-06-30T23:59:59.999Z', returnRule: { brackets: [1, 2, 4] } });
}

/** A table with no cohorts and no columns (the builder always makes at least one period). */
export function emptyTable(): CohortTable {
  const data: CohortTableData = {
    calendar: { unit: 'month', timeZone: 'UTC', weekStartsOn: 1 },
    returnRule: 'on',
    columns: [],
    cohorts: [],
    counts: [],
    revenue: [],
    incomplete: [],
    repeaters: [],
    observedTo: new Date(Date.UTC(2024, 0, 1)),
  };
  return new CohortTable(data);
}

/** The labels no builder makes today, but user data might later. */
export const HOSTILE_LABELS = ['=1+1', '+1', '-1', '@x', '\tTAB', '\rCR', '<b>&"\'</b>', 'a,"b"'] as const;

/**
 * A table-like object (the renderers accept any object with the CohortTable surface, as a table from
 * another copy of the library would be) whose cohort labels are {@link HOSTILE_LABELS}. Each cohort has
 * size 4 and count 1 at offset 1.
 */
export function hostileTable(): CohortTable {
  const base = smallTable();
  const rows = HOSTILE_LABELS.length;
  const fake = {
    cohorts: HOSTILE_LABELS.map((label) => ({ label, start: new Date(0), end: new Date(0), size: 4 })),
    columns: [0, 1],
    returnRule: 'on',
    counts: () => Array.from({ length: rows }, () => [4, 1]),
    incomplete: () => Array.from({ length: rows }, () => [false, false]),
    // Borrow real Rates: the retention of a 2-customer cohort with 1 returning is 1/2; 2/2 for offset 0.
    retention: () => Array.from({ length: rows }, () => [base.retention()[0]![0]!, base.retention()[0]![1]!]),
  };
  return fake as unknown as CohortTable;
}

/**
 * Checks that markup is well-formed enough for XML: every `<name ...>` is closed by `</name>` in order or
 * self-closed `/>`, attribute values are quoted and hold no `<`, text holds no raw `>` and every `&` starts
 * a character reference. Returns a list of problems (empty when fine). No regular expressions.
 */
export function markupProblems(markup: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let i = 0;
  const isNameChar = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '-' || c === ':';
  const checkText = (text: string, where: number): void => {
    for (let j = 0; j < text.length; j++) {
      if (text[j] === '>') problems.push(`raw '>' at ${where + j}`);
      if (text[j] === '&') {
        const end = text.indexOf(';', j);
        const name = end === -1 ? '' : text.slice(j + 1, end);
        const known = ['amp', 'lt', 'gt', 'quot', '#39'].includes(name);
        if (!known) problems.push(`bare '&' at ${where + j}`);
      }
    }
  };
  while (i < markup.length) {
    const open = markup.indexOf('<', i);
    const text = open === -1 ? markup.slice(i) : markup.slice(i, open);
    checkText(text, i);
    if (open === -1) break;
    // Scan to the closing '>' of the tag, skipping quoted attribute values.
    let j = open + 1;
    let quote = '';
    while (j < markup.length && (quote !== '' || markup[j] !== '>')) {
      const c = markup[j]!;
      if (quote !== '') {
        if (c === quote) quote = '';
        else if (c === '<') problems.push(`'<' inside an attribute value at ${j}`);
        else if (c === '&') checkText(markup.slice(j, markup.indexOf(quote, j)), j);
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === '<') {
        problems.push(`'<' inside a tag at ${j}`);
      }
      j++;
    }
    if (j >= markup.length) {
      problems.push(`unterminated tag at ${open}`);
      break;
    }
    const inner = markup.slice(open + 1, j);
    const closing = inner.startsWith('/');
    const selfClosing = inner.endsWith('/');
    let k = closing ? 1 : 0;
    let name = '';
    while (k < inner.length && isNameChar(inner[k]!)) name += inner[k++];
    if (name === '') problems.push(`tag without a name at ${open}`);
    if (closing) {
      const top = stack.pop();
      if (top !== name) problems.push(`</${name}> at ${open} closes <${top ?? 'nothing'}>`);
    } else if (!selfClosing) {
      stack.push(name);
    }
    i = j + 1;
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  return problems;
}

/** The text content of every `<tag ...>text</tag>` with the given tag name, in order (no nesting). */
export function textsOf(markup: string, tag: string): string[] {
  const texts: string[] = [];
  let i = markup.indexOf(`<${tag}`);
  while (i !== -1) {
    const after = markup[i + tag.length + 1];
    const start = markup.indexOf('>', i) + 1;
    if (after === ' ' || after === '>') {
      const end = markup.indexOf(`</${tag}>`, start);
      if (markup[start - 2] !== '/' && end !== -1) texts.push(markup.slice(start, end));
    }
    i = markup.indexOf(`<${tag}`, start);
  }
  return texts;
}
