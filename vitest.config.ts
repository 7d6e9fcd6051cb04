import { configDefaults, defineConfig } from 'vitest/config';

// Unit, property and docs-example tests. The packed-package tests (test/package) are slow and run
// separately with vitest.package.config.ts (`npm run test:package`).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/package/**'],
    reporters: ['default'],
    testTimeout: 30_000,
  },
});
