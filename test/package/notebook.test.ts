/**
 * Executes examples/cohorts.ipynb headless in Deno's Jupyter kernel against the packed package.
 *
 * `npm pack` writes the tarball to a temp dir; a throwaway consumer project installs it and gets a copy of
 * the notebook with `data/events.csv` next to it (the notebook reads `./data/events.csv`: nbconvert runs the
 * kernel in the notebook's folder). `deno jupyter --install --force` writes the `deno` kernelspec (to
 * ~/.local/share/jupyter/kernels/deno, pointing at the deno binary that test/tools/onDemand.ts installs), then
 * `jupyter nbconvert --execute` runs every cell; a cell that throws fails nbconvert. The executed notebook
 * must hold the table's HTML heatmap, i.e. the kernel called `[Symbol.for('Jupyter.display')]()`.
 *
 * Needs `jupyter` with nbconvert (Debian: jupyter-client jupyter-nbconvert python3-nbformat
 * python3-nbclient). Without it the test is skipped; the display method itself is tested in
 * test/examples/notebook.test.ts, which always runs.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onDemandBinary } from '../tools/onDemand.js';
import { consumerProject, mustSucceed, packTarball, repo, run } from './_run.js';

const jupyterPath = (() => {
  const which = spawnSync('which', ['jupyter'], { encoding: 'utf8' });
  if (which.status !== 0) return '';
  // A half-installed Jupyter (no nbconvert) counts as missing: the test skips rather than fails.
  const nbconvert = spawnSync(which.stdout.trim(), ['nbconvert', '--version'], { encoding: 'utf8' });
  return nbconvert.status === 0 ? which.stdout.trim() : '';
})();
const hasJupyter = jupyterPath !== '';

if (!hasJupyter) {
  console.log('Jupyter is not installed: notebook execution skipped (the display method is tested directly)');
}

interface Output {
  readonly output_type: string;
  readonly data?: Record<string, string | string[]>;
  readonly text?: string | string[];
  readonly ename?: string;
  readonly evalue?: string;
}

const joined = (value: string | string[] | undefined): string => (Array.isArray(value) ? value.join('') : (value ?? ''));
const stripAnsi = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');

let work = '';

afterAll(() => {
  if (work && !process.env.KEEP_CONSUMER) rmSync(work, { recursive: true, force: true });
  else if (work) console.log(`notebook consumer project kept at ${work}`);
});

describe('examples/cohorts.ipynb in the Deno Jupyter kernel', () => {
  it.skipIf(!hasJupyter)(
    'nbconvert --execute runs every cell against the packed package and the table displays as HTML',
    () => {
      const deno = onDemandBinary('deno'); // installed into a cache on first use (test/tools/onDemand.ts)

      work = mkdtempSync(join(tmpdir(), 'loyalty-metrics-notebook-'));
      const tarball = packTarball(join(work, 'pack'));
      const consumer = consumerProject(join(work, 'consumer'), 'loyalty-metrics-notebook');
      mkdirSync(join(consumer, 'data'));
      mustSucceed(run('npm', ['install', tarball, '--no-audit', '--no-fund'], consumer), 'npm install of the tarball');
      copyFileSync(join(repo, 'examples', 'cohorts.ipynb'), join(consumer, 'cohorts.ipynb'));
      copyFileSync(join(repo, 'examples', 'data', 'events.csv'), join(consumer, 'data', 'events.csv'));

      mustSucceed(run(deno, ['jupyter', '--install', '--force'], consumer), 'deno jupyter --install --force');

      const nbconvert = run(
        jupyterPath,
        [
          'nbconvert',
          '--to',
          'notebook',
          '--execute',
          'cohorts.ipynb',
          '--output',
          'out.ipynb',
          '--ExecutePreprocessor.timeout=180',
          '--ExecutePreprocessor.kernel_name=deno',
        ],
        consumer,
      );
      mustSucceed(nbconvert, 'jupyter nbconvert --execute');

      const executed = JSON.parse(readFileSync(join(consumer, 'out.ipynb'), 'utf8')) as { cells: { cell_type: string; outputs?: Output[] }[] };
      const outputs = executed.cells.flatMap((c) => c.outputs ?? []);
      const dump = JSON.stringify(outputs, null, 1).slice(0, 20_000);

      const errors = outputs.filter((o) => o.output_type === 'error');
      expect(errors, `cells raised errors:\n${dump}`).toEqual([]);

      const html = outputs.map((o) => joined(o.data?.['text/html'])).filter((h) => h.includes('<table'));
      expect(html, `no output has text/html with a <table:\n${dump}`).toHaveLength(1);
      expect(html[0]).toMatch(/<t[hd][^>]*>2024-01<\/t[hd]>/);

      // The mean cell: plain text (ANSI-coloured unless NO_COLOR reaches the kernel).
      const plain = outputs.map((o) => stripAnsi(joined(o.data?.['text/plain']) || joined(o.text)));
      expect(plain.some((t) => t.includes('100.0%') && t.includes('32.1%')), `no output shows the mean row:\n${dump}`).toBe(true);
    },
    300_000,
  );
});
