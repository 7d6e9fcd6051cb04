/**
 * `loyalty-metrics fit <model> <file|->`: fits a customer-base model to the RFM summary of an events file
 * and prints its parameters with standard errors and confidence intervals, the log-likelihood, whether it
 * converged, and a check of the fit against the data: for the transaction models, customers with 0, 1, 2, …
 * repeat purchases, actual vs expected by the model (lifetimes' `plot_period_transactions`); for
 * Gamma-Gamma, the frequency-spend correlation its independence assumption needs near 0.
 */
import { periodTransactionsChart } from '../charts/periodTransactionsChart.js';
import { fitBetaGeo } from '../models/fitBetaGeo.js';
import { fitGammaGamma } from '../models/fitGammaGamma.js';
import { fitModifiedBetaGeo } from '../models/fitModifiedBetaGeo.js';
import { fitParetoNbd } from '../models/fitParetoNbd.js';
import type { RfmSummary } from '../models/rfmSummary.js';
import { type CommandSpec, decimal, type FlagValues, integer, parseCommand, text, UsageError } from './_args.js';
import { INPUT_FLAGS, note, writeOutput } from './_input.js';
import { RFM_FLAGS, rfmOf } from './rfm.js';
import { alignedTable } from './_table.js';

/** The models `fit` knows, by their command-line names. */
export const MODELS = ['bg-nbd', 'pareto-nbd', 'mbg-nbd', 'gamma-gamma'] as const;
type ModelName = (typeof MODELS)[number];

export const FIT: CommandSpec = {
  name: 'fit',
  summary: `Fits a customer-base model (${MODELS.join(', ')}) to the RFM summary of an events file and prints parameters, standard errors, intervals, log-likelihood, convergence and a check against the data.`,
  args: '<model> <file|-> [options]',
  positionals: [2, 2],
  flags: [
    ...RFM_FLAGS,
    { name: 'confidence', type: 'string', value: 'level', help: 'Confidence level of the intervals.', default: '0.95' },
    { name: 'penalizer', type: 'string', value: 'coef', help: 'L2 penalty on the parameters (lifetimes\' penalizer_coef).', default: '0' },
    { name: 'max-iterations', type: 'string', value: 'n', help: 'Optimiser iterations before it gives up.', default: '1000' },
    { name: 'time-budget', type: 'string', value: 'seconds', help: 'Wall time the fit may take before it gives up (exit 1).', default: 'none' },
    ...INPUT_FLAGS,
    { name: 'format', short: 'f', type: 'string', value: 'format', choices: ['text', 'json'], help: 'Output format.', default: 'text' },
    { name: 'out', short: 'o', type: 'string', value: 'file', help: 'Write the output to a file.', default: 'stdout' },
  ],
  notes: [
    'Models: bg-nbd (BG/NBD), pareto-nbd (Pareto/NBD), mbg-nbd (MBG/NBD) on frequency, recency and T;',
    'gamma-gamma (spend per transaction) on the repeat buyers\' frequency and monetary value (zero spenders left out and counted).',
    'A fit that does not converge exits with code 1 and says why.',
  ],
  examples: ['fit bg-nbd events.csv --observation-end 2024-06-30', 'fit gamma-gamma events.csv --format json --out spend.json'],
};

/** The fit of the model on the summary, as plain JSON, plus the check rows. */
export function fitModel(model: ModelName, summary: RfmSummary, values: FlagValues): { fit: Record<string, unknown>; check: CheckRow[] | undefined } {
  const confidence = decimal(values, 'confidence', FIT.name);
  const penalizer = decimal(values, 'penalizer', FIT.name);
  const maxIterations = integer(values, 'max-iterations', FIT.name, 1, 1_000_000);
  const budgetSeconds = decimal(values, 'time-budget', FIT.name);
  if (budgetSeconds !== undefined && budgetSeconds < 0) throw new UsageError(`--time-budget must be a number of seconds >= 0, received '${budgetSeconds}'`, FIT.name);
  const options = {
    timeUnit: summary.timeUnit,
    ...(confidence === undefined ? {} : { confidence }),
    ...(penalizer === undefined ? {} : { penalizer }),
    ...(maxIterations === undefined ? {} : { maxIterations }),
    ...(budgetSeconds === undefined ? {} : { timeBudgetMs: budgetSeconds * 1000 }),
  };
  if (model === 'gamma-gamma') return { fit: { ...fitGammaGamma(summary, { ...options, zeroSpend: 'exclude' }) }, check: undefined };
  const fit = model === 'bg-nbd' ? fitBetaGeo(summary, options) : model === 'pareto-nbd' ? fitParetoNbd(summary, options) : fitModifiedBetaGeo(summary, options);
  return { fit: { ...fit }, check: repeatPurchaseCheck(fit, summary) };
}

/** One row of the check: customers with `repeats` repeat purchases (the last row: that many or more). */
export interface CheckRow {
  readonly repeats: string;
  readonly actual: number;
  readonly expected: number;
}

/**
 * Customers by repeat purchases in their own observation time T, actual vs the model's expectation
 * Σ P(X(T_i) = n): the numbers of {@link periodTransactionsChart} (one definition for the chart and the CLI).
 */
export function repeatPurchaseCheck(fit: Parameters<typeof periodTransactionsChart>[0], summary: RfmSummary): CheckRow[] {
  return periodTransactionsChart(fit, summary).data.buckets.map((b) => ({ repeats: b.label, actual: b.actual, expected: b.expected }));
}

const fixed = (x: number | null, digits = 4): string => (x === null ? '–' : Math.abs(x) >= 1e6 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : x.toFixed(digits));

/** The text report of a fit. */
export function fitText(model: ModelName, fit: Record<string, unknown>, check: readonly CheckRow[] | undefined): string {
  const summary = fit['summary'] as readonly { parameter: string; estimate: number; standardError: number | null; lower: number | null; upper: number | null }[];
  const level = `${Math.round((fit['confidence'] as number) * 1000) / 10}%`;
  const params = alignedTable([['parameter', 'estimate', 'std. error', `${level} lower`, `${level} upper`], ...summary.map((s) => [s.parameter, fixed(s.estimate), fixed(s.standardError), fixed(s.lower), fixed(s.upper)])]);
  const lines = [
    `Model: ${model} (${String(fit['model'])}), time unit: ${String(fit['timeUnit'] ?? 'not stated')}`,
    `Customers: ${String(fit['customers'])} (${String(fit['rows'])} rows)`,
    '',
    params,
    '',
    `Log-likelihood: ${(fit['logLikelihood'] as number).toFixed(4)}`,
    `Converged: ${fit['converged'] === true ? 'yes' : 'no'} after ${String(fit['iterations'])} iterations`,
  ];
  if (fit['model'] === 'gammaGamma') {
    lines.push(`Left out: ${String(fit['excludedCustomers'])} customers without repeat purchases, ${String(fit['excludedZeroSpend'])} repeat buyers whose repeat orders were all free`);
    const r = fit['frequencyMonetaryCorrelation'] as number | null;
    lines.push('', `Check: frequency-spend correlation ${r === null ? '– (no variance)' : r.toFixed(3)} (the model assumes spend independent of frequency: it should be near 0)`);
  }
  if (check !== undefined) {
    lines.push('', 'Check: customers by repeat purchases in their observation time, actual vs expected', alignedTable([['repeats', 'actual', 'expected'], ...check.map((c) => [c.repeats, String(c.actual), c.expected.toFixed(1)])]));
  }
  return lines.join('\n');
}

export async function runFit(argv: readonly string[]): Promise<'help' | undefined> {
  const parsed = parseCommand(FIT, argv);
  if (parsed.help) return 'help';
  const [model, file] = parsed.positionals as [string, string];
  if (!(MODELS as readonly string[]).includes(model)) throw new UsageError(`unknown model '${model}': one of ${MODELS.join(', ')}`, FIT.name);
  const summary = await rfmOf(parsed.values, FIT.name, file);
  const { fit, check } = fitModel(model as ModelName, summary, parsed.values);
  if (fit['converged'] !== true) note(parsed.values['quiet'] === true, 'the fit did not converge');
  const format = text(parsed.values, 'format') ?? 'text';
  await writeOutput(text(parsed.values, 'out'), format === 'json' ? JSON.stringify({ ...fit, ...(check === undefined ? {} : { check }) }, null, 2) : fitText(model as ModelName, fit, check));
  return undefined;
}
