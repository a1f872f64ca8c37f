import { ConflictError, DomainError, RuleViolationError } from 'src/common/errors/domain-error';

/** Stable codes of refused payment operations; registry line results carry the same codes. */
export enum PaymentErrorCode {
  NotFound = 'PAYMENT_NOT_FOUND',
  IdempotencyKeyRequired = 'IDEMPOTENCY_KEY_REQUIRED',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  DateInFuture = 'PAYMENT_DATE_IN_FUTURE',
  AlreadyReversed = 'PAYMENT_ALREADY_REVERSED',
  IsReversal = 'PAYMENT_IS_REVERSAL',
  RegistryNotFound = 'PAYMENT_REGISTRY_NOT_FOUND',
  RegistryNotText = 'REGISTRY_NOT_TEXT',
  RegistryEmpty = 'REGISTRY_EMPTY',
  RegistryHeaderInvalid = 'REGISTRY_HEADER_INVALID',
  LineInvalid = 'REGISTRY_LINE_INVALID',
  AccountNotFound = 'ACCOUNT_NOT_FOUND',
  AmountInvalid = 'PAYMENT_AMOUNT_INVALID',
  DateInvalid = 'PAYMENT_DATE_INVALID',
  PeriodInvalid = 'PAYMENT_PERIOD_INVALID',
  BankPaymentIdInvalid = 'BANK_PAYMENT_ID_INVALID',
  DuplicatePaymentIdConflict = 'DUPLICATE_PAYMENT_ID_CONFLICT',
}

/** A refused registry line: a DomainError value reported per line, never thrown. */
export type LineRefusal = DomainError;

export class IdempotencyKeyReusedError extends RuleViolationError {
  constructor(key: string) {
    super(
      PaymentErrorCode.IdempotencyKeyReused,
      'This Idempotency-Key was already used for a different request body',
      { key },
    );
  }
}

export class PaymentAlreadyReversedError extends ConflictError {
  constructor(id: string, reversalId: string) {
    super(PaymentErrorCode.AlreadyReversed, `Payment ${id} is already reversed by payment ${reversalId}`, {
      id,
      reversalId,
    });
  }
}

export class PaymentIsReversalError extends RuleViolationError {
  constructor(id: string) {
    super(PaymentErrorCode.IsReversal, `Payment ${id} is itself a reversal and cannot be reversed`, { id });
  }
}
