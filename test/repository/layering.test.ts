/**
 * The layers of src/ (issue 11 §4, DESIGN.md §1): the folders import one way only.
 * - `core/` is the shared vocabulary: it imports no sibling family folder.
 * - `events/` (the event record, field mapping, parsers, id interning, timestamp reading) is the one way
 *   in for cohort/, period summaries and models/: it imports nothing from `cohort/`, `models/` or `sql/`.
 * - `render/` reads plain data (`CohortTableView`): it imports nothing from `cohort/` or `models/`.
 * Every import counts here, `import type` included: a type import is still a dependency of the layer.
 *
 * Also the house move itself: the event readers live in src/events/ (and their tests in test/events/),
 * and the two files the move split stay split.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fcOptions } from '../arbitraries/events.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Folders of src/ that hold a family of functions (core/ may import none of them). */
const FAMILIES = ['retention', 'churn', 'value', 'engagement', 'survey', 'events', 'cohort', 'sql', 'models', 'render', 'charts', 'cli'];

/** What each layer must not import: folder -> forbidden folders. */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  core: FAMILIES,
  events: ['cohort', 'models', 'sql'],
  render: ['cohort', 'models'],
};

/** Every module specifier of a source text: imports and re-exports (type-only ones too) and `import()`. */
function specifiersOf(text: string, file = 'module.ts'): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      found.push(argument !== undefined && ts.isStringLiteralLike(argument) ? argument.text : '<dynamic import>');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The top folder under src/ of a repo-relative path (`src/cohort/x.ts` -> `cohort`), or undefined. */
function folderOf(path: string): string | undefined {
  const match = /^src\/([^/]+)\//.exec(path);
  return match?.[1];
}

/** `file -> target (layer must not import folder)` for every import of `file` that breaks a layer rule. */
export function layeringViolations(file: string, text: string): string[] {
  const layer = folderOf(file);
  const forbidden = layer === undefined ? undefined : FORBIDDEN[layer];
  if (forbidden === undefined) return [];
  return specifiersOf(text, file).flatMap((specifier) => {
    if (!specifier.startsWith('.')) return [];
    const target = relative(repo, resolve(dirname(join(repo, file)), specifier)).split('\\').join('/');
    const folder = folderOf(target);
    return folder !== undefined && folder !== layer && forbidden.includes(folder) ? [`${file} -> ${specifier} (${layer}/ must not import ${folder}/)`] : [];
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(repo, path).split('\\').join('/')] : [];
  });
}

const read = (file: string): string => readFileSync(join(repo, file), 'utf8');
const lineCount = (file: string): number => read(file).split('\n').length;

/** The files the move took from src/cohort/ to src/events/. */
const MOVED = ['_csvReader', '_ndjsonReader', '_parseEventsCore', '_eventColumns', '_eventInput', '_internedIds', '_isoTimestamp', 'parseEventsCsv', 'parseEventsCsvChunks', 'parseEventsNdjson', 'parseEventsNdjsonChunks'];
/** Their tests, moved from test/cohort/ to test/events/. */
const MOVED_TESTS = ['_csvReader.test.ts', '_eventInput.test.ts', '_isoTimestamp.test.ts', '_parsedEvents.ts', 'parseEventsChunks.linear.test.ts', 'parseEventsChunks.test.ts', 'parseEventsCsv.accounting.test.ts', 'parseEventsCsv.test.ts', 'parseEventsNdjson.test.ts'];

describe('layering of src/', () => {
  it('M1: the event readers live in src/events/, not src/cohort/, and src/models/ reads events from src/events/', () => {
    for (const name of MOVED) {
      expect(existsSync(join(repo, `src/events/${name}.ts`)), `src/events/${name}.ts`).toBe(true);
      expect(existsSync(join(repo, `src/cohort/${name}.ts`)), `src/cohort/${name}.ts`).toBe(false);
    }
    for (const file of ['src/models/rfmSummary.ts', 'src/models/_rfmInput.ts']) {
      const specifiers = nonEmpty(specifiersOf(read(file), file));
      expect(specifiers.filter((s) => s.startsWith('../cohort/')), file).toEqual([]);
      expect(specifiers.some((s) => s.startsWith('../events/')), file).toBe(true);
    }
  });

  it('M2: the tests of the moved files are in test/events/ (test/ mirrors src/), none left in test/cohort/', () => {
    for (const name of MOVED_TESTS) {
      expect(existsSync(join(repo, `test/events/${name}`)), `test/events/${name}`).toBe(true);
      expect(existsSync(join(repo, `test/cohort/${name}`)), `test/cohort/${name}`).toBe(false);
    }
    // Every test file of test/events/ is named after a module of src/events/ (parseEventsChunks: both chunked parsers).
    const modules = nonEmpty(readdirSync(join(repo, 'src/events')).map((f) => f.replace(/\.ts$/, '')));
    for (const file of nonEmpty(readdirSync(join(repo, 'test/events')).filter((f) => f.endsWith('.test.ts')))) {
      const stem = file.replace(/\..*$/, '');
      expect(modules.some((m) => m === stem || (stem === 'parseEventsChunks' && m.endsWith('Chunks'))), file).toBe(true);
    }
  });

  it('M3: src/render/ imports nothing from src/cohort/ or src/models/ (it reads a CohortTableView)', () => {
    const render = nonEmpty(sourceFiles(join(repo, 'src/render')));
    expect(render.flatMap((file) => specifiersOf(read(file), file)).filter((s) => /(^|\/)(cohort|models)\//.test(s))).toEqual([]);
    // The direction that stays: CohortTable calls the renderers.
    expect(specifiersOf(read('src/cohort/CohortTable.ts')).some((s) => s.startsWith('../render/'))).toBe(true);
  });

  it('M3: every file of src/ keeps the layer rules (core/, events/ and render/ import only downwards)', () => {
    const files = nonEmpty(sourceFiles(join(repo, 'src')));
    expect(files.flatMap((file) => layeringViolations(file, read(file)))).toEqual([]);
  });

  it('M3: the rule check sees a forbidden import in any form (import, import type, export from, import())', () => {
    const forms = [
      (s: string) => `import { x } from '${s}';`,
      (s: string) => `import type { X } from '${s}';`,
      (s: string) => `import { type X } from '${s}';`,
      (s: string) => `export { x } from '${s}';`,
      (s: string) => `export type { X } from '${s}';`,
      (s: string) => `export * from '${s}';`,
      (s: string) => `const m = await import('${s}');`,
      (s: string) => `let t: import('${s}').X;`,
    ];
    const cases = Object.entries(FORBIDDEN).flatMap(([layer, folders]) => folders.map((folder) => [layer, folder] as const));
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.constantFrom(...forms), fc.constantFrom('x', '_y', 'CohortTable'), fc.boolean(), ([layer, folder], form, name, deep) => {
        const file = deep ? `src/${layer}/sub/file.ts` : `src/${layer}/file.ts`;
        const specifier = `${deep ? '../../' : '../'}${folder}/${name}.js`;
        expect(layeringViolations(file, `// a module\n${form(specifier)}\n`)).toHaveLength(1);
        // The same import from a layer with no rule on that folder, or within the layer, passes.
        expect(layeringViolations(`src/${folder}/file.ts`, form(`./${name}.js`))).toEqual([]);
      }),
      fcOptions(),
    );
  });

  it('M4: CohortBuilder.ts and _parseEventsCore.ts are split under 500 lines', () => {
    expect(lineCount('src/cohort/CohortBuilder.ts')).toBeLessThan(500);
    expect(lineCount('src/events/_parseEventsCore.ts')).toBeLessThan(500);
  });

  it('M4: every module split out of them stays under 500 lines', () => {
    const split = ['src/cohort/_builderOptions.ts', 'src/cohort/_builderState.ts', 'src/cohort/_builderJSON.ts', 'src/cohort/_builderParts.ts', 'src/events/_columnSink.ts', 'src/events/_cellReaders.ts', 'src/events/_textPieces.ts'];
    for (const file of split) expect(lineCount(file), file).toBeLessThan(500);
  });
});
