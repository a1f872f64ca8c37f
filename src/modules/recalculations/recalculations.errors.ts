import { DomainError, DomainErrorKind } from 'src/common/errors/domain-error';
import { Refusal } from './domain/recalculation.types';

/** Error codes of the recalculations module (HTTP status by kind: rule 422, conflict 409, forbidden 403). */
export enum RecalculationErrorCode {
  PeriodClosed = 'PERIOD_CLOSED',
  PostingBeforeCorrected = 'POSTING_BEFORE_CORRECTED',
  MakerCannotApprove = 'MAKER_CANNOT_APPROVE',
  NotPending = 'RECALCULATION_NOT_PENDING',
  AbsenceTooShort = 'ABSENCE_TOO_SHORT',
  AbsenceApplicationLate = 'ABSENCE_APPLICATION_LATE',
  AppliedInFuture = 'ABSENCE_APPLIED_IN_FUTURE',
  NoRule = 'RECALCULATION_RULE_MISSING',
  ScopeRequired = 'SCOPE_REQUIRED',
  MeterNotIndividual = 'METER_NOT_INDIVIDUAL',
  NoAccountOnPremises = 'NO_ACCOUNT_ON_PREMISES',
  ZonesMismatch = 'CONTROL_CHECK_ZONES',
  NoSubscriberReading = 'NO_SUBSCRIBER_READING',
  NoTariff = 'NO_TARIFF',
  NoNorm = 'NO_NORM',
  RangeTooLong = 'RETROACTIVE_RANGE_TOO_LONG',
  UnknownService = 'SERVICE_NOT_FOUND',
  RevisionConflict = 'RETROACTIVE_REVISION_CONFLICT',
}

const KIND: Partial<Record<string, DomainErrorKind>> = {
  [RecalculationErrorCode.PeriodClosed]: 'conflict',
  [RecalculationErrorCode.NotPending]: 'conflict',
  [RecalculationErrorCode.RevisionConflict]: 'conflict',
  [RecalculationErrorCode.MakerCannotApprove]: 'forbidden',
};

/** A refusal of the pure rules as the domain error the global filter maps (422 unless listed). */
export function refusalError(r: Refusal): DomainError {
  return new DomainError(KIND[r.refusal] ?? 'rule', r.refusal, r.message, r.details);
}

export function ruleError(code: RecalculationErrorCode, message: string, details?: Record<string, unknown>) {
  return new DomainError(KIND[code] ?? 'rule', code, message, details);
}
