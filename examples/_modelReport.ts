// The model half of the demo: BG/NBD and Gamma-Gamma on the purchases of examples/data/events.csv,
// checked on a holdout (calibration 2023 – June 2024, holdout July – December 2024), then refitted on
// everything through December 2024 for P(alive) and CLV as of the reporting month's end.
import {
  type BetaGeoFit,
  type CalibrationHoldoutSplit,
  calibrationHoldoutSplit,
  expectedPurchases,
  fitBetaGeo,
  fitGammaGamma,
  type GammaGammaFit,
  type HtmlReportItem,
  type HtmlReportSection,
  modelCustomerLifetimeValue,
  type ParameterSummary,
  type ParsedEventColumns,
  probabilityAlive,
  type RfmSummary,
  rfmSummary,
} from '../src/index.js';
import { count, decimal, money } from './_format.js';

/** The fits and data the model sections show (and the charts read). */
export interface ModelData {
  readonly split: CalibrationHoldoutSplit;
  /** BG/NBD on the calibration period (January 2023 – June 2024), in weeks. */
  readonly checkFit: BetaGeoFit;
  /** The purchases, for the tracking chart. */
  readonly columns: ParsedEventColumns;
  /** All purchases through 31 December 2024, in weeks. */
  readonly summary: RfmSummary;
  /** BG/NBD and Gamma-Gamma on `summary`. */
  readonly fit: BetaGeoFit;
  readonly spend: GammaGammaFit;
}

/** Fits the models: once on the calibration period (for the checks), once on everything (for P(alive) and CLV). */
export function fitModels(columns: ParsedEventColumns): ModelData {
  const split = calibrationHoldoutSplit(columns, { period: 'day', timeUnit: 'week', calibrationEnd: '2024-06-30', observationEnd: '2024-12-31' });
  const checkFit = fitBetaGeo(split.calibration, { timeUnit: 'week' });
  const summary = rfmSummary(columns, { period: 'day', timeUnit: 'week', calibrationEnd: '2024-12-31' });
  const fit = fitBetaGeo(summary, { timeUnit: 'week' });
  // Gamma-Gamma models positive spend: repeat buyers whose repeat orders were all free are left out and counted.
  const spend = fitGammaGamma(summary, { zeroSpend: 'exclude' });
  return { split, checkFit, columns, summary, fit, spend };
}

/** The fit's parameter summary as a table item: estimate, standard error and interval. */
function parameterTable(caption: string, rows: readonly ParameterSummary[], confidence: number, note: string): HtmlReportItem {
  const level = `${Math.round(confidence * 100)}%`;
  return {
    type: 'table',
    caption,
    columns: ['parameter', 'estimate', 'standard error', `${level} lower`, `${level} upper`],
    rows: rows.map((p) => [p.parameter, p.estimate, p.standardError, p.lower, p.upper]),
    digits: 3,
    note,
  };
}

/** The model check: the calibration fit's parameters, and its forecast of the holdout against what happened. */
export function modelCheckSection(data: ModelData, charts: readonly HtmlReportItem[]): HtmlReportSection {
  const { split, checkFit } = data;
  const weeks = split.holdout.duration;
  const predicted = expectedPurchases(checkFit, split.calibration, { t: weeks }).reduce((s, v) => s + v, 0);
  const actual = split.holdout.customers.reduce((s, c) => s + c.frequency, 0);
  return {
    heading: 'Model check: calibration 2023 – June 2024, holdout July – December 2024 (events.csv)',
    intro: `BG/NBD fitted on the purchases of ${count(checkFit.customers)} customers from January 2023 to June 2024 (time in weeks), then asked to forecast their repeat purchases in July – December 2024, which the data holds.`,
    items: [
      parameterTable('BG/NBD parameters (calibration fit)', checkFit.summary, checkFit.confidence, `log-likelihood ${decimal(checkFit.logLikelihood, 1)}; ${checkFit.converged ? 'converged' : 'not converged'} in ${checkFit.iterations} iterations`),
      {
        type: 'table',
        caption: `Holdout check: repeat purchases in ${decimal(weeks, 1)} weeks`,
        columns: ['measure', 'predicted', 'actual', 'difference'],
        rows: [['Repeat purchases of the calibration customers', decimal(predicted, 0), count(actual), `${decimal(((predicted - actual) / actual) * 100, 1)}%`]],
        note: `${count(split.holdoutOnlyCustomers)} customers first seen in the holdout are not in the calibration summary.`,
      },
      ...charts,
    ],
  };
}

/** P(alive) and 12-month CLV of every customer as of 31 December 2024, from the fits on all the purchases. */
export function customerValueSection(data: ModelData, charts: readonly HtmlReportItem[]): HtmlReportSection {
  const { summary, fit, spend } = data;
  const alive = probabilityAlive(fit, summary);
  // Every customer gets a value; repeat buyers whose orders were all free are valued at 0 (zeroSpend: 'zero').
  const clv = modelCustomerLifetimeValue({ transactionFit: fit, spendFit: spend, customers: summary, horizon: 12, horizonUnit: 'month', modelUnit: 'week', discountRate: 0.01, discountUnit: 'month', zeroSpend: 'zero' });
  const total = clv.reduce((s, v) => s.plus(v), clv[0]!.minus(clv[0]!));
  const n = summary.customers.length;
  const bands = [0, 0.25, 0.5, 0.75, 1.0000001];
  const bandRows = bands.slice(0, -1).map((lo, i) => {
    const hi = bands[i + 1]!;
    const members = Array.from(alive).flatMap((p, j) => (p >= lo && p < hi ? [j] : []));
    const value = members.reduce((s, j) => s.plus(clv[j]!), total.minus(total));
    return [`${Math.round(lo * 100)}% – ${Math.min(100, Math.round(hi * 100))}%`, count(members.length), members.length === 0 ? null : money(value.div(members.length)), money(value)];
  });
  return {
    heading: 'Customer value as of 31 December 2024 (events.csv, all purchases)',
    intro: `BG/NBD and Gamma-Gamma refitted on every purchase from January 2023 to December 2024 (${count(n)} customers), so that P(alive) and the 12-month CLV are as of the reporting month's end.`,
    items: [
      {
        type: 'kpis',
        rows: [
          { label: 'Probably alive (P ≥ 0.5)', value: `${count(alive.filter((p) => p >= 0.5).length)} of ${count(n)}`, note: 'BG/NBD P(alive) at 31 December 2024' },
          { label: '12-month CLV, all customers', value: money(total), note: 'expected revenue (no margin applied), discounted 1% a month' },
          { label: '12-month CLV, mean', value: money(total.div(n)), note: `${count(spend.excludedZeroSpend)} customers whose repeat orders were all free are valued at 0` },
        ],
      },
      { type: 'table', caption: '12-month CLV by P(alive)', columns: ['P(alive)', 'customers', 'mean CLV', 'total CLV'], rows: bandRows },
      parameterTable('BG/NBD parameters (all purchases)', fit.summary, fit.confidence, `log-likelihood ${decimal(fit.logLikelihood, 1)}`),
      parameterTable('Gamma-Gamma parameters (spend of repeat purchases)', spend.summary, spend.confidence, `${count(spend.customers)} repeat buyers with spend; ${count(spend.excludedCustomers)} without a repeat purchase left out`),
      ...charts,
    ],
  };
}
