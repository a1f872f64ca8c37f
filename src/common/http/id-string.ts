import { Matches, ValidationOptions } from 'class-validator';

/** Positive bigint id given in a body or query (ids travel as strings, e.g. "42"). */
export const ID_PATTERN = /^[1-9]\d{0,17}$/;

/** class-validator decorator: the property is an id string ("42"). */
export function IsIdString(options?: ValidationOptions): PropertyDecorator {
  return Matches(ID_PATTERN, {
    message: ({ property }) => `${property} must be an id (a positive integer string)`,
    ...options,
  });
}
