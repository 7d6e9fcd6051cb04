/**
 * A table sharded by customer id (issue 11, section 2; docs/warehouse.md "sharded tables"): two or three
 * tables of disjoint customers, each queried with cohortSql on its own, merge into the table of the whole.
 *
 * The merge rule: every customer and all of its events live in exactly one shard, so each customer is a
 * member of the same cohorts (rows) and returns at the same offsets (columns) in its shard as in the whole;
 * counts (cohort sizes, retained customers per cell, repeaters) and revenue therefore ADD cell by cell.
 * That needs the same grid on every shard: give every shard the same `from` and `to` (the observed range of
 * one shard is not the whole's) and the same definition. The per-shard tables' `null` cells agree (they
 * depend on the grid only); incomplete flags of rolling tables depend on each shard's latest member and are
 * not added. `CohortBuilder.merge` of per-shard builders gives the whole table too, and so does the
 * engine on the whole table; and so does `readRows` of the rows of every shard's run of the query, read
 * together (the way docs/warehouse.md gives).
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CohortBuilder, type CohortBuilderOptions, type CohortBuildOptions, cohortSql } from '../../src/index.js';
import { columnsOf, customerEvent, ENGINE_TIMEOUT, engineOutcome, fcOptions, NAMES, type Outcome, quoted, sqlCaseArb } from '../arbitraries/sqlEvents.js';
import { type ColumnTypes, DIALECTS, type Engine, type EventRow, openEngine } from './_engines.js';

const TYPES: ColumnTypes = { names: NAMES, timestamp: 'timestamptz', amount: 'decimal' };

interface TableJson {
  readonly cohorts: readonly { readonly size: number }[];
  readonly counts: readonly (readonly (number | null)[])[];
  readonly revenue: readonly (readonly (string | null)[])[];
  readonly repeaters?: readonly number[];
}

/** The additive part of a table: cohort sizes, counts, revenue (exact) and repeaters. */
function additive(json: TableJson) {
  return { sizes: json.cohorts.map((c) => c.size), counts: json.counts, revenue: json.revenue.map((row) => row.map((v) => (v === null ? null : new Decimal(v).toFixed()))), repeaters: json.repeaters };
}

/** Cell-by-cell sum of per-shard tables (null where the grid has no cell: the same on every shard). */
function sum(parts: readonly TableJson[]) {
  const [first, ...rest] = parts.map(additive);
  if (first === undefined) throw new Error('no shard');
  return rest.reduce(
    (acc, p) => ({
      sizes: acc.sizes.map((s, i) => s + (p.sizes[i] as number)),
      counts: acc.counts.map((row, i) => row.map((v, j) => (v === null ? null : v + (p.counts[i]?.[j] as number)))),
      revenue: acc.revenue.map((row, i) => row.map((v, j) => (v === null ? null : new Decimal(v).plus(p.revenue[i]?.[j] as string).toFixed()))),
      repeaters: acc.repeaters?.map((v, i) => v + (p.repeaters?.[i] as number)),
    }),
    first,
  );
}

const tableOf = (o: Outcome): TableJson => {
  if (!('table' in o)) throw new Error(`refused: ${o.refused}`);
  return JSON.parse(o.table) as TableJson;
};

/** Splits rows by customer: every customer's events go to one shard, chosen by `shardOf`. */
function split(list: readonly EventRow[], shards: number, shardOf: (id: string) => number): EventRow[][] {
  const out = Array.from({ length: shards }, () => [] as EventRow[]);
  for (const row of list) out[shardOf(row.customerId) % shards]!.push(row);
  return out;
}

for (const dialect of DIALECTS) {
  // Engines on a loaded 2-core machine can take seconds per query: a generous timeout per test (no test asserts on time).
  describe(`cohortSql on ${dialect}: tables sharded by customer id`, { timeout: 180_000 }, () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await openEngine(dialect);
    }, ENGINE_TIMEOUT);
    afterAll(async () => {
      await engine?.close();
    });

    /** Loads the whole and its shards; checks sum(shards) = whole = merge(builders) = CohortBuilder(whole). */
    async function check(list: readonly EventRow[], shards: readonly EventRow[][], options: CohortBuilderOptions, build: CohortBuildOptions): Promise<TableJson> {
      const columns = columnsOf(TYPES);
      await engine.loadEvents(quoted(dialect, 'whole'), list, TYPES);
      const whole = tableOf(await engineOutcome(engine, options, { table: 'whole', columns, ...build }));
      const parts: TableJson[] = [];
      for (const [i, shard] of shards.entries()) {
        await engine.loadEvents(quoted(dialect, `shard_${i}`), shard, TYPES);
        parts.push(tableOf(await engineOutcome(engine, options, { table: `shard_${i}`, columns, ...build })));
      }
      expect(sum(parts)).toEqual(additive(whole));
      // The documented way: the rows of every shard's run of the one query, read together, are the whole.
      const rows: object[] = [];
      for (const i of shards.keys()) rows.push(...(await engine.query(cohortSql(options, { dialect, table: `shard_${i}`, columns, ...build }).sql)));
      expect(JSON.parse(JSON.stringify(cohortSql(options, { dialect, table: 'whole', columns, ...build }).readRows(rows)))).toEqual(whole);
      const builders = shards.map((shard) => new CohortBuilder(options).addAll(shard.map((row) => customerEvent(row))));
      const merged = builders.reduce((a, b) => a.merge(b)).build(build);
      expect(JSON.parse(JSON.stringify(merged))).toEqual(whole);
      return whole;
    }

    it('T4: three shards of a year of Europe/Berlin events (weekly first onOrAfter; monthly rolling recurring brackets): the shards add up to the whole', async () => {
      const ids = ["a'b", 'b', 'c;--', 'd\\', '日本 🙂', 'e', 'f'];
      const list: EventRow[] = Array.from({ length: 60 }, (_, i) => ({
        customerId: ids[(i * 5) % ids.length] as string,
        timestamp: Date.parse('2024-01-01T00:00:00Z') + i * 5.5 * 86_400_000 + (i % 7) * 3_600_000,
        event: i % 9 === 0 ? null : 'purchase',
        amount: i % 11 === 0 ? null : `${i % 4 === 0 ? '-' : ''}${i}.${String((i * 7) % 100).padStart(2, '0')}`,
      }));
      const shards = split(list, 3, (id) => ids.indexOf(id));
      expect(shards.every((s) => s.length > 0)).toBe(true);
      const build = { from: '2024-01-01', to: '2024-12-31' };
      await check(list, shards, { period: 'week', timeZone: 'Europe/Berlin' }, { ...build, returnRule: 'onOrAfter' });
      await check(list, shards, { period: 'month', timeZone: 'Europe/Berlin', cohortBy: 'recurring', timeWindow: 'rolling', rollingAnchor: 'day' }, { ...build, returnRule: { brackets: [1, 3] } });
    });

    it('T4: property: any split of random customers into 2-3 shards, any definition with a common from / to, adds up to the whole', async () => {
      const arb = fc.tuple(sqlCaseArb(20), fc.integer({ min: 2, max: 3 }), fc.integer({ min: 0, max: 1000 }));
      await fc.assert(
        fc.asyncProperty(arb, async ([c, n, salt]) => {
          // One from / to for every shard (the grids must agree): the case's own, or the events' spread.
          const build = { ...c.build, from: c.build.from ?? c.base - c.spread, to: c.build.to ?? c.base + c.spread };
          let want;
          try {
            want = new CohortBuilder(c.options).addAll(c.rows.map((row) => customerEvent(row))).build(build);
          } catch {
            return; // a range the builder refuses (to before from in the zone, too many cells): not a sharding case
          }
          const hash = (id: string): number => [...id].reduce((h, ch) => (h * 31 + (ch.codePointAt(0) as number) + salt) % 9973, 7);
          const shards = split(c.rows, n, hash);
          expect(await check(c.rows, shards, c.options, build)).toEqual(JSON.parse(JSON.stringify(want)));
        }),
        fcOptions({ numRuns: dialect === 'clickhouse' ? 4 : 12 }),
      );
    });
  });
}
