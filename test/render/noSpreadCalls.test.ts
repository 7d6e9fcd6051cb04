/**
 * The class of B9, checked statically over all of src/: a spread into a call (`Math.max(...labels)`,
 * `list.push(...rows)`, `new Set(...)` aside, `String.fromCharCode(...bytes)`) or an `apply` with an
 * array passes one argument per element, and engines overflow the call stack past some 125,000 arguments
 * (Node 20; less on smaller stacks): `toSVG()` died that way on a year of daily cohorts. A table, a file or
 * a customer history can always be longer, and a test that builds inputs that large for every such call
 * would take minutes, so the rule is on the syntax tree: every spread argument and every `.apply(...)`
 * in src/ must be listed below with the reason its length is bounded by the code, not by the data.
 * Spreads inside array literals (`[...a, ...b]`) and object literals are not calls and are fine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** `path: spread or apply expression` -> why its length does not depend on the data. */
const BOUNDED: Readonly<Record<string, string>> = {
  'src/events/_csvReader.ts: ...columns': 'the four mapped columns (customer id, timestamp, event, amount)',
  'src/core/_amount.ts: ...terms.map((t) => t.scale)': 'sumScaled is called with the few named revenue movements of one metric call',
  'src/events/_internedIds.ts: String.fromCharCode.apply': 'applied to slices of at most 4,096 bytes',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `path: expression` for every spread argument of a call or `new`, and every `.apply(...)` call. */
export function spreadCalls(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isSpreadElement(node) && node.parent !== undefined && (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent))) {
      found.push(`${file}: ...${node.expression.getText(source)}`);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'apply' && node.arguments.length >= 2) {
      found.push(`${file}: ${node.expression.getText(source)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('B9 class: no spread of data into a call anywhere in src/', () => {
  it('the rule finds spreads and apply calls (and ignores array and object literals)', () => {
    const sample = 'const a = Math.max(...xs); f(1, ...g()); new Set(...s); String.fromCharCode.apply(null, b); const c = [...xs, ...ys]; const d = { ...o };';
    expect(spreadCalls('x.ts', sample)).toEqual(['x.ts: ...xs', 'x.ts: ...g()', 'x.ts: ...s', 'x.ts: String.fromCharCode.apply']);
  });

  it('B9: every spread argument or apply in src/ is one whose length the code bounds (listed with its reason)', () => {
    const files = sourceFiles(join(root, 'src'));
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((path) => spreadCalls(relative(root, path).split('\\').join('/'), readFileSync(path, 'utf8')));
    expect(found.filter((entry) => BOUNDED[entry] === undefined)).toEqual([]);
  });
});
