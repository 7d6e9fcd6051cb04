import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: {
    // tsup 8.5 injects `baseUrl` into the dts compiler options; TS 6 rejects it (TS5101) unless silenced.
    compilerOptions: { ignoreDeprecations: '6.0' },
  },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  splitting: false,
  // Lets Deno find the types when dist/index.js is imported by path. Keep `treeshake` off:
  // rollup would move this comment below the imports, where Deno ignores it.
  banner: ({ format }) => (format === 'esm' ? { js: '// @ts-self-types="./index.d.ts"' } : {}),
});
