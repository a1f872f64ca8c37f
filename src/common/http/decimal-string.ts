import { registerDecorator, ValidationOptions } from 'class-validator';
import { dec } from 'src/shared/money';

/**
 * Rules for a decimal amount that travels as a JSON string ("1234.50"), never as a JSON number
 * (a number would already have lost exactness in the client's float).
 *
 * - `scale`: at most this many digits after the point (default 2).
 * - `precision`: total significant digits as in SQL `numeric(precision, scale)`; when given, the
 *   integer part may have at most `precision - scale` digits, so the value fits its column.
 * - `min` / `max`: inclusive bounds as decimal strings; `exclusiveMin` / `exclusiveMax` make them strict.
 * - `signed`: allow a leading minus (default false: only non-negative literals).
 *
 * Example: `@IsDecimalString({ scale: 2, precision: 10, min: '0', exclusiveMin: true })` for an area in m².
 */
export interface DecimalStringRules {
  scale?: number;
  precision?: number;
  min?: string;
  exclusiveMin?: boolean;
  max?: string;
  exclusiveMax?: boolean;
  signed?: boolean;
}

const UNSIGNED = /^\d+(\.\d+)?$/;
const SIGNED = /^-?\d+(\.\d+)?$/;

/**
 * Pure check behind the decorator: returns a human-readable problem (without the field name), or
 * null when the value satisfies the rules. Usable outside class-validator (CSV imports etc.).
 */
export function decimalStringProblem(value: unknown, rules: DecimalStringRules = {}): string | null {
  const scale = rules.scale ?? 2;
  if (typeof value !== 'string') return 'must be a decimal string such as "12.50"';
  if (!(rules.signed ? SIGNED : UNSIGNED).test(value)) {
    return rules.signed
      ? 'must be a decimal string such as "-12.50"'
      : 'must be a non-negative decimal string such as "12.50"';
  }
  const [intPart, fraction = ''] = value.replace(/^-/, '').split('.');
  if (fraction.length > scale) return `must have at most ${scale} decimal places`;
  if (rules.precision !== undefined) {
    const maxInt = rules.precision - scale;
    if (intPart.replace(/^0+/, '').length > maxInt) return `must have at most ${maxInt} integer digits`;
  }
  const v = dec(value);
  if (rules.min !== undefined) {
    const below = rules.exclusiveMin ? v.lte(rules.min) : v.lt(rules.min);
    if (below) return `must be ${rules.exclusiveMin ? 'greater than' : 'at least'} ${rules.min}`;
  }
  if (rules.max !== undefined) {
    const above = rules.exclusiveMax ? v.gte(rules.max) : v.gt(rules.max);
    if (above) return `must be ${rules.exclusiveMax ? 'less than' : 'at most'} ${rules.max}`;
  }
  return null;
}

/** class-validator decorator: the property must be a decimal string satisfying `rules`. */
export function IsDecimalString(
  rules: DecimalStringRules = {},
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isDecimalString',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [rules],
      options,
      validator: {
        validate: (value: unknown) => decimalStringProblem(value, rules) === null,
        defaultMessage: (args) => `${args?.property ?? 'value'} ${decimalStringProblem(args?.value, rules)}`,
      },
    });
  };
}
