/**
 * A business error with a stable code. Services throw these; one global filter maps the kind to
 * an HTTP status, so controllers never build HTTP errors.
 */
export type DomainErrorKind = 'bad_input' | 'not_found' | 'conflict' | 'rule' | 'forbidden';

export interface FieldProblem {
  field: string;
  errors: string[];
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly fields?: FieldProblem[],
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id: string | number) {
    super('not_found', `${entity.toUpperCase()}_NOT_FOUND`, `${entity} ${id} not found`, { id: String(id) });
  }
}

export class BadInputError extends DomainError {
  constructor(code: string, message: string, field?: string, details?: Record<string, unknown>) {
    super('bad_input', code, message, details, field ? [{ field, errors: [message] }] : undefined);
  }
}

export class RuleViolationError extends DomainError {
  constructor(code: string, message: string, details?: Record<string, unknown>, field?: string) {
    super('rule', code, message, details, field ? [{ field, errors: [message] }] : undefined);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super('conflict', code, message, details);
  }
}

/**
 * A module's error helper built from its code → kind map: the filter maps the kind to the HTTP status
 * (bad_input 400, not_found 404, conflict 409, rule 422), so a code keeps its status wherever it is
 * thrown. Codes missing from the map take `fallback` (a rule violation, 422). A `field` names the input
 * at fault in the error body.
 */
export function errorFactory<C extends string>(
  kinds: Partial<Record<C, DomainErrorKind>>,
  fallback: DomainErrorKind = 'rule',
): (code: C, message: string, details?: Record<string, unknown>, field?: string) => DomainError {
  return (code, message, details, field) =>
    new DomainError(
      kinds[code] ?? fallback,
      code,
      message,
      details,
      field ? [{ field, errors: [message] }] : undefined,
    );
}
