/**
 * Two rules for every test file, so that a skipped test says why in the run's output and no test writes to
 * the user's home:
 * - no silent skips: `it.skip`, `it.skipIf`, `it.runIf`, `describe.skip...` and `test.skip...` print nothing
 *   about why; a test that cannot run calls `ctx.skip(reason)` (shown by the default reporter) and says so
 *   with a console.warn when the file loads (test/package/notebook.test.ts);
 * - every `jupyter` or `deno jupyter` command a test runs passes an environment (`run(..., env)` of
 *   test/package/_run.ts) that points Jupyter's data folder at a temporary one; Deno's kernelspec otherwise
 *   lands in ~/.local/share/jupyter.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nonEmpty } from '../arbitraries/nonEmpty.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const SILENT_SKIP = /\b(?:it|test|describe)\s*\.\s*(?:skip|skipIf|runIf|todo)\b/;

/** `file:line` of every silent skip in `text`. */
export function silentSkips(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => (SILENT_SKIP.test(line.replace(/\/\/.*$/, '')) ? [`${file}:${i + 1}  ${line.trim()}`] : []));
}

/** `file:line` of every `run(` call naming jupyter without the environment argument (the 5th). */
export function jupyterRunsWithoutEnv(file: string, text: string): string[] {
  const found: string[] = [];
  const call = /\brun\(/g;
  for (let match = call.exec(text); match !== null; match = call.exec(text)) {
    // The call's argument list, up to its closing parenthesis.
    let depth = 0;
    let end = match.index + 3;
    for (; end < text.length; end++) {
      if (text[end] === '(') depth++;
      else if (text[end] === ')' && --depth === 0) break;
    }
    const args = text.slice(match.index + 4, end);
    if (!/jupyter/i.test(args)) continue;
    let commas = 0;
    let level = 0;
    for (const c of args) {
      if ('([{'.includes(c)) level++;
      else if (')]}'.includes(c)) level--;
      else if (c === ',' && level === 0) commas++;
    }
    if (commas < 4) found.push(`${file}:${text.slice(0, match.index).split('\n').length}  ${args.replace(/\s+/g, ' ').slice(0, 100)}`);
  }
  return found;
}

describe('skips and the home folder', () => {
  it('E7: the scans flag it.skipIf and a jupyter run without an environment, and accept ctx.skip(reason) and run(..., env)', () => {
    expect(silentSkips('x.test.ts', "it.skipIf(!hasJupyter)('runs', () => {});\nit('runs', (ctx) => { ctx.skip('no jupyter'); });")).toHaveLength(1);
    expect(silentSkips('x.test.ts', 'describe.skip("x", () => {});\ntest.runIf(ok)("y", () => {});')).toHaveLength(2);
    const runs = "run(deno, ['jupyter', '--install'], consumer);\nrun(jupyterPath, ['nbconvert'], consumer, undefined, jupyter.env);\nrun('npm', ['pack'], repo);";
    expect(jupyterRunsWithoutEnv('x.test.ts', runs).map((f) => f.split('  ')[0])).toEqual(['x.test.ts:1']);
  });

  it('E7: no test in test/ skips silently, and every jupyter command a test runs gets a temporary Jupyter environment', () => {
    const files = nonEmpty(testFiles(join(root, 'test')), 'the test files').filter((f) => !f.endsWith('skipsAndHome.test.ts') && !f.endsWith('nonEmptyLoops.test.ts'));
    const skips = files.flatMap((f) => silentSkips(relative(root, f), readFileSync(f, 'utf8')));
    expect(skips, `use ctx.skip(reason) instead:\n${skips.join('\n')}`).toEqual([]);
    const home = files.flatMap((f) => jupyterRunsWithoutEnv(relative(root, f), readFileSync(f, 'utf8')));
    expect(home, `pass a temporary Jupyter environment (see test/package/notebook.test.ts):\n${home.join('\n')}`).toEqual([]);
    // The notebook test is among the files scanned, and does run jupyter.
    expect(files.some((f) => f.endsWith(join('package', 'notebook.test.ts')) && /jupyter/.test(readFileSync(f, 'utf8')))).toBe(true);
  });
});
