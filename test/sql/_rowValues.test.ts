import { describe, expect, it } from 'vitest';
import { amount, int, rowList } from '../../src/sql/_rowValues.js';

const fn = 'cohortSql().readRows';

describe('row values', () => {
  it('reads 64-bit integers as numbers, bigints or numeric strings, and sums as exact decimal text', () => {
    const rows = [{ n: 7, m: 7n, s: '-7', a: '12.30', b: '1234', c: 99n }];
    expect([int(fn, rows, 0, 'n'), int(fn, rows, 0, 'm'), int(fn, rows, 0, 's')]).toEqual([7, 7, -7]);
    expect(amount(fn, rows, 0, 'a', undefined).toString()).toBe('12.3');
    expect(amount(fn, rows, 0, 'b', 2).toString()).toBe('12.34');
    expect(amount(fn, rows, 0, 'c', 2).toString()).toBe('0.99');
    expect(rowList(fn, new Set(rows))).toEqual(rows);
  });

  it('refuses anything else, naming the row and the column', () => {
    const rows = [{ n: 1.5 }, { n: '1e3' }, { n: 2n ** 60n }, { n: null }, { n: '9007199254740993' }, {}];
    expect(rows.length).toBeGreaterThan(0);
    rows.forEach((_, i) => expect(() => int(fn, rows, i, 'n')).toThrow(new RegExp(`rows\\[${i}\\]\\.n must be`)));
    const sums = [{ a: 1.5 }, { a: 'NaN' }, { a: '1e5' }, { a: 'x'.repeat(10) }, { a: '' }];
    sums.forEach((_, i) => expect(() => amount(fn, sums, i, 'a', undefined)).toThrow(new RegExp(`rows\\[${i}\\]\\.a must be an exact decimal amount`)));
    expect(() => rowList(fn, 42)).toThrow(/rows must be the query's result rows/);
    expect(() => int(fn, [7], 0, 'n')).toThrow(/rows\[0\] must be a row object/);
  });
});
