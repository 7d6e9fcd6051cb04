/**
 * Packed-package tests: what a consumer gets from `npm install loyalty-metrics`.
 *
 * `npm pack` (which runs `prepack` = the build) writes the tarball to a temp dir, one throwaway consumer
 * project installs it, and each test runs one consumer: Node ESM and CJS, Deno (run + check), Bun, and
 * tsc with nodenext resolution and skipLibCheck off (ESM .ts and CJS .cts). publint and attw check the
 * package metadata. Deno, Bun and attw are installed into a cache on first use (test/tools/onDemand.ts),
 * not by `npm install`. Run with `npm run test:package` (vitest.package.config.ts).
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onDemandBinary } from '../tools/onDemand.js';
import { bin, consumerProject, expectOutput, expectSuccess, mustSucceed, npmInstall, packTarball, repo, report, run } from './_run.js';

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
    npmInstall(tarball, consumer);
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

/**
 * The same script for Node, Deno and Bun: every chart and a report from the packed package, on the
 * sample events; prints the chart count, the total SVG length and a hash of all the markup.
 */
function chartsScript(specifier: string): string {
  return `import { readFileSync } from 'node:fs';
import * as lm from '${specifier}';
const { columns } = lm.parseEventsCsv(readFileSync('events.csv'));
const table = new lm.CohortBuilder({ period: 'month', startEvents: ['purchase'], returnEvents: ['purchase'], unknownEvents: 'ignore' })
  .addColumns(columns)
  .build({ from: '2024-01-01', to: '2024-12-31' });
const split = lm.calibrationHoldoutSplit(columns, { period: 'day', timeUnit: 'week', calibrationEnd: '2024-06-30', observationEnd: '2024-12-31' });
const fit = lm.fitBetaGeo(split.calibration, { timeUnit: 'week' });
const durations = Array.from(split.calibration.columns.recency);
const T = split.calibration.columns.T;
const survival = lm.kaplanMeier({ durations, observed: durations.map((r, i) => T[i] - r > 13) });
const charts = [
  lm.retentionChart(table),
  lm.survivalChart(survival),
  lm.frequencyRecencyChart(fit, { maxFrequency: 20, maxRecency: 60 }),
  lm.probabilityAliveChart(fit, { maxFrequency: 20, maxRecency: 60 }),
  lm.periodTransactionsChart(fit, split.calibration),
  lm.calibrationHoldoutChart(fit, split),
  lm.cumulativeTransactionsChart(fit, columns, { period: 'day', timeUnit: 'week', calibrationEnd: '2024-06-30', observationEnd: '2024-12-31' }),
];
const page = lm.htmlReport({ title: 'charts', sections: [{ heading: 'every chart', items: charts.map((chart) => ({ type: 'chart', chart })) }] });
const markup = charts.map((c) => c.toSVG()).join('') + page;
let hash = 2166136261;
for (let i = 0; i < markup.length; i++) hash = Math.imul(hash ^ markup.charCodeAt(i), 16777619) >>> 0;
const ok = charts.every((c) => c.toSVG().startsWith('<svg xmlns="http://www.w3.org/2000/svg"') && !/NaN|Infinity|undefined/.test(c.toSVG()));
console.log(charts.length + ' charts ' + (ok ? 'ok' : 'BROKEN') + ' ' + hash.toString(16));
`;
}

describe('charts and the report from the package (issue 12: Node, Deno, Bun)', () => {
  /** Writes the script for one runtime beside a copy of the sample events. */
  const chartsFile = (name: string, specifier: string): string => {
    copyFileSync(join(repo, 'examples', 'data', 'events.csv'), join(consumerReady(), 'events.csv'));
    return source(name, chartsScript(specifier));
  };
  let nodeLine = '';

  it('Node: all seven charts and htmlReport render', () => {
    const r = run(process.execPath, [chartsFile('charts.mjs', 'loyalty-metrics')], consumerReady());
    expectSuccess(r, 'node charts.mjs');
    nodeLine = r.stdout.trim();
    expect(nodeLine, report(r, 'node charts.mjs')).toMatch(/^7 charts ok [0-9a-f]+$/);
  });

  it('Deno: the same charts, byte for byte (same engine as Node)', () => {
    const deno = onDemandBinary('deno');
    const r = run(deno, ['run', '--allow-read', '--allow-env', chartsFile('charts-deno.ts', 'npm:loyalty-metrics')], consumerReady());
    expectSuccess(r, 'deno run charts-deno.ts');
    expect(r.stdout.trim(), report(r, 'deno run charts-deno.ts')).toMatch(/^7 charts ok [0-9a-f]+$/);
    if (nodeLine !== '') expect(r.stdout.trim()).toBe(nodeLine);
  });

  it('Bun: all seven charts render', () => {
    const bun = onDemandBinary('bun');
    const r = run(bun, ['run', chartsFile('charts-bun.mjs', 'loyalty-metrics')], consumerReady());
    expectSuccess(r, 'bun run charts-bun.mjs');
    // JavaScriptCore's Math functions may differ from V8's in a last bit, so only the outcome is compared.
    expect(r.stdout.trim(), report(r, 'bun run charts-bun.mjs')).toMatch(/^7 charts ok [0-9a-f]+$/);
  });
});

describe('the loyalty-metrics bin from the package', () => {
  it('npx loyalty-metrics --version and a cohort table of the sample events', () => {
    copyFileSync(join(repo, 'examples', 'data', 'events.csv'), join(consumerReady(), 'events.csv'));
    const version = run('npx', ['--no-install', 'loyalty-metrics', '--version'], consumerReady());
    expectSuccess(version, 'npx loyalty-metrics --version');
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const cohort = run('npx', ['--no-install', 'loyalty-metrics', 'cohort', 'events.csv', '--format', 'csv', '--quiet'], consumerReady());
    expectSuccess(cohort, 'npx loyalty-metrics cohort events.csv --format csv');
    expect(cohort.stdout.split('\n')[0]).toMatch(/^cohort,size,/);
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
