/**
 * periodSummarySql on real engines (DuckDB, PGlite, chdb; see _engines.ts): the summary read from each
 * engine's rows deep-equals periodSummary's on the same events, KPIs included.
 *
 * Each engine is opened once per file; every case loads its own table (id, timestamp, event name, amount,
 * interaction duration) with the column types people have: timestamptz, naive TIMESTAMP holding UTC or
 * epoch milliseconds; DECIMAL amounts or integer cents; DECIMAL durations.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PeriodSummaryOptions, periodSummary } from '../../src/cohort/periodSummary.js';
import { MetricError } from '../../src/core/MetricError.js';
import { periodSummarySql, type PeriodSummarySqlTarget } from '../../src/sql/periodSummarySql.js';
import { fcOptions } from '../arbitraries/counts.js';
import { DIALECTS, type Dialect, type Engine, literal, openEngine, quoteIdentifier } from './_engines.js';

const INSTALL_TIMEOUT = 900_000; // first use installs chdb (~550 MB)
const PROPERTY_TIMEOUT = 300_000; // fast-check runs against a real engine: a fresh table per run
const DAY = 86_400_000;

type TimeType = 'timestamptz' | 'timestamp' | 'epochMs';
type MoneyType = 'decimal' | 'minorUnits';

/** One row of the test table; null is SQL NULL. Amounts are decimal text with 2 decimals, durations with 3. */
interface Row {
  readonly customerId: string | null;
  readonly timestamp: number | null;
  readonly event?: string | null;
  readonly amount?: string | null;
  readonly duration?: string | null;
}

const NAMES = { customerId: 'user id', timestamp: "ts'", event: 'kind "x"', amount: 'amount €', duration: 'dur;--' } as const;
type Names = { readonly [K in keyof typeof NAMES]: string };
/** Column names equal to the query's own aliases, crossed (ClickHouse reads a bare name that equals an alias as the alias). */
const ALIAS_NAMES: Names = { customerId: 'e', timestamp: 'c', event: 'a', amount: 'ev', duration: 'du' };

function tableTypes(dialect: Dialect, time: TimeType, money: MoneyType): string[] {
  if (dialect === 'clickhouse') {
    const ts = time === 'epochMs' ? 'Int64' : time === 'timestamp' ? 'DateTime64(3)' : "DateTime64(3, 'UTC')";
    return ['Nullable(String)', `Nullable(${ts})`, 'Nullable(String)', money === 'decimal' ? 'Nullable(Decimal(18, 2))' : 'Nullable(Int64)', 'Nullable(Decimal(18, 3))'];
  }
  const text = dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  const decimal = dialect === 'duckdb' ? 'DECIMAL' : 'NUMERIC';
  const ts = time === 'epochMs' ? 'BIGINT' : time === 'timestamp' ? 'TIMESTAMP' : 'TIMESTAMPTZ';
  return [text, ts, text, money === 'decimal' ? `${decimal}(18, 2)` : 'BIGINT', `${decimal}(18, 3)`];
}

function timeValue(dialect: Dialect, ms: number, time: TimeType): string {
  if (time === 'epochMs') return String(ms);
  if (dialect === 'clickhouse') return `fromUnixTimestamp64Milli(toInt64(${ms}), 'UTC')`;
  if (dialect === 'duckdb') return time === 'timestamp' ? `epoch_ms(CAST(${ms} AS BIGINT))` : `(epoch_ms(CAST(${ms} AS BIGINT)) AT TIME ZONE 'UTC')`;
  return `(${time === 'timestamp' ? 'TIMESTAMP' : 'TIMESTAMPTZ'} 'epoch' + CAST(${ms} AS BIGINT) * INTERVAL '1 millisecond')`;
}

/** Exact decimal literal (ClickHouse: from text, never through a float). */
function decimalValue(dialect: Dialect, text: string, scale: number): string {
  return dialect === 'clickhouse' ? `toDecimal64(${literal(dialect, text)}, ${scale})` : text;
}

function cents(text: string): string {
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const units = BigInt(`${whole}${fraction.padEnd(2, '0')}`);
  return String(text.startsWith('-') ? -units : units);
}

/** Creates `name` (replacing it) and loads the rows. */
async function load(engine: Engine, name: string, rows: readonly Row[], time: TimeType = 'timestamptz', money: MoneyType = 'decimal', names: Names = NAMES): Promise<void> {
  const d = engine.dialect;
  const q = (n: string): string => quoteIdentifier(d, n);
  const types = tableTypes(d, time, money);
  const columns = [names.customerId, names.timestamp, names.event, names.amount, names.duration].map((n, i) => `${q(n)} ${types[i]}`).join(', ');
  await engine.exec(`DROP TABLE IF EXISTS ${q(name)}`);
  await engine.exec(`CREATE TABLE ${q(name)} (${columns})${d === 'clickhouse' ? ' ENGINE = Memory' : ''}`);
  if (rows.length === 0) return;
  const values = rows.map((row) => {
    const cells = [
      row.customerId === null ? 'NULL' : literal(d, row.customerId),
      row.timestamp === null ? 'NULL' : timeValue(d, row.timestamp, time),
      row.event === undefined || row.event === null ? 'NULL' : literal(d, row.event),
      row.amount === undefined || row.amount === null ? 'NULL' : money === 'minorUnits' ? cents(row.amount) : decimalValue(d, row.amount, 2),
      row.duration === undefined || row.duration === null ? 'NULL' : decimalValue(d, row.duration, 3),
    ];
    return `(${cells.join(', ')})`;
  });
  await engine.exec(`INSERT INTO ${q(name)} VALUES ${values.join(',\n')}`);
}

function target(dialect: Dialect, table: string, time: TimeType = 'timestamptz', money: MoneyType = 'decimal', names: Names = NAMES): PeriodSummarySqlTarget {
  return {
    dialect,
    table,
    columns: { ...names, ...(time === 'epochMs' ? { timestampUnit: 'ms' as const } : {}), ...(money === 'minorUnits' ? { amountDecimals: 2 } : {}) },
  };
}

/** The rows as periodSummary reads records: NULL is an absent field; durations are numbers. */
function records(rows: readonly Row[]): object[] {
  return rows.map((row) => {
    const record: Record<string, unknown> = { customerId: row.customerId, timestamp: row.timestamp };
    if (row.event !== undefined && row.event !== null) record.event = row.event;
    if (row.amount !== undefined && row.amount !== null) record.amount = row.amount;
    if (row.duration !== undefined && row.duration !== null) record.duration = Number(row.duration);
    return record;
  });
}

/** The result, or the code and field of the MetricError thrown. */
function outcome<T>(compute: () => T): { value: T } | { code: string; field: string } {
  try {
    return { value: compute() };
  } catch (error) {
    if (!(error instanceof MetricError)) throw error;
    return { code: error.code, field: error.field };
  }
}

async function viaEngine(engine: Engine, table: string, options: PeriodSummaryOptions, time: TimeType = 'timestamptz', money: MoneyType = 'decimal', names: Names = NAMES) {
  const query = periodSummarySql(options, target(engine.dialect, table, time, money, names));
  const rows = await engine.query(query.sql);
  return outcome(() => query.readRows(rows));
}

const DOC_EVENTS: readonly Row[] = [
  { customerId: 'a', timestamp: Date.parse('2024-09-10'), amount: '40' },
  { customerId: 'b', timestamp: Date.parse('2024-09-20'), amount: '15' },
  { customerId: 'a', timestamp: Date.parse('2024-10-05'), amount: '25' },
  { customerId: 'c', timestamp: Date.parse('2024-10-12'), amount: '60' },
  { customerId: 'c', timestamp: Date.parse('2024-10-30'), amount: '30' },
];
const OCTOBER = { from: '2024-10-01', to: '2024-10-31', activity: { type: 'events', inactivityDays: 30 } } as const;

describe('periodSummarySql (no engine)', () => {
  describe('edges', () => {
    const t = { dialect: 'duckdb', table: 'events', columns: { customerId: 'id', timestamp: 'ts' } } as const;

    it('PS: refuses options.fields by name (field accessors cannot run in an engine)', () => {
      expect(() => periodSummarySql({ ...OCTOBER, fields: { customerId: 'user' } }, t)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'options.fields' }));
    });

    it("PS: refuses onInvalid: 'skip' by name (the query counts bad rows, readRows refuses them)", () => {
      expect(() => periodSummarySql({ ...OCTOBER, onInvalid: 'skip' }, t)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'options.onInvalid' }));
    });

    it('PS: checks the options as periodSummary does, naming periodSummarySql', () => {
      expect(() => periodSummarySql({ ...OCTOBER, timeZone: 'Mars/Olympus' }, t)).toThrow(/^periodSummarySql: options\.timeZone must be/);
      expect(() => periodSummarySql({ from: '2024-10-31', to: '2024-10-01' }, t)).toThrow(expect.objectContaining({ code: 'INCONSISTENT_INPUT', field: 'options.to' }));
      expect(() => periodSummarySql({ ...OCTOBER, activity: { type: 'events', inactivityDays: 0 } }, t)).toThrow(expect.objectContaining({ field: 'options.activity.inactivityDays' }));
      expect(() => periodSummarySql({ ...OCTOBER, purchaseEvents: ['bad\0name'] }, t)).toThrow(expect.objectContaining({ field: 'options.purchaseEvents[0]' }));
      // @ts-expect-error a third argument
      expect(() => periodSummarySql(OCTOBER, t, {})).toThrow(MetricError);
    });

    it('PS: reads target.columns.duration itself, naming unknown or bad column keys', () => {
      expect(periodSummarySql(OCTOBER, { ...t, columns: { ...t.columns, duration: 'secs "x"' } }).sql).toContain('lm_src."secs ""x""" AS du');
      expect(() => periodSummarySql(OCTOBER, { ...t, columns: { ...t.columns, duration: '' } })).toThrow(expect.objectContaining({ field: 'target.columns.duration' }));
      // @ts-expect-error an unknown column key
      expect(() => periodSummarySql(OCTOBER, { ...t, columns: { ...t.columns, durations: 'd' } })).toThrow(expect.objectContaining({ field: 'target.columns.durations' }));
      // @ts-expect-error an unknown dialect
      expect(() => periodSummarySql(OCTOBER, { ...t, dialect: 'mysql' })).toThrow(expect.objectContaining({ field: 'target.dialect' }));
    });

    it('PS: readRows refuses rows of another query, naming the row and column', () => {
      const query = periodSummarySql(OCTOBER, t);
      expect(() => query.readRows([{ what: 'size', r: 0, k: 0, n: 0, amount: '' }])).toThrow(expect.objectContaining({ field: 'rows[0].what' }));
      expect(() => query.readRows([])).toThrow(expect.objectContaining({ code: 'INCONSISTENT_INPUT', field: 'rows' }));
      expect(() => query.readRows([{ what: 'customers', r: 16, k: 0, n: 1, amount: '' }])).toThrow(expect.objectContaining({ field: 'rows[0].r' }));
      expect(() => query.readRows([{ what: 'customers', r: 1, k: 1.5, n: 1, amount: '' }])).toThrow(expect.objectContaining({ field: 'rows[0].k' }));
      // @ts-expect-error not rows
      expect(() => query.readRows(42)).toThrow(expect.objectContaining({ field: 'rows' }));
    });
  });
});

// ------------------------------------------------------------------------------------------ generators

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'];
const BASE = Date.UTC(2024, 2, 20); // a few days from the DST changes of New York (Mar 10) and Berlin (Mar 31)
const IDS = ["a'b", 'b"c', 'back\\slash', '日本', '1', ' ', '__proto__', 'x;--', 'e\u0301'];
const EVENT_NAMES = [null, 'purchase', 'interaction', 'visit', "o'dd"];

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const optionsArb: fc.Arbitrary<PeriodSummaryOptions> = fc
  .record({
    period: fc.oneof(
      fc.record({ from: fc.integer({ min: BASE - 20 * DAY, max: BASE + 20 * DAY }), length: fc.oneof(fc.constantFrom(0, 1, DAY - 1, DAY), fc.integer({ min: 0, max: 45 * DAY })) }).map(({ from, length }) => ({ from: from as number | string, to: (from + length) as number | string })),
      fc.record({ day: fc.integer({ min: -20, max: 20 }), days: fc.integer({ min: 0, max: 40 }) }).map(({ day, days }) => ({ from: isoDate(BASE + day * DAY) as number | string, to: isoDate(BASE + (day + days) * DAY) as number | string })),
    ),
    timeZone: fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
    activity: fc.option(
      fc.record({ type: fc.constant('events' as const), inactivityDays: fc.integer({ min: 1, max: 60 }), events: fc.option(fc.constantFrom(['visit'], ['purchase', 'visit'], ["o'dd", 'interaction']), { nil: undefined }) }, { requiredKeys: ['type', 'inactivityDays'] }),
      { nil: undefined },
    ),
    purchaseEvents: fc.option(fc.constantFrom(['purchase'], ['purchase', "o'dd"], []), { nil: undefined }),
    interactionEvents: fc.option(fc.constantFrom(['interaction'], ['interaction', 'visit'], ['interaction', 'purchase']), { nil: undefined }),
  })
  .map(({ period, ...rest }) => {
    const options: Record<string, unknown> = { ...period };
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) options[key] = value;
    return options as unknown as PeriodSummaryOptions;
  });

const amountArb = fc.integer({ min: -5000, max: 20_000 }).map((c) => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`);
const durationArb = fc.integer({ min: 0, max: 10_000_000 }).map((m) => `${Math.floor(m / 1000)}.${String(m % 1000).padStart(3, '0')}`);

/** Options, then events around the period's edges and the inactivity boundaries (known only once the options are). */
const caseArb = optionsArb.chain((options) => {
  const probe = periodSummary([], options);
  const from = probe.from.getTime();
  const end = probe.to.getTime() + 1;
  const activity = options.activity as { inactivityDays?: number } | undefined;
  const window = (activity?.inactivityDays ?? 90) * DAY;
  const instant = fc.oneof(
    fc.tuple(fc.constantFrom(from, end, from - window, end - window), fc.constantFrom(-1, 0, 1)).map(([anchor, delta]) => anchor + delta),
    fc.tuple(fc.constantFrom(from, end, from - window, end - window), fc.integer({ min: -3 * DAY, max: 3 * DAY })).map(([anchor, delta]) => anchor + delta),
    fc.integer({ min: from - window - 10 * DAY, max: end + 10 * DAY }),
  );
  const row = fc.record({
    customerId: fc.constantFrom(...IDS),
    timestamp: instant,
    event: fc.constantFrom(...EVENT_NAMES),
    amount: fc.option(amountArb),
    duration: fc.option(durationArb),
  });
  return fc.record({
    options: fc.constant(options),
    rows: fc.array(row, { maxLength: 30 }),
    time: fc.constantFrom<TimeType>('timestamptz', 'timestamp', 'epochMs'),
    money: fc.constantFrom<MoneyType>('decimal', 'minorUnits'),
    /** Undefined: one table; else the ids of the second shard (the table split by customer). */
    shards: fc.option(fc.subarray(IDS).map((ids) => new Set(ids)), { nil: undefined }),
  });
});

// ------------------------------------------------------------------------------------------ engines

for (const dialect of DIALECTS) {
  describe(`periodSummarySql on ${dialect}`, () => {
    let engine: Engine;

    beforeAll(async () => {
      engine = await openEngine(dialect);
    }, INSTALL_TIMEOUT);

    afterAll(async () => {
      await engine?.close();
    });

    describe('examples', () => {
      it("PS: periodSummary's doc example (October, 30 inactivity days) equals periodSummary", async () => {
        await load(engine, 'ps_doc', DOC_EVENTS);
        const got = await viaEngine(engine, 'ps_doc', OCTOBER);
        expect(got).toEqual({ value: periodSummary(records(DOC_EVENTS), OCTOBER) });
        const october = (got as { value: ReturnType<typeof periodSummary> }).value;
        const { atStart, retained, lost, new: added } = october.customers;
        expect(JSON.stringify([atStart, retained, lost, added])).toBe('[2,1,1,1]');
        expect(october.kpis.churnRate?.toString()).toBe('1/2');
        expect(october.kpis.averageOrderValue?.toFixed(2)).toBe('38.33');
      });

      it('PS: the doc example with cents in a BIGINT column and epoch-ms timestamps, interactions with durations', async () => {
        const rows: Row[] = [...DOC_EVENTS, { customerId: 'b', timestamp: Date.parse('2024-10-15T08:00:00Z'), event: 'interaction', duration: '90.125' }, { customerId: 'b', timestamp: Date.parse('2024-10-16'), event: 'interaction' }];
        await load(engine, 'ps_doc_cents', rows, 'epochMs', 'minorUnits');
        const got = await viaEngine(engine, 'ps_doc_cents', OCTOBER, 'epochMs', 'minorUnits');
        expect(got).toEqual({ value: periodSummary(records(rows), OCTOBER) });
        const summary = (got as { value: ReturnType<typeof periodSummary> }).value;
        expect([summary.interactions, summary.interactionDuration.toString(), summary.revenue.toString()]).toEqual([2, '90.125', '115']);
      });
    });

    describe('edges', () => {
      it('PS: instants on the inactivity boundaries: [t - window, t) includes its start, excludes t; `to` is inclusive', async () => {
        const from = Date.parse('2024-10-01T00:00:00Z');
        const to = Date.parse('2024-10-31T23:59:59.999Z');
        const end = to + 1;
        const window = 30 * DAY;
        const rows: Row[] = [
          { customerId: 'startEdge', timestamp: from - window }, // active at the start (inclusive)
          { customerId: 'startOut', timestamp: from - window - 1 }, // not
          { customerId: 'endEdge', timestamp: end - window }, // active at the end (inclusive), first in the period
          { customerId: 'endOut', timestamp: end - window - 1 }, // not active at the end: joined and lost
          { customerId: 'atFrom', timestamp: from }, // new: first at from, not active at the start
          { customerId: 'atTo', timestamp: to }, // in the period and active at the end
          { customerId: 'afterTo', timestamp: end }, // outside: counts for nothing in this period
          { customerId: 'beforeFrom', timestamp: from - 1 }, // active at the start, before the period
        ];
        const options = { from, to, activity: { type: 'events', inactivityDays: 30 } } as const;
        await load(engine, 'ps_bounds', rows);
        const got = await viaEngine(engine, 'ps_bounds', options);
        const want = periodSummary(records(rows), options);
        expect(got).toEqual({ value: want });
        // at the start: startEdge, beforeFrom; at the end: endEdge, atTo (both first in the period: new); endOut and atFrom joined and lost
        expect(want.customers).toMatchObject({ atStart: 2, atEnd: 2, retained: 0, lost: 2, new: 2, reactivated: 0, joinedAndLost: 2, activeInPeriod: 4 });
      });

      it('PS: a window longer than 2^53 ms (inactivityDays 1e9) takes in every earlier event, back to the first instant', async () => {
        const rows: Row[] = [
          { customerId: 'first', timestamp: -8_640_000_000_000_000 },
          { customerId: 'recent', timestamp: Date.parse('2024-09-30T12:00:00Z') },
          { customerId: 'inside', timestamp: Date.parse('2024-10-30T12:00:00Z') },
        ];
        const options = { from: '2024-10-01', to: '2024-10-31', activity: { type: 'events', inactivityDays: 1e9 } } as const;
        await load(engine, 'ps_huge_window', rows, 'epochMs'); // epoch ms: DateTime64 and PGlite's timestamps do not reach -271821
        const want = periodSummary(records(rows), options);
        expect(await viaEngine(engine, 'ps_huge_window', options, 'epochMs')).toEqual({ value: want });
        expect(want.customers).toMatchObject({ atStart: 2, atEnd: 3, retained: 2, new: 1 });
      });

      it('PS: an empty table: zero counts, every KPI null', async () => {
        await load(engine, 'ps_empty', []);
        const got = await viaEngine(engine, 'ps_empty', OCTOBER);
        expect(got).toEqual({ value: periodSummary([], OCTOBER) });
      });

      it('PS: the subscriptions rule: flows from the subscriptions, orders and activity from the engine', async () => {
        const options: PeriodSummaryOptions = {
          from: '2024-10-01',
          to: '2024-10-31',
          activity: {
            type: 'subscriptions',
            subscriptions: [
              { customerId: 'a', start: '2024-09-01', end: '2024-10-15' },
              { customerId: 'c', start: '2024-10-01' },
              { customerId: 'd', start: '2024-08-01', end: '2024-09-01' },
              { customerId: 'd', start: '2024-10-20' },
              { customerId: 'e', start: '2024-11-01' },
            ],
          },
        };
        await load(engine, 'ps_subscriptions', DOC_EVENTS);
        expect(await viaEngine(engine, 'ps_subscriptions', options)).toEqual({ value: periodSummary(records(DOC_EVENTS), options) });
      });

      it('PS: refunds that make the net revenue negative throw as periodSummary does (INCONSISTENT_INPUT, revenue)', async () => {
        const rows: Row[] = [
          { customerId: 'a', timestamp: Date.parse('2024-10-02'), amount: '10.00' },
          { customerId: 'a', timestamp: Date.parse('2024-10-03'), amount: '-10.01' },
        ];
        await load(engine, 'ps_refunds', rows);
        const got = await viaEngine(engine, 'ps_refunds', OCTOBER);
        expect(got).toEqual({ code: 'INCONSISTENT_INPUT', field: 'revenue' });
        expect(outcome(() => periodSummary(records(rows), OCTOBER))).toEqual(got);
      });

      it('PS: bad rows (null or empty ids, null timestamps, empty event names, negative durations) are refused naming the column, where periodSummary throws', async () => {
        const good: Row = { customerId: 'a', timestamp: Date.parse('2024-10-02'), event: 'interaction', duration: '1.5' };
        const cases: [Row, string][] = [
          [{ ...good, customerId: null }, 'target.columns.customerId'],
          [{ ...good, customerId: '' }, 'target.columns.customerId'],
          [{ ...good, timestamp: null }, 'target.columns.timestamp'],
          [{ ...good, event: '' }, 'target.columns.event'],
          [{ ...good, duration: '-0.001' }, 'target.columns.duration'],
        ];
        for (const [bad, field] of cases) {
          const rows = [good, bad];
          await load(engine, 'ps_bad', rows);
          expect(await viaEngine(engine, 'ps_bad', OCTOBER), field).toEqual({ code: 'INVALID_INPUT', field });
          expect(outcome(() => periodSummary(records(rows), OCTOBER)), field).toMatchObject({ code: 'INVALID_INPUT' });
        }
      });

      it('PS: epoch-ms values beyond the instants JavaScript holds are bad timestamps', async () => {
        await load(engine, 'ps_far', [{ customerId: 'a', timestamp: 8_640_000_000_000_001 }], 'epochMs');
        expect(await viaEngine(engine, 'ps_far', OCTOBER, 'epochMs')).toEqual({ code: 'INVALID_INPUT', field: 'target.columns.timestamp' });
        expect(outcome(() => periodSummary(records([{ customerId: 'a', timestamp: 8_640_000_000_000_001 }]), OCTOBER))).toMatchObject({ code: 'INVALID_INPUT' });
      });

      it('PS: hostile event names in the options and ids stay literals', async () => {
        const names = ["o'dd", 'back\\slash', 'x; DROP TABLE ps_hostile; --', '/* c */', '日本 🙂'];
        const rows: Row[] = names.flatMap((name, i) => [
          { customerId: name, timestamp: Date.parse('2024-10-02') + i, event: name, amount: `${i + 1}.50`, duration: `${i}.250` },
          { customerId: `${name}\\'`, timestamp: Date.parse('2024-09-20') + i, event: name },
        ]);
        const options: PeriodSummaryOptions = { ...OCTOBER, purchaseEvents: names.slice(0, 3), interactionEvents: names.slice(2), activity: { type: 'events', inactivityDays: 30, events: [names[0]!, names[4]!] } };
        await load(engine, 'ps_hostile', rows);
        expect(await viaEngine(engine, 'ps_hostile', options)).toEqual({ value: periodSummary(records(rows), options) });
      });

      it('PS: column names equal to the query\'s aliases (customerId e, timestamp c, event a, amount ev, duration du) read the columns', async () => {
        const rows: Row[] = [...DOC_EVENTS, { customerId: 'b', timestamp: Date.parse('2024-10-15'), event: 'interaction', amount: '3.00', duration: '2.5' }];
        await load(engine, 'ps_alias_names', rows, 'timestamptz', 'decimal', ALIAS_NAMES);
        expect(await viaEngine(engine, 'ps_alias_names', OCTOBER, 'timestamptz', 'decimal', ALIAS_NAMES)).toEqual({ value: periodSummary(records(rows), OCTOBER) });
      });

      it('PS: shards of disjoint customers: the rows of the query run on each shard, put together, give the whole table\'s summary', async () => {
        const rows: Row[] = [...DOC_EVENTS, { customerId: 'd', timestamp: Date.parse('2024-10-15'), event: 'interaction', duration: '2.5' }, { customerId: 'b', timestamp: Date.parse('2024-10-20'), amount: '-5.00' }];
        const shards = [rows.filter((row) => row.customerId === 'a' || row.customerId === 'd'), rows.filter((row) => row.customerId === 'b' || row.customerId === 'c')];
        const results: Record<string, unknown>[] = [];
        for (const [i, shard] of shards.entries()) {
          await load(engine, `ps_shard_${i}`, shard);
          results.push(...(await engine.query(periodSummarySql(OCTOBER, target(dialect, `ps_shard_${i}`)).sql)));
        }
        const query = periodSummarySql(OCTOBER, target(dialect, 'ps_shard_0'));
        expect(query.readRows(results)).toEqual(periodSummary(records(rows), OCTOBER));
      });

      it('PS: a table with only ids and timestamps (every event a purchase, no amount, no duration)', async () => {
        await load(engine, 'ps_minimal', DOC_EVENTS);
        const query = periodSummarySql(OCTOBER, { dialect, table: 'ps_minimal', columns: { customerId: NAMES.customerId, timestamp: NAMES.timestamp } });
        const without = DOC_EVENTS.map(({ customerId, timestamp }) => ({ customerId, timestamp }));
        expect(query.readRows(await engine.query(query.sql))).toEqual(periodSummary(records(without), OCTOBER));
      });
    });

    describe('properties', () => {
      it('PS: random events, periods, zones and windows (one table or shards by customer): the engine gives periodSummary\'s result', async () => {
        await fc.assert(
          fc.asyncProperty(caseArb, async ({ options, rows, time, money, shards }) => {
            const want = outcome(() => periodSummary(records(rows), options));
            if (shards === undefined) {
              await load(engine, 'ps_prop', rows, time, money);
              expect(await viaEngine(engine, 'ps_prop', options, time, money)).toEqual(want);
              return;
            }
            // Sharded by customer: each shard's rows, put together, read as the whole table's.
            const results: Record<string, unknown>[] = [];
            for (const shard of [0, 1]) {
              await load(engine, `ps_prop_${shard}`, rows.filter((row) => shards.has(row.customerId as string) === (shard === 1)), time, money);
              results.push(...(await engine.query(periodSummarySql(options, target(dialect, `ps_prop_${shard}`, time, money)).sql)));
            }
            expect(outcome(() => periodSummarySql(options, target(dialect, 'ps_prop_0', time, money)).readRows(results))).toEqual(want);
          }),
          fcOptions({ numRuns: 50 }),
        );
      }, PROPERTY_TIMEOUT);
    });
  });
}
