// Pareto/NBD on a large base (issue 12, section 4): fitParetoNbd on the RFM summary of a 2M-row CSV
// (200,000 customers, 2,000,000 events, seed 7; 199,344 customers, 82,642 distinct (x, t_x, T) rows).
//
//   node --import tsx bench/paretoNbd.mjs                 the current code
//   node --import tsx bench/paretoNbd.mjs --old           also the likelihood as committed at HEAD (read
//                                                         with `git show`, nothing in the tree changes)
//   node --import tsx bench/paretoNbd.mjs --csv FILE      an existing CSV (default: generated into the
//                                                         OS temp folder by bench/gen-events.mjs)
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
const { values } = parseArgs({ options: { old: { type: 'boolean', default: false }, csv: { type: 'string' } } });

function csvPath() {
  if (values.csv !== undefined) return values.csv;
  const file = path.join(os.tmpdir(), 'lm-pnbd-200k-2M-seed7.csv');
  if (!existsSync(file)) {
    execFileSync(process.execPath, [path.join(HERE, 'gen-events.mjs'), '--customers', '200000', '--events', '2000000', '--seed', '7', '--out', file], { stdio: 'inherit' });
  }
  return file;
}

/** The Pareto/NBD fit as committed at HEAD, its relative imports pointed at the working tree's sources. */
async function oldFit() {
  const source = execFileSync('git', ['show', 'HEAD:src/models/_paretoNbd.ts'], { cwd: ROOT, encoding: 'utf8' });
  const rewritten = source.replace(/from '(\.\.?\/[^']+)\.js'/g, (_, rel) => `from '${pathToFileURL(path.join(ROOT, 'src/models', `${rel}.ts`)).href}'`);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lm-pnbd-old-')), '_paretoNbd.ts');
  writeFileSync(file, rewritten);
  const module = await import(pathToFileURL(file).href);
  return (summary) => module.fitParetoNbdData({ fn: 'fitParetoNbd' }, summary, { timeUnit: 'week' });
}

function run(label, fit, summary) {
  const start = performance.now();
  let line;
  try {
    const result = fit(summary);
    const p = result.params;
    line = `converged ${result.converged}, ${result.iterations} iterations, r ${p.r.toPrecision(6)} alpha ${p.alpha.toPrecision(6)} s ${p.s.toPrecision(6)} beta ${p.beta.toPrecision(6)}, LL ${result.logLikelihood.toFixed(4)}`;
  } catch (error) {
    line = `threw ${error.code ?? ''}: ${String(error.message).slice(0, 160)}`;
  }
  console.log(`${label.padEnd(8)} ${((performance.now() - start) / 1000).toFixed(2).padStart(6)} s  ${line}`);
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
run('current', (s) => fitParetoNbd(s, { timeUnit: 'week' }), input);
if (values.old) run('HEAD', await oldFit(), input);
