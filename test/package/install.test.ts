/**
 * The ways people install the package before it is on the registry: from a git URL and from a folder.
 * (The tarball is package.test.ts's consumer.) Each install goes into its own throwaway project, which then
 * imports the package with Node ESM and requires it with CJS.
 *
 * - git: npm clones the repository, installs its devDependencies, runs `prepare` (the build) and packs it.
 *   The repository is this working tree copied into a temporary git repository (tracked and new files, as
 *   `git ls-files` lists them), so uncommitted work is what gets tested.
 * - folder: `npm install <folder>` links the folder and runs its `prepare`; the folder must have had its own
 *   `npm install` (the README says so), which is the case for this working tree.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, it } from 'vitest';
import { consumerProject, expectOutput, mustSucceed, npmInstall, repo, run } from './_run.js';

const work = mkdtempSync(join(tmpdir(), 'loyalty-metrics-install-'));

afterAll(() => {
  if (!process.env.KEEP_CONSUMER) rmSync(work, { recursive: true, force: true });
  else console.log(`install projects kept at ${work}`);
});

/** The working tree's files (tracked, and new ones not ignored) committed into a fresh git repository. */
function gitSnapshot(dir: string): string {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repo, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f !== '');
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    try {
      copyFileSync(join(repo, file), join(dir, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // deleted but not yet staged
    }
  }
  const git = (...args: string[]) => mustSucceed(run('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], dir), `git ${args[0]}`);
  git('init', '--quiet');
  git('add', '--all');
  git('commit', '--quiet', '--message', 'snapshot');
  return dir;
}

const ESM_CHECK = `import { churnRate } from 'loyalty-metrics';
console.log(Number(churnRate({ customersAtStart: 200, customersLost: 14 })));
`;
const CJS_CHECK = `const { averageOrderValue } = require('loyalty-metrics');
console.log(averageOrderValue({ revenue: '1234.50', orders: 3 }).toString());
`;

/** Installs `spec` into a new project and checks both module systems load it. */
function installAndImport(name: string, spec: string): void {
  const consumer = consumerProject(join(work, name), `loyalty-metrics-${name}`);
  npmInstall(spec, consumer, 600_000);
  expectOutput(run(process.execPath, ['--input-type=module', '--eval', ESM_CHECK], consumer), '0.07', `${name}: ESM import`);
  expectOutput(run(process.execPath, ['--input-type=commonjs', '--eval', CJS_CHECK], consumer), '411.5', `${name}: CJS require`);
}

describe('installs', () => {
  it('from a git URL: npm runs prepare, so dist/ is built and both ESM and CJS load', () => {
    const origin = gitSnapshot(join(work, 'origin'));
    installAndImport('git', `git+${pathToFileURL(origin).href}`);
  }, 900_000);

  it('from a folder (npm install ../loyalty-metrics): ESM and CJS load', () => {
    installAndImport('folder', repo);
  }, 600_000);
});
