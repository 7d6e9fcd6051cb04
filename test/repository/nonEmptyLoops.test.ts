/**
 * Loops that assert on each element of an output prove nothing when the output is empty: `for (const row of
 * fit.table) expect(...)`, `values.forEach((v) => expect(...))` and `expect(values.every(...))` all pass on
 * `[]`. Every such loop in test/ must go through `nonEmpty(...)` (test/arbitraries/nonEmpty.ts), which fails
 * on an empty output.
 *
 * The rule, on the TypeScript syntax tree of every test/**\/*.test.ts: a `for...of` or `.forEach` whose body
 * calls `expect`, or an `.every(...)` inside an `expect(...)`, over an iterable that is computed (a call, a
 * property or element access, or an array literal spreading one) must have `nonEmpty(...)` as that
 * iterable (or `mayBeEmpty(...)` where an empty output is right, as in some generated cases), unless an
 * earlier statement of the same block asserts its length (`expect(<iterable>.length)...`,
 * `expect(<iterable>).toHaveLength(...)`). Iterables the test names or writes itself are exempt: an
 * identifier, an array literal (`as const` or not) whose spreads are of identifiers,
 * `Object.entries|keys|values(<identifier>)`, a `.map(...)` of one of these and a `? :` between two.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { nonEmpty } from '../arbitraries/nonEmpty.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function isExempt(iterable: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(iterable) || ts.isAsExpression(iterable) || ts.isSatisfiesExpression(iterable)) return isExempt(iterable.expression);
  if (ts.isIdentifier(iterable)) return true;
  if (ts.isConditionalExpression(iterable)) return isExempt(iterable.whenTrue) && isExempt(iterable.whenFalse);
  if (ts.isArrayLiteralExpression(iterable)) return iterable.elements.every((e) => !ts.isSpreadElement(e) || isExempt(e.expression));
  if (ts.isCallExpression(iterable)) {
    const callee = iterable.expression;
    if (ts.isIdentifier(callee) && (callee.text === 'nonEmpty' || callee.text === 'mayBeEmpty')) return true;
    // .map keeps the length of what the test wrote.
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'map' && isExempt(callee.expression)) return true;
    if (
      ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === 'Object' &&
      ['entries', 'keys', 'values'].includes(callee.name.text) &&
      iterable.arguments.length === 1 &&
      ts.isIdentifier(iterable.arguments[0] as ts.Expression)
    ) {
      return true;
    }
  }
  return false;
}

function insideExpect(node: ts.Node): boolean {
  for (let parent = node.parent; parent !== undefined; parent = parent.parent) {
    if (ts.isCallExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === 'expect') return true;
    if (ts.isBlock(parent)) return false;
  }
  return false;
}

/** Whether a statement before `node`, in the block that holds it, asserts the length of `text`. */
function lengthAssertedBefore(node: ts.Node, text: string, source: ts.SourceFile): boolean {
  let statement: ts.Node = node;
  while (statement.parent !== undefined && !ts.isBlock(statement.parent) && !ts.isSourceFile(statement.parent)) statement = statement.parent;
  const block = statement.parent;
  if (block === undefined || !(ts.isBlock(block) || ts.isSourceFile(block))) return false;
  const before = block.statements.slice(0, block.statements.indexOf(statement as ts.Statement));
  return before.some((s) => {
    const t = s.getText(source);
    return t.includes(`expect(${text}.length)`) || t.includes(`expect(${text}).toHaveLength(`);
  });
}

/** `file:line  iterable` for every loop over a computed output that is not wrapped in nonEmpty(...). */
export function vacuousLoops(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const callsExpect = (node: ts.Node | undefined): boolean => node !== undefined && /\bexpect(\.soft)?\(/.test(node.getText(source));
  const visit = (node: ts.Node): void => {
    let iterable: ts.Expression | undefined;
    if (ts.isForOfStatement(node) && callsExpect(node.statement)) iterable = node.expression;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      if (method === 'forEach' && callsExpect(node.arguments[0])) iterable = node.expression.expression;
      if (method === 'every' && insideExpect(node)) iterable = node.expression.expression;
    }
    if (iterable !== undefined && !isExempt(iterable) && !lengthAssertedBefore(node, iterable.getText(source), source)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      found.push(`${relative(root, file)}:${line}  ${iterable.getText(source).replace(/\s+/g, ' ').slice(0, 100)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('loops over outputs', () => {
  it('E6: nonEmpty(...) fails on an empty output, where the bare loop passes vacuously, and returns the values otherwise', () => {
    const empty: number[] = [];
    for (const value of empty) expect(value).toBeGreaterThan(0); // passes: nothing was checked
    expect(() => nonEmpty(empty)).toThrow(/is empty/);
    expect(() => nonEmpty(new Float64Array(0), 'survival(fit, [])')).toThrow(/survival\(fit, \[\]\) is empty/);
    expect(nonEmpty(Float64Array.of(0.5, 0.25))).toEqual([0.5, 0.25]);
    expect(nonEmpty(new Set(['a']))).toEqual(['a']);
  });

  it('E6: the scan finds the vacuous forms and accepts the wrapped and the written-out ones', () => {
    const flagged = vacuousLoops(
      join(root, 'test/x.test.ts'),
      [
        'for (const row of fit.table) expect(row.survival).toBeLessThanOrEqual(1);',
        'survival(fit, times).forEach((s) => expect(s).toBeGreaterThan(0));',
        'expect(table.incomplete().flat().every((flag) => !flag)).toBe(true);',
        'expect([...derivatives()].every(Number.isNaN)).toBe(true);',
        "for (const m of ['a', 'b'] as const) expect(m).toBeDefined();",
        'for (const s of mayBeEmpty(builder.skipped)) expect(s.field).toBeDefined();',
        'expect(table.cohorts.length).toBeGreaterThan(0);',
        'for (const cohort of table.cohorts) expect(cohort).toBeDefined();',
        'for (const row of nonEmpty(fit.table)) expect(row.survival).toBeLessThanOrEqual(1);',
        'for (const [name, value] of Object.entries(PUBLISHED)) expect(value).toBeGreaterThan(0);',
        'for (const c of cases) expect(c).toBeDefined();',
        'for (const m of [1, 2]) expect(m).toBeGreaterThan(0);',
        'const ok = rows.every((r) => r > 0);',
      ].join('\n'),
    );
    expect(flagged.map((f) => f.replace(/^.*?:(\d+) .*$/, '$1'))).toEqual(['1', '2', '3', '4']);
  });

  it('E6: every loop in test/ that asserts on the elements of a computed output checks first that the output is non-empty', () => {
    const files = nonEmpty(testFiles(join(root, 'test')), 'the test files');
    const found = files.flatMap((file) => vacuousLoops(file, readFileSync(file, 'utf8')));
    expect(found, `wrap these iterables in nonEmpty(...) from test/arbitraries/nonEmpty.ts:\n${found.join('\n')}`).toEqual([]);
  });
});
