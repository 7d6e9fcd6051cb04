/**
 * Turns the `@example` blocks of TSDoc comments into runnable checks.
 *
 * An example is a fenced code block after an `@example` tag. It is plain JavaScript (no type syntax); its
 * imports from 'loyalty-metrics' are dropped and the library's exports are provided as variables. A
 * statement `EXPR //=> EXPECTED` becomes a check of EXPR against EXPECTED (see {@link compareExpected}).
 * Every example must contain a check, and every check must run (so a `try` block that should throw, with
 * the check in its `catch`, fails when nothing is thrown).
 */
import { isDeepStrictEqual, inspect } from 'node:util';
import ts from 'typescript';

export interface ExampleCheck {
  /** Index into {@link Example.checks}; the transformed code calls `__check(id, value)`. */
  readonly id: number;
  /** 1-based line in the source file. */
  readonly line: number;
  readonly expression: string;
  readonly expected: string;
}

export interface Example {
  /** The file as given to {@link extractExamples} (a repo-relative path). */
  readonly file: string;
  /** 1-based number of the example within its file. */
  readonly index: number;
  /** 1-based source line of the opening fence. */
  readonly line: number;
  /** The code as written, with the comment's ` * ` prefixes removed. */
  readonly code: string;
  /** Names imported from 'loyalty-metrics' (the export name, before any `as`). */
  readonly imports: readonly string[];
  readonly checks: readonly ExampleCheck[];
  /** The body of an async function taking (`__lib`, `__check`, ...exports); empty when `error` is set. */
  readonly body: string;
  /** Why the example cannot run (no check, TS-only syntax, no fenced block...). The test fails with it. */
  readonly error?: string;
}

const PACKAGE = 'loyalty-metrics';
const CODE_LANGUAGES = new Set(['', 'ts', 'typescript', 'js', 'javascript', 'mjs', 'mts']);

/** Extracts every `@example` block of every `/** ... *\/` comment in `source`. */
export function extractExamples(source: string, file: string): Example[] {
  const examples: Example[] = [];
  const comment = /\/\*\*[\s\S]*?\*\//g;
  for (let match = comment.exec(source); match !== null; match = comment.exec(source)) {
    const firstLine = lineOf(source, match.index);
    for (const block of exampleBlocks(match[0], firstLine)) {
      const index = examples.length + 1;
      if ('error' in block) {
        examples.push({ file, index, line: block.line, code: '', imports: [], checks: [], body: '', error: `${file}:${block.line}: ${block.error}` });
      } else {
        examples.push({ file, index, line: block.line, code: block.code, ...compileExample(block.code, file, block.line + 1) });
      }
    }
  }
  return examples;
}

type Block = { readonly line: number; readonly code: string } | { readonly line: number; readonly error: string };

/** The fenced blocks following `@example` tags in one doc comment. `firstLine` is the line of `/**`. */
function exampleBlocks(comment: string, firstLine: number): Block[] {
  const lines = comment
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\*(?: |$)/, ''));
  const blocks: Block[] = [];
  let tagLine = -1; // source line of the current @example, -1 outside one
  let fencesInTag = 0;
  // The open fence, if any. Fences outside @example (or not code) are tracked only to skip their content.
  let fence: { line: number; lines: string[]; run: boolean } | undefined;
  const endTag = (): void => {
    if (tagLine !== -1 && fencesInTag === 0) blocks.push({ line: tagLine, error: '@example without a fenced code block (```ts ... ```)' });
    tagLine = -1;
  };
  for (const [i, text] of lines.entries()) {
    const line = firstLine + i;
    if (fence) {
      if (/^\s*```\s*$/.test(text)) {
        if (fence.run) blocks.push({ line: fence.line, code: fence.lines.join('\n') });
        fence = undefined;
      } else {
        fence.lines.push(text);
      }
      continue;
    }
    const open = /^\s*```\s*([\w-]*)\s*$/.exec(text);
    if (open) {
      const language = (open[1] ?? '').toLowerCase();
      const inExample = tagLine !== -1;
      if (inExample) fencesInTag += 1;
      if (inExample && !CODE_LANGUAGES.has(language)) {
        blocks.push({ line, error: `@example fence language '${language}' is not runnable code (use \`\`\`ts)` });
      }
      fence = { line, lines: [], run: inExample && CODE_LANGUAGES.has(language) };
      continue;
    }
    const tag = /^\s*@(\w+)/.exec(text);
    if (tag) {
      endTag();
      if (tag[1] === 'example') {
        tagLine = line;
        fencesInTag = 0;
      }
    }
  }
  if (fence?.run) blocks.push({ line: fence.line, error: 'unterminated ``` fence in @example' });
  endTag();
  return blocks;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

type Compiled = Pick<Example, 'imports' | 'checks' | 'body'> & { readonly error?: string };

/**
 * Transforms one example's code. `firstLine` is the source line of the code's first line, for messages.
 * Never throws: problems are returned as `error`.
 */
export function compileExample(code: string, file: string, firstLine: number): Compiled {
  const where = (pos: number): string => `${file}:${firstLine + lineOf(code, pos) - 1}`;
  const fail = (error: string): Compiled => ({ imports: [], checks: [], body: '', error });

  const jsName = '/example.js';
  const sourceFile = ts.createSourceFile(jsName, code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const problems = syntaxProblems(sourceFile);
  if (problems.length > 0) {
    // TS8xxx: "... can only be used in TypeScript files". Generics such as `new Map<K, V>()` are plain
    // syntax errors in JS instead, so also ask whether the code parses as TypeScript.
    const asTypeScript = ts.createSourceFile('/example.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const typeOnly = problems.some((d) => d.code >= 8000 && d.code < 9000) || syntaxProblems(asTypeScript).length === 0;
    const list = problems.map((d) => `  ${where(d.start ?? 0)}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`).join('\n');
    return fail(
      typeOnly
        ? `example uses TypeScript-only syntax (type annotations, 'as', generics, non-null '!'...); @example code must be plain JavaScript:\n${list}`
        : `example is not valid JavaScript:\n${list}`,
    );
  }

  const edits: { start: number; end: number; text: string }[] = [];
  const imports: string[] = [];
  const prelude: string[] = [];
  const checks: ExampleCheck[] = [];
  const claimed = new Set<number>();
  const errors: string[] = [];

  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const specifier = ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : '?';
    if (specifier !== PACKAGE) {
      errors.push(`${where(statement.getStart())}: import from '${specifier}': examples may import only from '${PACKAGE}'`);
      continue;
    }
    const clause = statement.importClause;
    if (clause?.name) errors.push(`${where(statement.getStart())}: '${PACKAGE}' has no default export; use a named import`);
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) prelude.push(`const ${bindings.name.text} = __lib;`);
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        const exported = (element.propertyName ?? element.name).text;
        imports.push(exported);
        if (element.propertyName) prelude.push(`const ${element.name.text} = __lib[${JSON.stringify(exported)}];`);
      }
    }
    // Blank the import but keep its newlines, so line numbers stay aligned.
    edits.push({ start: statement.getStart(), end: statement.end, text: code.slice(statement.getStart(), statement.end).replace(/[^\n]/g, '') });
  }

  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node)) {
      const marker = (ts.getTrailingCommentRanges(code, node.end) ?? []).find((c) => isMarker(code, c));
      if (marker) {
        claimed.add(marker.pos);
        const id = checks.length;
        const expression = node.expression.getText(sourceFile);
        const expected = code.slice(marker.pos + 4, marker.end).trim();
        if (expected === '') errors.push(`${where(marker.pos)}: '//=>' without an expected value`);
        checks.push({ id, line: firstLine + lineOf(code, node.getStart()) - 1, expression, expected });
        edits.push({ start: node.getStart(), end: node.end, text: `__check(${id}, (${expression}));` });
        return; // a check inside a check's expression stays unclaimed and is reported
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);

  for (const c of allComments(sourceFile)) {
    if (isMarker(code, c) && !claimed.has(c.pos)) {
      errors.push(`${where(c.pos)}: '//=>' must follow an expression on the same line (\`EXPR //=> VALUE\`), not a declaration or other statement`);
    }
  }
  if (checks.length === 0 && errors.length === 0) errors.push(`${where(0)}: example has no \`EXPR //=> EXPECTED\` check; every example must assert something`);
  if (errors.length > 0) return fail(errors.join('\n'));

  let body = code;
  for (const edit of edits.sort((a, b) => b.start - a.start)) body = body.slice(0, edit.start) + edit.text + body.slice(edit.end);
  // The example runs in its own block, so its declarations may shadow the export parameters.
  return { imports, checks, body: `'use strict';\n{\n${prelude.join(' ')}\n${body}\n}` };
}

function isMarker(code: string, range: ts.CommentRange): boolean {
  return range.kind === ts.SyntaxKind.SingleLineCommentTrivia && code.startsWith('//=>', range.pos);
}

/** Syntax errors plus the "only in TypeScript files" errors (TS8xxx) that a JS program reports. */
function syntaxProblems(sourceFile: ts.SourceFile): readonly ts.Diagnostic[] {
  const options: ts.CompilerOptions = { allowJs: true, checkJs: false, noLib: true, noResolve: true, types: [], target: ts.ScriptTarget.ES2022 };
  const host = ts.createCompilerHost(options);
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (name, ...rest) => (name === sourceFile.fileName ? sourceFile : original(name, ...rest));
  host.fileExists = (name) => name === sourceFile.fileName;
  const program = ts.createProgram({ rootNames: [sourceFile.fileName], options, host });
  return program.getSyntacticDiagnostics(sourceFile);
}

/** Every comment in the file (leading trivia at each node's start and end covers them all). */
function allComments(sourceFile: ts.SourceFile): ts.CommentRange[] {
  const text = sourceFile.text;
  const seen = new Map<number, ts.CommentRange>();
  const add = (ranges: ts.CommentRange[] | undefined): void => {
    for (const range of ranges ?? []) seen.set(range.pos, range);
  };
  const visit = (node: ts.Node): void => {
    add(ts.getLeadingCommentRanges(text, node.pos));
    add(ts.getTrailingCommentRanges(text, node.end));
    add(ts.getLeadingCommentRanges(text, node.end));
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  add(ts.getLeadingCommentRanges(text, 0));
  return [...seen.values()];
}

export interface Comparison {
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * Compares a value with the text after `//=>`:
 * - a single-quoted literal `'...'`: the value must be a string equal to its content;
 * - JSON (numbers, true/false/null, objects, arrays, double-quoted strings): the value's JSON round trip
 *   must deep-equal it;
 * - anything else: `String(value)` must equal the text.
 */
export function compareExpected(value: unknown, expected: string): Comparison {
  const text = expected.trim();
  if (/^'(?:[^'\\\n]|\\.)*'$/.test(text)) {
    const content = Function(`"use strict"; return ${text};`)() as string;
    const ok = typeof value === 'string' && value === content;
    return { ok, detail: ok ? '' : `expected the string ${JSON.stringify(content)}, got ${show(value)}` };
  }
  let parsed: unknown;
  let isJson = true;
  try {
    parsed = JSON.parse(text);
  } catch {
    isJson = false;
  }
  if (isJson) {
    let actual: unknown;
    try {
      const json = JSON.stringify(value);
      actual = json === undefined ? undefined : JSON.parse(json);
    } catch (error) {
      return { ok: false, detail: `expected JSON ${text}, but the value cannot be serialised (${String(error)}): ${show(value)}` };
    }
    const ok = isDeepStrictEqual(actual, parsed);
    return { ok, detail: ok ? '' : `expected JSON ${text}, got ${show(value)} (as JSON: ${JSON.stringify(actual)})` };
  }
  let string: string;
  try {
    string = String(value);
  } catch (error) {
    return { ok: false, detail: `expected String(value) === ${JSON.stringify(text)}, but String() threw ${String(error)}` };
  }
  const ok = string === text;
  return { ok, detail: ok ? '' : `expected String(value) === ${JSON.stringify(text)}, got ${JSON.stringify(string)} from ${show(value)}` };
}

function show(value: unknown): string {
  return `${typeof value} ${inspect(value, { depth: 4, breakLength: Number.POSITIVE_INFINITY })}`;
}

type AsyncFn = (...args: unknown[]) => Promise<unknown>;
const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => AsyncFn;

/**
 * Runs a compiled example with `lib` (the library's exports) in scope. Returns the list of failures:
 * failed checks, checks that never ran, unknown imports, or the exception that escaped the example.
 */
export async function runExample(example: Example, lib: Readonly<Record<string, unknown>>): Promise<string[]> {
  if (example.error !== undefined) return [example.error];
  const failures: string[] = [];
  const at = `${example.file}:${example.line}`;
  for (const name of example.imports) {
    if (!Object.hasOwn(lib, name)) failures.push(`${at}: imports '${name}', which '${PACKAGE}' does not export`);
  }
  if (failures.length > 0) return failures;

  const names = Object.keys(lib).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
  let fn: AsyncFn;
  try {
    fn = new AsyncFunction('__lib', '__check', ...names, example.body);
  } catch (error) {
    return [`${at}: example does not compile as JavaScript (TypeScript-only syntax?): ${String(error)}`];
  }
  const executed = new Set<number>();
  const check = (id: number, value: unknown): void => {
    executed.add(id);
    const c = example.checks[id];
    if (!c) throw new Error(`internal: unknown check ${id}`);
    // Record instead of throwing, so a failed check inside the example's own try block is not swallowed.
    const result = compareExpected(value, c.expected);
    if (!result.ok) failures.push(`${example.file}:${c.line}: ${c.expression} //=> ${c.expected}\n    ${result.detail}`);
  };
  try {
    await fn(lib, check, ...names.map((name) => lib[name]));
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    failures.push(`${at}: the example threw (expected throws must be caught in a try/catch in the example):\n    ${message}`);
  }
  for (const c of example.checks) {
    if (!executed.has(c.id)) {
      failures.push(`${example.file}:${c.line}: check \`${c.expression} //=> ${c.expected}\` never ran (${example.checks.length - executed.size} of ${example.checks.length} checks did not run: did a try block not throw, or did the example stop early?)`);
    }
  }
  return failures;
}
