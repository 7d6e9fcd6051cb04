/**
 * `loyalty-metrics cohort`, the built bin run as a child process on real files: the table it prints is the
 * library's own (CohortBuilder in process on the same file) in every format, from CSV, NDJSON and stdin,
 * with renamed columns, for a sweep of cohort definitions, and for a 1M-row file read in bounded memory.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CohortBuilder, type CohortBuilderOptions, type CohortBuildOptions, type CohortTable, cohortTableToCsv, cohortTableToText, parseEventsCsv, parseEventsCsvChunks } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import { binPath, cli, EVENTS, line, repo, shown, tempDir } from './_bin.js';

const dir = tempDir('lm-cli-cohort-');
const PURCHASES = { period: 'month', startEvents: ['purchase'], returnEvents: ['purchase'], unknownEvents: 'ignore' } as const;
const FLAGS = ['--period', 'month', '--start-events', 'purchase', '--return-events', 'purchase'];

/** The library's table of a CSV text, in process. */
function tableOf(csv: string | Buffer, options: CohortBuilderOptions, build: CohortBuildOptions = {}): CohortTable {
  const builder = new CohortBuilder(options);
  builder.addColumns(parseEventsCsv(csv, options.timeZone === undefined ? {} : { timeZone: options.timeZone }).columns);
  return builder.build(build);
}

const csvText = readFileSync(EVENTS, 'utf8');
const expected = tableOf(csvText, PURCHASES, { from: '2024-01-01', to: '2024-12-31' });

beforeAll(async () => {
  await binPath();
}, 60_000);

describe('cohort: examples', () => {
  it.each([
    ['text', () => cohortTableToText(expected, { colour: false })],
    ['csv', () => cohortTableToCsv(expected, { newline: '\n' })],
    ['json', () => JSON.stringify(expected.toJSON(), null, 2)],
    ['svg', () => expected.toSVG()],
  ])('C2: --format %s on examples/data/events.csv prints the library\'s own table', async (format, render) => {
    const result = await cli(['cohort', EVENTS, ...FLAGS, '--from', '2024-01-01', '--to', '2024-12-31', '--format', format]);
    expect(result.code, shown(result)).toBe(0);
    expect(result.stdout).toBe(line(render()));
    // The interactions, neither start nor return events, are left out and counted on stderr.
    expect(result.stderr).toMatch(/5,004 events left out/);
  });

  it('C2: --format html --out writes a whole page holding the library\'s heatmap', async () => {
    const out = join(dir, 'cohorts.html');
    const result = await cli(['cohort', EVENTS, ...FLAGS, '--from', '2024-01-01', '--to', '2024-12-31', '--format', 'html', '--out', out, '--quiet']);
    expect(result.code, shown(result)).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(''); // --quiet: no notes
    const page = readFileSync(out, 'utf8');
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain(expected.toHTML());
  });

  it('C2: an NDJSON copy of the file, and the CSV on stdin, give the same table', async () => {
    const [header, ...rows] = csvText.trimEnd().split('\n');
    expect(header).toBe('customer_id,timestamp,amount,kind');
    const ndjson = rows.map((r) => {
      const [id, ts, amount, kind] = r.split(',');
      return `{"customer_id":"${id}","timestamp":"${ts}","amount":${amount},"kind":"${kind}"}`;
    });
    const file = join(dir, 'events.ndjson');
    writeFileSync(file, `${ndjson.join('\n')}\n`);
    const want = line(cohortTableToCsv(tableOf(csvText, PURCHASES), { newline: '\n' }));
    const fromNdjson = await cli(['cohort', file, ...FLAGS, '--format', 'csv']);
    expect(fromNdjson.code, shown(fromNdjson)).toBe(0);
    expect(fromNdjson.stdout).toBe(want);
    // Without the extension, --input-format says what it is.
    const renamed = join(dir, 'events.txt');
    writeFileSync(renamed, readFileSync(file));
    const forced = await cli(['cohort', renamed, ...FLAGS, '--format', 'csv', '--input-format', 'ndjson']);
    expect(forced.stdout, shown(forced)).toBe(want);
    const fromStdin = await cli(['cohort', '-', ...FLAGS, '--format', 'csv'], csvText);
    expect(fromStdin.code, shown(fromStdin)).toBe(0);
    expect(fromStdin.stdout).toBe(want);
  });

  it('C2: --fields reads renamed columns, --delimiter another separator', async () => {
    const renamed = csvText.replace('customer_id,timestamp,amount,kind', 'user_id;ts;total;type').replace(/,/g, ';');
    const file = join(dir, 'renamed.csv');
    writeFileSync(file, renamed);
    const result = await cli(['cohort', file, ...FLAGS, '--format', 'csv', '--delimiter', ';', '--fields', 'customerId=user_id,timestamp=ts,amount=total,event=type']);
    expect(result.code, shown(result)).toBe(0);
    expect(result.stdout).toBe(line(cohortTableToCsv(tableOf(csvText, PURCHASES), { newline: '\n' })));
  });
});

describe('cohort: edges', () => {
  it('C2: with --on-invalid skip, bad rows are left out and counted on stderr', async () => {
    const file = join(dir, 'some-bad.csv');
    writeFileSync(file, 'customer_id,timestamp\na,2024-01-05\nb,yesterday\nc,2024-02-01\n,2024-02-03\na,2024-02-10\n');
    const result = await cli(['cohort', file, '--format', 'csv', '--on-invalid', 'skip']);
    expect(result.code, shown(result)).toBe(0);
    expect(result.stderr).toMatch(/skipped 2 of 5 rows \(.*rows\[1\]\.timestamp.*"yesterday"/);
    const good = 'customer_id,timestamp\na,2024-01-05\nc,2024-02-01\na,2024-02-10\n';
    expect(result.stdout).toBe(line(cohortTableToCsv(tableOf(good, {}), { newline: '\n' })));
  });

  it('C2: an empty file (a header only) is a MetricError: exit 1 and the library\'s message', async () => {
    const file = join(dir, 'empty.csv');
    writeFileSync(file, 'customer_id,timestamp\n');
    const result = await cli(['cohort', file]);
    expect(result.code, shown(result)).toBe(1);
    expect(result.stderr).toMatch(/^loyalty-metrics: CohortBuilder.build: /);
  });
});

describe('cohort: properties', () => {
  it('C2: for any definition (period, zone, week start, return rule, range), the bin prints the table CohortBuilder builds in process', async () => {
    // Each run spawns a node process (~0.3 s): a few runs, whatever FC_NUM_RUNS says.
    const options = fcOptions({ numRuns: 4 });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          period: fc.constantFrom('day', 'week', 'month', 'quarter'),
          timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
          weekStartsOn: fc.integer({ min: 0, max: 6 }),
          rule: fc.constantFrom('on', 'onOrAfter', 'brackets:1,2,4'),
          returns: fc.constantFrom('purchase', 'interaction'),
          to: fc.constantFrom(undefined, '2023-06-30', '2024-12-31'),
        }),
        async ({ period, timeZone, weekStartsOn, rule, returns, to }) => {
          const definition = { period, timeZone, weekStartsOn, startEvents: ['purchase'], returnEvents: [returns], unknownEvents: 'ignore' } as const;
          const returnRule = rule.startsWith('brackets') ? { brackets: [1, 2, 4] } : (rule as 'on' | 'onOrAfter');
          const want = cohortTableToCsv(tableOf(csvText, definition, { from: '2023-01-01', ...(to === undefined ? {} : { to }), returnRule }), { newline: '\n' });
          const args = ['cohort', EVENTS, '--format', 'csv', '--period', period, '--time-zone', timeZone, '--week-starts-on', String(weekStartsOn), '--start-events', 'purchase', '--return-events', returns, '--return-rule', rule, '--from', '2023-01-01', ...(to === undefined ? [] : ['--to', to])];
          const result = await cli(args);
          expect(result.code, shown(result)).toBe(0);
          expect(result.stdout).toBe(line(want));
        },
      ),
      { ...options, numRuns: Math.min(options.numRuns, 6) },
    );
  }, 60_000);

  it('C6: a 1M-row CSV runs through cohort in a 48 MB heap (smaller than the 44 MB file and its columns) and gives the in-process table', async () => {
    // Bounded memory: reading the whole file (readFileSync + parseEventsCsv) dies of heap exhaustion under
    // --max-old-space-size=48; the bin streams it in pieces into the builder. The file is made by the
    // repository's generator (bench/gen-events.mjs, size M, seed 7).
    const file = join(dir, 'million.csv');
    execFileSync(process.execPath, [join(repo, 'bench/gen-events.mjs'), '--customers', '100000', '--events', '1000000', '--seed', '7', '--out', file], { stdio: 'ignore' });
    const result = await cli(['cohort', file, '--format', 'json', '--period', 'quarter'], undefined, ['--max-old-space-size=48']);
    expect(result.code, shown(result)).toBe(0);
    const builder = new CohortBuilder({ period: 'quarter' });
    let rows = 0;
    for await (const chunk of parseEventsCsvChunks(createReadStream(file))) {
      builder.addColumns(chunk.columns);
      rows += chunk.rows;
    }
    expect(rows).toBe(1_000_000);
    const table = builder.build();
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(JSON.stringify(table.toJSON())));
    expect(nonEmpty(table.cohorts).reduce((sum, c) => sum + c.size, 0)).toBe(100_000);
  }, 60_000);
});
