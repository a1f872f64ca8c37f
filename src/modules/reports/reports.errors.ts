/** Stable codes of the head-of-service reports. */
export enum ReportErrorCode {
  /** 400: `from` is after `to`. */
  RangeInvalid = 'REPORT_RANGE_INVALID',
  /** 400: more billing periods than one report covers. */
  RangeTooLong = 'REPORT_RANGE_TOO_LONG',
  /** 400: both buildingId and organisationId given. */
  ScopeAmbiguous = 'REPORT_SCOPE_AMBIGUOUS',
}

/** At most this many billing periods per report (five years). */
export const MAX_REPORT_PERIODS = 60;
