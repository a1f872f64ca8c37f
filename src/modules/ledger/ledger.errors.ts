/** Stable codes of the ledger, turnover and opening-balance endpoints (import lines carry them too). */
export enum LedgerErrorCode {
  RangeInvalid = 'LEDGER_RANGE_INVALID',
  TurnoverScopeRequired = 'TURNOVER_SCOPE_REQUIRED',
  ImportNotText = 'OPENING_BALANCES_NOT_TEXT',
  ImportEmpty = 'OPENING_BALANCES_EMPTY',
  HeaderInvalid = 'OPENING_BALANCES_HEADER_INVALID',
  LineInvalid = 'OPENING_BALANCE_LINE_INVALID',
  AccountNotFound = 'ACCOUNT_NOT_FOUND',
  PeriodInvalid = 'OPENING_BALANCE_PERIOD_INVALID',
  ServiceNotFound = 'SERVICE_NOT_FOUND',
  AmountInvalid = 'OPENING_BALANCE_AMOUNT_INVALID',
  KindInvalid = 'OPENING_BALANCE_KIND_INVALID',
  Conflict = 'OPENING_BALANCE_CONFLICT',
}
