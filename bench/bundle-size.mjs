// What a browser app pays for one import: bundles each public export of the built package alone with
// esbuild (ESM, minified, browser platform, tree-shaking on), then prints the minified and gzip bytes and
// whether decimal.js is in the bundle.
//
//   npm run bench:bundle                    (= npm run build && node --import tsx bench/bundle-size.mjs)
//   node --import tsx bench/bundle-size.mjs --json      one JSON object per export, for scripts
//
// It reads dist/index.js, so build first. esbuild is a devDependency.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleSize } from './_bundleSize.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = path.join(ROOT, 'dist', 'index.js');
const json = process.argv.includes('--json');

if (!existsSync(ENTRY)) {
  console.error('dist/index.js is missing: run `npm run build` first');
  process.exit(1);
}

const exported = Object.keys(await import(pathToFileURL(ENTRY).href)).sort((a, b) => a.localeCompare(b));
const rows = [];
for (const [label, names] of [...exported.map((name) => [name, [name]]), ['(everything)', exported]]) {
  const size = await bundleSize(names, ENTRY, ROOT);
  const decimal = [...size.inputs.keys()].some((file) => file.includes('node_modules/decimal.js/'));
  rows.push({ export: label, minified: size.minified, gzip: size.gzip, decimal });
}

if (json) {
  for (const row of rows) console.log(JSON.stringify(row));
} else {
  const kb = (bytes) => (bytes / 1000).toFixed(1);
  const width = Math.max(...rows.map((r) => r.export.length));
  console.log(`| ${'export'.padEnd(width)} | minified kB | gzip kB | decimal.js |`);
  console.log(`| ${'-'.repeat(width)} | ----------: | ------: | :--------: |`);
  for (const r of rows) console.log(`| ${r.export.padEnd(width)} | ${kb(r.minified).padStart(11)} | ${kb(r.gzip).padStart(7)} | ${(r.decimal ? 'yes' : 'no').padStart(10)} |`);
}
