import { describe, expect, it } from 'vitest';
import { MetricError } from '../../src/core/MetricError.js';
import { readTarget, TARGET_KEYS } from '../../src/sql/_target.js';

const columns = { customerId: 'user_id', timestamp: 'ts' };
const read = (target: unknown) => readTarget('cohortSql', target, TARGET_KEYS);

describe('readTarget', () => {
  it('quotes each part of the table and every column for its dialect', () => {
    expect(read({ dialect: 'postgres', table: 'analytics.events', columns }).table).toBe('"analytics"."events"');
    expect(read({ dialect: 'duckdb', table: ['my.db', 'events'], columns }).table).toBe('"my.db"."events"');
    expect(read({ dialect: 'clickhouse', table: 'a`b', columns: { customerId: 'x\\y', timestamp: 'ts' } })).toMatchObject({ table: '`a\\`b`', customerId: '`x\\\\y`' });
    expect(read({ dialect: 'postgres', table: 't', columns: { customerId: 'we"ird', timestamp: 'ts' } }).customerId).toBe('"we""ird"');
    expect(read({ dialect: 'postgres', table: 'public.lm_ev', columns }).table).toBe('"public"."lm_ev"');
  });

  it('refuses an unknown dialect, empty, NUL, over-long or lone-surrogate names and unknown keys, naming the field', () => {
    const cases: [unknown, string][] = [
      [{ dialect: 'mysql', table: 't', columns }, 'target.dialect'],
      [{ dialect: 'duckdb', table: '', columns }, 'target.table'],
      [{ dialect: 'duckdb', table: 'a..b', columns }, 'target.table'],
      [{ dialect: 'duckdb', table: ['a', 'b\0'], columns }, 'target.table[1]'],
      [{ dialect: 'duckdb', table: 'a.b.c.d', columns }, 'target.table'],
      [{ dialect: 'postgres', table: 'x'.repeat(64), columns }, 'target.table'],
      [{ dialect: 'postgres', table: 'é'.repeat(32), columns }, 'target.table'],
      [{ dialect: 'duckdb', table: 't', columns: { customerId: '\uD800', timestamp: 'ts' } }, 'target.columns.customerId'],
      [{ dialect: 'duckdb', table: 't', columns: { timestamp: 'ts' } }, 'target.columns.customerId'],
      [{ dialect: 'duckdb', table: 't', columns: { ...columns, timestampUnit: 'us' } }, 'target.columns.timestampUnit'],
      [{ dialect: 'duckdb', table: 't', columns: { ...columns, amountDecimals: 2 } }, 'target.columns.amountDecimals'],
      [{ dialect: 'duckdb', table: 't', columns: { ...columns, amount: 'a', amountDecimals: 2.5 } }, 'target.columns.amountDecimals'],
      [{ dialect: 'duckdb', table: 't', columns: { ...columns, user: 'x' } }, 'target.columns.user'],
      [{ dialect: 'duckdb', table: 't', columns, where: '1=1' }, 'target.where'],
      [{ dialect: 'duckdb', table: 'lm_ev', columns }, 'target.table'],
      [{ dialect: 'clickhouse', table: ['LM_raw'], columns }, 'target.table'],
    ];
    expect(cases.length).toBeGreaterThan(0);
    for (const [target, field] of cases) {
      const error = (() => {
        try {
          read(target);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, field).toBeInstanceOf(MetricError);
      expect((error as MetricError).field, JSON.stringify(target)).toBe(field);
    }
  });
});
