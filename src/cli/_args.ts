/**
 * The command line's arguments: each command declares its flags once (name, value, default, help line), and
 * that one list drives `node:util` `parseArgs`, the `--help` text and the checks of the values. A mistake in
 * the arguments is a {@link UsageError} (exit code 2, with a hint to `--help`).
 */
import { parseArgs } from 'node:util';

/** The program's name, as users type it. */
export const PROGRAM = 'loyalty-metrics';

/** One flag of a command. */
export interface FlagSpec {
  /** Long name, without the dashes. */
  readonly name: string;
  /** One-letter alias, without the dash. */
  readonly short?: string;
  /** A boolean switch, or a flag that takes a value (`--period month`). */
  readonly type: 'string' | 'boolean';
  /** The value's placeholder in the help (`unit`, `file`). */
  readonly value?: string;
  /** The default, as shown in the help (the command applies it). */
  readonly default?: string;
  /** The allowed values, checked before the command runs. */
  readonly choices?: readonly string[];
  /** One line of help. */
  readonly help: string;
}

/** A command: its usage line, flags and examples. */
export interface CommandSpec {
  readonly name: string;
  /** One line: what it does. */
  readonly summary: string;
  /** The arguments after the command's name, as in the usage line (`<file|->`). */
  readonly args: string;
  /** Positional arguments: how many at least and at most. */
  readonly positionals: readonly [min: number, max: number];
  readonly flags: readonly FlagSpec[];
  /** More lines of help after the flags (notes). */
  readonly notes?: readonly string[];
  /** Example command lines (without the program name). */
  readonly examples: readonly string[];
}

/** A mistake in the arguments: exit code 2, with a hint to the command's `--help`. */
export class UsageError extends Error {
  /** The command whose help the hint names, if known. */
  readonly command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

/** The flags of every command. */
export const COMMON_FLAGS: readonly FlagSpec[] = [
  { name: 'quiet', short: 'q', type: 'boolean', help: 'No progress line and no notes on stderr (errors still print).' },
  { name: 'help', short: 'h', type: 'boolean', help: 'Show this help.' },
];

/** The values of parsed flags (a missing flag is undefined). */
export type FlagValues = Readonly<Record<string, string | boolean | undefined>>;

/** What `parseCommand` found: the flags and positionals, or a request for help. */
export type ParsedCommand = { readonly help: true } | { readonly help: false; readonly values: FlagValues; readonly positionals: readonly string[] };

/** Reads `argv` (after the command's name) by the command's flags; throws {@link UsageError}. */
export function parseCommand(spec: CommandSpec, argv: readonly string[]): ParsedCommand {
  const flags = [...spec.flags, ...COMMON_FLAGS];
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const flag of flags) options[flag.name] = flag.short === undefined ? { type: flag.type } : { type: flag.type, short: flag.short };
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    // --help wins over any other mistake on the line.
    if (argv.includes('--help') || argv.includes('-h')) return { help: true };
    throw new UsageError(parseArgsMessage(error), spec.name);
  }
  if (parsed.values['help'] === true) return { help: true };
  const [min, max] = spec.positionals;
  if (parsed.positionals.length < min) throw new UsageError(`missing ${spec.args.split(' ')[parsed.positionals.length] ?? 'argument'}`, spec.name);
  if (parsed.positionals.length > max) throw new UsageError(`unexpected argument '${parsed.positionals[max]}'`, spec.name);
  for (const flag of flags) {
    const value = parsed.values[flag.name];
    if (flag.choices !== undefined && typeof value === 'string' && !flag.choices.includes(value)) {
      throw new UsageError(`--${flag.name} must be one of ${flag.choices.join(', ')}, received '${value}'`, spec.name);
    }
  }
  return { help: false, values: parsed.values, positionals: parsed.positionals };
}

/** parseArgs' error as one short line (`unknown option '--x'`). */
function parseArgsMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const quoted = /'([^']*)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted !== undefined) return `unknown option '${quoted}'`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && quoted !== undefined) return `option '${quoted.replace(/ <value>$/, '')}' ${/argument missing/.test(message) ? 'needs a value' : 'takes no value'}`;
  const first = message.split(/\.\s/)[0] ?? message;
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/** The `--help` text of a command. */
export function helpText(spec: CommandSpec): string {
  const flags = [...spec.flags, ...COMMON_FLAGS];
  const left = flags.map((f) => `${f.short === undefined ? '    ' : `-${f.short}, `}--${f.name}${f.type === 'string' ? ` <${f.value ?? 'value'}>` : ''}`);
  const width = left.reduce((w, l) => Math.max(w, l.length), 0) + 2;
  const lines = flags.map((f, i) => {
    const extra = [f.choices === undefined ? '' : ` One of: ${f.choices.join(', ')}.`, f.default === undefined ? '' : ` Default: ${f.default}.`].join('');
    return `  ${(left[i] ?? '').padEnd(width)}${f.help}${extra}`;
  });
  return [
    `Usage: ${PROGRAM} ${spec.name} ${spec.args}`.trimEnd(),
    '',
    spec.summary,
    '',
    'Options:',
    ...lines,
    ...(spec.notes === undefined ? [] : ['', ...spec.notes]),
    '',
    spec.examples.length === 1 ? 'Example:' : 'Examples:',
    ...spec.examples.map((e) => `  ${PROGRAM} ${e}`),
    '',
  ].join('\n');
}

/** A flag's string value, or undefined. */
export function text(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A comma-separated list (`purchase,refund`), empty items dropped; undefined when the flag is absent. */
export function list(values: FlagValues, name: string): string[] | undefined {
  const value = text(values, name);
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** An integer flag in [min, max]; undefined when absent. */
export function integer(values: FlagValues, name: string, command: string, min: number, max: number): number | undefined {
  const value = text(values, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, received '${value}'`, command);
  return n;
}

/** A finite number flag; undefined when absent. */
export function decimal(values: FlagValues, name: string, command: string): number | undefined {
  const value = text(values, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, received '${value}'`, command);
  return n;
}

/**
 * `--fields customerId=user_id,timestamp=ts`: a map from the library's field names (only those in `keys`)
 * to the file's column names.
 */
export function fieldMap(values: FlagValues, command: string, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list(values, 'fields') ?? []) {
    const at = item.indexOf('=');
    const key = at < 0 ? '' : item.slice(0, at).trim();
    const column = at < 0 ? '' : item.slice(at + 1).trim();
    if (!keys.includes(key) || column === '') {
      throw new UsageError(`--fields takes name=column pairs with a name among ${keys.join(', ')}, received '${item}'`, command);
    }
    out[key] = column;
  }
  return out;
}

/** `--return-rule on|onOrAfter|brackets:1,2,4`. */
export function returnRule(values: FlagValues, command: string): 'on' | 'onOrAfter' | { readonly brackets: number[] } | undefined {
  const value = text(values, 'return-rule');
  if (value === undefined || value === 'on' || value === 'onOrAfter') return value;
  const match = /^brackets:(.+)$/.exec(value);
  const brackets = match?.[1]?.split(',').map((s) => Number(s.trim()));
  if (brackets === undefined || brackets.some((n) => !Number.isSafeInteger(n))) {
    throw new UsageError(`--return-rule must be on, onOrAfter or brackets:<offsets> (brackets:1,2,4), received '${value}'`, command);
  }
  return { brackets };
}
