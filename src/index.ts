/**
 * loyalty-metrics: customer-loyalty KPIs computed exactly, with stated definitions.
 * @packageDocumentation
 */

export type { Decimal } from 'decimal.js';
export type { MoneyInput } from './core/_decimal.js';
export type { RateInput } from './core/_rateInput.js';
export { MetricError, type MetricErrorCode } from './core/MetricError.js';
export { Rate, type RateJSON } from './core/Rate.js';
export { rateToDecimal } from './core/rateToDecimal.js';
export { type Interval, wilsonInterval, type WilsonIntervalOptions } from './core/wilsonInterval.js';

export { grossRevenueRetention, type GrossRevenueRetentionInput } from './retention/grossRevenueRetention.js';
export { netRevenueRetention, type NetRevenueRetentionInput } from './retention/netRevenueRetention.js';
export { repeatPurchaseRate, type RepeatPurchaseRateInput } from './retention/repeatPurchaseRate.js';
export { retentionRate, type RetentionRateInput } from './retention/retentionRate.js';
export { returningCustomerRate, type ReturningCustomerRateInput } from './retention/returningCustomerRate.js';

export { churnRate, type ChurnRateInput, type ChurnRateOptions } from './churn/churnRate.js';
export { compoundChurnRate, type CompoundChurnRateInput } from './churn/compoundChurnRate.js';
export { type DailyChurnCounts, dailySummedChurnRate } from './churn/dailySummedChurnRate.js';
export { expectedCustomerLifetime, type ExpectedCustomerLifetimeInput } from './churn/expectedCustomerLifetime.js';
export { grossRevenueChurnRate, type GrossRevenueChurnRateInput } from './churn/grossRevenueChurnRate.js';
export { netRevenueChurnRate, type NetRevenueChurnRateInput } from './churn/netRevenueChurnRate.js';

export { averageOrderValue, type AverageOrderValueInput } from './value/averageOrderValue.js';
export { averageRevenuePerCustomer, type AverageRevenuePerCustomerInput } from './value/averageRevenuePerCustomer.js';
export { cacPaybackPeriod, type CacPaybackPeriodInput } from './value/cacPaybackPeriod.js';
export { customerAcquisitionCost, type CustomerAcquisitionCostInput } from './value/customerAcquisitionCost.js';
export { customerLifetimeValue, type CustomerLifetimeValueInput } from './value/customerLifetimeValue.js';
export { ltvToCacRatio, type LtvToCacRatioInput } from './value/ltvToCacRatio.js';
export { purchaseFrequency, type PurchaseFrequencyInput } from './value/purchaseFrequency.js';
export { quickRatio, type QuickRatioInput } from './value/quickRatio.js';

export { averageInteractionDuration, type AverageInteractionDurationInput } from './engagement/averageInteractionDuration.js';
export { interactionFrequency, type InteractionFrequencyInput } from './engagement/interactionFrequency.js';

export { classifyNpsScore, type NpsCategory } from './survey/classifyNpsScore.js';
export {
  customerEffortScore,
  type CustomerEffortScoreOptions,
  type CustomerEffortScoreResult,
} from './survey/customerEffortScore.js';
export {
  customerSatisfactionScore,
  type CustomerSatisfactionScoreOptions,
  type CustomerSatisfactionScoreResult,
} from './survey/customerSatisfactionScore.js';
export {
  netPromoterScore,
  type NetPromoterScoreOptions,
  type NetPromoterScoreResult,
  type NpsCounts,
} from './survey/netPromoterScore.js';
export { npsSampleSize, type NpsSampleSizeInput } from './survey/npsSampleSize.js';
export { feedbackRate, type FeedbackRateInput } from './survey/feedbackRate.js';
export { responseRate, type ResponseRateInput } from './survey/responseRate.js';
export {
  feedbackSummary,
  type FeedbackColumns,
  type FeedbackFields,
  type FeedbackGroup,
  type FeedbackPeriodStats,
  type FeedbackRecord,
  type FeedbackResponse,
  type FeedbackSentiment,
  type FeedbackStats,
  type FeedbackSummary,
  type FeedbackSummaryOptions,
  type FeedbackVolume,
  type SentimentBand,
} from './survey/feedbackSummary.js';

export type { AnyEventRecord, CustomerEvent, EventFields, FieldAccessor, FieldName, SkippedRecord } from './events/_eventInput.js';
export type { EventColumns } from './events/_eventColumns.js';
export type { ReturnRule } from './cohort/_buildTable.js';
export {
  CohortBuilder,
  type CohortBuilderJSON,
  type CohortBuilderOptions,
  type CohortBuilderOptionsJSON,
  type CohortBuildOptions,
} from './cohort/CohortBuilder.js';
export { type Cohort, CohortTable, type CohortTableRow } from './cohort/CohortTable.js';
export type { PeriodUnit } from './core/_periods.js';
export type { TimestampInput } from './core/_time.js';
export type { Activity, Subscription } from './cohort/_activity.js';
export {
  type PeriodCustomerCounts,
  type PeriodKpis,
  type PeriodSummary,
  periodSummary,
  type PeriodSummaryColumns,
  type PeriodSummaryFields,
  type PeriodSummaryOptions,
} from './cohort/periodSummary.js';

export { cohortTableToCsv, type CohortTableToCsvOptions } from './render/cohortTableToCsv.js';
export { cohortTableToHtml, type CohortTableToHtmlOptions } from './render/cohortTableToHtml.js';
export { cohortTableToSvg, type CohortTableToSvgOptions } from './render/cohortTableToSvg.js';
export { cohortTableToText, type CohortTableToTextOptions } from './render/cohortTableToText.js';
export { type JupyterDisplayData, jupyterDisplay } from './render/jupyterDisplay.js';
export type { CohortTableView } from './render/_tableView.js';
export { type HtmlReport, htmlReport, type HtmlReportSection } from './render/htmlReport.js';
export type {
  HtmlReportChart,
  HtmlReportCohortTable,
  HtmlReportItem,
  HtmlReportKpi,
  HtmlReportKpis,
  HtmlReportParagraph,
  HtmlReportTable,
  HtmlReportValue,
} from './render/_reportItems.js';
export type { Chart, ChartJSON } from './render/_chart.js';
export {
  type RetentionChartCohort,
  retentionChart,
  type RetentionChartData,
  type RetentionChartMeanPoint,
  type RetentionChartOptions,
  type RetentionChartPoint,
} from './charts/retentionChart.js';
export {
  type SurvivalChartAtRisk,
  type SurvivalChartBandStep,
  type SurvivalChartCensor,
  survivalChart,
  type SurvivalChartData,
  type SurvivalChartGroup,
  type SurvivalChartInput,
  type SurvivalChartOptions,
  type SurvivalChartStep,
} from './charts/survivalChart.js';
export { frequencyRecencyChart, type FrequencyRecencyChartData, type FrequencyRecencyChartOptions } from './charts/frequencyRecencyChart.js';
export { probabilityAliveChart, type ProbabilityAliveChartData, type ProbabilityAliveChartOptions } from './charts/probabilityAliveChart.js';
export {
  type PeriodTransactionsBucket,
  periodTransactionsChart,
  type PeriodTransactionsChartData,
  type PeriodTransactionsChartOptions,
} from './charts/periodTransactionsChart.js';
export {
  type CalibrationHoldoutBucket,
  calibrationHoldoutChart,
  type CalibrationHoldoutChartData,
  type CalibrationHoldoutChartOptions,
} from './charts/calibrationHoldoutChart.js';
export {
  cumulativeTransactionsChart,
  type CumulativeTransactionsChartData,
  type CumulativeTransactionsChartOptions,
  type CumulativeTransactionsPoint,
} from './charts/cumulativeTransactionsChart.js';
export {
  type CsvEventFields,
  type ParsedEventColumns,
  type ParsedEvents,
  parseEventsCsv,
  type ParseEventsCsvOptions,
} from './events/parseEventsCsv.js';
export { parseEventsCsvChunks, type ParseEventsCsvChunksOptions } from './events/parseEventsCsvChunks.js';
export { type NdjsonEventFields, parseEventsNdjson, type ParseEventsNdjsonOptions } from './events/parseEventsNdjson.js';
export { parseEventsNdjsonChunks, type ParseEventsNdjsonChunksOptions } from './events/parseEventsNdjsonChunks.js';

// models
export type { FitOptions, FitProgress, FitStop, ModelFit, ModelTimeUnit, ParameterSummary } from './models/_fit.js';
export type { CustomerHistories, CustomerHistory, CustomerHistoryColumns, TransactionModelFit } from './models/_predict.js';
export { type BetaGeoFit, type BetaGeoFitOptions, type BetaGeoParamName, fitBetaGeo } from './models/fitBetaGeo.js';
export { fitModifiedBetaGeo, type ModifiedBetaGeoFit } from './models/fitModifiedBetaGeo.js';
export { fitParetoNbd, type ParetoNbdFit, type ParetoNbdFitOptions, type ParetoNbdParamName } from './models/fitParetoNbd.js';
export {
  type BetaGeoBetaBinomColumns,
  type BetaGeoBetaBinomCustomer,
  type BetaGeoBetaBinomCustomers,
  type BetaGeoBetaBinomFit,
  type BetaGeoBetaBinomParameter,
  fitBetaGeoBetaBinom,
  type FitBetaGeoBetaBinomOptions,
} from './models/fitBetaGeoBetaBinom.js';
export { expectedPurchases, type ExpectedPurchasesOptions } from './models/expectedPurchases.js';
export { expectedPurchasesNewCustomer, type ExpectedPurchasesNewCustomerOptions } from './models/expectedPurchasesNewCustomer.js';
export { probabilityAlive } from './models/probabilityAlive.js';
export { purchaseCountProbability, type PurchaseCountProbabilityInput } from './models/purchaseCountProbability.js';
export {
  kaplanMeier,
  type KaplanMeierFit,
  type KaplanMeierInput,
  type KaplanMeierMedian,
  type KaplanMeierOptions,
  type KaplanMeierRow,
} from './models/kaplanMeier.js';
export { retentionProbability } from './models/retentionProbability.js';
export { survival, type SurvivalFit } from './models/survival.js';
export {
  fitGammaGamma,
  type FitGammaGammaOptions,
  type GammaGammaColumns,
  type GammaGammaCustomer,
  type GammaGammaFit,
  type GammaGammaParam,
} from './models/fitGammaGamma.js';
export { expectedAverageSpend, type GammaGammaParamsFit, type SpendColumns, type SpendCustomer } from './models/expectedAverageSpend.js';
export {
  fitShiftedBetaGeometric,
  type FitShiftedBetaGeometricInput,
  type FitShiftedBetaGeometricOptions,
  type ShiftedBetaGeometricFit,
  type ShiftedBetaGeometricParam,
  type ShiftedBetaGeometricParamsFit,
} from './models/fitShiftedBetaGeometric.js';
export { discountedExpectedLifetime, type DiscountedExpectedLifetimeInput } from './models/discountedExpectedLifetime.js';
export {
  type LifetimeValueColumns,
  type LifetimeValueCustomer,
  type LifetimeValueTransactionFit,
  modelCustomerLifetimeValue,
  type ModelCustomerLifetimeValueInput,
} from './models/modelCustomerLifetimeValue.js';
export {
  type CalibrationHoldoutSplit,
  calibrationHoldoutSplit,
  type CalibrationHoldoutSplitOptions,
  type HoldoutColumns,
  type HoldoutCustomer,
  type HoldoutSummary,
} from './models/calibrationHoldoutSplit.js';
export { type RfmScore, rfmScores, type RfmScoresCustomer, type RfmScoresOptions } from './models/rfmScores.js';
export {
  type RfmColumns,
  type RfmCustomer,
  type RfmEvents,
  type RfmPeriod,
  rfmSummary,
  type RfmSummary,
  type RfmSummaryOptions,
  type RfmTimeUnit,
} from './models/rfmSummary.js';
export { type CohortSqlQuery, cohortSql, type CohortSqlTarget } from './sql/cohortSql.js';
export type { SqlEventColumns, SqlTarget } from './sql/_target.js';
export type { SqlDialect, TimestampUnit } from './sql/_dialect.js';
export { type PeriodSummarySqlColumns, type PeriodSummarySqlQuery, periodSummarySql, type PeriodSummarySqlTarget } from './sql/periodSummarySql.js';
export { rfmSummarySql, type RfmSummarySqlQuery } from './sql/rfmSummarySql.js';
export type { AbortSignalLike, LongWorkOptions, ReadProgress } from './core/_longWork.js';
