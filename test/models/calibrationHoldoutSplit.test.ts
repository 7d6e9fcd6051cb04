/**
 * calibrationHoldoutSplit: a hand-worked split, the lifetimes and CDNOW goldens, bad options, then
 * properties (the calibration part is rfmSummary's, holdout counts are known, order independence).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CalibrationHoldoutSplitOptions, calibrationHoldoutSplit, rfmSummary } from '../../src/index.js';
import { eventsArb, fcOptions, RANGE_FROM, RANGE_TO } from '../arbitraries/events.js';
import { expectMetricError } from '../arbitraries/exact.js';
import { cdnowSampleColumns, cdnowSampleEvents, loadExampleTransactions } from './_cdnow.js';
import { mayBeEmpty } from '../arbitraries/nonEmpty.js';

const DAY = 86_400_000;

describe('calibrationHoldoutSplit: a worked split', () => {
  // Calibration to 2024-02-28, holdout to 2024-03-27 (28 days = 4 weeks).
  const purchases = [
    { customerId: 'ann', timestamp: '2024-01-03', amount: 50 },
    { customerId: 'ann', timestamp: '2024-02-07', amount: 30 },
    { customerId: 'ann', timestamp: '2024-03-01', amount: 20 },
    { customerId: 'ann', timestamp: '2024-03-01', amount: 15 }, // same day: one holdout purchase of 35
    { customerId: 'ann', timestamp: '2024-03-12', amount: 45 },
    { customerId: 'ann', timestamp: '2024-04-02', amount: 70 }, // after observation: ignored, counted
    { customerId: 'bob', timestamp: '2024-02-14', amount: 25 },
    { customerId: 'cat', timestamp: '2024-03-05', amount: 60 }, // first seen in the holdout: dropped
    { customerId: 'cat', timestamp: '2024-03-09', amount: 10 },
    { customerId: 'ann', timestamp: '2024-02-20', event: 'refund', amount: 30 }, // not a purchase
  ];
  const options: CalibrationHoldoutSplitOptions = { period: 'day', timeUnit: 'week', calibrationEnd: '2024-02-28', observationEnd: '2024-03-27' };
  const split = calibrationHoldoutSplit(purchases, options);

  it('holdout frequency counts purchase periods, monetary value averages their sums; duration is the holdout length', () => {
    expect(split.holdout.customers).toEqual([
      { customerId: 'ann', frequency: 2, monetaryValue: 40, duration: 4 },
      { customerId: 'bob', frequency: 0, monetaryValue: 0, duration: 4 },
    ]);
    expect(split.holdout.duration).toBe(4);
    expect([...split.holdout.columns.frequency]).toEqual([2, 0]);
    expect([...split.holdout.columns.monetaryValue]).toEqual([40, 0]);
    expect(split.holdout.columns.customerId).toBe(split.calibration.columns.customerId);
    expect(split.holdout.observationEndPeriod.toISOString()).toBe('2024-03-27T00:00:00.000Z');
  });

  it('the calibration part is the rfmSummary of the same events, and customers first seen in the holdout are counted', () => {
    expect(split.calibration).toEqual(rfmSummary(purchases, { period: 'day', timeUnit: 'week', calibrationEnd: '2024-02-28' }));
    expect(split.calibration.customers).toEqual([
      { customerId: 'ann', frequency: 1, recency: 5, T: 8, monetaryValue: 30 },
      { customerId: 'bob', frequency: 0, recency: 0, T: 2, monetaryValue: 0 },
    ]);
    expect([split.holdoutOnlyCustomers, split.holdoutOnlyCustomerIds]).toEqual([1, ['cat']]);
    expect(split.ignoredAfterObservation).toBe(1);
    expect([split.calibration.ignoredAfterCalibration, split.calibration.ignoredEvents, split.calibration.recordsRead]).toEqual([6, 1, 10]);
    expect(Object.isFrozen(split) && Object.isFrozen(split.holdout) && Object.isFrozen(split.holdout.customers[0])).toBe(true);
  });

  it('monthly grain in months: the holdout is whole months', () => {
    const monthly = calibrationHoldoutSplit(purchases, { period: 'month', calibrationEnd: '2024-02-10', observationEnd: '2024-04-30' });
    expect(monthly.holdout.duration).toBe(2);
    expect(monthly.holdout.customers[0]).toEqual({ customerId: 'ann', frequency: 2, monetaryValue: 75, duration: 2 });
    expect(monthly.ignoredAfterObservation).toBe(0);
  });
});

describe('calibrationHoldoutSplit: goldens', () => {
  it('lifetimes README: example_transactions.csv, calibration 2014-09-01, observation 2014-12-31: customers 0-4 are (0,0,177,0,121), (0,0,103,0,121), (6,142,171,0,121), (0,0,26,0,121), (2,9,62,0,121) (exact)', () => {
    const split = calibrationHoldoutSplit(loadExampleTransactions(), { period: 'day', calibrationEnd: '2014-09-01', observationEnd: '2014-12-31' });
    const ids = split.calibration.columns.customerId;
    const head = ['0', '1', '2', '3', '4'].map((id) => {
      const i = ids.indexOf(id);
      const c = split.calibration.customers[i]!;
      const h = split.holdout.customers[i]!;
      return [c.frequency, c.recency, c.T, h.frequency, h.duration];
    });
    expect(head).toEqual([
      [0, 0, 177, 0, 121],
      [0, 0, 103, 0, 121],
      [6, 142, 171, 0, 121],
      [0, 0, 26, 0, 121],
      [2, 9, 62, 0, 121],
    ]);
  });

  it('CDNOW holdout 1997-10-01..1998-06-30 (39 weeks): 1,882 repeat purchases (independent count of distinct customer-days in the raw file; = 6,696 - 2,457 - 2,357 by the BTYDplus elog2cbs identity and the datasets README figures; exact)', () => {
    const events = cdnowSampleEvents();
    const options: CalibrationHoldoutSplitOptions = { period: 'day', timeUnit: 'week', calibrationEnd: '1997-09-30', observationEnd: '1998-06-30' };
    const split = calibrationHoldoutSplit(events, options);
    const total = split.holdout.customers.reduce((sum, c) => sum + c.frequency, 0);
    // Independent: distinct (customer, day) pairs dated after the calibration end.
    const independent = new Set(events.filter((e) => e.timestamp > '1997-09-30').map((e) => `${e.customerId}|${e.timestamp}`)).size;
    expect(total).toBe(independent);
    expect(total).toBe(1882);
    expect(total).toBe(6696 - 2457 - 2357);
    expect(split.holdout.duration).toBe(39);
    expect([split.calibration.customers.length, split.holdoutOnlyCustomers, split.ignoredAfterObservation]).toEqual([2357, 0, 0]);
    // Holdout spend: the sum over customers of frequency x monetary value is the holdout revenue.
    const revenue = split.holdout.customers.reduce((sum, c) => sum + c.frequency * c.monetaryValue, 0);
    const cents = events.filter((e) => e.timestamp > '1997-09-30').reduce((sum, e) => sum + Number(e.amount.replace('.', '')), 0);
    expect(Math.abs(revenue - cents / 100)).toBeLessThan(1e-6);
    const fromColumns = calibrationHoldoutSplit(cdnowSampleColumns(), options);
    expect([...fromColumns.holdout.columns.frequency]).toEqual([...split.holdout.columns.frequency]);
  });
});

describe('calibrationHoldoutSplit: bad options', () => {
  it('requires observationEnd in a later period than calibrationEnd', () => {
    const base = { period: 'day', calibrationEnd: '2024-02-28' } as const;
    expectMetricError(() => calibrationHoldoutSplit([], base as never), { fn: 'calibrationHoldoutSplit', code: 'INVALID_INPUT', field: 'options.observationEnd' });
    for (const observationEnd of ['2024-02-28T23:00:00Z', '2024-02-01']) {
      expectMetricError(() => calibrationHoldoutSplit([], { ...base, observationEnd }), { fn: 'calibrationHoldoutSplit', code: 'INCONSISTENT_INPUT', field: 'options.observationEnd' });
    }
    expectMetricError(() => calibrationHoldoutSplit([], { period: 'month', calibrationEnd: '2024-02-01', observationEnd: '2024-02-28' }), {
      fn: 'calibrationHoldoutSplit',
      code: 'INCONSISTENT_INPUT',
      field: 'options.observationEnd',
    });
    expectMetricError(() => calibrationHoldoutSplit([], { ...base, observationEnd: '2024-03-01', horizon: 3 } as never), { fn: 'calibrationHoldoutSplit', code: 'INVALID_INPUT', field: 'options.horizon' });
  });
});

const optionsArb = fc
  .record({
    period: fc.constantFrom('day', 'week', 'month') as fc.Arbitrary<'day' | 'week' | 'month'>,
    a: fc.integer({ min: RANGE_FROM, max: RANGE_TO }),
    b: fc.integer({ min: RANGE_FROM, max: RANGE_TO }),
    timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'Pacific/Auckland'),
  })
  .map(({ period, a, b, timeZone }) => ({ period, timeZone, calibrationEnd: Math.min(a, b), observationEnd: Math.max(a, b) + 32 * DAY }));

describe('calibrationHoldoutSplit: properties', () => {
  it('calibration = rfmSummary; every customer with a purchase up to the observation end is either in the split or counted as holdout-only', () => {
    fc.assert(
      fc.property(eventsArb(), optionsArb, (events, options) => {
        const split = calibrationHoldoutSplit(events, options);
        const { observationEnd, ...summaryOptions } = options;
        expect(split.calibration).toEqual(rfmSummary(events, summaryOptions));
        const calibrationIds = new Set(split.calibration.columns.customerId);
        for (const id of mayBeEmpty(split.holdoutOnlyCustomerIds)) expect(calibrationIds.has(id)).toBe(false);
        const upToObservation = rfmSummary(events, { ...summaryOptions, calibrationEnd: observationEnd });
        expect(upToObservation.customers.length).toBe(split.calibration.customers.length + split.holdoutOnlyCustomers);
        expect(split.ignoredAfterObservation).toBe(upToObservation.ignoredAfterCalibration);
        // The holdout periods of a calibration customer are its periods up to the observation end minus those up to the calibration end.
        upToObservation.customers.forEach((whole) => {
          const i = split.calibration.columns.customerId.indexOf(whole.customerId);
          if (i < 0) return;
          expect(split.holdout.customers[i]!.frequency).toBe(whole.frequency - split.calibration.customers[i]!.frequency);
        });
      }),
      fcOptions({ numRuns: 100 }),
    );
  });

  it('does not depend on the order of the events', () => {
    fc.assert(
      fc.property(
        eventsArb().chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }))),
        optionsArb,
        ([events, shuffled], options) => {
          const a = calibrationHoldoutSplit(events, options);
          const b = calibrationHoldoutSplit(shuffled, options);
          expect(b.holdout.customers).toEqual(a.holdout.customers);
          expect(b.calibration.customers).toEqual(a.calibration.customers);
          expect(b.holdoutOnlyCustomerIds).toEqual(a.holdoutOnlyCustomerIds);
        },
      ),
      fcOptions({ numRuns: 60 }),
    );
  });
});
