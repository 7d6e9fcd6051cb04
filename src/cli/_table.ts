/**
 * Plain tables of strings for the commands' text and CSV output: aligned columns for a terminal (numbers
 * to the right, control characters made harmless), RFC 4180 CSV with formula-injection-safe text cells.
 */
import { csvCell, printable } from '../render/_escape.js';

const NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?[%+]?$/i;

/** Columns padded to their widest cell; numeric cells right-aligned; a rule under the header. */
export function alignedTable(rows: readonly (readonly string[])[]): string {
  const safe = rows.map((row) => row.map(printable));
  const widths: number[] = [];
  for (const row of safe) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: readonly string[]): string =>
    row.map((cell, i) => (NUMBER.test(cell) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const [header, ...body] = safe;
  if (header === undefined) return '';
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** RFC 4180 CSV (LF line ends); a text cell beginning with = + - @ is neutralised, a number is kept. */
export function csvTable(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map((cell) => (NUMBER.test(cell) ? cell : csvCell(cell))).join(',')).join('\n');
}
