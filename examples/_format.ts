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
