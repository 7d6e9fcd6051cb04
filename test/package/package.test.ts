/**
 * Packed-package tests: what a consumer gets from `npm install loyalty-metrics`.
 *
 * `npm pack` (which runs `prepack` = the build) writes the tarball to a temp dir, one throwaway consumer
 * project installs it, and each test runs one consumer: Node ESM and CJS, Deno (run + check), Bun, and
 * tsc with nodenext resolution and skipLibCheck off (ESM .ts and CJS .cts). publint and attw check the
 * package metadata. Deno, Bun and attw are installed into a cache on first use (test/tools/onDemand.ts),
 * not by `npm install`. Run with `npm run test:package` (vitest.package.config.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onDemandBinary } from '../tools/onDemand.js';
import { bin, consumerProject, expectOutput, expectSuccess, mustSucceed, packTarball, repo, report, run } from './_run.js';

let work = '';
let consumer = '';
let setupError: Error | undefined;

/** Every consumer test calls this first, so a broken pack/install fails each test with the cause. */
function consumerReady(): string {
  if (setupError) throw setupError;
  if (!consumer) throw new Error('consumer project was not created');
  return consumer;
}

beforeAll(() => {
  try {
    work = mkdtempSync(join(tmpdir(), 'loyalty-metrics-pkg-'));
    const tarball = packTarball(join(work, 'pack'));
    consumer = consumerProject(join(work, 'consumer'), 'loyalty-metrics-consumer');
    mustSucceed(run('npm', ['install', tarball, '--no-audit', '--no-fund'], consumer), 'npm install of the tarball into the consumer project');
  } catch (error) {
    setupError = error instanceof Error ? error : new Error(String(error));
  }
}, 600_000);

afterAll(() => {
  if (work && !process.env.KEEP_CONSUMER) rmSync(work, { recursive: true, force: true });
  else if (work) console.log(`consumer project kept at ${work}`);
});

/** Writes a file into the consumer project and returns its name. */
function source(name: string, text: string): string {
  writeFileSync(join(consumerReady(), name), text);
  return name;
}

describe('package metadata', () => {
  it('publint --strict is clean', () => {
    const r = run(bin('publint'), ['--strict'], repo);
    expectSuccess(r, 'publint --strict');
    const output = r.stdout + r.stderr;
    expect(output, report(r, 'publint reported problems')).not.toMatch(/\b(errors?|warnings?|suggestions?)\b/i);
    expect(output, report(r, 'publint did not report "All good!"')).toMatch(/All good!/);
  });

  it('attw --pack is clean', () => {
    // attw packs the repo itself (running prepare) and deletes its own tarball.
    const r = run(onDemandBinary('@arethetypeswrong/cli', 'attw'), ['--pack', '.', '--format', 'ascii'], repo);
    expectSuccess(r, 'attw --pack . --format ascii');
  });
});

describe('runtime consumers', () => {
  it('Node ESM: import { churnRate }', () => {
    const file = source(
      'esm.mjs',
      `import { churnRate } from 'loyalty-metrics';
const result = churnRate({ customersAtStart: 200, customersLost: 14 });
console.log(Number(result));
`,
    );
    expectOutput(run(process.execPath, [file], consumerReady()), '0.07', 'node esm.mjs');
  });

  it('Node CJS: require(...).retentionRate', () => {
    const file = source(
      'cjs.cjs',
      `const { retentionRate } = require('loyalty-metrics');
const result = retentionRate({ customersAtStart: 100, customersAtEnd: 95, newCustomers: 12 });
console.log(Number(result));
`,
    );
    expectOutput(run(process.execPath, [file], consumerReady()), '0.83', 'node cjs.cjs');
  });

  it('Deno: run and check an npm: import', () => {
    const deno = onDemandBinary('deno');
    // Deno resolves npm:loyalty-metrics from the local node_modules because the project has a package.json.
    const file = source(
      'deno.ts',
      `import { netPromoterScore } from 'npm:loyalty-metrics';
const nps = netPromoterScore([10, 9, 9, 8, 7, 3]);
const score: number = nps.score;
console.log(score);
`,
    );
    // 3 promoters (10, 9, 9) and 1 detractor (3) of 6 answers.
    const expected = String((100 * (3 - 1)) / 6);
    expectOutput(run(deno, ['run', '--allow-read', '--allow-env', file], consumerReady()), expected, 'deno run deno.ts');
    expectSuccess(run(deno, ['check', file], consumerReady()), 'deno check deno.ts');
  });

  it('Bun: run a .ts file', () => {
    const bun = onDemandBinary('bun');
    const file = source(
      'bun.ts',
      `import { averageOrderValue } from 'loyalty-metrics';
console.log(averageOrderValue({ revenue: '1234.50', orders: 3 }).toString());
`,
    );
    expectOutput(run(bun, ['run', file], consumerReady()), '411.5', 'bun run bun.ts');
  });
});

describe('TypeScript consumers (nodenext, skipLibCheck off)', () => {
  const body = `
const result = averageRevenuePerCustomer({ revenue: 100, customers: 3 });
const d: string = result.toFixed(2);
const n: number = churnRate({ customersAtStart: 10, customersLost: 1 }).toNumber();
export const checked: [string, number] = [d, n];
`;
  // `--types` is omitted: TS 6 defaults it to [] (and `--types ""` is rejected with TS6044).
  const tscArgs = ['--noEmit', '--ignoreConfig', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', 'false'];

  it('ESM check.ts type-checks', () => {
    const file = source('check.ts', `import { averageRevenuePerCustomer, churnRate } from 'loyalty-metrics';\n${body}`);
    expectSuccess(run(bin('tsc'), [...tscArgs, file], consumerReady()), 'tsc check.ts');
  });

  it('CJS check.cts type-checks', () => {
    // In a .cts file this import compiles to require() and resolves the "require" condition (.d.cts).
    const file = source('check.cts', `import { averageRevenuePerCustomer, churnRate } from 'loyalty-metrics';\n${body}`);
    expectSuccess(run(bin('tsc'), [...tscArgs, file], consumerReady()), 'tsc check.cts');
  });

  it('a type error in a consumer is reported (the check is not vacuous)', () => {
    const file = source(
      'negative.ts',
      `import { averageRevenuePerCustomer } from 'loyalty-metrics';
const wrong: number = averageRevenuePerCustomer({ revenue: 100, customers: 3 }).toFixed(2);
export { wrong };
`,
    );
    const r = run(bin('tsc'), [...tscArgs, file], consumerReady());
    expect(r.status, report(r, 'tsc accepted a string assigned to number: types resolve to any?')).not.toBe(0);
    expect(r.stdout, report(r, 'expected TS2322')).toMatch(/TS2322/);
  });
});
