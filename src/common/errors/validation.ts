import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem } from './domain-error';
import { memoizeValidationMetadata } from './validation-metadata-cache';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, errors: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Global pipe: whitelist, refuse unknown fields, answer 400 VALIDATION_FAILED with every field at fault. */
export function createValidationPipe(): ValidationPipe {
  memoizeValidationMetadata();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: 'Invalid input',
        fields: flatten(errors),
      }),
  });
}
