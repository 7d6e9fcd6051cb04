/**
 * `nonEmpty(values)`: the values as an array, after asserting there is at least one. Loops that assert on
 * each element of an output (`for (const row of nonEmpty(fit.table)) expect(...)`) pass vacuously when the
 * output is empty; wrapped, an empty output fails the test. test/repository/nonEmptyLoops.test.ts checks
 * that every such loop in test/ is wrapped.
 */
import { expect } from 'vitest';

export function nonEmpty<T>(values: Iterable<T> | ArrayLike<T>, what = 'the output looped over'): T[] {
  const array = Array.from(values as Iterable<T>);
  expect(array.length, `${what} is empty: a loop over it would assert nothing`).toBeGreaterThan(0);
  return array;
}

/**
 * `mayBeEmpty(values)`: the values unchanged, for a loop over an output that may rightly be empty (a
 * property whose generated case has no such element). It tells the reader, and the scan of
 * nonEmptyLoops.test.ts, that an empty output was considered.
 */
export function mayBeEmpty<T>(values: T): T {
  return values;
}
