/**
 * The fits of {@link survivalChart}, read and checked: a fit of `kaplanMeier` or its JSON copy, alone, in
 * an array, or in an array of `{ label, fit }`.
 */
import { type Ctx, fail, own } from '../core/_validate.js';
import type { KaplanMeierMedian } from '../models/kaplanMeier.js';

/** A row of a fit's table, as read here. */
export interface FitRow {
  readonly time: number;
  readonly atRisk: number;
  readonly events: number;
  readonly censored: number;
  readonly survival: number;
  readonly lower: number | null;
  readonly upper: number | null;
}

/**
 * A checked fit with its label.
 */
export interface SurvivalGroupInput {
  readonly label: string;
  readonly rows: readonly FitRow[];
  readonly median: KaplanMeierMedian;
  readonly confidence: number;
  readonly subjects: number;
  readonly events: number;
}

/**
 * Reads `fits`: a fit, an array of fits, or an array of `{ label, fit }` (not mixed). Labels default to
 * `'all'` for a bare fit and `'group 1'`, `'group 2'`, ... for an array of fits; they must differ.
 */
export function readSurvivalFits(ctx: Ctx, fits: unknown): SurvivalGroupInput[] {
  if (!Array.isArray(fits)) return [readFit(ctx, 'fits', fits, 'all')];
  if (fits.length === 0) fail(ctx, 'fits', 'a Kaplan-Meier fit or a non-empty array of fits or of { label, fit }', fits);
  const labelled = fits.some((item: unknown) => typeof item === 'object' && item !== null && Object.hasOwn(item, 'fit'));
  const seen = new Set<string>();
  return fits.map((item: unknown, i) => {
    if (!labelled) return readFit(ctx, `fits[${i}]`, item, `group ${i + 1}`);
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return fail(ctx, `fits[${i}]`, 'an object { label, fit } (like the other entries)', item);
    for (const key of Object.keys(item)) if (key !== 'label' && key !== 'fit') fail(ctx, `fits[${i}].${key}`, 'one of the known fields (label, fit)', own(item, key));
    const label = own(item, 'label');
    if (typeof label !== 'string' || label.trim() === '') fail(ctx, `fits[${i}].label`, 'a non-empty string', label);
    if (seen.has(label)) fail(ctx, `fits[${i}].label`, 'a label not used by another group', label);
    seen.add(label);
    return readFit(ctx, `fits[${i}].fit`, own(item, 'fit'), label);
  });
}

function readFit(ctx: Ctx, field: string, fit: unknown, label: string): SurvivalGroupInput {
  const shape = 'a Kaplan-Meier fit (the result of kaplanMeier, or its JSON copy)';
  if (typeof fit !== 'object' || fit === null || own(fit, 'model') !== 'kaplanMeier') return fail(ctx, field, shape, fit);
  const table = own(fit, 'table');
  if (!Array.isArray(table) || table.length === 0) return fail(ctx, `${field}.table`, 'a non-empty array of rows (a kaplanMeier fit)', table);
  const rows = table.map((row: unknown, k): FitRow => {
    const at = `${field}.table[${k}]`;
    if (typeof row !== 'object' || row === null) return fail(ctx, at, 'a row { time, atRisk, events, censored, survival, lower, upper }', row);
    const number = (key: string, lo: number, hi: number): number => {
      const value = own(row, key);
      if (typeof value !== 'number' || !Number.isFinite(value) || value < lo || value > hi) fail(ctx, `${at}.${key}`, `a finite number in [${lo}, ${hi}]`, value);
      return value as number;
    };
    const limit = (key: string): number | null => (own(row, key) === null ? null : number(key, 0, 1));
    return { time: number('time', 0, Number.MAX_VALUE), atRisk: number('atRisk', 0, Number.MAX_VALUE), events: number('events', 0, Number.MAX_VALUE), censored: number('censored', 0, Number.MAX_VALUE), survival: number('survival', 0, 1), lower: limit('lower'), upper: limit('upper') };
  });
  rows.forEach((row, k) => {
    const previous = rows[k - 1];
    if (previous !== undefined && !(row.time > previous.time)) fail(ctx, `${field}.table[${k}].time`, `a time > the previous row's (${previous.time})`, row.time);
    if (previous !== undefined && row.survival > previous.survival) fail(ctx, `${field}.table[${k}].survival`, `at most the previous row's (${previous.survival}): survival never increases`, row.survival);
  });
  const median = own(fit, 'median');
  if (typeof median !== 'object' || median === null) return fail(ctx, `${field}.median`, 'an object { time, lower, upper }', median);
  const time = (key: string): number | null => {
    const value = own(median, key);
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) fail(ctx, `${field}.median.${key}`, 'null or a finite number >= 0', value);
    return value as number | null;
  };
  const confidence = own(fit, 'confidence');
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) return fail(ctx, `${field}.confidence`, 'a number in (0, 1)', confidence);
  const total = (key: string): number => {
    const value = own(fit, key);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(ctx, `${field}.${key}`, 'a finite number >= 0', value);
    return value as number;
  };
  return { label, rows, median: { time: time('time'), lower: time('lower'), upper: time('upper') }, confidence, subjects: total('subjects'), events: total('events') };
}
