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
