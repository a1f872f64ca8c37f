import { DomainErrorKind, errorFactory } from 'src/common/errors/domain-error';

/** Stable error codes of debt collection (HTTP status by kind: bad input 400, rule 422, conflict 409). */
export enum DebtErrorCode {
  AccountNotFound = 'ACCOUNT_NOT_FOUND',
  CaseNotFound = 'DEBT_CASE_NOT_FOUND',
  SelectionNotFound = 'DEBT_SELECTION_NOT_FOUND',
  CaseAlreadyOpen = 'DEBT_CASE_ALREADY_OPEN',
  NoDebt = 'DEBT_NOTHING_OWED',
  TransitionInvalid = 'DEBT_CASE_TRANSITION_INVALID',
  DateBeforeLast = 'DEBT_CASE_DATE_BEFORE_LAST_EVENT',
  NoticeNotDelivered = 'DEBT_NOTICE_NOT_DELIVERED',
  NoticeAlreadyDelivered = 'DEBT_NOTICE_ALREADY_DELIVERED',
  DeliveryBeforeOpening = 'DEBT_NOTICE_DELIVERY_BEFORE_OPENING',
  RestrictionTooEarly = 'DEBT_RESTRICTION_TOO_EARLY',
  ServiceRequired = 'DEBT_SERVICE_REQUIRED',
  ThresholdRequired = 'DEBT_CRITERION_THRESHOLD_REQUIRED',
  UnknownService = 'DEBT_SERVICE_UNKNOWN',
  NotRestrictable = 'DEBT_SERVICE_NOT_RESTRICTABLE',
  NormChargeUnknown = 'DEBT_NORM_CHARGE_UNKNOWN',
  RestrictionNotTriggered = 'DEBT_RESTRICTION_NOT_TRIGGERED',
  ClaimExceedsLimit = 'DEBT_CLAIM_EXCEEDS_COURT_ORDER_LIMIT',
  NothingToClaim = 'DEBT_NOTHING_TO_CLAIM',
  NoParameters = 'DEBT_PARAMETERS_MISSING',
  NoFeeScale = 'DEBT_COURT_FEE_SCALE_MISSING',
  NoCriteria = 'DEBT_CRITERIA_SET_EMPTY',
  RuleOverlap = 'DEBT_RULE_OVERLAP',
  RuleNotFound = 'DEBT_RULE_NOT_FOUND',
}

const KIND: Partial<Record<DebtErrorCode, DomainErrorKind>> = {
  [DebtErrorCode.AccountNotFound]: 'not_found',
  [DebtErrorCode.CaseNotFound]: 'not_found',
  [DebtErrorCode.SelectionNotFound]: 'not_found',
  [DebtErrorCode.RuleNotFound]: 'not_found',
  [DebtErrorCode.CaseAlreadyOpen]: 'conflict',
  [DebtErrorCode.TransitionInvalid]: 'conflict',
  [DebtErrorCode.NoticeAlreadyDelivered]: 'conflict',
  [DebtErrorCode.RuleOverlap]: 'conflict',
  [DebtErrorCode.ServiceRequired]: 'bad_input',
  [DebtErrorCode.ThresholdRequired]: 'bad_input',
  [DebtErrorCode.UnknownService]: 'bad_input',
};

export const debtError = errorFactory<DebtErrorCode>(KIND);
