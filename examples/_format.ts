// Small terminal helpers for the examples: aligned rows and optional colour (off when piped or NO_COLOR).
export const useColour = Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined;

export const paint = {
  bold: (text: string) => (useColour ? `\x1b[1m${text}\x1b[22m` : text),
  dim: (text: string) => (useColour ? `\x1b[2m${text}\x1b[22m` : text),
  green: (text: string) => (useColour ? `\x1b[32m${text}\x1b[39m` : text),
  red: (text: string) => (useColour ? `\x1b[31m${text}\x1b[39m` : text),
  yellow: (text: string) => (useColour ? `\x1b[33m${text}\x1b[39m` : text),
};

export function heading(title: string): string {
  return `\n${paint.bold(title)}\n${paint.dim('─'.repeat(title.length))}`;
}

/** One report line: label, value right-aligned, then a dim note. */
export function row(label: string, value: string, note = ''): string {
  return `  ${label.padEnd(34)}${value.padStart(14)}  ${paint.dim(note)}`;
}

/** A proportional bar of segments, e.g. promoters / passives / detractors. */
export function bar(parts: readonly { readonly share: number; readonly colour: (text: string) => string; readonly glyph: string }[], width = 40): string {
  return parts.map((part) => part.colour(part.glyph.repeat(Math.round(part.share * width)))).join('');
}

// ---------------------------------------------------------------------------------------------------
// One format for every number of the demo, in the terminal and on the HTML page alike.

/** The demo shop's currency (examples/data/period.json and the amounts of events.csv). */
export const CURRENCY = 'EUR';

/** `1234567.891` -> `1,234,567.891`: commas between groups of three digits of the integer part. */
export function groupDigits(text: string): string {
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (match === null) return text;
  const [, sign = '', whole = '', fraction = ''] = match;
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction}`;
}

/** Money, the one way the demo writes it: `EUR 1,234.56` (thousands separators, 2 decimals, rounded half-even by decimal.js or toFixed). */
export function money(value: { toFixed(digits: number): string } | number | string): string {
  const fixed = typeof value === 'string' ? Number(value).toFixed(2) : value.toFixed(2);
  return `${CURRENCY} ${groupDigits(fixed === '-0.00' ? '0.00' : fixed)}`;
}

/** A count with thousands separators: `25,000`. */
export function count(value: number): string {
  return groupDigits(String(value));
}

/** A plain number with `digits` decimals and thousands separators: `1,312.5`. */
export function decimal(value: number | { toFixed(digits: number): string }, digits: number): string {
  return groupDigits(value.toFixed(digits));
}
