/**
 * The `loyalty-metrics` program: its bin entry and build, `--help` of the program and of every command,
 * `--version`, and the exit codes (0 done, 1 a MetricError or an unreadable file, with the message and no
 * stack trace, 2 a usage error with a one-line hint to --help).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMON_FLAGS } from '../../src/cli/_args.js';
import { COHORT } from '../../src/cli/cohort.js';
import { FIT } from '../../src/cli/fit.js';
import { REPORT } from '../../src/cli/report.js';
import { RFM } from '../../src/cli/rfm.js';
import { SUMMARY } from '../../src/cli/summary.js';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import { binPath, cli, EVENTS, repo, shown, tempDir } from './_bin.js';

const dir = tempDir('lm-cli-main-');
const COMMANDS = [COHORT, SUMMARY, RFM, FIT, REPORT];
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string>; scripts: Record<string, string> };

beforeAll(async () => {
  await binPath();
}, 60_000);

describe('the bin: examples', () => {
  it('C1: package.json names the bin loyalty-metrics at dist/cli/main.js, whose source starts with the node shebang', () => {
    expect(manifest.bin).toEqual({ 'loyalty-metrics': './dist/cli/main.js' });
    expect(readFileSync(join(repo, 'src/cli/main.ts'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('C1: the bin that runs keeps the shebang on its first line', async () => {
    expect(readFileSync(await binPath(), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('C1: src/cli is type-checked with Node types by its own config, in npm run typecheck, and left out of the library\'s', () => {
    const base = JSON.parse(readFileSync(join(repo, 'tsconfig.json'), 'utf8')) as { exclude?: string[]; compilerOptions: { types: string[] } };
    const own = JSON.parse(readFileSync(join(repo, 'tsconfig.cli.json'), 'utf8')) as { include: string[]; compilerOptions: { types: string[] } };
    expect(base.exclude).toContain('src/cli');
    expect(base.compilerOptions.types).toEqual([]);
    expect(own).toMatchObject({ include: ['src/cli'], compilerOptions: { types: ['node'] } });
    expect(manifest.scripts['typecheck']).toContain('tsc -p tsconfig.cli.json');
  });

  it('C5: --version prints the package version; --help the commands', async () => {
    const version = await cli(['--version']);
    expect(version).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
    const help = await cli(['--help']);
    expect(help.code, shown(help)).toBe(0);
    for (const command of nonEmpty(COMMANDS)) expect(help.stdout).toContain(`  ${command.name}`);
    expect(help.stdout).toMatch(/^Usage: loyalty-metrics <command> \[options\]/);
  });
});

describe('the bin: edges', () => {
  it('C5: no command at all prints the help on stderr with exit code 2', async () => {
    const result = await cli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Usage: loyalty-metrics/);
  });

  it('C5: an unreadable file exits 1 naming it; a bad file exits 1 with the library\'s message and no stack trace', async () => {
    const missing = await cli(['cohort', join(dir, 'nope.csv')]);
    expect(missing).toEqual({ code: 1, stdout: '', stderr: `loyalty-metrics: cannot read ${join(dir, 'nope.csv')}: no such file\n` });
    const folder = await cli(['rfm', dir]);
    expect(folder).toEqual({ code: 1, stdout: '', stderr: `loyalty-metrics: cannot read ${dir}: not a file\n` });
    const noColumn = join(dir, 'no-column.csv');
    writeFileSync(noColumn, 'user,timestamp\na,2024-01-01\n');
    const header = await cli(['cohort', noColumn]);
    expect(header.code, shown(header)).toBe(1);
    expect(header.stderr).toBe('loyalty-metrics: parseEventsCsvChunks: header must be a row naming a column customer_id or customerId (or set options.fields.customerId), received "user,timestamp"\n');
    const badTime = join(dir, 'bad-time.csv');
    writeFileSync(badTime, 'customer_id,timestamp\na,2024-01-01\nb,2024-13-45\n');
    for (const command of nonEmpty(['cohort', 'summary', 'rfm'])) {
      const result = await cli([command, badTime]);
      expect(result.code, shown(result)).toBe(1);
      expect(result.stderr).toMatch(/^loyalty-metrics: parseEventsCsvChunks: rows\[1\]\.timestamp must be an ISO-8601 timestamp .*received "2024-13-45"\n$/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('the bin: properties', () => {
  it('C1: no module of the library imports src/cli/, and only src/cli/ imports Node built-ins (dist/index.* stays runtime-neutral)', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    const library = nonEmpty(files(join(repo, 'src')).filter((f) => !f.includes(`${join('src', 'cli')}`)));
    const offending = library.filter((f) => /from '(\.\.?\/)+cli\/|from '\.\/cli\/|from 'node:/.test(readFileSync(f, 'utf8')));
    expect(offending).toEqual([]);
    const cli = nonEmpty(files(join(repo, 'src/cli')));
    expect(cli.some((f) => readFileSync(f, 'utf8').includes("from 'node:fs'"))).toBe(true);
  });

  it('C5: every command has a --help (exit 0) that lists each of its flags with its default, and an example', async () => {
    for (const command of nonEmpty(COMMANDS)) {
      const result = await cli([command.name, '--help']);
      expect(result.code, shown(result)).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: loyalty-metrics ${command.name} `));
      for (const flag of nonEmpty([...command.flags, ...COMMON_FLAGS])) {
        expect(result.stdout, flag.name).toContain(`--${flag.name}`);
        if (flag.default !== undefined) expect(result.stdout, flag.name).toContain(`Default: ${flag.default}.`);
      }
      expect(result.stdout).toMatch(/Examples?:\n {2}loyalty-metrics /);
    }
    // -h after other arguments (even wrong ones) gives the same help.
    const short = await cli(['fit', '--bogus', '-h']);
    expect(short.stdout).toBe((await cli(['fit', '--help'])).stdout);
  }, 60_000);

  it('C5: every usage error of every command exits 2 with one line saying what is wrong and one naming --help', async () => {
    const cases: [readonly string[], RegExp][] = [
      [['frobnicate'], /^loyalty-metrics: unknown command 'frobnicate'\nRun 'loyalty-metrics --help' for usage\.\n$/],
      [['--period', 'month'], /^loyalty-metrics: unknown option '--period' \(options go after the command\)\n/],
      ...COMMANDS.map((c): [readonly string[], RegExp] => [[c.name, EVENTS, '--no-such-flag'], new RegExp(`^loyalty-metrics ${c.name}: unknown option '--no-such-flag'\\nRun 'loyalty-metrics ${c.name} --help' for usage\\.\\n$`)]),
      [['cohort'], /^loyalty-metrics cohort: missing <file\|->/],
      [['fit', 'bg-nbd'], /^loyalty-metrics fit: missing <file\|->/],
      [['fit', 'bg-nbd2', EVENTS], /^loyalty-metrics fit: unknown model 'bg-nbd2': one of bg-nbd, pareto-nbd, mbg-nbd, gamma-gamma\n/],
      [['cohort', EVENTS, '--format', 'pdf'], /^loyalty-metrics cohort: --format must be one of text, csv, json, html, svg, received 'pdf'\n/],
      [['cohort', EVENTS, '--period'], /^loyalty-metrics cohort: option '--period' needs a value\n/],
      [['cohort', EVENTS, 'other.csv'], /^loyalty-metrics cohort: unexpected argument 'other.csv'\n/],
      [['summary', EVENTS, '--week-starts-on', '7'], /^loyalty-metrics summary: --week-starts-on must be a whole number from 0 to 6, received '7'\n/],
      [['rfm', EVENTS, '--fields', 'user=id'], /^loyalty-metrics rfm: --fields takes name=column pairs/],
      [['cohort', EVENTS, '--return-rule', 'brackets:a'], /^loyalty-metrics cohort: --return-rule must be on, onOrAfter or brackets/],
      [['report', EVENTS], /^loyalty-metrics report: missing --out <file.html>/],
      [['cohort', '--table', 'events'], /^loyalty-metrics cohort: --table is for --sql only\n/],
    ];
    for (const [args, message] of nonEmpty(cases)) {
      const result = await cli(args);
      expect(result.code, `${args.join(' ')}\n${shown(result)}`).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(2);
    }
  }, 60_000);
});
