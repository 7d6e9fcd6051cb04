/**
 * Executes examples/cohorts.ipynb headless in Deno's Jupyter kernel against the packed package.
 *
 * `npm pack` writes the tarball to a temp dir; a throwaway consumer project installs it and gets a copy of
 * the notebook with `data/events.csv` next to it (the notebook reads `./data/events.csv`: nbconvert runs the
 * kernel in the notebook's folder). `deno jupyter --install --force` writes the `deno` kernelspec (to
 * ~/.local/share/jupyter/kernels/deno, pointing at this repo's deno binary), then
 * `jupyter nbconvert --execute` runs every cell; a cell that throws fails nbconvert. The executed notebook
 * must hold the table's HTML heatmap, i.e. the kernel called `[Symbol.for('Jupyter.display')]()`.
 *
 * Needs `jupyter` with nbconvert (Debian: jupyter-client jupyter-nbconvert python3-nbformat
 * python3-nbclient). Without it the test is skipped; the display method itself is tested in
 * test/examples/notebook.test.ts, which always runs.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

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

// Plain output from the kernel: Deno colours values whenever FORCE_COLOR is set, whatever its value.
const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' };
delete childEnv.FORCE_COLOR;

interface Run {
  readonly command: string;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command without a shell; never throws, so the test can report the output itself. */
function run(command: string, args: readonly string[], cwd: string, timeoutMs = 240_000): Run {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: childEnv });
  const stderr = (result.stderr ?? '') + (result.error ? `\n[spawn error] ${result.error.message}` : '');
  return { command: `(cd ${cwd} && ${[command, ...args].join(' ')})`, status: result.status, stdout: result.stdout ?? '', stderr };
}

function report(r: Run, what: string): string {
  return `${what}\n$ ${r.command}\nexit code: ${r.status}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

function mustSucceed(r: Run, what: string): void {
  if (r.status !== 0) throw new Error(report(r, `${what}: non-zero exit`));
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
      const deno = join(repo, 'node_modules', '.bin', 'deno');
      if (!existsSync(deno)) throw new Error(`deno binary not found at ${deno}: run \`npm install\` (deno is a devDependency)`);

      work = mkdtempSync(join(tmpdir(), 'loyalty-metrics-notebook-'));
      const packDir = join(work, 'pack');
      const consumer = join(work, 'consumer');
      for (const dir of [packDir, join(consumer, 'data')]) mkdirSync(dir, { recursive: true });

      const pack = run('npm', ['pack', '--pack-destination', packDir], repo);
      mustSucceed(pack, 'npm pack');
      const tarballs = readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
      if (tarballs.length !== 1) throw new Error(report(pack, `expected one tarball in ${packDir}, found ${tarballs.join(', ') || 'none'}`));

      writeFileSync(join(consumer, 'package.json'), `${JSON.stringify({ name: 'loyalty-metrics-notebook', private: true, type: 'module' }, null, 2)}\n`);
      mustSucceed(run('npm', ['install', join(packDir, tarballs[0] as string), '--no-audit', '--no-fund'], consumer), 'npm install of the tarball');
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
