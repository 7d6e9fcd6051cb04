/**
 * Tables of any shape for the size sweeps, made directly (no events): `triangle(rows, columns)` is the
 * usual cohort triangle, with cell (i, k) existing while i + k < max(rows, columns), sizes 40-89, counts
 * falling with k, the last existing cell of each row flagged incomplete; `rectangle(rows, columns)` is a
 * complete table whose rows all share one array (cheap at any size, for the tables refused as too large).
 */
import { CohortTable } from '../../src/index.js';
import type { CohortTableData } from '../../src/cohort/CohortTable.js';

const DAY = 86_400_000;
const START = Date.UTC(2020, 0, 1);

function cohorts(rows: number, size: (i: number) => number): CohortTableData['cohorts'] {
  return Array.from({ length: rows }, (_, i) => {
    const start = new Date(START + i * DAY);
    return { label: start.toISOString().slice(0, 10), start, end: new Date(START + (i + 1) * DAY), size: size(i) };
  });
}

function data(rows: number, columns: number, parts: Pick<CohortTableData, 'cohorts' | 'counts' | 'revenue' | 'incomplete'>): CohortTable {
  return new CohortTable({
    calendar: { unit: 'day', timeZone: 'UTC', weekStartsOn: 1 },
    returnRule: 'on',
    columns: Array.from({ length: columns }, (_, k) => k),
    repeaters: Array.from({ length: rows }, () => 0),
    observedTo: new Date(START + Math.max(rows, columns) * DAY - 1),
    ...parts,
  });
}

/** The cohort triangle of `rows` cohorts and `columns` offsets. */
export function triangle(rows: number, columns: number): CohortTable {
  const span = Math.max(rows, columns);
  const size = (i: number): number => 40 + (i % 50);
  const counts = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: columns }, (_, k) => (i + k < span ? (k === 0 ? size(i) : Math.floor((size(i) * (1 + ((i + k) % 7))) / (k + 8))) : null)),
  );
  return data(rows, columns, {
    cohorts: cohorts(rows, size),
    counts,
    revenue: counts.map((row) => row.map(() => null)),
    incomplete: counts.map((row, i) => row.map((_, k) => i + k === span - 1)),
  });
}

/** A complete `rows` x `columns` table whose rows share one array each for counts, revenue and flags. */
export function rectangle(rows: number, columns: number): CohortTable {
  const counts = Array.from({ length: columns }, (_, k) => (k === 0 ? 10 : 5));
  const revenue = counts.map(() => null);
  const flags = counts.map(() => false);
  return data(rows, columns, {
    cohorts: cohorts(rows, () => 10),
    counts: Array.from({ length: rows }, () => counts),
    revenue: Array.from({ length: rows }, () => revenue),
    incomplete: Array.from({ length: rows }, () => flags),
  });
}
