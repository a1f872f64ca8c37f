import { BadInputError } from 'src/common/errors/domain-error';

/** Error codes of the exports module (besides MISSING_SCOPE from the scopes guard). */
export enum ExportsErrorCode {
  InvalidCursor = 'INVALID_CURSOR',
  CursorMismatch = 'CURSOR_MISMATCH',
  PeriodRequired = 'PERIOD_REQUIRED',
  CursorAndChangedSince = 'CURSOR_AND_CHANGED_SINCE',
  RateLimited = 'RATE_LIMITED',
}

export class InvalidCursorError extends BadInputError {
  constructor(field: 'cursor' | 'changedSince', reason: string) {
    super(ExportsErrorCode.InvalidCursor, `${field} is not a cursor issued by this API: ${reason}`, field);
  }
}
