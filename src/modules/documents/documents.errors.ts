import { DomainError, DomainErrorKind } from 'src/common/errors/domain-error';

/** Stable codes of payment documents (ЕПД) and their payment QR codes. */
export enum DocumentErrorCode {
  /** 422: a QR field value breaks the GOST R 56042-2014 format (details.field names it). */
  QrFieldInvalid = 'QR_FIELD_INVALID',
  /** 422: a QR field value contains the separator and no other separator is free (or switching is off). */
  QrSeparatorInValue = 'QR_SEPARATOR_IN_VALUE',
  /** 422: the mandatory block (Name … CorrespAcc) is longer than 300 bytes in the chosen encoding. */
  QrMandatoryTooLong = 'QR_MANDATORY_BLOCK_TOO_LONG',
  /** 422: an amount that is negative, has fractions of a kopeck or more than 18 digits. */
  QrSumInvalid = 'QR_SUM_INVALID',
  /** 400: a text that is not a GOST R 56042 payload (no ST0001 header, bad encoding digit, no fields). */
  QrPayloadInvalid = 'QR_PAYLOAD_INVALID',
  /** 404. */
  DocumentNotFound = 'PAYMENT_DOCUMENT_NOT_FOUND',
  DocumentRunNotFound = 'DOCUMENT_RUN_NOT_FOUND',
  AccountNotFound = 'ACCOUNT_NOT_FOUND',
  BuildingNotFound = 'BUILDING_NOT_FOUND',
  /** 409: the account already has a current document for the period (issue a correction instead). */
  AlreadyIssued = 'PAYMENT_DOCUMENT_ALREADY_ISSUED',
  /** 409: only the current (not superseded) document can be corrected. */
  AlreadySuperseded = 'PAYMENT_DOCUMENT_SUPERSEDED',
  /** 422: the account has no charges for the period (nothing to bill). */
  NoCharges = 'PAYMENT_DOCUMENT_NO_CHARGES',
  /** 422: the account was not open in the period. */
  AccountNotOpen = 'ACCOUNT_NOT_OPEN_IN_PERIOD',
  /** 400: exactly one scope of a batch (all, buildingId, accountIds) is required. */
  ScopeRequired = 'DOCUMENT_RUN_SCOPE_REQUIRED',
  /** 409: a batch for the same period and scope is queued or running. */
  RunActive = 'DOCUMENT_RUN_ACTIVE',
  /** 409: the batch is not finished, or the building has no documents in it. */
  ZipNotReady = 'DOCUMENT_ZIP_NOT_READY',
  /** 409: the batch could not be queued. */
  QueueUnavailable = 'QUEUE_UNAVAILABLE',
}

const KIND: Partial<Record<DocumentErrorCode, DomainErrorKind>> = {
  [DocumentErrorCode.QrPayloadInvalid]: 'bad_input',
  [DocumentErrorCode.ScopeRequired]: 'bad_input',
  [DocumentErrorCode.DocumentNotFound]: 'not_found',
  [DocumentErrorCode.DocumentRunNotFound]: 'not_found',
  [DocumentErrorCode.AccountNotFound]: 'not_found',
  [DocumentErrorCode.BuildingNotFound]: 'not_found',
  [DocumentErrorCode.AlreadyIssued]: 'conflict',
  [DocumentErrorCode.AlreadySuperseded]: 'conflict',
  [DocumentErrorCode.RunActive]: 'conflict',
  [DocumentErrorCode.ZipNotReady]: 'conflict',
  [DocumentErrorCode.QueueUnavailable]: 'conflict',
};

/** The module's error: HTTP status by the code's kind (422 unless listed above). */
export function documentError(
  code: DocumentErrorCode,
  message: string,
  details?: Record<string, unknown>,
  field?: string,
): DomainError {
  return new DomainError(
    KIND[code] ?? 'rule',
    code,
    message,
    details,
    field ? [{ field, errors: [message] }] : undefined,
  );
}
