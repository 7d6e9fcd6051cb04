/**
 * Child processes for the package tests: run a command without a shell, never throw, and report the
 * command with its exit code and whole output when an assertion fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { tryTimes } from '../tools/retry.js';

/** The repository root. */
export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** An executable of this repository's devDependencies. */
export const bin = (name: string): string => join(repo, 'node_modules', '.bin', name);

export interface Run {
  readonly command: string;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

// Plain output: Deno colours console.log(number) whenever FORCE_COLOR is set, whatever its value.
const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' };
delete childEnv.FORCE_COLOR;

/**
 * Runs a command without a shell; never throws, so each test can report the output itself. `env` adds to
 * (or overrides) the fixed child environment, e.g. to point Jupyter at a temporary data folder.
 */
export function run(command: string, args: readonly string[], cwd: string, timeoutMs = 240_000, env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...childEnv, ...env } });
  const stderr = (result.stderr ?? '') + (result.error ? `\n[spawn error] ${result.error.message}` : '');
  return { command: `(cd ${cwd} && ${[command, ...args].join(' ')})`, status: result.status, stdout: result.stdout ?? '', stderr };
}

/** The failure message for an assertion: the command, its exit code and its full output. */
export function report(r: Run, what: string): string {
  return `${what}\n$ ${r.command}\nexit code: ${r.status}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

/** Throws (with the report) unless the command exited 0: for set-up steps outside an assertion. */
export function mustSucceed(r: Run, what: string): void {
  if (r.status !== 0) throw new Error(report(r, `${what}: non-zero exit`));
}

export function expectSuccess(r: Run, what: string): void {
  expect(r.status, report(r, `${what}: non-zero exit`)).toBe(0);
}

/** Asserts exit 0 and that the trimmed stdout is exactly `expected`. */
export function expectOutput(r: Run, expected: string, what: string): void {
  expectSuccess(r, what);
  expect(r.stdout.trim(), report(r, `${what}: unexpected output (expected ${JSON.stringify(expected)})`)).toBe(expected);
}

/**
 * `npm install spec` in `cwd`, tried 3 times: one dropped connection to the registry should not fail a test
 * about the package.
 */
export function npmInstall(spec: string, cwd: string, timeoutMs = 240_000): void {
  tryTimes(3, `npm install ${spec}`, () => {
    const r = run('npm', ['install', spec, '--no-audit', '--no-fund'], cwd, timeoutMs);
    return r.status === 0 ? undefined : report(r, `npm install ${spec}`);
  });
}

/** `npm pack` of the repository (its `prepare` builds dist/) into `dir`; returns the tarball's path. */
export function packTarball(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const pack = run('npm', ['pack', '--pack-destination', dir], repo);
  mustSucceed(pack, 'npm pack');
  const tarballs = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(report(pack, `expected one tarball in ${dir}, found ${tarballs.join(', ') || 'none'}`));
  return join(dir, tarballs[0] as string);
}

/**
 * An empty consumer project (ESM) in `dir`. No tsconfig.json: TS 6 `tsc file.ts` next to a tsconfig.json
 * fails with TS5112.
 */
export function consumerProject(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, private: true, type: 'module' }, null, 2)}\n`);
  return dir;
}
