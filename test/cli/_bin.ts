/**
 * The built `loyalty-metrics` bin, run as a child process. `npm test` builds dist/ before the unit tests, so
 * dist/cli/main.js is used when it is newer than every file of src/; otherwise (a run of these files alone
 * after an edit) src/cli/main.ts is bundled with esbuild into a temporary folder once per test file, with a
 * copy of package.json beside it for `--version`, so a stale dist/ is never what is tested.
 * `LOYALTY_METRICS_BIN=<path>` tests that file instead.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll } from 'vitest';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const EVENTS = join(repo, 'examples/data/events.csv');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * A new temporary folder for one test file, removed when the file's tests end: the CLI tests write a 44 MB
 * file per run, and left behind they filled the temporary folder run after run.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

let bin: Promise<string> | undefined;

/** The path of the bin to run: dist/cli/main.js when fresh, else a bundle of src/cli/main.ts. */
export function binPath(): Promise<string> {
  bin ??= (async () => {
    // LOYALTY_METRICS_BIN: test another build of the bin (a tsup output elsewhere, an installed package's).
    const chosen = process.env['LOYALTY_METRICS_BIN'];
    if (chosen !== undefined && chosen !== '') return chosen;
    const dist = join(repo, 'dist/cli/main.js');
    if (existsSync(dist) && statSync(dist).mtimeMs >= newestSource(join(repo, 'src'))) return dist;
    const dir = mkdtempSync(join(tmpdir(), 'lm-cli-'));
    // Made inside a test, where afterAll can no longer be registered: removed when the worker exits.
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'dist/cli'), { recursive: true });
    copyFileSync(join(repo, 'package.json'), join(dir, 'package.json'));
    const out = join(dir, 'dist/cli/main.js');
    await build({ entryPoints: [join(repo, 'src/cli/main.ts')], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent' });
    return out;
  })();
  return bin;
}

/** What a run of the bin gave. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `loyalty-metrics ...args` (stdin from `input` when given) and collects its output. */
export async function cli(args: readonly string[], input?: string | Buffer, nodeFlags: readonly string[] = []): Promise<RunResult> {
  const path = await binPath();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, path, ...args], { cwd: repo, env: { ...process.env, NO_COLOR: '1' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => {}); // the bin may exit before reading all of stdin (a usage error)
    child.stdin.end(input);
  });
}

/** The text as the bin writes it: with one final newline. */
export function line(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** A run's output for an assertion message. */
export function shown(result: RunResult): string {
  return `exit ${result.code}\n--- stdout\n${result.stdout.slice(0, 2000)}\n--- stderr\n${result.stderr.slice(0, 2000)}`;
}
