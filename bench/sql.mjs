// Warehouse benchmark (issue #11, section 3): the SQL that cohortSql writes, run by DuckDB, against a
// hand-written DuckDB query of the same table and against the in-process engine, in one run.
//
//   node --import tsx bench/sql.mjs [M|L]        (npm run bench:sql -- M)
//
// Data: bench/gen-events.mjs (seed 7; bench/gen-events.md), written to <tmpdir>/lm-bench-<size>.csv when
// missing, loaded once into an in-memory DuckDB table events(customer_id VARCHAR, timestamp TIMESTAMP (UTC),
// amount DECIMAL(18,2), kind VARCHAR) (not timed: the events already live in the database). Workload:
// monthly first-purchase cohorts (the bench/cohort.mjs options), in UTC and in Europe/Berlin.
// - "hand-written": the window form of bench/cohort.mjs (one row per customer and month, first month by a
//   window, count and revenue per cohort and offset), with the zone conversion where the zone is not UTC;
// - "cohortSql": query.sql run by DuckDB plus query.readRows (the CohortTable): the whole table (sizes,
//   counts, revenue, repeat buyers, bad-row and range checks);
// - "in process": parseEventsCsvChunks of the CSV file in 1 MiB pieces + CohortBuilder.build, the way a
//   file is read without a database.
// Every case: median of 3 timed runs after one warm-up (1 run when the warm-up took over 20 s); DuckDB
// with 2 threads (this machine's cores). The tables of cohortSql and of the in-process engine are
// compared cell for cell. Not a timed test: the machine is shared and figures move between runs.

import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CohortBuilder, cohortSql, parseEventsCsvChunks } from '../src/index.ts';
import { importOnDemand, ON_DEMAND_VERSIONS } from '../test/tools/onDemand.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SIZES = { M: { customers: 100_000, events: 1_000_000 }, L: { customers: 1_000_000, events: 10_000_000 } };
const OPTIONS = { period: 'month', startEvents: ['purchase'], returnEvents: ['purchase'], unknownEvents: 'ignore' };
const ZONES = ['UTC', 'Europe/Berlin'];

const size = (process.argv[2] ?? 'M').toUpperCase();
if (!(size in SIZES)) {
  console.error(`usage: node --import tsx bench/sql.mjs [M|L]  (got ${size})`);
  process.exit(2);
}

function ensureData() {
  const file = path.join(os.tmpdir(), `lm-bench-${size}.csv`);
  if (!existsSync(file)) {
    const { customers, events } = SIZES[size];
    const gen = spawnSync(process.execPath, [path.join(HERE, 'gen-events.mjs'), '--customers', String(customers), '--events', String(events), '--seed', '7', '--out', file], { stdio: 'inherit' });
    if (gen.status !== 0) throw new Error(`gen-events.mjs failed with status ${gen.status}`);
  }
  return file;
}

const results = [];
async function measure(name, group, fn) {
  let t = performance.now();
  let value = await fn();
  const warm = performance.now() - t;
  const runs = warm > 20_000 ? 1 : 3;
  const times = [];
  for (let i = 0; i < runs; i++) {
    value = undefined;
    t = performance.now();
    value = await fn();
    times.push(performance.now() - t);
  }
  const median = times.slice().sort((a, b) => a - b)[(runs - 1) >> 1];
  results.push({ name, group, median });
  console.log(`  ${name}: median ${median.toFixed(0)} ms of ${runs} (${times.map((x) => x.toFixed(0)).join(', ')}; warm-up ${warm.toFixed(0)})`);
  return value;
}

/** The window form of bench/cohort.mjs, with the months taken in `zone`. */
function handWritten(zone) {
  const ts = zone === 'UTC' ? '"timestamp"' : `timezone('${zone}', timezone('UTC', "timestamp"))`;
  return `
    WITH cm AS (SELECT customer_id, date_trunc('month', ${ts}) AS m, sum(amount) AS amount FROM events WHERE kind = 'purchase' GROUP BY ALL),
         c AS (SELECT min(m) OVER (PARTITION BY customer_id) AS cohort, m, amount FROM cm)
    SELECT strftime(cohort, '%Y-%m') AS cohort, datediff('month', cohort, m)::INTEGER AS k,
           count(*)::INTEGER AS n, sum(amount)::VARCHAR AS revenue
    FROM c GROUP BY ALL ORDER BY 1, 2`;
}

async function inProcess(file, zone) {
  const builder = new CohortBuilder({ ...OPTIONS, timeZone: zone });
  for await (const chunk of parseEventsCsvChunks(createReadStream(file, { highWaterMark: 1 << 20 }))) builder.addColumns(chunk.columns);
  return builder.build();
}

async function main() {
  const file = ensureData();
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`loyalty-metrics warehouse benchmark, size ${size} (${SIZES[size].events.toLocaleString('en-US')} events): Node ${process.version}, ${os.cpus().length} cores, load ${load}, ${new Date().toISOString()}`);
  const { DuckDBInstance } = await importOnDemand('@duckdb/node-api');
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  await db.run("SET TimeZone = 'UTC'");
  await db.run('SET threads = 2');
  await db.run(`CREATE TABLE events AS SELECT * FROM read_csv('${file}', columns = {'customer_id': 'VARCHAR', 'timestamp': 'TIMESTAMP', 'amount': 'DECIMAL(18,2)', 'kind': 'VARCHAR'}, header = true)`);
  console.log(`DuckDB ${(await db.runAndReadAll('SELECT version()')).getRows()[0][0]} (@duckdb/node-api ${ON_DEMAND_VERSIONS['@duckdb/node-api']})`);
  const columns = { customerId: 'customer_id', timestamp: 'timestamp', event: 'kind', amount: 'amount' };
  let allSame = true;
  for (const zone of ZONES) {
    const query = cohortSql({ ...OPTIONS, timeZone: zone }, { dialect: 'duckdb', table: 'events', columns });
    await measure(`DuckDB hand-written query, ${zone}`, `hand ${zone}`, () => db.runAndReadAll(handWritten(zone)));
    const fromSql = await measure(`DuckDB cohortSql query + readRows, ${zone}`, `sql ${zone}`, async () => query.readRows((await db.runAndReadAll(query.sql)).getRowObjects()));
    const local = await measure(`in process (CSV chunks + CohortBuilder), ${zone}`, `local ${zone}`, () => inProcess(file, zone));
    const same = JSON.stringify(fromSql) === JSON.stringify(local);
    allSame &&= same;
    console.log(`  check ${zone}: cohortSql table ${same ? 'equals' : 'DIFFERS FROM'} the in-process table (${fromSql.cohorts.length} cohorts)`);
  }
  console.log(`\nsize ${size}: ratio = median / hand-written DuckDB median in the same zone (below 1 is faster)\n`);
  console.log('| case | median ms | ratio to hand-written |');
  console.log('| --- | ---: | ---: |');
  for (const r of results) {
    const zone = r.group.split(' ').slice(1).join(' ');
    const ref = results.find((x) => x.group === `hand ${zone}`);
    console.log(`| ${r.name} | ${r.median.toFixed(0)} | ${(r.median / ref.median).toFixed(2)}× |`);
  }
  if (!allSame) process.exitCode = 1;
}

await main();
