import type { Decimal } from 'decimal.js';
import { type AmountSign, checkedAmount } from './_amount.js';
import { ExactDecimal } from './_decimal.js';
import { type Ctx, own } from './_validate.js';

/**
 * Money (or any exact decimal quantity) as a Decimal of the library's precision. Accepts finite numbers,
 * plain decimal strings (no hex, no `Infinity`), bigints and finite Decimals from any copy of decimal.js.
 * The rules (sign, magnitude 0 or 1e-30..1e30) and messages are those of {@link checkedAmount}, which
 * reads the value exactly with no Decimal; the Decimal is built from that reading, so there is one set
 * of rules. A Decimal of this copy of decimal.js (any clone) is copied as it is, digits and all.
 */
export function money(ctx: Ctx, field: string, value: unknown, sign: AmountSign = 'nonNegative'): Decimal {
  const { negative, digits, exponent } = checkedAmount(ctx, field, value, sign);
  if (digits === '') return new ExactDecimal(0);
  if (value instanceof ExactDecimal) return new ExactDecimal(value);
  return new ExactDecimal(`${negative ? '-' : ''}${digits}e${exponent}`);
}

export function moneyField(ctx: Ctx, input: object, key: string, sign: AmountSign = 'nonNegative'): Decimal {
  return money(ctx, key, own(input, key), sign);
}

export function optionalMoneyField(ctx: Ctx, input: object, key: string): Decimal | undefined {
  const value = own(input, key);
  return value === undefined ? undefined : money(ctx, key, value);
}
