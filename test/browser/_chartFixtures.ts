/**
 * The arguments each chart of the library is called with in the browser tests, from the sample data
 * (examples/data/events.csv): one entry per chart function exported from src/index.ts. A chart that lands
 * later is one more entry here; test/browser/report.test.ts fails, naming it, while an exported `...Chart`
 * has none.
 */
import type { Chart } from '../../src/index.js';
import * as lib from '../../src/index.js';
import { type EventData, readEvents } from '../../examples/_cohortReport.js';
import { fitModels, type ModelData } from '../../examples/_modelReport.js';

/** The sample data every fixture reads: the events, the 2024 cohort table and the fitted models. */
export interface SampleData {
  readonly events: EventData;
  readonly models: ModelData;
}

let sample: SampleData | undefined;

/** Reads examples/data/events.csv and fits the demo's models once (about a second). */
export function sampleData(): SampleData {
  if (sample === undefined) {
    const events = readEvents(new URL('../../examples/data/', import.meta.url));
    sample = { events, models: fitModels(events.columns) };
  }
  return sample;
}

/** Kaplan-Meier of the customers' purchase lifetimes (weeks from first to last purchase; censored when the last one is recent). */
function lifetimes({ models }: SampleData): unknown {
  const { recency, T } = models.summary.columns;
  const durations = Array.from(recency);
  const observed = durations.map((r, i) => T[i]! - r > 26);
  return lib.kaplanMeier({ durations, observed });
}

/** The arguments of each chart function, by its exported name. */
export const CHART_ARGUMENTS: Readonly<Record<string, (data: SampleData) => readonly unknown[]>> = {
  retentionChart: ({ events }) => [events.table],
  survivalChart: (data) => [lifetimes(data)],
  frequencyRecencyChart: ({ models }) => [models.fit, { maxFrequency: 30, maxRecency: 104, t: 52 }],
  probabilityAliveChart: ({ models }) => [models.fit, { maxFrequency: 30, maxRecency: 104 }],
  periodTransactionsChart: ({ models }) => [models.checkFit, models.split.calibration],
  calibrationHoldoutChart: ({ models }) => [models.checkFit, models.split],
  cumulativeTransactionsChart: ({ models }) => [models.checkFit, models.columns, { period: 'day', timeUnit: 'week', calibrationEnd: '2024-06-30', observationEnd: '2024-12-31' }],
};

/** The chart functions src/index.ts exports: every export whose name ends in `Chart`. */
export function exportedChartNames(): string[] {
  return Object.entries(lib)
    .filter(([name, value]) => name.endsWith('Chart') && typeof value === 'function')
    .map(([name]) => name)
    .sort();
}

/** Calls the exported chart function `name` with its fixture's arguments. */
export function buildChart(name: string, data: SampleData): Chart {
  const fn = (lib as unknown as Record<string, (...args: readonly unknown[]) => Chart>)[name];
  const args = CHART_ARGUMENTS[name];
  if (fn === undefined) throw new Error(`src/index.ts exports no ${name}`);
  if (args === undefined) throw new Error(`${name} has no entry in test/browser/_chartFixtures.ts CHART_ARGUMENTS: add one (its arguments from the sample data)`);
  return fn(...args(data));
}
