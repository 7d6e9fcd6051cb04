/**
 * What the built package (dist/, as `npm run build` or `npm pack` makes it) asks of its users:
 * - its runtime dependencies are exactly the packages dist/ imports (nothing unused installed, nothing
 *   missing), and it imports no Node built-in (one build for Node, Deno, Bun and browsers);
 * - an app pays only for what it imports: budgets on the bundle of single exports (bench/bundle-size.mjs
 *   prints the whole table).
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleSize } from '../../bench/_bundleSize.js';
import { mustSucceed, repo, run } from './_run.js';

const dist = join(repo, 'dist');
const entry = join(dist, 'index.js');

beforeAll(() => {
  mustSucceed(run('npm', ['run', 'build'], repo), 'npm run build');
}, 300_000);

/**
 * The packages (and Node built-ins) that a built entry loads, itself or through the modules it imports:
 * esbuild follows dist/'s relative imports and records every other import as external, so the answer
 * comes from a real parser, not a pattern over code.
 */
async function externalImports(file: string): Promise<string[]> {
  const result = await build({ entryPoints: [file], bundle: true, packages: 'external', platform: 'neutral', write: false, metafile: true, logLevel: 'silent' });
  const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path));
  return [...new Set(imports)].sort();
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

describe('dependencies', () => {
  const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const declared = Object.keys(manifest.dependencies ?? {}).sort();

  it.each(['index.js', 'index.cjs'])('are exactly the packages that dist/%s loads, and it loads no Node built-in', async (file) => {
    const imports = await externalImports(join(dist, file));
    expect(imports.filter((specifier) => specifier.startsWith('node:'))).toEqual([]);
    expect([...new Set(imports.map(packageName))].sort()).toEqual(declared);
  });
});

describe('what an app pays for one import (esbuild, minified; bench/bundle-size.mjs prints them all)', () => {
  const decimalBytes = (inputs: ReadonlyMap<string, number>): number =>
    [...inputs].filter(([file]) => file.includes('node_modules/decimal.js/')).reduce((sum, [, bytes]) => sum + bytes, 0);

  it.each(['churnRate', 'retentionRate', 'netPromoterScore', 'Rate', 'netRevenueRetention', 'quickRatio'])(
    '%s, a formula that returns a Rate: no decimal.js, under 6 kB gzip',
    async (name) => {
      const size = await bundleSize([name], entry, repo);
      expect(decimalBytes(size.inputs), `decimal.js is in the bundle of ${name}: ${[...size.inputs.keys()].join(', ')}`).toBe(0);
      expect(size.gzip).toBeLessThan(6_000);
    },
  );

  it.each(['averageRevenuePerCustomer', 'averageOrderValue', 'customerLifetimeValue', 'compoundChurnRate'])(
    '%s, a formula that returns a Decimal: decimal.js and under 14 kB minified of its own (mostly the Rate it takes or gives)',
    async (name) => {
      const size = await bundleSize([name], entry, repo);
      const decimal = decimalBytes(size.inputs);
      expect(decimal).toBeGreaterThan(0);
      expect(size.minified - decimal).toBeLessThan(14_000);
    },
  );

  it('CohortBuilder pulls in no model code', async () => {
    const size = await bundleSize(['CohortBuilder'], entry, repo);
    expect([...size.inputs.keys()].filter((file) => file.startsWith('dist/models/'))).toEqual([]);
  });
});
