// Pareto/NBD on a large base (issue 12, section 4): fitParetoNbd on the RFM summary of a 2M-row CSV
// (200,000 customers, 2,000,000 events, seed 7; 199,344 customers, 82,642 distinct (x, t_x, T) rows).
//
//   node --import tsx bench/paretoNbd.mjs                 the current code
//   node --import tsx bench/paretoNbd.mjs --old           also the likelihood as committed at HEAD (read
//                                                         with `git show`, nothing in the tree changes)
//   node --import tsx bench/paretoNbd.mjs --csv FILE      an existing CSV (default: generated into the
//                                                         OS temp folder by bench/gen-events.mjs)
//   node --import tsx bench/paretoNbd.mjs --slow          instead, the slow region of simulated data: 10,000
//                                                         customers from r 0.3, alpha 20, s 1.5, beta 2 in
//                                                         continuous time (seed 2), where nearly every row's
//                                                         death integral is a quadrature
//   node --import tsx bench/paretoNbd.mjs --budget MS     fit with options.timeBudgetMs = MS and
//                                                         requireConvergence: false (prints where it stopped)
//
// Prints the time of parsing + summarising (not part of the figure) and of each fit, with its result.
// Not a timed test: a shared machine varies ±30 %.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { fitParetoNbd, parseEventsCsv, rfmSummary } from '../src/index.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const { values } = parseArgs({ options: { old: { type: 'boolean', default: false }, csv: { type: 'string' }, slow: { type: 'boolean', default: false }, budget: { type: 'string' } } });
const budget = values.budget === undefined ? {} : { timeBudgetMs: Number(values.budget), requireConvergence: false };

function csvPath() {
  if (values.csv !== undefined) return values.csv;
  const file = path.join(os.tmpdir(), 'lm-pnbd-200k-2M-seed7.csv');
  if (!existsSync(file)) {
    execFileSync(process.execPath, [path.join(HERE, 'gen-events.mjs'), '--customers', '200000', '--events', '2000000', '--seed', '7', '--out', file], { stdio: 'inherit' });
  }
  return file;
}

/**
 * The Pareto/NBD likelihood as committed at HEAD (_paretoNbd.ts and _paretoNbdIntegral.ts), their other
 * relative imports pointed at the working tree's sources.
 */
async function oldFit() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-pnbd-old-'));
  for (const name of ['_paretoNbd', '_paretoNbdIntegral']) {
    const source = execFileSync('git', ['show', `HEAD:src/models/${name}.ts`], { cwd: ROOT, encoding: 'utf8' });
    const rewritten = source.replace(/from '(\.\.?\/[^']+)\.js'/g, (_, rel) =>
      rel === './_paretoNbdIntegral' ? `from '${pathToFileURL(path.join(dir, '_paretoNbdIntegral.ts')).href}'` : `from '${pathToFileURL(path.join(ROOT, 'src/models', `${rel}.ts`)).href}'`,
    );
    writeFileSync(path.join(dir, `${name}.ts`), rewritten);
  }
  const module = await import(pathToFileURL(path.join(dir, '_paretoNbd.ts')).href);
  return (summary) => module.fitParetoNbdData({ fn: 'fitParetoNbd' }, summary, { timeUnit: 'week', ...budget });
}

function run(label, fit, summary) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  let line;
  try {
    const result = fit(summary);
    const p = result.params;
    line = `converged ${result.converged}${result.stop === undefined ? '' : ` (stop ${result.stop})`}, ${result.iterations} iterations, r ${p.r.toPrecision(6)} alpha ${p.alpha.toPrecision(6)} s ${p.s.toPrecision(6)} beta ${p.beta.toPrecision(6)}, LL ${result.logLikelihood.toFixed(4)}`;
  } catch (error) {
    line = `threw ${error.code ?? ''}: ${String(error.message).slice(0, 160)}`;
  }
  const used = process.cpuUsage(cpu);
  // CPU time beside wall time: on a loaded machine the wall time says more about the neighbours.
  console.log(`${label.padEnd(8)} ${((performance.now() - start) / 1000).toFixed(2).padStart(6)} s (CPU ${((used.user + used.system) / 1e6).toFixed(2)} s)  ${line}`);
}

if (values.slow) {
  const { simulateParetoNbd } = await import('../test/models/_simulateParetoNbd.ts');
  const summary = simulateParetoNbd({ customers: 10_000, params: { r: 0.3000000000000004, alpha: 19.999999999999975, s: 1.4999999999999991, beta: 2.0000000000000036 }, seed: 2, minT: 1, maxT: 104, grain: 0 });
  console.log(`simulated Pareto/NBD: 10,000 customers, r 0.3, alpha 20, s 1.5, beta 2, continuous time, seed 2`);
  console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}`);
  const old = values.old ? await oldFit() : undefined;
  for (let round = 0; round < 3; round++) {
    run('current', (s) => fitParetoNbd(s, { timeUnit: 'week', ...budget }), summary);
    if (old !== undefined) run('HEAD', old, summary);
  }
  process.exit(0);
}

const file = csvPath();
let start = performance.now();
const { columns } = parseEventsCsv(readFileSync(file));
let last = 0;
for (const t of columns.timestamp) if (t > last) last = t;
const calibrationEnd = new Date(last).toISOString().slice(0, 10);
const summary = rfmSummary(columns, { period: 'day', timeUnit: 'week', calibrationEnd }).columns;
const input = { frequency: summary.frequency, recency: summary.recency, T: summary.T };
console.log(`${path.basename(file)}: ${columns.timestamp.length} rows, ${input.T.length} customers, calibration end ${calibrationEnd}; parse + summary ${((performance.now() - start) / 1000).toFixed(2)} s`);
console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}`);
start = performance.now();
run('current', (s) => fitParetoNbd(s, { timeUnit: 'week', ...budget }), input);
if (values.old) run('HEAD', await oldFit(), input);
