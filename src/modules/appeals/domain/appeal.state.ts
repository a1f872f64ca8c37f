import { AppealStatus } from './appeal.types';

export type AppealAction = 'assign' | 'answer' | 'close';

/**
 * registered → assigned → answered → closed. An assigned appeal may be re-assigned; nothing moves
 * back, nothing is skipped.
 */
const ALLOWED: Record<AppealAction, { from: AppealStatus[]; to: AppealStatus }> = {
  assign: { from: [AppealStatus.Registered, AppealStatus.Assigned], to: AppealStatus.Assigned },
  answer: { from: [AppealStatus.Assigned], to: AppealStatus.Answered },
  close: { from: [AppealStatus.Answered], to: AppealStatus.Closed },
};

export type TransitionCheck =
  | { ok: true; to: AppealStatus }
  | {
      ok: false;
      code: 'APPEAL_TRANSITION_INVALID' | 'APPEAL_DATE_BEFORE_PREVIOUS' | 'APPEAL_DATE_IN_FUTURE';
      message: string;
    };

/**
 * Whether `action` may happen on `on` to an appeal in `status` whose last event was on `lastOn`;
 * a transition is dated no earlier than the previous one and no later than today.
 */
export function checkTransition(params: {
  status: AppealStatus;
  action: AppealAction;
  on: string;
  lastOn: string;
  today: string;
}): TransitionCheck {
  const { status, action, on, lastOn, today } = params;
  const rule = ALLOWED[action];
  if (!rule.from.includes(status)) {
    return {
      ok: false,
      code: 'APPEAL_TRANSITION_INVALID',
      message: `Cannot ${action} an appeal that is ${status}`,
    };
  }
  if (on < lastOn) {
    return {
      ok: false,
      code: 'APPEAL_DATE_BEFORE_PREVIOUS',
      message: `${on} is before the previous step (${lastOn})`,
    };
  }
  if (on > today) {
    return { ok: false, code: 'APPEAL_DATE_IN_FUTURE', message: `${on} has not come yet` };
  }
  return { ok: true, to: rule.to };
}

/**
 * Overdue on `asOf`: the deadline passed before that day and no answer had been given by then
 * (an answer dated later does not clear a past day, so the list can be rebuilt for any day).
 */
export function isOverdue(params: { deadlineOn: string; answeredOn: string | null; asOf: string }): boolean {
  const { deadlineOn, answeredOn, asOf } = params;
  return deadlineOn < asOf && (answeredOn === null || answeredOn > asOf);
}
