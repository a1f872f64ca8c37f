import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import {
  isValidAccountNumber,
  isValidBic,
  isValidCorrespondentAccount,
  isValidInn,
  isValidKpp,
  isValidSettlementAccount,
} from '../domain/requisites.rules';

/** Wraps a pure string rule as a property decorator with a fixed message. */
function stringRule(name: string, check: (v: string) => boolean, message: string) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target: object, propertyName: string | symbol) => {
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: String(propertyName),
        options,
        validator: {
          validate: (value: unknown) => typeof value === 'string' && check(value),
          defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} ${message}`,
        },
      });
    };
}

/** INN: 10 or 12 digits with valid check digits. */
export const IsInn = stringRule('isInn', isValidInn, 'must be a 10- or 12-digit INN with valid check digits');
/** KPP: 4 digits, 2 digits or capital letters, 3 digits. */
export const IsKpp = stringRule(
  'isKpp',
  isValidKpp,
  'must be a KPP: 4 digits, 2 digits or capital letters, 3 digits',
);
/** BIC: 9 digits. */
export const IsBic = stringRule('isBic', isValidBic, 'must be a 9-digit BIC');
/** Bank account: 20 digits. */
export const IsAccountNumber = stringRule('isAccountNumber', isValidAccountNumber, 'must be 20 digits');

/**
 * The account's control key must match the BIC in the sibling property `bicProperty`. Skipped when
 * that BIC is absent or malformed (the BIC's own rule reports it), so a partial update can be
 * checked again in the service against the stored BIC.
 */
export function IsAccountKeyedBy(
  bicProperty: string,
  kind: 'settlement' | 'correspondent',
  options?: ValidationOptions,
): PropertyDecorator {
  const check = kind === 'settlement' ? isValidSettlementAccount : isValidCorrespondentAccount;
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: `is${kind}AccountKeyed`,
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [bicProperty],
      options,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const bic = (args?.object as Record<string, unknown> | undefined)?.[bicProperty];
          if (typeof value !== 'string' || !isValidAccountNumber(value)) return true;
          if (typeof bic !== 'string' || !isValidBic(bic)) return true;
          return check({ bic, account: value });
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} control key does not match the BIC`,
      },
    });
  };
}
