import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { isCalendarDate } from 'src/shared/period';

/**
 * class-validator decorator: a real calendar day as 'YYYY-MM-DD' (2025-02-30 is refused), never an
 * instant with a time or zone.
 */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be a date YYYY-MM-DD`,
      },
    });
  };
}

/**
 * class-validator decorator for the end of an inclusive date range: the value, when it is a date,
 * must not be before the sibling property `startProperty` (e.g. validTo ≥ validFrom). Null passes.
 */
export function IsNotBefore(startProperty: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isNotBefore',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [startProperty],
      options,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const start = (args?.object as Record<string, unknown> | undefined)?.[startProperty];
          if (typeof value !== 'string' || typeof start !== 'string') return true;
          return !isCalendarDate(value) || !isCalendarDate(start) || value >= start;
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must not be before ${startProperty}`,
      },
    });
  };
}
