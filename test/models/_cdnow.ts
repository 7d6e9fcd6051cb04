/**
 * Test-only loaders of the reference datasets in test/fixtures (copies of the lifetimes data files;
 * provenance and licence in test/fixtures/README.md): the raw CDNOW sample, the two lifetimes CDNOW
 * summaries, and lifetimes' example_transactions.csv. Paths are relative to the repository; published
 * code never reads them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of test/fixtures/ (with the trailing slash). */
export const DATASETS_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

function lines(file: string): string[] {
  return readFileSync(DATASETS_DIR + file, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
}

/** One row of CDNOW_sample.txt. */
export interface CdnowTransaction {
  /** Sample customer id without the zero padding ('1'..'2357'), as the summary CSVs' `ID`. */
  readonly customerId: string;
  /** The master-file customer id (5 digits, as written). */
  readonly masterId: string;
  /** Purchase date, `YYYY-MM-DD`. */
  readonly date: string;
  /** CDs bought. */
  readonly cds: number;
  /** Dollars, as written (always 2 decimals). */
  readonly dollars: string;
}

let sampleCache: readonly CdnowTransaction[] | undefined;

/** The 6,919 rows of CDNOW_sample.txt (whitespace-separated, CRLF, no header). */
export function loadCdnowSample(): readonly CdnowTransaction[] {
  sampleCache ??= lines('CDNOW_sample.txt').map((line) => {
    const [masterId, sampleId, ymd, cds, dollars] = line.trim().split(/\s+/) as [string, string, string, string, string];
    return Object.freeze({
      customerId: String(Number(sampleId)),
      masterId,
      date: `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`,
      cds: Number(cds),
      dollars,
    });
  });
  return sampleCache;
}

/** The CDNOW sample as event objects: `{ customerId, timestamp: 'YYYY-MM-DD', amount: '29.33' }`. */
export function cdnowSampleEvents(): { customerId: string; timestamp: string; amount: string }[] {
  return loadCdnowSample().map((t) => ({ customerId: t.customerId, timestamp: t.date, amount: t.dollars }));
}

/** The CDNOW sample as columns: epoch ms at UTC midnight, amounts in cents. */
export function cdnowSampleColumns(): { customerId: string[]; timestamp: Float64Array; amount: Float64Array; amountDecimals: number } {
  const rows = loadCdnowSample();
  return {
    customerId: rows.map((t) => t.customerId),
    timestamp: Float64Array.from(rows, (t) => Date.parse(`${t.date}T00:00:00Z`)),
    amount: Float64Array.from(rows, (t) => Number(t.dollars.replace('.', ''))),
    amountDecimals: 2,
  };
}

/** A summary as parallel arrays (rounded to 2 decimals in the lifetimes files). */
export interface CdnowSummary {
  /** Customer ids '1'..'2357'. */
  readonly id: readonly string[];
  /** x: repeat purchases (distinct purchase days - 1) in the 39-week calibration. */
  readonly frequency: readonly number[];
  /** t_x in weeks. */
  readonly recency: readonly number[];
  /** T in weeks (to 1997-09-30). */
  readonly T: readonly number[];
  /** zbar: mean daily spend of the repeat days in dollars, 0 when x = 0. */
  readonly monetaryValue: readonly number[];
}

function readCsv(file: string): string[][] {
  return lines(file)
    .slice(1)
    .map((line) => line.split(','));
}

let summaryCache: CdnowSummary | undefined;

/**
 * cdnow_customers_summary_with_transactions.csv (Hardie's Gamma-Gamma input: ID, x, t_x, T, zbar) as
 * arrays: the 2,357 customers of the BG/NBD and Gamma-Gamma papers, in ID order.
 */
export function loadCdnowSummary(): CdnowSummary {
  if (summaryCache === undefined) {
    const rows = readCsv('cdnow_customers_summary_with_transactions.csv');
    summaryCache = Object.freeze({
      id: rows.map((r) => r[0] as string),
      frequency: rows.map((r) => Number(r[1])),
      recency: rows.map((r) => Number(r[2])),
      T: rows.map((r) => Number(r[3])),
      monetaryValue: rows.map((r) => Number(r[4])),
    });
  }
  return summaryCache;
}

/** cdnow_customers_summary.csv (ID, frequency, recency, T), the lifetimes `load_cdnow_summary()` data. */
export function loadCdnowRecencyFrequency(): Omit<CdnowSummary, 'monetaryValue'> {
  const rows = readCsv('cdnow_customers_summary.csv');
  return {
    id: rows.map((r) => r[0] as string),
    frequency: rows.map((r) => Number(r[1])),
    recency: rows.map((r) => Number(r[2])),
    T: rows.map((r) => Number(r[3])),
  };
}

/** lifetimes' example_transactions.csv as event objects (`date` "YYYY-MM-DD 00:00:00", `id` 0..4999). */
export function loadExampleTransactions(): { customerId: string; timestamp: string }[] {
  return readCsv('example_transactions.csv').map(([date, id]) => ({ customerId: id as string, timestamp: date as string }));
}
