import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DecimalStringRules, decimalStringProblem, IsDecimalString } from './decimal-string';

describe('decimalStringProblem', () => {
  const area: DecimalStringRules = { scale: 2, precision: 10, min: '0', exclusiveMin: true };
  const price: DecimalStringRules = { scale: 6, precision: 14, min: '0' };

  it.each<[string, unknown, DecimalStringRules, string | null]>([
    ['area with 2 decimals', '54.30', area, null],
    ['area without decimals', '54', area, null],
    ['area with 3 decimals', '54.305', area, 'must have at most 2 decimal places'],
    ['zero area (exclusive min)', '0.00', area, 'must be greater than 0'],
    ['area as a JSON number', 54.3, area, 'must be a decimal string such as "12.50"'],
    ['negative area', '-1', area, 'must be a non-negative decimal string such as "12.50"'],
    ['exponent', '1e3', area, 'must be a non-negative decimal string such as "12.50"'],
    ['comma', '54,30', area, 'must be a non-negative decimal string such as "12.50"'],
    ['leading dot', '.5', area, 'must be a non-negative decimal string such as "12.50"'],
    ['area too large for numeric(10,2)', '123456789.00', area, 'must have at most 8 integer digits'],
    ['leading zeros do not count', '0012345678.1', area, null],
    ['zero price (inclusive min)', '0', price, null],
    ['price with 6 decimals', '45.123456', price, null],
    ['price with 7 decimals', '45.1234567', price, 'must have at most 6 decimal places'],
    ['signed allowed', '-12.50', { signed: true }, null],
    ['below an inclusive min', '-0.01', { signed: true, min: '0' }, 'must be at least 0'],
    ['max inclusive', '100.00', { max: '100' }, null],
    ['above max', '100.01', { max: '100' }, 'must be at most 100'],
    ['at an exclusive max', '100', { max: '100', exclusiveMax: true }, 'must be less than 100'],
    ['default scale is 2', '1.001', {}, 'must have at most 2 decimal places'],
  ])('%s: %p', (_name, value, rules, problem) => {
    expect(decimalStringProblem(value, rules)).toBe(problem);
  });
});

describe('@IsDecimalString', () => {
  class Dto {
    @IsDecimalString({ scale: 2, min: '0', exclusiveMin: true })
    area!: string;
  }

  it('reports the property name and the problem', () => {
    const errors = validateSync(plainToInstance(Dto, { area: '0' }));
    expect(errors.map((e) => [e.property, e.constraints])).toEqual([
      ['area', { isDecimalString: 'area must be greater than 0' }],
    ]);
  });

  it('passes a valid value', () => {
    expect(validateSync(plainToInstance(Dto, { area: '12.5' }))).toEqual([]);
  });
});
