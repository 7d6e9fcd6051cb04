import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { churnRate, MetricError, type MetricErrorCode, retentionRate } from '../../src/index.js';
import { fcOptions } from '../arbitraries/counts.js';
import { expectMetricError } from '../arbitraries/exact.js';

const CODES: readonly MetricErrorCode[] = ['INVALID_INPUT', 'INCONSISTENT_INPUT', 'EMPTY_POPULATION', 'UNDEFINED_RESULT', 'CONVERGENCE_FAILURE'];

function make(received: unknown, code: MetricErrorCode = 'INVALID_INPUT'): MetricError {
  return new MetricError({ code, functionName: 'churnRate', field: 'customersLost', rule: 'a non-negative safe integer', received });
}

describe('MetricError: documenting examples', () => {
  it('names the function, the field, the rule and the value (the TSDoc example)', () => {
    let caught: unknown;
    try {
      churnRate({ customersAtStart: 100, customersLost: -3 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MetricError);
    const error = caught as MetricError;
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.field).toBe('customersLost');
    expect(error.functionName).toBe('churnRate');
    expect(error.received).toBe(-3);
    expect(error.message).toBe('churnRate: customersLost must be a non-negative safe integer, received -3');
  });

  it('is an Error with name MetricError and a stack', () => {
    const error = make(-3);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('MetricError');
    expect(String(error)).toBe('MetricError: churnRate: customersLost must be a non-negative safe integer, received -3');
    expect(typeof error.stack).toBe('string');
  });

  it('keeps the received value as received (not copied)', () => {
    const input = { nested: [1, 2, 3] };
    expect(make(input).received).toBe(input);
  });

  it('exposes a closed union of codes', () => {
    expectTypeOf<MetricErrorCode>().toEqualTypeOf<'INVALID_INPUT' | 'INCONSISTENT_INPUT' | 'EMPTY_POPULATION' | 'UNDEFINED_RESULT' | 'CONVERGENCE_FAILURE'>();
    for (const code of CODES) expect(make(1, code).code).toBe(code);
  });

  it('says how to fix an impossible retention input', () => {
    expectMetricError(() => retentionRate({ customersAtStart: 100, customersAtEnd: 130, newCustomers: 20 }), {
      fn: 'retentionRate',
      code: 'INCONSISTENT_INPUT',
      field: 'customersAtEnd',
      rule: '<= customersAtStart + newCustomers (100 + 20); count reactivated customers as new',
      received: '130',
    });
  });
});

describe('MetricError: rendering of the received value', () => {
  const longText = 'x'.repeat(61);
  it.each<[string, unknown, string]>([
    ['a string, quoted', 'abc', '"abc"'],
    ['an empty string', '', '""'],
    ['a string of 60 characters, whole', 'y'.repeat(60), JSON.stringify('y'.repeat(60))],
    ['a string of 61 characters, cut to 57 and ...', longText, JSON.stringify(`${'x'.repeat(57)}...`)],
    ['a string with quotes and newlines, escaped', 'a"b\nc', '"a\\"b\\nc"'],
    ['a bigint', 10n, '10n'],
    ['a negative bigint', -(2n ** 70n), '-1180591620717411303424n'],
    ['NaN', NaN, 'NaN'],
    ['Infinity', Infinity, 'Infinity'],
    ['-Infinity', -Infinity, '-Infinity'],
    ['-0', -0, '-0'],
    ['0', 0, '0'],
    ['1.5', 1.5, '1.5'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['true', true, 'true'],
    ['a symbol', Symbol('s'), 'symbol'],
    ['a function', () => 1, 'function'],
    ['an array', [1, 2, 3], 'an array of 3'],
    ['a Decimal', new Decimal('1.50'), 'Decimal(1.5)'],
    ['a NaN Decimal', new Decimal(NaN), 'Decimal(NaN)'],
    ['a Date', new Date(Date.UTC(2024, 0, 31)), '2024-01-31T00:00:00.000Z'],
    ['an invalid Date', new Date(NaN), 'Invalid Date'],
    ['a plain object', { a: 1 }, 'an object'],
    ['an object without prototype', Object.create(null) as unknown, 'an object'],
    ['an object whose constructor is not a Decimal', { constructor: 5 }, 'an object'],
  ])('renders %s', (_label, value, rendered) => {
    expect(make(value).message).toBe(`churnRate: customersLost must be a non-negative safe integer, received ${rendered}`);
  });
});

describe('MetricError: properties', () => {
  it('the message is always "<fn>: <field> must be <rule>, received <value>", whatever was received', () =>
    fc.assert(
      fc.property(
        fc.constantFrom(...CODES),
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.anything({ withBigInt: true, withDate: true, withNullPrototype: true, withBoxedValues: true, withTypedArray: true, withSparseArray: true }),
        (code, functionName, field, rule, received) => {
          const error = new MetricError({ code, functionName, field, rule, received });
          expect(error.message.startsWith(`${functionName}: ${field} must be ${rule}, received `)).toBe(true);
          expect(error.code).toBe(code);
          expect(error.received).toBe(received);
          // The rendered value is short even for huge inputs.
          expect(error.message.length).toBeLessThan(functionName.length + field.length + rule.length + 200);
        },
      ),
      fcOptions(),
    ));

  it('every refusal of a bad count is a MetricError naming the field and the value', () =>
    fc.assert(
      fc.property(
        fc.oneof(fc.double().filter((x) => !Number.isSafeInteger(x) || x < 0), fc.string(), fc.constantFrom(null, undefined, true, 1n, {}, [])),
        (bad) => {
          expectMetricError(() => churnRate({ customersAtStart: 10, customersLost: bad as never }), {
            fn: 'churnRate',
            code: 'INVALID_INPUT',
            field: 'customersLost',
            rule: 'a non-negative safe integer',
          });
        },
      ),
      fcOptions(),
    ));
});
