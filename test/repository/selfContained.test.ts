/**
 * The repository stands on its own: no file (tests, examples, docs, bench, scripts, configs) names the data
 * and tools folder beside the maintainers' checkout, a relative path that climbs above the repository root,
 * or an absolute path of one machine; and the copied reference data sets are byte for byte the files whose
 * sha256 test/fixtures/README.md states (a checkout that rewrote their line ends would fail the model tests
 * in ways that are hard to read).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findOutsidePaths, formatFinding } from './_outsidePaths.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Folders that are never part of the repository (installed, built or written by runs). */
const UNTRACKED = new Set(['.git', 'node_modules', 'dist', 'coverage', '.tmp', 'examples/out', 'docs/api']);

function walk(dir: string, files: string[]): void {
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (UNTRACKED.has(rel)) continue;
    if (entry.isDirectory()) walk(rel, files);
    else if (entry.isFile()) files.push(rel);
  }
}

/**
 * The repository's files: tracked ones and new ones not ignored (so a file is checked before its first
 * commit). Outside a git checkout (a source archive) every file outside the build and install folders.
 */
function repositoryFiles(): string[] {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
    return [...new Set(out.split('\0').filter((f) => f !== ''))].sort();
  } catch {
    const files: string[] = [];
    walk('', files);
    return files.sort();
  }
}

/** The text of a file, or undefined for a binary file or one deleted from the working tree. */
function textOf(file: string): string | undefined {
  const full = path.join(root, file);
  if (!existsSync(full) || !statSync(full).isFile()) return undefined;
  const bytes = readFileSync(full);
  if (bytes.subarray(0, 8192).includes(0)) return undefined;
  return bytes.toString('utf8');
}

describe('repository: nothing outside it', () => {
  const files = repositoryFiles();

  it('lists the repository files', () => {
    expect(files).toContain('package.json');
    expect(files).toContain('test/repository/selfContained.test.ts');
  });

  it('no file names the folder beside the checkout, a path above the repository root or an absolute path of one machine (file:line: rule: text)', () => {
    const findings = files.flatMap((file) => {
      const text = textOf(file);
      return text === undefined ? [] : findOutsidePaths(file, text).map(formatFinding);
    });
    expect(findings, 'copy what is needed into the repository (test/fixtures, bench/) and use a path relative to the file, or os.tmpdir()').toEqual([]);
  });
});

describe('findOutsidePaths (the heuristic itself)', () => {
  const up = (n: number) => '../'.repeat(n);
  const rules = (file: string, text: string) => findOutsidePaths(file, text).map((f) => f.rule);

  it('names of the folder beside the checkout', () => {
    const folder = ['shared', 'datasets'].join('/');
    expect(rules('docs/x.md', `read from \`${up(1)}${folder}\``)).toContain('shared-folder');
    expect(rules('bench/x.mjs', `// see ${['shared', 'bench', 'README.md'].join('/')}`)).toEqual(['shared-folder']);
    expect(rules('src/x.ts', '/** one shared string per id; the shared decoder */')).toEqual([]);
  });

  it('relative paths resolved from the file’s own folder', () => {
    const url = (target: string) => `new URL('${target}', import.meta.url)`;
    expect(rules('test/models/_x.ts', url(`${up(3)}data/a.csv`))).toEqual(['climbs-out']);
    expect(rules('test/models/_x.ts', url(`${up(2)}fixtures/a.csv`))).toEqual([]);
    expect(rules('test/x.test.ts', `resolve(__dirname, '${up(2)}x')`)).toEqual(['climbs-out']);
    expect(rules('bench/x.mjs', `import { a } from '${up(1)}src/index.ts';`)).toEqual([]);
    expect(rules('bench/x.mjs', "path.resolve(HERE, '..', '..', 'data')")).toEqual(['climbs-out']);
    expect(rules('bench/x.mjs', "path.resolve(HERE, '..', 'test')")).toEqual([]);
    expect(rules('bench/x.mjs', `const f = \`\${HERE}/${up(2)}x\`;`)).toEqual(['climbs-out']);
    expect(rules('.ci/run', 'cd "$(dirname "$0")/..'.concat('"'))).toEqual([]);
    expect(rules('docs/guide.md', `[readme](${up(1)}README.md), [x](${up(2)}x.md)`)).toEqual(['climbs-out']);
    expect(rules('README.md', `run \`node ${up(1)}data/gen.mjs\``)).toEqual(['climbs-out']);
    expect(rules('README.md', 'ranges 1..6, a spread ...args, an ellipsis .../x')).toEqual([]);
  });

  it('installing the package itself from a sibling folder or tarball is allowed', () => {
    expect(rules('README.md', `npm install ${up(1)}loyalty-metrics`)).toEqual([]);
    expect(rules('README.md', `npm install ${up(1)}loyalty-metrics-0.1.0.tgz`)).toEqual([]);
    expect(rules('README.md', `npm install ${up(1)}other-package`)).toEqual(['climbs-out']);
  });

  it('absolute paths of one machine', () => {
    const abs = (...parts: string[]) => `/${parts.join('/')}`;
    expect(rules('bench/x.mjs', `const out = '${abs('tmp', 'bench.csv')}';`)).toEqual(['absolute-path']);
    expect(rules('docs/x.md', `data in ${abs('work', 'shared')}`)).toContain('absolute-path');
    expect(rules('test/x.ts', `readFileSync('${abs('home', 'me', 'x.csv')}')`)).toEqual(['absolute-path']);
    expect(rules('bench/x.mjs', '#!/usr/bin/env node')).toEqual([]);
    expect(rules('README.md', 'see https://example.com/home/tmp/ for more')).toEqual([]);
  });
});

describe('test/fixtures: the copied data sets', () => {
  const readme = readFileSync(path.join(root, 'test/fixtures/README.md'), 'utf8');
  const sums = [...readme.matchAll(/^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$/gm)].map((m) => ({ file: m[1] as string, sha256: m[2] as string }));

  it('README.md states a sha256 for each data file in the folder', () => {
    const data = readdirSync(path.join(root, 'test/fixtures')).filter((f) => f !== 'README.md' && f !== 'LICENSE').sort();
    expect(sums.map((s) => s.file).sort()).toEqual(data);
  });

  it.each(sums)('$file is byte for byte the copy README.md describes', ({ file, sha256 }) => {
    const actual = createHash('sha256').update(readFileSync(path.join(root, 'test/fixtures', file))).digest('hex');
    expect(actual, `${file} changed (line ends rewritten by git? see .gitattributes)`).toBe(sha256);
  });
});
