#!/usr/bin/env node
/**
 * `loyalty-metrics`: the library's KPIs on events files from the command line. Dispatches to one command
 * per file (cohort, summary, rfm, fit, report), prints help and the version, and turns errors into exit
 * codes: 0 done, 1 a MetricError (its message, no stack trace) or a file that cannot be read or written,
 * 2 a usage error (unknown command or flag, missing argument) with a one-line hint to `--help`.
 */
import { readFileSync } from 'node:fs';
import { MetricError } from '../core/MetricError.js';
import { type CommandSpec, helpText, PROGRAM, UsageError } from './_args.js';
import { InputError } from './_input.js';
import { COHORT, runCohort } from './cohort.js';
import { FIT, runFit } from './fit.js';
import { REPORT, runReport } from './report.js';
import { RFM, runRfm } from './rfm.js';
import { runSummary, SUMMARY } from './summary.js';

const COMMANDS: readonly { readonly spec: CommandSpec; readonly run: (argv: readonly string[]) => Promise<'help' | undefined> }[] = [
  { spec: COHORT, run: runCohort },
  { spec: SUMMARY, run: runSummary },
  { spec: RFM, run: runRfm },
  { spec: FIT, run: runFit },
  { spec: REPORT, run: runReport },
];

/** The program's help: the commands and the common flags. */
export function programHelp(): string {
  const width = COMMANDS.reduce((w, c) => Math.max(w, c.spec.name.length), 0) + 2;
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Customer-loyalty KPIs of an events file (CSV or NDJSON: customer_id, timestamp, event, amount), no code needed.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.spec.name.padEnd(width)}${c.spec.summary}`),
    '',
    'Options:',
    '  -h, --help     Show this help (after a command: the command\'s help).',
    '  -v, --version  Show the version.',
    '',
    'Exit codes: 0 done, 1 bad data or an unreadable file (the message says which), 2 a usage error.',
    '',
    'Example:',
    `  ${PROGRAM} cohort events.csv --period month --start-events purchase --return-events purchase`,
    `Run '${PROGRAM} <command> --help' for a command's options.`,
    '',
  ].join('\n');
}

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return manifest.version ?? 'unknown';
}

/** Runs the program on `argv` (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      // No command at all is a usage error: the help goes to stderr, with exit code 2.
      (name === undefined ? process.stderr : process.stdout).write(programHelp());
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-v') {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    const command = COMMANDS.find((c) => c.spec.name === name);
    if (command === undefined) throw new UsageError(name.startsWith('-') ? `unknown option '${name}' (options go after the command)` : `unknown command '${name}'`);
    if ((await command.run(rest)) === 'help') process.stdout.write(helpText(command.spec));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      const help = error.command === undefined ? `${PROGRAM} --help` : `${PROGRAM} ${error.command} --help`;
      process.stderr.write(`${PROGRAM}${error.command === undefined ? '' : ` ${error.command}`}: ${error.message}\nRun '${help}' for usage.\n`);
      return 2;
    }
    if (error instanceof MetricError || error instanceof InputError) {
      process.stderr.write(`${PROGRAM}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${PROGRAM}: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
