import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { ID_PATTERN } from 'src/common/http/id-string';

const isSet = (v: unknown) => v !== undefined && v !== null;

/**
 * A scope id that excludes the sibling `other` (organisationId vs buildingId): when set it must be
 * an id string and `other` must be absent; with `required`, one of the two must be set.
 */
export function IsScopeId(
  other: string,
  opts: { required: boolean },
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    const self = String(propertyName);
    const problem = (value: unknown, object: unknown): string | null => {
      const otherValue = (object as Record<string, unknown>)[other];
      if (!isSet(value))
        return opts.required && !isSet(otherValue) ? `one of ${self} or ${other} is required` : null;
      if (typeof value !== 'string' || !ID_PATTERN.test(value))
        return `${self} must be an id (a positive integer string)`;
      return isSet(otherValue) ? `${self} and ${other} are mutually exclusive` : null;
    };
    registerDecorator({
      name: 'isScopeId',
      target: target.constructor,
      propertyName: self,
      constraints: [other],
      options,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => problem(value, args?.object) === null,
        defaultMessage: (args?: ValidationArguments) =>
          problem(args?.value, args?.object) ?? `${self} is invalid`,
      },
    });
  };
}
