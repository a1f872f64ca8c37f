import Decimal from 'decimal.js';

/**
 * Exact decimal arithmetic for money and volumes. The only module that touches decimal.js:
 * everything else works with `Dec` values and these helpers. A JS `number` never holds an amount.
 */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = Decimal;

export type DecimalInput = string | number | Decimal;

/** Strict decimal literal: optional minus, digits, optional fraction. No exponent, no spaces. */
const DECIMAL_LITERAL = /^-?\d+(\.\d+)?$/;

export function isDecimalLiteral(value: string): boolean {
  return DECIMAL_LITERAL.test(value);
}

export function dec(value: DecimalInput): Dec {
  if (typeof value === 'string' && !DECIMAL_LITERAL.test(value)) {
    throw new Error(`not a decimal literal: "${value}"`);
  }
  if (typeof value === 'number' && !Number.isInteger(value)) {
    // Integers (counts, days) are exact in a number; fractions are not and must arrive as strings.
    throw new Error(`fractional numbers must be passed as strings: ${value}`);
  }
  return new D(value);
}

export const ZERO: Dec = new D(0);

/** Half-up to the kopeck: the one rounding step applied once per charge line or penalty row. */
export function roundMoney(value: Dec): Dec {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** Half-up to `scale` decimals (volumes: 3 by default, per service). */
export function roundTo(value: Dec, scale: number): Dec {
  return value.toDecimalPlaces(scale, Decimal.ROUND_HALF_UP);
}

/** Fixed-point string with exactly `scale` decimals, as the API shows money ("1234.50"). */
export function toFixedString(value: Dec, scale: number): string {
  return value.toFixed(scale);
}

export function moneyString(value: Dec): string {
  return roundMoney(value).toFixed(2);
}

/** An amount already rounded to the kopeck, as lines carry it: optional minus, digits, exactly two decimals. */
const KOPECK_LITERAL = /^-?\d+\.\d{2}$/;

/**
 * Whole kopecks of an amount literal with exactly two decimals ("262.87" → 26287n), exact (BigInt).
 * For summing many rounded line amounts: no Decimal is built per amount (a 20-building batch at M has
 * ~14 700 lines; its totals by service took 17–31 ms with decimals and 2–5 ms in kopecks).
 */
export function kopecksOf(amount: string): bigint {
  if (!KOPECK_LITERAL.test(amount)) throw new Error(`not an amount in kopecks: "${amount}"`);
  return BigInt(amount.slice(0, -3) + amount.slice(-2));
}

/** The amount literal of a number of kopecks (26287n → "262.87", -5n → "-0.05"), as moneyString prints it. */
export function moneyOfKopecks(kopecks: bigint): string {
  const digits = (kopecks < 0n ? -kopecks : kopecks).toString().padStart(3, '0');
  return `${kopecks < 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** Number of decimals in a literal ("12.340" → 3). */
export function decimalPlacesOf(literal: string): number {
  const dot = literal.indexOf('.');
  return dot < 0 ? 0 : literal.length - dot - 1;
}

export function sum(values: Dec[]): Dec {
  return values.reduce((acc, v) => acc.plus(v), ZERO);
}

/** 10^digits: the capacity of a meter's counter with `digits` integer digits. */
export function pow10(digits: number): Dec {
  return new D(10).pow(digits);
}

/** Canonical string for storage/comparison: no trailing zeros, no exponent. */
export function canonical(value: Dec): string {
  return value.toFixed();
}

/** Roubles with a space between thousands: "1 000.00", as documents and court statements print them. */
export function groupedMoney(value: Dec): string {
  const [int, frac] = toFixedString(value, 2).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')}.${frac}`;
}
