import { DomainError, errorFactory } from 'src/common/errors/domain-error';

/** Stable codes of the appeals module (HTTP status by kind: not_found 404, conflict 409, rule 422). */
export enum AppealErrorCode {
  NotFound = 'APPEAL_NOT_FOUND',
  /** 409: the workflow does not allow the step from the current status. */
  TransitionInvalid = 'APPEAL_TRANSITION_INVALID',
  /** 422: a step dated before the previous one. */
  DateBeforePrevious = 'APPEAL_DATE_BEFORE_PREVIOUS',
  /** 422: a date that has not come yet (billing time zone). */
  DateInFuture = 'APPEAL_DATE_IN_FUTURE',
  /** 422: no deadline rule in force for the category and channel on the registration day. */
  NoDeadlineRule = 'APPEAL_DEADLINE_RULE_MISSING',
  /** 422: the account, recalculation or reading referred to does not exist. */
  AccountNotFound = 'APPEAL_ACCOUNT_NOT_FOUND',
  LinkNotFound = 'APPEAL_LINK_NOT_FOUND',
  /** 422: the recalculation or reading belongs to another account than the appeal's. */
  LinkAccountMismatch = 'APPEAL_LINK_ACCOUNT_MISMATCH',
  /** 404: no template with the code in force on the letter date. */
  TemplateNotFound = 'LETTER_TEMPLATE_NOT_FOUND',
  /** 422: a template uses a placeholder the letter cannot fill. */
  TemplateUnknownField = 'LETTER_TEMPLATE_UNKNOWN_FIELD',
  LetterNotFound = 'LETTER_NOT_FOUND',
  /** 422: the category's rule allows no extension. */
  NotExtendable = 'APPEAL_NOT_EXTENDABLE',
  /** 409: the deadline was extended already (once only). */
  AlreadyExtended = 'APPEAL_ALREADY_EXTENDED',
  /** 422: the notice comes after the deadline (or the appeal is answered). */
  ExtensionTooLate = 'APPEAL_EXTENSION_TOO_LATE',
  /** 409: overlapping validity of rule or template rows. */
  DeadlineRuleOverlap = 'APPEAL_DEADLINE_RULE_OVERLAP',
  TemplateOverlap = 'LETTER_TEMPLATE_OVERLAP',
  DeadlineRuleNotFound = 'APPEAL_DEADLINE_RULE_NOT_FOUND',
  /** 422: validTo before the row's validFrom. */
  ClosedBeforeStart = 'RULE_CLOSED_BEFORE_START',
}

const KIND: Partial<Record<AppealErrorCode, DomainError['kind']>> = {
  [AppealErrorCode.NotFound]: 'not_found',
  [AppealErrorCode.TemplateNotFound]: 'not_found',
  [AppealErrorCode.LetterNotFound]: 'not_found',
  [AppealErrorCode.DeadlineRuleNotFound]: 'not_found',
  [AppealErrorCode.TransitionInvalid]: 'conflict',
  [AppealErrorCode.AlreadyExtended]: 'conflict',
  [AppealErrorCode.DeadlineRuleOverlap]: 'conflict',
  [AppealErrorCode.TemplateOverlap]: 'conflict',
};

export const appealError = errorFactory<AppealErrorCode>(KIND);

/** Maps the module's named EXCLUDE constraints (kept here, not in the shared pg-errors table). */
export function overlapError(err: unknown): DomainError | undefined {
  const driver = (err as { driverError?: { code?: string; constraint?: string } }).driverError;
  if (driver?.code !== '23P01') return undefined;
  if (driver.constraint === 'ex_appeal_deadline_rules__overlap') {
    return appealError(
      AppealErrorCode.DeadlineRuleOverlap,
      'A rule for this category and channel already covers part of this period',
    );
  }
  if (driver.constraint === 'ex_letter_templates__overlap') {
    return appealError(
      AppealErrorCode.TemplateOverlap,
      'A template with this code already covers part of this period',
    );
  }
  return undefined;
}
