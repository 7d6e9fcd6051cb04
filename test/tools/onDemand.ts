/**
 * Development tools installed on first use, outside the working tree.
 *
 * The Deno and Bun runtimes, attw and the SQL engines (DuckDB, PGlite, chdb: the embedded ClickHouse alone
 * is about 550 MB) weigh about 870 MB and serve only the cross-runtime package tests (test/package), the
 * warehouse SQL tests (test/sql) and the benchmarks, so they are not devDependencies: `npm install && npm
 * run demo` stays small and quick. The first test or benchmark that needs one installs its pinned version with npm
 * into a cache folder and every later run reuses it:
 *
 *   $LOYALTY_METRICS_TOOLS, else $XDG_CACHE_HOME/loyalty-metrics/tools, else ~/.cache/loyalty-metrics/tools
 *
 * one folder per tool and version (e.g. `deno@2.9.6`). Delete the folder to reinstall.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tryTimes } from './retry.js';

/** The pinned versions: change one here and the next run installs it beside the old one. */
export const ON_DEMAND_VERSIONS = {
  deno: '2.9.6',
  bun: '1.4.5',
  '@duckdb/node-api': '1.5.6-r.1',
  '@arethetypeswrong/cli': '0.18.5',
  '@electric-sql/pglite': '0.6.1',
  chdb: '3.4.0',
  // The browser test (test/browser): drives the system's Chromium (Debian's `chromium`) by its executablePath; no browser download.
  'playwright-core': '1.65.2',
} as const;

export type OnDemandTool = keyof typeof ON_DEMAND_VERSIONS;

/** The cache folder that holds one folder per installed tool. */
export function onDemandRoot(): string {
  if (process.env.LOYALTY_METRICS_TOOLS) return process.env.LOYALTY_METRICS_TOOLS;
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'loyalty-metrics', 'tools');
}

/** Marks a finished install: a folder without it is a half-written one and is installed again. */
const DONE = '.installed';

/**
 * `npm install spec` in `dir`, tried 3 times: one dropped connection to the registry should not fail the test
 * that happens to need the tool first.
 */
function npmInstallWithRetries(dir: string, spec: string): void {
  tryTimes(3, `installing ${spec} into ${dir}`, () => {
    const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', spec], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 600_000,
    });
    return npm.status === 0 ? undefined : `exit ${npm.status}\n${npm.stdout}\n${npm.stderr}${npm.error ? `\n${npm.error.message}` : ''}`;
  });
}

/**
 * Installs `tool` at its pinned version unless it is already in the cache, and returns its folder (an npm
 * project whose node_modules holds the tool). Safe when two processes race: each installs into a
 * temporary folder and renames it into place; the loser throws its copy away.
 */
export function installOnDemand(tool: OnDemandTool): string {
  const version = ON_DEMAND_VERSIONS[tool];
  const root = onDemandRoot();
  const dir = join(root, `${tool.replace('/', '+')}@${version}`);
  if (existsSync(join(dir, DONE))) return dir;

  mkdirSync(root, { recursive: true });
  const staging = mkdtempSync(join(root, '.staging-'));
  try {
    writeFileSync(join(staging, 'package.json'), `${JSON.stringify({ name: 'loyalty-metrics-tool', private: true })}\n`);
    npmInstallWithRetries(staging, `${tool}@${version}`);
    writeFileSync(join(staging, DONE), `${tool}@${version}\n`);
    if (existsSync(join(dir, DONE))) {
      // Another process finished first and may be using its copy: keep it.
      rmSync(staging, { recursive: true, force: true });
      return dir;
    }
    rmSync(dir, { recursive: true, force: true }); // a half-written leftover of an interrupted install
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(dir, DONE))) throw error;
  }
  return dir;
}

/** The path of an executable of `tool` (`deno`, `bun`, `attw`), installing the tool first if needed. */
export function onDemandBinary(tool: OnDemandTool, executable: string = tool): string {
  const path = join(installOnDemand(tool), 'node_modules', '.bin', executable);
  if (!existsSync(path)) throw new Error(`${tool}@${ON_DEMAND_VERSIONS[tool]} installed no executable ${path}`);
  return path;
}

/** Imports the package `tool` (e.g. `@duckdb/node-api`), installing it first if needed. */
export async function importOnDemand<T = unknown>(tool: OnDemandTool): Promise<T> {
  const require = createRequire(join(installOnDemand(tool), 'package.json'));
  return (await import(pathToFileURL(require.resolve(tool)).href)) as T;
}
