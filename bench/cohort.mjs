// Cohort engine benchmark (issue #3, section 7): loyalty-metrics against DuckDB and a plain JS version.
//
//   node --import tsx bench/cohort.mjs [S|M|L]        (npm run bench:cohort -- M)
//
// Data: bench/gen-events.mjs (bench/gen-events.md), seed 7, written to <tmpdir>/lm-bench-<size>.csv when missing (the
// row count and the sha256 are checked). The workload: monthly first-purchase cohorts in UTC with counts
// and revenue (cohort = month of the customer's first purchase; for each month with a purchase, offset =
// calendar months since the cohort month; distinct customers and the sum of the purchase amounts per
// cohort and offset, offset 0 included). Every case is the median of 5 timed runs after 2 warm-ups, in this
// one process (fewer runs when a warm-up takes longer than 6 s, as printed). With size M, the peak RSS of
// size L read from CSV in chunks is measured in a child process when every M case ran in under 30 s.
// `L` alone runs only that measurement. Not a timed test: numbers vary between runs on a shared machine.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CohortBuilder, parseEventsCsv, parseEventsCsvChunks } from '../src/index.ts';
import { importOnDemand, ON_DEMAND_VERSIONS } from '../test/tools/onDemand.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GENERATOR = path.resolve(HERE, 'gen-events.mjs');
const SIZES = {
  S: { customers: 10_000, events: 100_000, sha256: '9c7438e22b41e2a96ab56c90152b482e7d8614a5d1734291899af93c7eb48917' },
  M: { customers: 100_000, events: 1_000_000, sha256: '265e455047bf25bcb52c4f1243feb81c5b0b5bc1e913e691c1eff4605a5ee8e4' },
  L: { customers: 1_000_000, events: 10_000_000, sha256: '78385bc7376ebe46ce777191789d52d7835d9d1729e88692c6ced7e6c27eeafd' },
};
const OPTIONS = { period: 'month', startEvents: ['purchase'], returnEvents: ['purchase'], unknownEvents: 'ignore' };
const SLICE = 1 << 20; // 1 MiB pieces for the chunked CSV reader
const L_GATE_MS = 30_000; // run L only when every M run took less than this

const args = process.argv.slice(2);
const size = (args.find((a) => !a.startsWith('--')) ?? 'S').toUpperCase();
if (!(size in SIZES)) {
  console.error(`usage: node --import tsx bench/cohort.mjs [S|M|L]  (got ${size})`);
  process.exit(2);
}
const csvPath = (s) => path.join(os.tmpdir(), `lm-bench-${s}.csv`);

if (args.includes('--rss-child')) {
  await rssChild(csvPath(size));
  process.exit(0);
}

// ------------------------------------------------------------------------------------------ data
/** Counts the data rows (line ends minus the header) and hashes the file, streaming. */
async function inspect(file) {
  const hash = createHash('sha256');
  let lines = 0;
  for await (const piece of createReadStream(file, { highWaterMark: 1 << 22 })) {
    hash.update(piece);
    for (let i = piece.indexOf(10); i !== -1; i = piece.indexOf(10, i + 1)) lines++;
  }
  return { rows: lines - 1, sha256: hash.digest('hex') };
}

async function ensureData(s) {
  const { customers, events, sha256 } = SIZES[s];
  const file = csvPath(s);
  let info = existsSync(file) ? await inspect(file) : null;
  if (info === null || info.rows !== events) {
    console.log(`generating ${file} (${info === null ? 'missing' : `has ${info.rows} rows, want ${events}`})`);
    const gen = spawnSync(process.execPath, [GENERATOR, '--customers', String(customers), '--events', String(events), '--seed', '7', '--out', file], { stdio: 'inherit' });
    if (gen.status !== 0) throw new Error(`gen-events.mjs failed with status ${gen.status}`);
    info = await inspect(file);
  }
  if (info.rows !== events) throw new Error(`${file}: ${info.rows} rows, want ${events}`);
  const hashNote = info.sha256 === sha256 ? 'sha256 matches bench/gen-events.md' : `WARNING: sha256 ${info.sha256} differs from the README's ${sha256}`;
  console.log(`data: ${file}, ${info.rows.toLocaleString('en-US')} rows, ${statSync(file).size.toLocaleString('en-US')} bytes, ${hashNote}`);
  return file;
}

// ------------------------------------------------------------------------------------------ timing
const results = [];

/**
 * Median of `runs` timed calls after two warm-ups (the JIT needs more than one call of a 1M-event case to
 * settle); fewer runs when the warm-up is slow. (`npm run bench:cohort` runs without --expose-gc: forcing
 * a full GC before each run made every loyalty-metrics case 2-3x slower, DuckDB's not at all.)
 */
async function measure(name, fn, group) {
  globalThis.gc?.();
  let t = performance.now();
  let value = await fn();
  let warm = performance.now() - t;
  if (warm <= 6_000) {
    value = undefined;
    globalThis.gc?.();
    t = performance.now();
    value = await fn();
    warm = performance.now() - t;
  }
  const runs = warm > 20_000 ? 1 : warm > 6_000 ? 3 : 5;
  const times = [];
  for (let i = 0; i < runs; i++) {
    value = undefined;
    globalThis.gc?.();
    t = performance.now();
    value = await fn();
    times.push(performance.now() - t);
  }
  const sorted = times.slice().sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  const row = { name, group, runs, median, max: Math.max(warm, ...times), times };
  results.push(row);
  console.log(`  ${name}: median ${median.toFixed(1)} ms of ${runs} (${times.map((x) => x.toFixed(0)).join(', ')}; warm-up ${warm.toFixed(0)})`);
  return value;
}

// ------------------------------------------------------------------------------------------ matrices
// A matrix is a Map 'YYYY-MM|k' -> { n, revenue } with revenue as a 2-decimal string; cells where no
// customer purchased are left out (the library's table holds them as 0, DuckDB's result has no row).

function matrixFromDuck(reader) {
  const m = new Map();
  for (const [cohort, k, n, revenue] of reader.getRows()) m.set(`${cohort}|${k}`, { n: Number(n), revenue: String(revenue) });
  return m;
}

function matrixFromTable(table) {
  const m = new Map();
  const counts = table.counts();
  const revenue = table.revenue();
  table.cohorts.forEach((cohort, i) => {
    table.columns.forEach((k, j) => {
      const n = counts[i][j];
      const r = revenue[i][j];
      if (n === null || (n === 0 && (r === null || r.isZero()))) return;
      m.set(`${cohort.label}|${k}`, { n, revenue: r === null ? 'null' : r.toFixed(2) });
    });
  });
  return m;
}

function matrixFromBaseline(cohorts) {
  const m = new Map();
  const label = (month) => `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
  for (const [first, row] of cohorts) for (const [k, cell] of row) m.set(`${label(first)}|${k}`, { n: cell.n, revenue: (cell.cents / 100).toFixed(2) });
  return m;
}

function compare(nameA, a, nameB, b) {
  const diffs = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    if (x?.n !== y?.n || x?.revenue !== y?.revenue) diffs.push(`${key}: ${nameA} ${x ? `${x.n} / ${x.revenue}` : '-'} vs ${nameB} ${y ? `${y.n} / ${y.revenue}` : '-'}`);
  }
  let customers = 0;
  for (const [key, cell] of a) if (key.endsWith('|0')) customers += cell.n;
  if (diffs.length === 0) console.log(`  ${nameA} = ${nameB}: identical (${a.size} cells, ${customers.toLocaleString('en-US')} cohort members, counts and revenue to the cent)`);
  else {
    console.log(`  ${nameA} vs ${nameB}: ${diffs.length} DIFFERENT cells`);
    for (const d of diffs.slice(0, 20)) console.log(`    ${d}`);
  }
  return diffs.length === 0;
}

// ------------------------------------------------------------------------------------------ baseline
/** The straightforward version: a Map of customers, `new Date()` per row, nested Maps. */
function baseline(events) {
  const customers = new Map(); // id -> Map(month index -> cents)
  for (const e of events) {
    if (e.event !== 'purchase') continue;
    const d = new Date(e.timestamp);
    const month = d.getUTCFullYear() * 12 + d.getUTCMonth();
    let months = customers.get(e.customerId);
    if (months === undefined) customers.set(e.customerId, (months = new Map()));
    months.set(month, (months.get(month) ?? 0) + Math.round(e.amount * 100));
  }
  const cohorts = new Map(); // first month -> Map(offset -> { n, cents })
  for (const months of customers.values()) {
    let first = Infinity;
    for (const month of months.keys()) if (month < first) first = month;
    let row = cohorts.get(first);
    if (row === undefined) cohorts.set(first, (row = new Map()));
    for (const [month, cents] of months) {
      const cell = row.get(month - first);
      if (cell === undefined) row.set(month - first, { n: 1, cents });
      else {
        cell.n++;
        cell.cents += cents;
      }
    }
  }
  return cohorts;
}

/** The array of objects a user would have: ISO-string timestamps, amounts as numbers (as from JSON). */
function toObjects(text) {
  const events = [];
  let start = text.indexOf('\n') + 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const [customerId, timestamp, amount, event] = text.slice(start, end).split(',');
    events.push({ customerId, timestamp, event, amount: Number(amount) });
    start = end + 1;
  }
  return events;
}

// ------------------------------------------------------------------------------------------ library
function tableFromColumns(columns, timeZone = 'UTC') {
  const table = new CohortBuilder({ ...OPTIONS, timeZone }).addColumns(columns).build();
  return { table, counts: table.counts(), revenue: table.revenue() };
}

async function tableFromCsvChunks(pieces) {
  const builder = new CohortBuilder(OPTIONS);
  for await (const chunk of parseEventsCsvChunks(pieces)) builder.addColumns(chunk.columns);
  const table = builder.build();
  return { table, counts: table.counts(), revenue: table.revenue() };
}

function* slices(buffer) {
  for (let i = 0; i < buffer.length; i += SLICE) yield buffer.subarray(i, i + SLICE);
}

/** Child process for size L: CSV from disk in 1 MiB pieces, chunked parse, table; reports peak RSS. */
async function rssChild(file) {
  const t = performance.now();
  const { table, counts } = await tableFromCsvChunks(createReadStream(file, { highWaterMark: SLICE }));
  const ms = performance.now() - t;
  const members = counts.reduce((sum, row) => sum + (row[0] ?? 0), 0);
  console.log(JSON.stringify({ ms, maxRssBytes: process.resourceUsage().maxRSS * 1024, cohorts: table.cohorts.length, members }));
}

// ------------------------------------------------------------------------------------------ DuckDB
const CSV_COLUMNS = "columns = {'customer_id': 'VARCHAR', 'timestamp': 'TIMESTAMP', 'amount': 'DECIMAL(18,2)', 'kind': 'VARCHAR'}, header = true";

// Two formulations of the same matrix; both are timed and the faster one is the reference.
const SQL = {
  // join each purchase to the customer's first month, count distinct customers per cell
  join: (src) => `
    WITH p AS (SELECT customer_id, date_trunc('month', "timestamp") AS m, amount FROM ${src} WHERE kind = 'purchase'),
         f AS (SELECT customer_id, min(m) AS cohort FROM p GROUP BY customer_id)
    SELECT strftime(f.cohort, '%Y-%m') AS cohort, datediff('month', f.cohort, p.m)::INTEGER AS k,
           count(DISTINCT p.customer_id)::INTEGER AS n, sum(p.amount)::VARCHAR AS revenue
    FROM p JOIN f USING (customer_id) GROUP BY ALL ORDER BY 1, 2`,
  // one row per customer and month first, then the first month by a window
  window: (src) => `
    WITH cm AS (SELECT customer_id, date_trunc('month', "timestamp") AS m, sum(amount) AS amount FROM ${src} WHERE kind = 'purchase' GROUP BY ALL),
         c AS (SELECT min(m) OVER (PARTITION BY customer_id) AS cohort, m, amount FROM cm)
    SELECT strftime(cohort, '%Y-%m') AS cohort, datediff('month', cohort, m)::INTEGER AS k,
           count(*)::INTEGER AS n, sum(amount)::VARCHAR AS revenue
    FROM c GROUP BY ALL ORDER BY 1, 2`,
};

// ------------------------------------------------------------------------------------------ main
async function main() {
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`loyalty-metrics cohort benchmark, size ${size}: Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average ${load}, ${new Date().toISOString()}`);
  if (size === 'L') {
    await measureL();
    return;
  }
  const file = await ensureData(size);
  const { events: n } = SIZES[size];
  const buffer = readFileSync(file);

  // DuckDB: a loaded table (not timed), then the query on it and via read_csv. @duckdb/node-api is no
  // devDependency (70 MB): the first run installs its pinned version into a cache (test/tools/onDemand.ts).
  const { DuckDBInstance } = await importOnDemand('@duckdb/node-api');
  const duckdb = await DuckDBInstance.create(':memory:');
  const db = await duckdb.connect();
  await db.run("SET TimeZone = 'UTC'");
  await db.run(`CREATE TABLE events AS SELECT * FROM read_csv('${file}', ${CSV_COLUMNS})`);
  const duckVersion = (await db.runAndReadAll('SELECT version()')).getRows()[0][0];
  console.log(`DuckDB ${duckVersion} (@duckdb/node-api ${ON_DEMAND_VERSIONS['@duckdb/node-api']}); table events(customer_id VARCHAR, timestamp TIMESTAMP (UTC), amount DECIMAL(18,2), kind VARCHAR)`);
  let duckLoaded;
  for (const threads of [2, 1]) {
    await db.run(`SET threads = ${threads}`);
    for (const [form, sql] of Object.entries(SQL)) {
      const r = await measure(`DuckDB loaded table, ${threads} thread${threads > 1 ? 's' : ''} (${form})`, () => db.runAndReadAll(sql('events')), `duck-loaded-${threads}`);
      if (threads === 2 && form === 'join') duckLoaded = matrixFromDuck(r);
    }
  }
  await db.run('SET threads = 2');
  for (const [form, sql] of Object.entries(SQL)) {
    await measure(`DuckDB read_csv, 2 threads (${form})`, () => db.runAndReadAll(sql(`read_csv('${file}', ${CSV_COLUMNS})`)), 'duck-csv-2');
  }

  // loyalty-metrics. The cases that need the 1,000,000 event objects run last: while those objects are
  // alive, every full GC has to mark them, and the other cases would pay for that.
  const { columns } = parseEventsCsv(buffer);
  const columnar = await measure('loyalty-metrics columnar (addColumns + build)', () => tableFromColumns(columns), 'lm-columnar');
  await measure('loyalty-metrics columnar, America/New_York', () => tableFromColumns(columns, 'America/New_York'), 'lm-ny');
  await measure('loyalty-metrics CSV bytes (parseEventsCsv + addColumns + build)', () => tableFromColumns(parseEventsCsv(buffer).columns), 'lm-csv');
  await measure('loyalty-metrics CSV bytes, 1 MiB chunks (parseEventsCsvChunks)', () => tableFromCsvChunks(slices(buffer)), 'lm-csv-chunks');
  // Shards built elsewhere: two builders of half the events each (not timed), merged, and a state restored from JSON.
  let shards = [0, 1].map((k) => {
    const [a, b] = [k * (n >> 1), k === 0 ? n >> 1 : n];
    return new CohortBuilder(OPTIONS).addColumns({ customerId: columns.customerId.slice(a, b), timestamp: columns.timestamp.slice(a, b), event: columns.event.slice(a, b), amount: columns.amount.slice(a, b) });
  });
  const merged = await measure('loyalty-metrics merge of 2 shard builders + build', () => {
    const table = shards[0].merge(shards[1]).build();
    return { table, counts: table.counts(), revenue: table.revenue() };
  }, 'lm-merge');
  const savedState = JSON.stringify(shards[0].toJSON());
  shards = undefined;
  await measure(`loyalty-metrics fromJSON of a shard's state (${(savedState.length / 1e6).toFixed(1)} MB JSON text)`, () => CohortBuilder.fromJSON(JSON.parse(savedState)), 'lm-json');
  const objects = toObjects(buffer.toString('latin1')); // the file is ASCII
  await measure('loyalty-metrics objects, ISO strings (addAll + build)', () => {
    const table = new CohortBuilder(OPTIONS).addAll(objects).build();
    return { table, counts: table.counts(), revenue: table.revenue() };
  }, 'lm-objects');
  const plain = await measure('plain JS (Map of customers, new Date() per row)', () => baseline(objects), 'js');

  console.log('\nchecks:');
  const lm = matrixFromTable(columnar.table);
  const ok = [compare('DuckDB', duckLoaded, 'loyalty-metrics', lm), compare('DuckDB', duckLoaded, 'plain JS', matrixFromBaseline(plain)), compare('DuckDB', duckLoaded, 'loyalty-metrics merged shards', matrixFromTable(merged.table))];
  for (const [form, sql] of Object.entries(SQL)) {
    if (form !== 'join') ok.push(compare(`DuckDB ${form}`, matrixFromDuck(await db.runAndReadAll(sql('events'))), 'DuckDB join', duckLoaded));
  }
  // not timed: the New York table against DuckDB's TIMESTAMPTZ arithmetic in that zone
  await db.run("SET TimeZone = 'America/New_York'");
  const nyDuck = matrixFromDuck(await db.runAndReadAll(SQL.join(`read_csv('${file}', ${CSV_COLUMNS.replace("'TIMESTAMP'", "'TIMESTAMPTZ'")})`)));
  ok.push(compare('DuckDB New York', nyDuck, 'loyalty-metrics New York', matrixFromTable(tableFromColumns(columns, 'America/New_York').table)));
  db.closeSync?.();

  // table
  const best = (group) => results.filter((r) => r.group === group).reduce((a, b) => (b.median < a.median ? b : a));
  const ref = best('duck-loaded-2');
  console.log(`\nsize ${size}: ${n.toLocaleString('en-US')} events; ratio = median / DuckDB 2-thread loaded-table median (${ref.median.toFixed(1)} ms, ${ref.name.replace(/.*\(/, '(')}); below 1 is faster\n`);
  const rows = results.map((r) => [r.name, String(r.runs), r.median.toFixed(1), fmtRate(n / (r.median / 1000)), `${(r.median / ref.median).toFixed(2)}×`]);
  printTable(['case', 'runs', 'median ms', 'events/s', 'ratio'], rows);

  // targets
  const lmCsv = best('lm-csv');
  const lmChunks = best('lm-csv-chunks');
  const targets = [
    ['columnar >= 2x faster than DuckDB 2-thread loaded', best('lm-columnar').median * 2 <= ref.median, `${best('lm-columnar').median.toFixed(1)} ms vs ${ref.median.toFixed(1)} / 2 = ${(ref.median / 2).toFixed(1)} ms`],
    ['objects (ISO strings) faster than DuckDB 1-thread loaded', best('lm-objects').median < best('duck-loaded-1').median, `${best('lm-objects').median.toFixed(1)} ms vs ${best('duck-loaded-1').median.toFixed(1)} ms`],
    ['CSV end to end faster than DuckDB 2-thread read_csv', lmCsv.median < best('duck-csv-2').median, `one-shot ${lmCsv.median.toFixed(1)} ms, chunked ${lmChunks.median.toFixed(1)} ms vs ${best('duck-csv-2').median.toFixed(1)} ms`],
    ['America/New_York < 1.5x UTC', best('lm-ny').median < 1.5 * best('lm-columnar').median, `${best('lm-ny').median.toFixed(1)} ms vs 1.5 × ${best('lm-columnar').median.toFixed(1)} ms (${(best('lm-ny').median / best('lm-columnar').median).toFixed(2)}×)`],
  ];
  console.log('\ntargets (issue #3, section 7):');
  for (const [name, met, detail] of targets) console.log(`  ${met ? 'met    ' : 'NOT met'}  ${name}: ${detail}`);
  console.log(`\nmatrices: ${ok.every(Boolean) ? 'all identical' : 'DIFFERENCES (see checks above)'}; peak RSS of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);

  if (size === 'M') {
    const slowest = results.reduce((a, b) => (b.max > a.max ? b : a));
    if (slowest.max < L_GATE_MS) await measureL();
    else console.log(`\nsize L skipped: the slowest M run took ${(slowest.max / 1000).toFixed(1)} s (${slowest.name}), over the ${L_GATE_MS / 1000} s gate`);
  }
}

async function measureL() {
  const file = await ensureData('L');
  console.log('size L: CSV from disk in 1 MiB pieces -> parseEventsCsvChunks -> addColumns -> build, in a child process');
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'L', '--rss-child'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 20 * 60_000 });
  if (child.status !== 0) {
    console.log(`  NOT met  L under 1 GiB RSS: the child failed (status ${child.status}, signal ${child.signal})`);
    return;
  }
  const r = JSON.parse(child.stdout.trim().split('\n').pop());
  const mib = r.maxRssBytes / 2 ** 20;
  console.log(`  ${r.ms.toFixed(0)} ms, ${fmtRate(SIZES.L.events / (r.ms / 1000))} events/s, ${r.cohorts} cohorts, ${r.members.toLocaleString('en-US')} cohort members, peak RSS ${mib.toFixed(0)} MiB`);
  console.log(`  ${mib < 1024 ? 'met    ' : 'NOT met'}  L from CSV in chunks under 1 GiB peak RSS`);
}

function fmtRate(x) {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(0)} k`;
}

function printTable(head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(head));
  console.log(`| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`);
  for (const r of rows) console.log(line(r));
}

await main();
