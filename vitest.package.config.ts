import { defineConfig } from 'vitest/config';

// Packed-tarball consumer tests: `npm pack`, install into a throwaway project, run Node ESM/CJS, Deno,
// Bun, tsc (nodenext), publint and attw. Slow, and they share the repo's dist/, so files run one at a time.
export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    reporters: ['default'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
