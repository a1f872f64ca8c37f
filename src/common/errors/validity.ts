import { DomainError } from './domain-error';

/**
 * A 400 VALIDATION_FAILED naming one field, shaped like the ValidationPipe's answer, for input
 * rules that need stored data (the service knows them, the DTO cannot).
 */
export function invalidField(field: string, message: string, details?: Record<string, unknown>): DomainError {
  return new DomainError('bad_input', 'VALIDATION_FAILED', 'Invalid input', details, [
    { field, errors: [message] },
  ]);
}

/**
 * Refuses an inclusive validity range whose end is before its start (400 VALIDATION_FAILED on
 * `validTo`), for updates where the start is only known from the stored row. Dates are
 * 'YYYY-MM-DD' strings, so string order is calendar order.
 */
export function assertValidToNotBefore(validFrom: string, validTo: string | null): void {
  if (validTo !== null && validTo < validFrom) {
    throw invalidField('validTo', `validTo must not be before validFrom (${validFrom})`, { validFrom });
  }
}
