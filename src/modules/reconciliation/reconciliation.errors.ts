/** Stable codes of the reconciliation endpoints. */
export enum ReconciliationErrorCode {
  RangeInvalid = 'RECONCILIATION_RANGE_INVALID',
}
