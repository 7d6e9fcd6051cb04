/**
 * The static import graph of src/ (issue 9 §5, "Pay only for what you import"; DESIGN.md §1). The build
 * emits one ESM file per module with `"sideEffects": false`, so a bundler keeps exactly the modules
 * reachable from what an app imports. A count-only formula must not reach decimal.js (32 kB of the ~40 kB
 * such a bundle cost); money formulas carry decimal.js and little else: no cohort, model or render code.
 *
 * Edges are the module specifiers of `import ... from`, `export ... from`, bare `import '...'` and
 * `import(...)`. `import type` and `export type` are erased by the compiler and are not edges; an import
 * whose specifiers are all inline `type` ones is (under verbatimModuleSyntax it stays, as an empty import).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(repo, 'src');

/** The module specifiers a source text loads at run time. */
function runtimeImports(text: string, file = 'module.ts'): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      specifiers.push(argument !== undefined && ts.isStringLiteralLike(argument) ? argument.text : '<dynamic import>');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/** A node of the graph: a file of src/ (repo-relative) or a package name. */
function resolveSpecifier(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  const target = resolve(dirname(join(repo, from)), specifier.replace(/\.js$/, '.ts'));
  return relative(repo, target).split('\\').join('/');
}

const edgeCache = new Map<string, string[]>();
function edgesOf(file: string): string[] {
  let edges = edgeCache.get(file);
  if (edges === undefined) {
    edges = runtimeImports(readFileSync(join(repo, file), 'utf8'), file).map((s) => resolveSpecifier(file, s));
    edgeCache.set(file, edges);
  }
  return edges;
}

/** Every node reachable from `root`, each with the chain of modules that first reaches it (breadth first). */
function reachable(root: string): Map<string, readonly string[]> {
  const chains = new Map<string, readonly string[]>([[root, [root]]]);
  const queue = [root];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const chain = chains.get(file) as readonly string[];
    if (!file.endsWith('.ts')) continue; // a package: its own graph is not ours to walk
    for (const next of edgesOf(file)) {
      if (chains.has(next)) continue;
      chains.set(next, [...chain, next]);
      queue.push(next);
    }
  }
  return chains;
}

/** The module of each value export of src/index.ts. */
function exportModules(): Map<string, string> {
  const file = 'src/index.ts';
  const source = ts.createSourceFile(file, readFileSync(join(repo, file), 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const modules = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || statement.isTypeOnly || statement.moduleSpecifier === undefined) continue;
    if (statement.exportClause === undefined || !ts.isNamedExports(statement.exportClause)) continue;
    const module = resolveSpecifier(file, (statement.moduleSpecifier as ts.StringLiteral).text);
    for (const element of statement.exportClause.elements) {
      if (!element.isTypeOnly) modules.set(element.name.text, module);
    }
  }
  return modules;
}

const EXPORTS = exportModules();
const DECIMAL = ['decimal.js', 'src/core/_decimal.ts'];

/** Count-only exports: counts (or answers, or nothing numeric at all) in, counts, Rates or numbers out. */
const COUNT_ONLY = [
  'Rate',
  'MetricError',
  'wilsonInterval',
  'churnRate',
  'retentionRate',
  'repeatPurchaseRate',
  'returningCustomerRate',
  'dailySummedChurnRate',
  'netPromoterScore',
  'classifyNpsScore',
  'customerSatisfactionScore',
  'customerEffortScore',
  'npsSampleSize',
  'interactionFrequency',
  'purchaseFrequency',
];

/** Money in, but an exact Rate out: read as scaled integers, so they need no Decimal either. */
const MONEY_RATES = ['grossRevenueRetention', 'netRevenueRetention', 'grossRevenueChurnRate', 'netRevenueChurnRate', 'quickRatio', 'ltvToCacRatio'];

/** Decimal out (or a fractional power of a rate): decimal.js and little else. */
const DECIMAL_FORMULAS = [
  'averageOrderValue',
  'averageRevenuePerCustomer',
  'averageInteractionDuration',
  'cacPaybackPeriod',
  'customerAcquisitionCost',
  'customerLifetimeValue',
  'expectedCustomerLifetime',
  'compoundChurnRate',
  'rateToDecimal',
];

function moduleOf(name: string): string {
  const module = EXPORTS.get(name);
  if (module === undefined) throw new Error(`${name} is not a value export of src/index.ts`);
  return module;
}

/** The chains from an export's module to any of `targets`, as text ('a.ts -> b.ts -> decimal.js'). */
function chainsTo(name: string, matches: (node: string) => boolean): string[] {
  return [...reachable(moduleOf(name))].filter(([node]) => matches(node)).map(([, chain]) => chain.join(' -> '));
}

describe('import graph: examples', () => {
  it('churnRate reaches the Rate, the validation helpers, MetricError and the Wilson interval, and no package', () => {
    const reached = [...reachable(moduleOf('churnRate')).keys()].sort();
    expect(reached).toEqual(
      [
        'src/churn/churnRate.ts',
        'src/core/MetricError.ts',
        'src/core/Rate.ts',
        'src/core/_amount.ts',
        'src/core/_brand.ts', // instanceof across copies of the library (issue 10, C19)
        'src/core/_fraction.ts',
        'src/core/_normalQuantile.ts',
        'src/core/_validate.ts',
        'src/core/wilsonInterval.ts',
      ].sort(),
    );
  });

  it('averageRevenuePerCustomer reaches decimal.js through the money reader, and little else', () => {
    expect(chainsTo('averageRevenuePerCustomer', (node) => node === 'decimal.js')).toEqual([
      'src/value/averageRevenuePerCustomer.ts -> src/core/_money.ts -> src/core/_decimal.ts -> decimal.js',
    ]);
    expect(reachable(moduleOf('averageRevenuePerCustomer')).size).toBeLessThanOrEqual(8);
  });
});

describe('import graph: edge cases of the walker', () => {
  it('skips type-only imports and exports, and follows every other form', () => {
    const text = [
      "import type { Decimal } from 'decimal.js';",
      "import { type Rate, rateOfCounts } from './Rate.js';",
      "import { type Interval } from './wilsonInterval.js';",
      "export type { MoneyInput } from './_decimal.js';",
      "export { money } from './_money.js';",
      "export * from './_validate.js';",
      "import './_sideEffect.js';",
      "const lazy = () => import('./_lazy.js');",
      '// import { x } from "./_commented.js";',
    ].join('\n');
    expect(runtimeImports(text)).toEqual(['./Rate.js', './wilsonInterval.js', './_money.js', './_validate.js', './_sideEffect.js', './_lazy.js']);
  });

  it('resolves relative .js specifiers to the .ts sources and keeps package names', () => {
    expect(resolveSpecifier('src/churn/churnRate.ts', '../core/Rate.js')).toBe('src/core/Rate.ts');
    expect(resolveSpecifier('src/core/_money.ts', 'decimal.js')).toBe('decimal.js');
  });

  it('knows every export it checks (a renamed export fails here, not silently)', () => {
    for (const name of [...COUNT_ONLY, ...MONEY_RATES, ...DECIMAL_FORMULAS]) expect(EXPORTS.has(name), name).toBe(true);
  });
});

describe('import graph: properties of every checked export', () => {
  it.each(COUNT_ONLY)('count-only %s does not reach decimal.js or src/core/_decimal.ts', (name) => {
    expect(chainsTo(name, (node) => DECIMAL.includes(node))).toEqual([]);
  });

  it.each(COUNT_ONLY)('count-only %s reaches no package at all', (name) => {
    expect(chainsTo(name, (node) => !node.startsWith('src/'))).toEqual([]);
  });

  it.each(MONEY_RATES)('%s (money in, exact Rate out) does not reach decimal.js', (name) => {
    expect(chainsTo(name, (node) => DECIMAL.includes(node))).toEqual([]);
  });

  it.each(DECIMAL_FORMULAS)('%s carries decimal.js and no cohort, model or render code, and no other package', (name) => {
    expect(chainsTo(name, (node) => node === 'decimal.js')).not.toEqual([]);
    expect(chainsTo(name, (node) => /^src\/(cohort|models|render|cli|sql|events)\//.test(node))).toEqual([]);
    expect(chainsTo(name, (node) => !node.startsWith('src/') && node !== 'decimal.js')).toEqual([]);
  });
});
