import { readFile, writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

// tsup 8.5 injects `baseUrl` into the dts compiler options; TS 6 rejects it (TS5101) unless silenced.
const dts = { compilerOptions: { ignoreDeprecations: '6.0' } };

// Lets Deno find the types when dist/index.js is imported by path. Added after the build to index.js
// alone: a tsup `banner` would stamp every module with a path that exists only for index.js.
const DENO_TYPES = '// @ts-self-types="./index.d.ts"\n';

async function addDenoTypes(): Promise<void> {
  const file = 'dist/index.js';
  const code = await readFile(file, 'utf8');
  if (code.startsWith(DENO_TYPES)) return;
  await writeFile(file, DENO_TYPES + code);
  // The source map's lines move down by the one added: an empty first line of mappings.
  const map = JSON.parse(await readFile(`${file}.map`, 'utf8')) as { mappings: string };
  await writeFile(`${file}.map`, JSON.stringify({ ...map, mappings: `;${map.mappings}` }));
}

// silent: one line per emitted module (about 250 of them) would bury the rest of `npm test`'s output; errors still print.
const common = { sourcemap: true, clean: false, target: 'es2022', platform: 'neutral', silent: true } as const;

export default defineConfig([
  {
    // ESM: one file per source module (not bundled). With "sideEffects": false an app's bundler keeps only
    // the modules that what it imports reaches: a count-only formula does not pull in decimal.js.
    ...common,
    entry: ['src/**/*.ts'],
    format: ['esm'],
    bundle: false,
    dts: { ...dts, entry: 'src/index.ts' },
    onSuccess: addDenoTypes,
  },
  {
    // CommonJS: one bundled file for require() (Node, tools that still load CJS). Its types, index.d.cts, are
    // a copy of index.d.ts made by `npm run build`: one declaration build instead of two (tsup's two were
    // byte-identical and cost 4-12 s each).
    ...common,
    entry: ['src/index.ts'],
    format: ['cjs'],
    splitting: false,
  },
]);
