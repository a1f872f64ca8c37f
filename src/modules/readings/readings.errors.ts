import { DomainError } from 'src/common/errors/domain-error';

/** Stable codes of refused readings (API answers and import results carry them). */
export enum ReadingErrorCode {
  MeterNotFound = 'METER_NOT_FOUND',
  MeterDecommissioned = 'METER_DECOMMISSIONED',
  MeterVerificationExpired = 'METER_VERIFICATION_EXPIRED',
  DateInvalid = 'READING_DATE_INVALID',
  DateInFuture = 'READING_DATE_IN_FUTURE',
  BeforeInstallation = 'READING_BEFORE_INSTALLATION',
  ZoneMissing = 'READING_ZONE_MISSING',
  ZoneUnknown = 'READING_ZONE_UNKNOWN',
  ZoneDuplicate = 'READING_ZONE_DUPLICATE',
  ValueInvalid = 'READING_VALUE_INVALID',
  ValueNegative = 'READING_VALUE_NEGATIVE',
  ValueTooPrecise = 'READING_VALUE_TOO_PRECISE',
  ValueExceedsCapacity = 'READING_VALUE_EXCEEDS_CAPACITY',
  BelowPrevious = 'READING_BELOW_PREVIOUS',
  AboveNext = 'READING_ABOVE_NEXT',
  Conflict = 'READING_CONFLICT',
  ChannelInvalid = 'READING_CHANNEL_INVALID',
  ImportNotCsv = 'IMPORT_NOT_CSV',
  ImportHeaderInvalid = 'IMPORT_HEADER_INVALID',
  ImportLineInvalid = 'IMPORT_LINE_INVALID',
}

/**
 * A refused reading is a DomainError value (kind → HTTP status, code, field): the single POST
 * throws it, the import reports it per line. Rules build them; they never throw.
 */
export type ReadingRefusal = DomainError;

/** The same refusal with its field moved under another prefix ("values.T1" → "closingReadings.T1"). */
export function refusalUnder(refusal: ReadingRefusal, prefix: string): ReadingRefusal {
  const fields = refusal.fields?.map((f) => ({ ...f, field: f.field.replace(/^values(?=\.|$)/, prefix) }));
  return new DomainError(refusal.kind, refusal.code, refusal.message, refusal.details, fields);
}
