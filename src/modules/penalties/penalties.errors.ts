import { DomainError } from 'src/common/errors/domain-error';

/** Stable codes of the penalty engine, its calculator and the rules tables. */
export enum PenaltyErrorCode {
  /** 422: no key rate in force on a date the rate is taken on. */
  NoKeyRate = 'PENALTY_NO_KEY_RATE',
  /** 422: no fraction row covers a delay day (the fractions table has a gap). */
  NoFractionRule = 'PENALTY_NO_FRACTION_RULE',
  /** 422: no due-date rule covers a billing period. */
  NoDueRule = 'PENALTY_NO_DUE_RULE',
  /** 422: the calendar has no working day within 60 days of a due date (a broken calendar). */
  NoWorkingDay = 'PENALTY_NO_WORKING_DAY',
  /** 422: a calendar kind that contradicts the weekday (working Saturday on a Tuesday). */
  CalendarKindMismatch = 'CALENDAR_DAY_KIND_MISMATCH',
  KeyRateNotFound = 'KEY_RATE_NOT_FOUND',
  CapNotFound = 'PENALTY_CAP_NOT_FOUND',
  MoratoriumNotFound = 'MORATORIUM_NOT_FOUND',
  FractionNotFound = 'PENALTY_FRACTION_NOT_FOUND',
  DueRuleNotFound = 'DUE_RULE_NOT_FOUND',
  CalendarDayNotFound = 'CALENDAR_DAY_NOT_FOUND',
  /** 409: a key rate from this date exists. */
  KeyRateExists = 'KEY_RATE_EXISTS',
  /** 409: overlapping validity. */
  CapOverlap = 'PENALTY_CAP_OVERLAP',
  MoratoriumOverlap = 'MORATORIUM_OVERLAP',
  FractionOverlap = 'PENALTY_FRACTION_OVERLAP',
  DueRuleOverlap = 'DUE_RULE_OVERLAP',
  CalendarDayExists = 'CALENDAR_DAY_EXISTS',
  /** 404: no penalty run for the date. */
  RunNotFound = 'PENALTY_RUN_NOT_FOUND',
  /** 422: a run for a day that has not come yet (in the billing time zone). */
  RunDateInFuture = 'PENALTY_RUN_DATE_IN_FUTURE',
  /** 409: a run for a date before the latest run (totals are cumulative and only move forward). */
  RunOutOfOrder = 'PENALTY_RUN_OUT_OF_ORDER',
  /** 409: penalty lines need the completed run of the period's last day. */
  RunNotCompleted = 'PENALTY_RUN_NOT_COMPLETED',
  /** 409: penalty lines of a later period exist already. */
  ChargesOfLaterPeriod = 'PENALTY_CHARGES_LATER_PERIOD',
  /** 404: the account does not exist. */
  AccountNotFound = 'ACCOUNT_NOT_FOUND',
}

/** 404 with the module's code (NotFoundError would derive "KEY RATE_NOT_FOUND" from a spaced name). */
export function ruleNotFound(code: PenaltyErrorCode, what: string, key: string): DomainError {
  return new DomainError('not_found', code, `${what} ${key} not found`, { id: key });
}
