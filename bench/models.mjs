// BG/NBD and MBG/NBD benchmark (issue #4, section 5).
//
//   node --import tsx bench/models.mjs            (npm run bench:models)
//
// Cases: fitBetaGeo / fitModifiedBetaGeo on the CDNOW sample (cdnow_customers_summary.csv, 2,357 customers),
// fitBetaGeo on the CDNOW master (23,570 customers, summarised with rfmSummary: days, weeks = days / 7,
// calibration to 1997-09-30), fitBetaGeo on 100,000 customers simulated from the BG/NBD process (seeded
// PRNG; times continuous, so no two rows merge, and on a day grid), and expectedPurchases +
// probabilityAlive for 1,000,000 customers (columns in, Float64Array out). Each case: warm-up runs, then
// the median (and min) of timed runs in this one process. Not a timed test: a shared machine varies ±30%.

import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectedPurchases, fitBetaGeo, fitModifiedBetaGeo, probabilityAlive, rfmSummary } from '../src/index.ts';
import { simulateBetaGeo } from '../test/models/_simulateBetaGeo.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DATASETS = path.resolve(HERE, '../test/fixtures');
const PUBLISHED = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

function time(label, fn, { warmup, runs }) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`${label.padEnd(62)} median ${median.toFixed(1).padStart(7)} ms   min ${times[0].toFixed(1).padStart(7)} ms   (${runs} runs after ${warmup} warm-up)`);
  return result;
}

function cdnowSample() {
  const rows = readFileSync(path.join(DATASETS, 'cdnow_customers_summary.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
  return { frequency: rows.map((r) => Number(r[1])), recency: rows.map((r) => Number(r[2])), T: rows.map((r) => Number(r[3])) };
}

function cdnowMaster() {
  const events = readFileSync(path.join(DATASETS, 'CDNOW_master.txt'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .filter((line) => /^\s*\d/.test(line))
    .map((line) => {
      const [id, ymd] = line.trim().split(/\s+/);
      return { customerId: id, timestamp: `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}` };
    });
  return rfmSummary(events, { period: 'day', timeUnit: 'week', calibrationEnd: '1997-09-30' });
}

console.log(`node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);

const sample = cdnowSample();
const fit = time('fitBetaGeo, CDNOW sample (2,357 customers)', () => fitBetaGeo(sample), { warmup: 20, runs: 51 });
console.log(`  r ${fit.params.r.toFixed(4)} alpha ${fit.params.alpha.toFixed(4)} a ${fit.params.a.toFixed(4)} b ${fit.params.b.toFixed(4)} LL ${fit.logLikelihood.toFixed(2)}; ${fit.rows} distinct rows, ${fit.iterations} iterations`);
time('fitModifiedBetaGeo, CDNOW sample', () => fitModifiedBetaGeo(sample), { warmup: 20, runs: 51 });

const master = cdnowMaster();
const masterFit = time(`fitBetaGeo, CDNOW master (${master.customers.length.toLocaleString('en')} customers)`, () => fitBetaGeo(master), { warmup: 3, runs: 11 });
console.log(`  ${masterFit.rows} distinct rows, LL ${masterFit.logLikelihood.toFixed(1)}`);

for (const [label, grain] of [['continuous times: 100,000 distinct rows', 0], ['times on a day grid', 1 / 7]]) {
  const data = simulateBetaGeo({ customers: 100_000, params: PUBLISHED, seed: 42, minT: 1, maxT: 52, grain });
  const simulated = time(`fitBetaGeo, 100,000 simulated customers, ${label}`, () => fitBetaGeo(data), { warmup: 2, runs: 7 });
  console.log(`  ${simulated.rows} distinct rows; r ${simulated.params.r.toFixed(3)} alpha ${simulated.params.alpha.toFixed(3)} a ${simulated.params.a.toFixed(3)} b ${simulated.params.b.toFixed(3)}`);
}

const model = { model: 'betaGeo', params: PUBLISHED };
for (const [label, grain] of [['T on a day grid', 1 / 7], ['T continuous (every customer distinct)', 0]]) {
  const million = simulateBetaGeo({ customers: 1_000_000, params: PUBLISHED, seed: 7, minT: 1, maxT: 52, grain });
  time(`expectedPurchases (t = 39) + probabilityAlive, 1M customers, ${label}`, () => [expectedPurchases(model, million, { t: 39 }), probabilityAlive(model, million)], { warmup: 1, runs: 5 });
}
